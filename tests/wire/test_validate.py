"""validate(): AWS's constraint messages, type errors, and no crash on any shape of the models."""
from __future__ import annotations

import pytest

from cognito_mock import errors
from cognito_mock.errors import (AwsError, InvalidParameterException, SerializationException,
                                 ValidationException)
from cognito_mock.wire.model import SERVICES, VALIDATION_ERROR, service_model
from cognito_mock.wire.validate import validate

IDP, IDENTITY, SYNC = "cognito-idp", "cognito-identity", "cognito-sync"
POOL = "us-east-1_AbCdEf123"
PATTERN = "Member must satisfy regular expression pattern: "


def message(service: str, operation: str, params, error=InvalidParameterException) -> str:
    with pytest.raises(error) as caught:
        validate(service, operation, params)
    assert type(caught.value) is error
    return caught.value.message


def one(path: str, constraint: str, value: str | None = "") -> str:
    shown = "null " if value is None else f"'{value}' " if value != "" else ""
    return f"1 validation error detected: Value {shown}at '{path}' failed to satisfy constraint: {constraint}"


# -- valid requests pass ----------------------------------------------------------------------
@pytest.mark.parametrize("service, operation, params", [
    (IDP, "AdminGetUser", {"UserPoolId": POOL, "Username": "alice@example.com"}),
    (IDP, "CreateUserPool", {"PoolName": "my pool", "Policies": {"PasswordPolicy": {"MinimumLength": 8}},
                             "AutoVerifiedAttributes": ["email"], "UserPoolTags": {"team": "x"},
                             "Schema": [{"Name": "email", "AttributeDataType": "String", "Required": True}]}),
    (IDP, "SignUp", {"ClientId": "1example23", "Username": "bob", "Password": "Passw0rd!",
                     "UserAttributes": [{"Name": "email", "Value": "b@x.com"}], "ClientMetadata": {"k": "v"}}),
    (IDP, "ListUserPools", {"MaxResults": 60, "UnknownMember": "ignored"}),
    (IDP, "GetUser", {"AccessToken": "a.b.c"}),
    (IDENTITY, "GetId", {"IdentityPoolId": "us-east-1:0000-abcd", "Logins": {"cognito-idp.x/y": "token"}}),
    (IDENTITY, "GetCredentialsForIdentity", {"IdentityId": "us-east-1:1234-abcd"}),
    (SYNC, "ListRecords", {"IdentityPoolId": "us-east-1:0000", "IdentityId": "us-east-1:11", "DatasetName": "d",
                           "LastSyncCount": 3, "MaxResults": 10}),
])
def test_valid_requests_pass(service, operation, params):
    assert validate(service, operation, params) is None
    assert validate(service, operation, params) is None  # twice: the memoised verdict too


# -- one constraint at a time ------------------------------------------------------------------
def test_missing_required_member():
    assert message(IDP, "AdminGetUser", {"Username": "a"}) == one(
        "userPoolId", "Member must not be null", None)


def test_null_is_missing():
    assert message(IDP, "AdminGetUser", {"UserPoolId": None, "Username": "a"}) == one(
        "userPoolId", "Member must not be null", None)


def test_pattern_is_the_models_and_must_match_the_whole_value():
    expected = one("userPoolId", PATTERN + r"[\w-]+_[0-9a-zA-Z]+", "bad id!")
    assert message(IDP, "AdminGetUser", {"UserPoolId": "bad id!", "Username": "a"}) == expected
    assert "'us-east-1_abc!'" in message(IDP, "AdminGetUser", {"UserPoolId": "us-east-1_abc!", "Username": "a"})


def test_java_classes_are_ascii():
    # Java's \w is [a-zA-Z0-9_]: a non-ASCII letter fails; its \S accepts a no-break space.
    assert "'é_a'" in message(IDP, "AdminGetUser", {"UserPoolId": "é_a", "Username": "a"})
    validate(IDP, "AdminSetUserPassword", {"UserPoolId": POOL, "Username": "a", "Password": "a\u00a0b"})


def test_string_length():
    name = "p" * 129
    assert message(IDP, "CreateUserPool", {"PoolName": name}) == one(
        "poolName", "Member must have length less than or equal to 128", name)


def test_empty_string_breaks_pattern_then_length():
    assert message(IDP, "CreateUserPool", {"PoolName": ""}) == (
        "2 validation errors detected: "
        f"Value '' at 'poolName' failed to satisfy constraint: {PATTERN}" r"[\w\s+=,.@-]+; "
        "Value '' at 'poolName' failed to satisfy constraint: Member must have length greater than or equal to 1")


@pytest.mark.parametrize("value, constraint", [
    (0, "Member must have value greater than or equal to 1"),
    (61, "Member must have value less than or equal to 60"),
])
def test_numeric_range(value, constraint):
    assert message(IDP, "ListUserPools", {"MaxResults": value}) == one("maxResults", constraint, str(value))


def test_enum_lists_the_model_values_in_order():
    enum = service_model(IDP).shape_for("AuthFlowType").enum
    assert message(IDP, "InitiateAuth", {"AuthFlow": "NOPE", "ClientId": "abc"}) == one(
        "authFlow", f"Member must satisfy enum value set: [{', '.join(enum)}]", "NOPE")
    assert enum[:2] == ["USER_SRP_AUTH", "REFRESH_TOKEN_AUTH"]


def test_sensitive_values_are_not_echoed():
    params = {"UserPoolId": POOL, "Username": "a", "Password": "has space"}
    assert message(IDP, "AdminSetUserPassword", params) == one("password", PATTERN + r"[\S]+")


def test_several_errors_in_model_order():
    text = message(IDP, "AdminGetUser", {"Username": "", "UserPoolId": "bad"})
    assert text.startswith("3 validation errors detected: Value 'bad' at 'userPoolId' ")
    assert text.split("; ")[1:] == [
        f"Value at 'username' failed to satisfy constraint: {PATTERN}" r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+",
        "Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1"]


def test_two_errors_joined_with_semicolons_in_model_order():
    # The request names MaxResults first; the model (and so AWS) has NextToken first.
    assert message(IDP, "ListUserPools", {"MaxResults": 0, "NextToken": "a b"}) == (
        "2 validation errors detected: "
        f"Value 'a b' at 'nextToken' failed to satisfy constraint: {PATTERN}" r"[\S]+; "
        "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1")


# -- nested paths ------------------------------------------------------------------------------
def test_list_of_structures_path():
    assert message(IDP, "AdminCreateUser", {"UserPoolId": POOL, "Username": "a", "UserAttributes": [{}]}) == one(
        "userAttributes.1.member.name", "Member must not be null", None)


def test_nested_structure_path():
    params = {"PoolName": "p", "Policies": {"PasswordPolicy": {"MinimumLength": 2}}}
    assert message(IDP, "CreateUserPool", params) == one(
        "policies.passwordPolicy.minimumLength", "Member must have value greater than or equal to 6", "2")


def test_second_list_item_and_lower_camel_case():
    params = {"UserPoolId": POOL, "Username": "a",
              "MFAOptions": [{"DeliveryMedium": "SMS"}, {"DeliveryMedium": "FAX"}]}
    assert message(IDP, "AdminSetUserSettings", params) == one(
        "mFAOptions.2.member.deliveryMedium", "Member must satisfy enum value set: [SMS, EMAIL]", "FAX")


def test_scalar_list_elements_report_one_bracketed_constraint():
    params = {"PoolName": "p", "AutoVerifiedAttributes": ["email", "nope"]}
    assert message(IDP, "CreateUserPool", params) == one(
        "autoVerifiedAttributes",
        "Member must satisfy constraint: [Member must satisfy enum value set: [phone_number, email]]", "[email, nope]")


def test_map_keys_and_sensitive_map_values():
    assert message(IDP, "CreateUserPool", {"PoolName": "p", "UserPoolTags": {"": "v"}}) == one(
        "userPoolTags", "Map keys must satisfy constraint: [Member must have length less than or equal to 128, "
        "Member must have length greater than or equal to 1]", "{=v}")
    # The message AWS answers for an empty login token (the token shape is sensitive).
    params = {"IdentityPoolId": "us-east-1:0000", "Logins": {"x": ""}}
    assert message(IDENTITY, "GetId", params, ValidationException) == one(
        "logins", "Map value must satisfy constraint: [Member must have length less than or equal to 50000, "
        "Member must have length greater than or equal to 1]")


def test_list_length():
    ids = [f"us-east-1:{i:04x}" for i in range(61)]
    text = message(IDENTITY, "DeleteIdentities", {"IdentityIdsToDelete": ids}, ValidationException)
    assert text == ("1 validation error detected: Value '[" + ", ".join(ids) + "]' at 'identityIdsToDelete' "
                    "failed to satisfy constraint: Member must have length less than or equal to 60")


# -- per service error class ------------------------------------------------------------------
def test_identity_uses_validation_exception():
    assert message(IDENTITY, "GetId", {"IdentityPoolId": "us-east-1_abc"}, ValidationException) == one(
        "identityPoolId", PATTERN + r"[\w-]+:[0-9a-f-]+", "us-east-1_abc")


def test_sync_uses_invalid_parameter_exception():
    params = {"IdentityPoolId": "us-east-1:0", "IdentityId": "us-east-1:1", "DatasetName": "bad name"}
    assert message(SYNC, "ListRecords", params) == one("datasetName", PATTERN + "[a-zA-Z0-9_.:-]+", "bad name")


# -- types ------------------------------------------------------------------------------------
@pytest.mark.parametrize("operation, params, text", [
    ("CreateUserPool", {"PoolName": 5}, "NUMBER_VALUE can not be converted to a String"),
    ("CreateUserPool", {"PoolName": True}, "TRUE_VALUE can not be converted to a String"),
    ("ListUserPools", {"MaxResults": "6"}, "STRING_VALUE can not be converted to an Integer"),
    ("ListUserPools", {"MaxResults": 6.5}, "NUMBER_VALUE can not be converted to an Integer"),
    ("ListUserPools", {"MaxResults": True}, "TRUE_VALUE can not be converted to an Integer"),
    ("CreateUserPool", {"PoolName": "p", "Policies": "x"}, "Expected null"),
    ("CreateUserPool", {"PoolName": "p", "Policies": []}, "Start of list found where not expected"),
    ("CreateUserPool", {"PoolName": "p", "Schema": {}}, "Start of structure or map found where not expected."),
    ("CreateUserPool", {"PoolName": "p", "Schema": "x"}, "Expected list or null"),
    ("CreateUserPool", {"PoolName": "p", "UserPoolTags": ["x"]}, "Start of list found where not expected"),
    ("CreateUserPool", {"PoolName": "p", "UserPoolTags": 1}, "Expected map or null"),
    ("CreateUserPool", {"PoolName": "p", "UserPoolTags": {"k": 1}}, "NUMBER_VALUE can not be converted to a String"),
    ("CreateUserPool", {"PoolName": "p", "DeletionProtection": 1}, "NUMBER_VALUE can not be converted to a String"),
    ("AdminGetUser", [], "Start of list found where not expected"),
])
def test_wrong_json_types_are_serialization_errors(operation, params, text):
    assert message(IDP, operation, params, SerializationException) == text


def test_type_errors_win_over_constraint_errors():
    # AWS deserializes the whole body before it validates anything.
    assert message(IDP, "AdminGetUser", {"UserPoolId": "bad", "Username": 3}, SerializationException) == (
        "NUMBER_VALUE can not be converted to a String")


def test_timestamps_take_numbers_and_blobs_base64():
    assert message(IDP, "UpdateManagedLoginBranding", {"Assets": [
        {"Category": "FAVICON_ICO", "ColorMode": "LIGHT", "Extension": "ICO", "Bytes": "!!"}]},
        SerializationException).endswith("can not be converted to a Blob: Invalid Base64 encoding")
    validate(IDP, "UpdateManagedLoginBranding", {"Assets": [
        {"Category": "FAVICON_ICO", "ColorMode": "LIGHT", "Extension": "ICO", "Bytes": "AAAA"}]})


# -- every shape of every model ---------------------------------------------------------------
WRONG = {"string": 12345, "integer": "x", "long": "x", "boolean": "x", "timestamp": "x", "blob": 5,
         "structure": "x", "list": "x", "map": "x", "float": "x", "double": "x"}
ODD = [None, "", 0, -1, True, [], {}, [None], [{}], [""], {"k": None}, {"": ""}, {"k": {}}, "x" * 70000]


def operations():
    for service in SERVICES:
        for name in sorted(service_model(service).operation_names):
            yield service, name


def is_document(shape) -> bool:
    return getattr(shape, "is_document_type", False)


@pytest.mark.parametrize("service, operation", list(operations()))
def test_every_operation_validates_without_crashing(service, operation):
    expected = getattr(errors, VALIDATION_ERROR[service])
    shape = service_model(service).operation_model(operation).input_shape
    members = dict(shape.members) if shape is not None else {}

    try:  # {} passes or reports missing members, nothing else
        validate(service, operation, {})
    except expected as err:
        assert err.message.endswith("Member must not be null")

    wrong = {k: WRONG[m.type_name] for k, m in members.items() if k in shape.required_members and not is_document(m)}
    if not wrong:
        wrong = {k: WRONG[m.type_name] for k, m in list(members.items())[:1] if not is_document(m)}
    if wrong:
        with pytest.raises(SerializationException):
            validate(service, operation, wrong)

    for key, member in members.items():  # odd values anywhere: an AWS error or a pass, never a crash
        for value in ODD:
            try:
                validate(service, operation, {key: value})
            except (expected, SerializationException):
                pass
            except AwsError as err:  # pragma: no cover - reported with its context
                pytest.fail(f"{operation}.{key}={value!r}: unexpected {err!r}")


def skeleton(shape, depth: int = 0):
    """A value of the right JSON type for every member, however deep (constraints aside)."""
    kind = shape.type_name
    if is_document(shape):
        return {"any": ["json", 1]}
    if kind == "structure":
        return {k: skeleton(m, depth + 1) for k, m in shape.members.items()} if depth < 8 else {}
    if kind == "list":
        return [skeleton(shape.member, depth + 1)] if depth < 8 else []
    if kind == "map":
        return {"k": skeleton(shape.value, depth + 1)} if depth < 8 else {}
    return {"string": shape.metadata.get("enum", ["x"])[0], "integer": 1, "long": 1, "boolean": True,
            "timestamp": 0, "blob": "AAAA", "float": 1.0, "double": 1.0}[kind]


@pytest.mark.parametrize("service, operation", list(operations()))
def test_right_types_everywhere_never_fail_deserialization(service, operation):
    shape = service_model(service).operation_model(operation).input_shape
    if shape is None:
        return
    try:
        validate(service, operation, skeleton(shape))
    except getattr(errors, VALIDATION_ERROR[service]) as err:
        assert "validation error" in err.message
