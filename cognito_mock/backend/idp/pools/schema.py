"""The standard attribute table with AWS's default constraints, custom attributes, value checks."""
from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(slots=True)
class AttributeRequest:
    """One SchemaAttributeType of CreateUserPool's Schema or AddCustomAttributes (None: not given)."""
    name: str | None
    data_type: str | None = None
    developer_only: bool = False
    mutable: bool | None = None
    required: bool | None = None
    string_constraints: bool = False            # StringAttributeConstraints given
    number_constraints: bool = False            # NumberAttributeConstraints given
    min_length: str | None = None
    max_length: str | None = None
    min_value: str | None = None
    max_value: str | None = None


def build_schema(requested: list[AttributeRequest] | None) -> dict[str, SchemaAttribute]:
    """Every standard attribute (with any overrides asked for), then the custom ones, in order."""
    schema = {name: standard_attribute(name) for name in _STANDARD}
    for spec in requested or ():
        _require_name(spec)
        attr = _standard_override(spec) if spec.name in _STANDARD else _custom(spec)
        if attr.name in schema and attr.custom:
            raise InvalidParameterException(f"{attr.name}: Existing attribute already has name {attr.name}.")
        schema[attr.name] = attr
    return schema


def add_custom(schema: dict[str, SchemaAttribute], specs: list[AttributeRequest]) -> dict[str, SchemaAttribute]:
    """AddCustomAttributes: the new attributes (checked, not yet added), in request order."""
    added: dict[str, SchemaAttribute] = {}
    for spec in specs:
        _require_name(spec)
        attr = _custom(spec)
        if attr.name in schema or attr.name in added:
            raise InvalidParameterException(f"{attr.name}: Existing attribute already has name {attr.name}.")
        added[attr.name] = attr
    return added


def _require_name(spec: AttributeRequest) -> None:
    # Name is optional in botocore's SchemaAttributeType, but no attribute exists without one.
    if not spec.name:
        raise InvalidParameterException("Schema attribute name cannot be empty.")  # guessed text


def _standard_override(spec: AttributeRequest) -> SchemaAttribute:
    attr = standard_attribute(spec.name)
    if spec.developer_only or (spec.data_type is not None and spec.data_type != attr.data_type):
        raise InvalidParameterException(
            f"You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute {attr.name}")
    attr.mutable = attr.mutable if spec.mutable is None else spec.mutable
    attr.required = attr.required if spec.required is None else spec.required
    _apply_constraints(attr, spec)
    return attr


def _custom(spec: AttributeRequest) -> SchemaAttribute:
    if spec.data_type is None:
        raise InvalidParameterException(
            "Invalid AttributeDataType input, consider using the provided AttributeDataType enum.")
    if spec.required:
        raise InvalidParameterException("Required custom attributes are not supported currently.")
    name = ("dev:custom:" if spec.developer_only else "custom:") + spec.name
    attr = SchemaAttribute(name, DataType(spec.data_type), True if spec.mutable is None else spec.mutable, False,
                           spec.developer_only, custom=True)
    _apply_constraints(attr, spec)
    return attr


def _apply_constraints(attr: SchemaAttribute, spec: AttributeRequest) -> None:
    if attr.data_type is DataType.STRING and spec.string_constraints:
        attr.min_length = attr.min_length if spec.min_length is None else spec.min_length
        attr.max_length = attr.max_length if spec.max_length is None else spec.max_length
        _check_bounds(attr.name, attr.min_length, attr.max_length, "StringAttributeConstraints", "length")
    if attr.data_type is DataType.NUMBER and spec.number_constraints:
        attr.min_value = attr.min_value if spec.min_value is None else spec.min_value
        attr.max_value = attr.max_value if spec.max_value is None else spec.max_value
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
