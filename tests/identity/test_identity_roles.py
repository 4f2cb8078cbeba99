"""SetIdentityPoolRoles / GetIdentityPoolRoles and the role chosen for a login."""
import pytest
from botocore.exceptions import ClientError

from cognito_mock.backend.identity import roles
from cognito_mock.backend.identity.credentials import credentials_info
from cognito_mock.backend.identity.logins import Login
from cognito_mock.backend.identity.models import IdentityPool, RoleMapping
from cognito_mock.errors import NotAuthorizedException
from helpers import error_of as error

AUTH = "arn:aws:iam::123456789012:role/Auth"
ADMIN = "arn:aws:iam::123456789012:role/Admin"
READER = "arn:aws:iam::123456789012:role/Reader"


def credentials_role(identity, mock, pool_id, user_pool, username):
    token = user_pool.sign_in(username)
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins={user_pool.provider: token})["IdentityId"]
    creds = identity.get_credentials_for_identity(IdentityId=identity_id, Logins={user_pool.provider: token})
    return credentials_info(mock.store, creds["Credentials"]["AccessKeyId"])["role_arn"]


def test_roles_round_trip(identity, make_pool, user_pool):
    pool_id = make_pool(CognitoIdentityProviders=[user_pool.provider_config()])
    key = f"{user_pool.provider}:{user_pool.client_id}"
    mapping = {"Type": "Rules", "AmbiguousRoleResolution": "Deny", "RulesConfiguration": {"Rules": [
        {"Claim": "email", "MatchType": "Equals", "Value": "ana@example.com", "RoleARN": ADMIN}]}}
    identity.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": AUTH}, RoleMappings={key: mapping})
    got = identity.get_identity_pool_roles(IdentityPoolId=pool_id)
    assert got["Roles"] == {"authenticated": AUTH} and got["RoleMappings"] == {key: mapping}


def test_mapping_for_an_unconfigured_provider_is_refused(identity, make_pool):
    pool_id = make_pool()
    with pytest.raises(ClientError) as exc:
        identity.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": AUTH},
                                         RoleMappings={"graph.facebook.com": {"Type": "Token", "AmbiguousRoleResolution": "Deny"}})
    assert error(exc) == ("InvalidParameterException",
                          "(graph.facebook.com) is not a valid RoleMapping ProviderName or is not a configured provider.")


def test_rules_pick_the_first_matching_role_else_ambiguous_resolution(identity, mock, make_pool, user_pool):
    pool_id = make_pool(CognitoIdentityProviders=[user_pool.provider_config()])
    key = f"{user_pool.provider}:{user_pool.client_id}"
    rules = [{"Claim": "email", "MatchType": "StartsWith", "Value": "ana@", "RoleARN": ADMIN},
             {"Claim": "email", "MatchType": "Contains", "Value": "example", "RoleARN": READER}]
    identity.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": AUTH}, RoleMappings={
        key: {"Type": "Rules", "AmbiguousRoleResolution": "AuthenticatedRole", "RulesConfiguration": {"Rules": rules}}})
    assert credentials_role(identity, mock, pool_id, user_pool, "ana") == ADMIN
    assert credentials_role(identity, mock, pool_id, user_pool, "bob") == READER
    user_pool.add_user("cy", email="cy@elsewhere.org")
    assert credentials_role(identity, mock, pool_id, user_pool, "cy") == AUTH


def test_ambiguous_token_mapping_with_deny(identity, mock, make_pool, user_pool):
    pool_id = make_pool(CognitoIdentityProviders=[user_pool.provider_config()])
    key = f"{user_pool.provider}:{user_pool.client_id}"
    identity.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": AUTH},
                                     RoleMappings={key: {"Type": "Token", "AmbiguousRoleResolution": "Deny"}})
    with pytest.raises(ClientError) as exc:
        credentials_role(identity, mock, pool_id, user_pool, "ana")
    assert error(exc) == ("NotAuthorizedException", "The ambiguous role mapping rules denied this request.")


def _login(claims):
    return Login("cognito-idp.us-east-1.amazonaws.com/us-east-1_X", "sub", "p:c", "amr", claims)


@pytest.mark.parametrize("claims, custom, expected", [
    ({"cognito:preferred_role": ADMIN, "cognito:roles": [ADMIN, READER]}, None, ADMIN),
    ({"cognito:roles": [READER]}, None, READER),
    ({"cognito:roles": [ADMIN, READER]}, READER, READER),
    ({"cognito:roles": [ADMIN, READER]}, None, AUTH),          # ambiguous -> AuthenticatedRole
])
def test_token_mapping_reads_cognito_roles(claims, custom, expected):
    pool = IdentityPool("us-east-1:x", "p", "arn", False, roles={"authenticated": AUTH},
                        role_mappings={"p:c": RoleMapping("Token", "AuthenticatedRole")})
    assert roles.choose(pool, [_login(claims)], custom) == expected


def test_custom_role_must_be_in_the_token():
    pool = IdentityPool("us-east-1:x", "p", "arn", False, roles={"authenticated": AUTH},
                        role_mappings={"p:c": RoleMapping("Token", "AuthenticatedRole")})
    with pytest.raises(NotAuthorizedException) as exc:
        roles.choose(pool, [_login({"cognito:roles": [READER]})], ADMIN)
    assert (exc.value.code, exc.value.message) == ("NotAuthorizedException", f"Role {ADMIN} is not present in the token.")
