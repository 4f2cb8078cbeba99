"""Unit tests of the user-pool domain helpers (no boto3)."""
import pytest

from cognito_mock.backend.idp.clients import clients
from cognito_mock.backend.idp.pools import schema
from cognito_mock.backend.idp.users import passwords
from cognito_mock.backend.idp.clients.models import ClientSecret
from cognito_mock.backend.idp.models import PasswordPolicy, User, UserStatus
from cognito_mock.errors import InvalidParameterException, InvalidPasswordException, NotAuthorizedException
from cognito_mock.support.ids import Ids


def test_generated_temporary_passwords_satisfy_strict_policies():
    ids = Ids(seed=1)
    policy = PasswordPolicy(minimum_length=20)
    for _ in range(200):
        password = passwords.temporary_password(ids, policy)
        assert len(password) == 20
        passwords.check_policy(policy, password)


def test_password_hash_is_salted_per_user():
    ids = Ids(seed=2)
    a = User("a", "s1", {}, UserStatus.CONFIRMED, None, None)
    b = User("b", "s2", {}, UserStatus.CONFIRMED, None, None)
    passwords.set_password(ids, "us-east-1_pool", a, "Passw0rd!", 0)
    passwords.set_password(ids, "us-east-1_pool", b, "Passw0rd!", 0)
    assert a.password_hash != b.password_hash
    assert passwords.matches("us-east-1_pool", a, "Passw0rd!") and not passwords.matches("us-east-1_pool", a, "Passw0rd?")


def test_space_counts_as_a_symbol():
    passwords.check_policy(PasswordPolicy(), "Pass w0rd")
    with pytest.raises(InvalidPasswordException):
        passwords.check_policy(PasswordPolicy(), "Passw0rdX")


def test_secret_hash_matches_pycognito():
    from pycognito.aws_srp import AWSSRP
    assert clients.secret_hash("user", "client", "secret") == AWSSRP.get_secret_hash("user", "client", "secret")


def test_check_secret_hash_ignores_clients_without_secret():
    class NoSecret:
        secret = None
        id = "c"
    clients.check_secret_hash(NoSecret(), "u", None)
    class WithSecret:
        secret = "s"
        id = "c"
        secrets = [ClientSecret("c--1", "s", None)]
    with pytest.raises(NotAuthorizedException):
        clients.check_secret_hash(WithSecret(), "u", "bad")


def test_validity_units():
    assert clients.validity("access", None, None).seconds == 3600
    assert clients.validity("access", 1, None).seconds == 3600          # hours when no unit is given
    assert clients.validity("refresh", 10, None).seconds == 10 * 86400  # days for refresh tokens
    with pytest.raises(InvalidParameterException):
        clients.validity("id", 299, "seconds")


def test_schema_rejects_changing_a_standard_type():
    with pytest.raises(InvalidParameterException) as exc:
        schema.build_schema([schema.AttributeRequest("email", "Number")])
    assert exc.value.message == ("You can not change AttributeDataType or set developerOnlyAttribute "
                                 "for standard schema attribute email")


def test_developer_only_custom_attribute_name():
    built = schema.build_schema([schema.AttributeRequest("x", "String", developer_only=True)])
    assert "dev:custom:x" in built and "dev:custom:x" not in schema.readable_by_default(built)
