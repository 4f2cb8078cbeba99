"""The standard attribute table with AWS's default constraints, custom attributes, value checks."""
from __future__ import annotations

import re

from ....errors import InvalidParameterException
from ..models import DataType, SchemaAttribute

S, B, N = DataType.STRING, DataType.BOOLEAN, DataType.NUMBER

# name -> (type, mutable, required, min_length, max_length, min_value); DescribeUserPool order.
_STANDARD: dict[str, tuple] = {
    "sub": (S, False, True, "1", "2048", None),
    "name": (S, True, False, "0", "2048", None),
    "given_name": (S, True, False, "0", "2048", None),
    "family_name": (S, True, False, "0", "2048", None),
    "middle_name": (S, True, False, "0", "2048", None),
    "nickname": (S, True, False, "0", "2048", None),
    "preferred_username": (S, True, False, "0", "2048", None),
    "profile": (S, True, False, "0", "2048", None),
    "picture": (S, True, False, "0", "2048", None),
    "website": (S, True, False, "0", "2048", None),
    "email": (S, True, False, "0", "2048", None),
    "email_verified": (B, True, False, None, None, None),
    "gender": (S, True, False, "0", "2048", None),
    "birthdate": (S, True, False, "10", "10", None),
    "zoneinfo": (S, True, False, "0", "2048", None),
    "locale": (S, True, False, "0", "2048", None),
    "phone_number": (S, True, False, "0", "2048", None),
    "phone_number_verified": (B, True, False, None, None, None),
    "address": (S, True, False, "0", "2048", None),
    "updated_at": (N, True, False, None, None, "0"),
}


def standard_attribute(name: str) -> SchemaAttribute:
    data_type, mutable, required, min_len, max_len, min_value = _STANDARD[name]
    return SchemaAttribute(name, data_type, mutable, required, False, min_len, max_len, min_value)


def build_schema(requested: list[dict] | None) -> dict[str, SchemaAttribute]:
    """Every standard attribute (with any overrides asked for), then the custom ones, in order."""
    schema = {name: standard_attribute(name) for name in _STANDARD}
    for spec in requested or ():
        _require_name(spec)
        attr = _standard_override(spec) if spec["Name"] in _STANDARD else _custom(spec)
        if attr.name in schema and attr.custom:
            raise InvalidParameterException(f"{attr.name}: Existing attribute already has name {attr.name}.")
        schema[attr.name] = attr
    return schema


def add_custom(schema: dict[str, SchemaAttribute], specs: list[dict]) -> dict[str, SchemaAttribute]:
    """AddCustomAttributes: the new attributes (checked, not yet added), in request order."""
    added: dict[str, SchemaAttribute] = {}
    for spec in specs:
        _require_name(spec)
        attr = _custom(spec)
        if attr.name in schema or attr.name in added:
            raise InvalidParameterException(f"{attr.name}: Existing attribute already has name {attr.name}.")
        added[attr.name] = attr
    return added


def _require_name(spec: dict) -> None:
    # Name is optional in botocore's SchemaAttributeType, but no attribute exists without one.
    if not spec.get("Name"):
        raise InvalidParameterException("Schema attribute name cannot be empty.")  # guessed text


def _standard_override(spec: dict) -> SchemaAttribute:
    attr = standard_attribute(spec["Name"])
    if spec.get("DeveloperOnlyAttribute") or spec.get("AttributeDataType", attr.data_type) != attr.data_type:
        raise InvalidParameterException(
            f"You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute {attr.name}")
    attr.mutable = spec.get("Mutable", attr.mutable)
    attr.required = spec.get("Required", attr.required)
    _apply_constraints(attr, spec)
    return attr


def _custom(spec: dict) -> SchemaAttribute:
    if "AttributeDataType" not in spec:
        raise InvalidParameterException(
            "Invalid AttributeDataType input, consider using the provided AttributeDataType enum.")
    if spec.get("Required"):
        raise InvalidParameterException("Required custom attributes are not supported currently.")
    developer_only = bool(spec.get("DeveloperOnlyAttribute"))
    name = ("dev:custom:" if developer_only else "custom:") + spec["Name"]
    attr = SchemaAttribute(name, DataType(spec["AttributeDataType"]), spec.get("Mutable", True), False,
                           developer_only, custom=True)
    _apply_constraints(attr, spec)
    return attr


def _apply_constraints(attr: SchemaAttribute, spec: dict) -> None:
    if attr.data_type is DataType.STRING and "StringAttributeConstraints" in spec:
        c = spec["StringAttributeConstraints"]
        attr.min_length, attr.max_length = c.get("MinLength", attr.min_length), c.get("MaxLength", attr.max_length)
        _check_bounds(attr.name, attr.min_length, attr.max_length, "StringAttributeConstraints", "length")
    if attr.data_type is DataType.NUMBER and "NumberAttributeConstraints" in spec:
        c = spec["NumberAttributeConstraints"]
        attr.min_value, attr.max_value = c.get("MinValue", attr.min_value), c.get("MaxValue", attr.max_value)
        _check_bounds(attr.name, attr.min_value, attr.max_value, "NumberAttributeConstraints", "value")


def _check_bounds(name: str, low: str | None, high: str | None, kind: str, what: str) -> None:
    try:
        lo = int(low) if low not in (None, "") else None
        hi = int(high) if high not in (None, "") else None
    except ValueError:
        raise InvalidParameterException(f"Invalid {kind} for schema attribute {name}") from None
    if what == "length" and ((lo or 0) > 2048 or (hi or 0) > 2048):
        raise InvalidParameterException(f"user.{name}: String attributes cannot have a length of more than 2048")
    if lo is not None and hi is not None and lo > hi:
        raise InvalidParameterException(f"user.{name}: Max {what} cannot be less than min {what}.")


# A plus sign, the country code and digits only, E.164's at most 15 of them (developer guide, "Working
# with user attributes": "A phone number must start with a plus (+) sign, followed immediately by the
# country code. A phone number can only contain the + sign and digits."). AWS: "Invalid phone number
# format." (amazon-cognito-identity-js issue 316, amplify-js issues 4176 and 8274).
PHONE_NUMBER = re.compile(r"\+[1-9][0-9]{1,14}")
BAD_PHONE_NUMBER = "Invalid phone number format."


def readable_by_default(schema: dict[str, SchemaAttribute]) -> list[str]:
    """What a client without ReadAttributes may read: every attribute but developer-only ones."""
    return [name for name, attr in schema.items() if not attr.developer_only]


def check_user_attributes(schema: dict[str, SchemaAttribute], attributes: dict[str, str]) -> None:
    """AWS's 'Attributes did not conform to the schema' check (one line per bad attribute), then the
    phone number's format, on every path that writes a user's attributes."""
    problems = [f"{name}: Attribute does not exist in the schema.\n"
                for name in attributes if name not in schema]
    if problems:
        raise InvalidParameterException("Attributes did not conform to the schema: " + "".join(problems))
    phone = attributes.get("phone_number")
    if phone and not PHONE_NUMBER.fullmatch(phone):
        raise InvalidParameterException(BAD_PHONE_NUMBER)


def check_mutable(schema: dict[str, SchemaAttribute], attributes: dict[str, str]) -> None:
    for name in attributes:
        if name == "sub" or not schema[name].mutable:
            raise InvalidParameterException(f"Cannot modify an immutable attribute: {name}")


def missing_required(schema: dict[str, SchemaAttribute], attributes: dict[str, str]) -> list[str]:
    return [name for name, attr in schema.items()
            if attr.required and name != "sub" and not attributes.get(name)]


def csv_header(schema: dict[str, SchemaAttribute]) -> list[str]:
    """GetCSVHeader: the columns a user import file of this pool has."""
    return ([name for name in schema if name != "sub"] + ["cognito:mfa_enabled", "cognito:username"])
