"""GetId, GetCredentialsForIdentity (enhanced flow), login verification, identities."""
import base64
import json
import re

import pytest
from botocore.exceptions import ClientError
from helpers import error_of as error

AUTH_ROLE = "arn:aws:iam::123456789012:role/Cognito_Auth_Role"
UNAUTH_ROLE = "arn:aws:iam::123456789012:role/Cognito_Unauth_Role"


def test_guests_get_a_new_identity_and_unauth_credentials(identity, pool_with_users, mock):
    first = identity.get_id(IdentityPoolId=pool_with_users)["IdentityId"]
    second = identity.get_id(IdentityPoolId=pool_with_users)["IdentityId"]
    assert first != second and first.startswith("us-east-1:")
    creds = identity.get_credentials_for_identity(IdentityId=first)
    c = creds["Credentials"]
    assert creds["IdentityId"] == first
    assert re.fullmatch(r"ASIA[A-Z0-9]{16}", c["AccessKeyId"]) and len(c["SecretKey"]) == 40
    assert len(c["SessionToken"]) > 100
    assert abs(c["Expiration"].timestamp() - (mock.clock.now() + 3600)) < 2
    from cognito_mock.backend.identity.credentials import credentials_info
    info = credentials_info(mock.store, c["AccessKeyId"])
    assert info["identity_id"] == first and info["role_arn"] == UNAUTH_ROLE


def test_guests_refused_when_the_pool_forbids_them(identity, make_pool):
    pool_id = make_pool(AllowUnauthenticatedIdentities=False)
    with pytest.raises(ClientError) as exc:
        identity.get_id(IdentityPoolId=pool_id)
    assert error(exc) == ("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")


def test_same_login_always_maps_to_the_same_identity(identity, pool_with_users, user_pool):
    first = identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: user_pool.sign_in("ana")})
    again = identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: user_pool.sign_in("ana")})
    other = identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: user_pool.sign_in("bob")})
    assert first["IdentityId"] == again["IdentityId"] != other["IdentityId"]


def test_authenticated_credentials_use_the_authenticated_role(identity, pool_with_users, user_pool, mock):
    token = user_pool.sign_in("ana")
    identity_id = identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: token})["IdentityId"]
    creds = identity.get_credentials_for_identity(IdentityId=identity_id, Logins={user_pool.provider: token})
    from cognito_mock.backend.identity.credentials import credentials_info
    assert credentials_info(mock.store, creds["Credentials"]["AccessKeyId"])["role_arn"] == AUTH_ROLE
    with pytest.raises(ClientError) as exc:
        identity.get_credentials_for_identity(IdentityId=identity_id)
    assert error(exc) == ("NotAuthorizedException",
                          "Logins don't match. Please include at least one valid login for this identity or identity pool.")


def test_guest_upgrades_to_authenticated_keeping_its_id(identity, pool_with_users, user_pool):
    guest = identity.get_id(IdentityPoolId=pool_with_users)["IdentityId"]
    token = user_pool.sign_in("ana")
    identity.get_credentials_for_identity(IdentityId=guest, Logins={user_pool.provider: token})
    assert identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: token})["IdentityId"] == guest
    assert identity.describe_identity(IdentityId=guest)["Logins"] == [user_pool.provider]


def test_another_users_login_does_not_match_an_identity(identity, pool_with_users, user_pool):
    ana = identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: user_pool.sign_in("ana")})
    with pytest.raises(ClientError) as exc:
        identity.get_credentials_for_identity(IdentityId=ana["IdentityId"],
                                              Logins={user_pool.provider: user_pool.sign_in("bob")})
    assert error(exc)[0] == "NotAuthorizedException"


def _tamper(token):
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{header}.{forged}.{signature}"


def test_tampered_token_is_refused(identity, pool_with_users, user_pool):
    with pytest.raises(ClientError) as exc:
        identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: _tamper(user_pool.sign_in("ana"))})
    assert error(exc) == ("NotAuthorizedException", "Invalid login token. Couldn't verify signed token.")


def test_expired_token_is_refused(identity, pool_with_users, user_pool, mock):
    mock.clock.freeze()
    token = user_pool.sign_in("ana")
    mock.clock.advance(hours=1, seconds=1)
    with pytest.raises(ClientError) as exc:
        identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: token})
    code, message = error(exc)
    assert code == "NotAuthorizedException" and message.startswith("Invalid login token. Token expired: ")
    now, exp = map(int, message.rsplit(": ", 1)[1].split(" >= "))
    assert now >= exp


def test_token_of_another_pool_or_client_is_refused(identity, new_user_pool, make_pool, user_pool):
    other = new_user_pool("other")
    other.add_user("ana")
    pool_id = make_pool(CognitoIdentityProviders=[user_pool.provider_config()])
    with pytest.raises(ClientError) as exc:   # right provider name, token issued by another pool
        identity.get_id(IdentityPoolId=pool_id, Logins={user_pool.provider: other.sign_in("ana")})
    assert error(exc) == ("NotAuthorizedException", "Invalid login token. Issuer doesn't match providerName")
    with pytest.raises(ClientError) as exc:   # a provider the identity pool does not trust
        identity.get_id(IdentityPoolId=pool_id, Logins={other.provider: other.sign_in("ana")})
    assert error(exc) == ("NotAuthorizedException", "Token is not from a supported provider of this identity pool.")


def test_server_side_token_check_refuses_a_deleted_users_token(identity, idp, make_pool, user_pool):
    pool_id = make_pool(CognitoIdentityProviders=[user_pool.provider_config(server_side_token_check=True)])
    token = user_pool.sign_in("ana")
    identity.get_id(IdentityPoolId=pool_id, Logins={user_pool.provider: token})
    idp.admin_delete_user(UserPoolId=user_pool.id, Username="ana")
    with pytest.raises(ClientError) as exc:
        identity.get_id(IdentityPoolId=pool_id, Logins={user_pool.provider: token})
    assert error(exc)[0] == "NotAuthorizedException"


def test_missing_role_is_an_invalid_configuration(identity, make_pool):
    pool_id = make_pool()
    identity_id = identity.get_id(IdentityPoolId=pool_id)["IdentityId"]
    with pytest.raises(ClientError) as exc:
        identity.get_credentials_for_identity(IdentityId=identity_id)
    assert error(exc) == ("InvalidIdentityPoolConfigurationException",
                          "Invalid identity pool configuration. Check assigned IAM roles for this pool.")


def test_unknown_identity(identity, pool_with_users):
    missing = "us-east-1:00000000-0000-4000-8000-000000000000"
    with pytest.raises(ClientError) as exc:
        identity.get_credentials_for_identity(IdentityId=missing)
    assert error(exc) == ("ResourceNotFoundException", f"Identity '{missing}' not found.")


def test_describe_list_and_delete_identities(identity, pool_with_users, user_pool):
    guest = identity.get_id(IdentityPoolId=pool_with_users)["IdentityId"]
    ana = identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: user_pool.sign_in("ana")})["IdentityId"]
    described = identity.describe_identity(IdentityId=ana)
    assert described["Logins"] == [user_pool.provider] and "CreationDate" in described
    page = identity.list_identities(IdentityPoolId=pool_with_users, MaxResults=1)
    rest = identity.list_identities(IdentityPoolId=pool_with_users, MaxResults=1, NextToken=page["NextToken"])
    assert sorted([page["Identities"][0]["IdentityId"], rest["Identities"][0]["IdentityId"]]) == sorted([guest, ana])
    assert identity.delete_identities(IdentityIdsToDelete=[guest])["UnprocessedIdentityIds"] == []
    listed = identity.list_identities(IdentityPoolId=pool_with_users, MaxResults=10)["Identities"]
    assert [i["IdentityId"] for i in listed] == [ana]
    with pytest.raises(ClientError) as exc:
        identity.describe_identity(IdentityId=guest)
    assert error(exc)[0] == "ResourceNotFoundException"


def test_unlink_last_login_disables_the_identity(identity, pool_with_users, user_pool):
    token = user_pool.sign_in("ana")
    ana = identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: token})["IdentityId"]
    identity.unlink_identity(IdentityId=ana, Logins={user_pool.provider: token}, LoginsToRemove=[user_pool.provider])
    assert identity.list_identities(IdentityPoolId=pool_with_users, MaxResults=10, HideDisabled=True)["Identities"] == []
    assert len(identity.list_identities(IdentityPoolId=pool_with_users, MaxResults=10)["Identities"]) == 1
    fresh = identity.get_id(IdentityPoolId=pool_with_users, Logins={user_pool.provider: token})["IdentityId"]
    assert fresh != ana   # an unlinked login is a new identity next time it is seen


def test_server_side_token_check_refuses_a_signed_out_users_token(identity, idp, make_pool, user_pool):
    pool_id = make_pool(CognitoIdentityProviders=[user_pool.provider_config(server_side_token_check=True)])
    token = user_pool.sign_in("ana")
    identity.get_id(IdentityPoolId=pool_id, Logins={user_pool.provider: token})
    idp.admin_user_global_sign_out(UserPoolId=user_pool.id, Username="ana")
    with pytest.raises(ClientError) as exc:
        identity.get_id(IdentityPoolId=pool_id, Logins={user_pool.provider: token})
    assert error(exc)[0] == "NotAuthorizedException"
    unchecked = make_pool(CognitoIdentityProviders=[user_pool.provider_config(server_side_token_check=False)])
    assert identity.get_id(IdentityPoolId=unchecked, Logins={user_pool.provider: token})["IdentityId"]
