"""Sign-out, revocation, refresh rotation, lockout, group claims, scopes."""
import jwt
import pytest
from botocore.exceptions import ClientError
from helpers import error_of


def sign_in(idp, ids, password="Passw0rd!", client_id=None):
    return idp.initiate_auth(ClientId=client_id or ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "ana", "PASSWORD": password})["AuthenticationResult"]


def refresh(idp, ids, token):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                             AuthParameters={"REFRESH_TOKEN": token})["AuthenticationResult"]


@pytest.mark.parametrize("admin", [False, True])
def test_global_sign_out_kills_every_session(cognito_idp, ids, admin):
    one, two = sign_in(cognito_idp, ids), sign_in(cognito_idp, ids)
    if admin:
        cognito_idp.admin_user_global_sign_out(UserPoolId=ids.pool_id, Username="ana")
    else:
        cognito_idp.global_sign_out(AccessToken=one["AccessToken"])
    for tokens in (one, two):
        with pytest.raises(ClientError) as exc:
            cognito_idp.get_user(AccessToken=tokens["AccessToken"])
        assert error_of(exc) == ("NotAuthorizedException", "Access Token has been revoked")
        with pytest.raises(ClientError) as exc:
            refresh(cognito_idp, ids, tokens["RefreshToken"])
        assert error_of(exc) == ("NotAuthorizedException", "Invalid Refresh Token")
    assert cognito_idp.get_user(AccessToken=sign_in(cognito_idp, ids)["AccessToken"])["Username"] == "ana"


def test_revoke_token_revokes_one_sign_in(cognito_idp, ids):
    one, two = sign_in(cognito_idp, ids), sign_in(cognito_idp, ids)
    cognito_idp.revoke_token(Token=one["RefreshToken"], ClientId=ids.client_id)
    with pytest.raises(ClientError) as exc:
        refresh(cognito_idp, ids, one["RefreshToken"])
    assert error_of(exc) == ("NotAuthorizedException", "Invalid Refresh Token")
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_user(AccessToken=one["AccessToken"])
    assert error_of(exc) == ("NotAuthorizedException", "Access Token has been revoked")
    assert refresh(cognito_idp, ids, two["RefreshToken"])["AccessToken"]
    with pytest.raises(ClientError) as exc:
        cognito_idp.revoke_token(Token=two["AccessToken"], ClientId=ids.client_id)
    assert exc.value.response["Error"]["Code"] == "UnsupportedTokenTypeException"


def test_refresh_rotation(cognito, cognito_idp, ids, user_pool):
    client_id = cognito_idp.create_user_pool_client(
        UserPoolId=ids.pool_id, ClientName="rotating", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 10})["UserPoolClient"]["ClientId"]
    first = sign_in(cognito_idp, ids, client_id=client_id)
    cognito.clock.advance(seconds=5)
    rotated = cognito_idp.get_tokens_from_refresh_token(RefreshToken=first["RefreshToken"], ClientId=client_id)
    new_refresh = rotated["AuthenticationResult"]["RefreshToken"]
    assert new_refresh != first["RefreshToken"]
    old_claims, new_claims = (jwt.decode(t, options={"verify_signature": False})
                              for t in (first["AccessToken"], rotated["AuthenticationResult"]["AccessToken"]))
    assert new_claims["auth_time"] == old_claims["auth_time"] and new_claims["origin_jti"] == old_claims["origin_jti"]
    cognito_idp.get_tokens_from_refresh_token(RefreshToken=first["RefreshToken"], ClientId=client_id)   # grace
    cognito.clock.advance(seconds=11)
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_tokens_from_refresh_token(RefreshToken=first["RefreshToken"], ClientId=client_id)
    assert exc.value.response["Error"]["Code"] == "RefreshTokenReuseException"
    assert cognito_idp.get_tokens_from_refresh_token(RefreshToken=new_refresh, ClientId=client_id)["AuthenticationResult"]


def test_refresh_without_rotation_returns_no_refresh_token(cognito_idp, ids):
    result = cognito_idp.get_tokens_from_refresh_token(RefreshToken=sign_in(cognito_idp, ids)["RefreshToken"],
                                                       ClientId=ids.client_id)["AuthenticationResult"]
    assert "RefreshToken" not in result and result["AccessToken"]


def test_lockout_after_five_failures(cognito, cognito_idp, ids):
    cognito.clock.freeze()
    for _ in range(5):
        with pytest.raises(ClientError) as exc:
            sign_in(cognito_idp, ids, password="Wrong-pass1")
        assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")
    with pytest.raises(ClientError) as exc:
        sign_in(cognito_idp, ids)
    assert error_of(exc) == ("NotAuthorizedException", "Password attempts exceeded")
    cognito.clock.advance(seconds=2)
    assert sign_in(cognito_idp, ids)["AccessToken"]


def test_group_claims_by_precedence(cognito_idp, ids):
    cognito_idp.create_group(UserPoolId=ids.pool_id, GroupName="staff", Precedence=5,
                             RoleArn="arn:aws:iam::123456789012:role/staff")
    cognito_idp.create_group(UserPoolId=ids.pool_id, GroupName="admins", Precedence=1,
                             RoleArn="arn:aws:iam::123456789012:role/admin")
    cognito_idp.create_group(UserPoolId=ids.pool_id, GroupName="plain")
    for group in ("staff", "admins", "plain"):
        cognito_idp.admin_add_user_to_group(UserPoolId=ids.pool_id, Username="ana", GroupName=group)
    tokens = sign_in(cognito_idp, ids)
    id_claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    access = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})
    assert id_claims["cognito:groups"] == access["cognito:groups"] == ["admins", "staff", "plain"]
    assert id_claims["cognito:preferred_role"] == "arn:aws:iam::123456789012:role/admin"
    assert sorted(id_claims["cognito:roles"]) == ["arn:aws:iam::123456789012:role/admin",
                                                  "arn:aws:iam::123456789012:role/staff"]
    listed = cognito_idp.admin_list_groups_for_user(UserPoolId=ids.pool_id, Username="ana")["Groups"]
    assert [g["GroupName"] for g in listed] == ["admins", "plain", "staff"]
    assert [u["Username"] for u in cognito_idp.list_users_in_group(UserPoolId=ids.pool_id, GroupName="staff")["Users"]] == ["ana"]
    cognito_idp.admin_remove_user_from_group(UserPoolId=ids.pool_id, Username="ana", GroupName="staff")
    assert cognito_idp.list_users_in_group(UserPoolId=ids.pool_id, GroupName="staff")["Users"] == []
    cognito_idp.delete_group(UserPoolId=ids.pool_id, GroupName="admins")
    claims = jwt.decode(sign_in(cognito_idp, ids)["IdToken"], options={"verify_signature": False})
    assert claims["cognito:groups"] == ["plain"] and "cognito:preferred_role" not in claims


def test_membership_errors(cognito_idp, ids):
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_add_user_to_group(UserPoolId=ids.pool_id, Username="ana", GroupName="nope")
    assert error_of(exc) == ("ResourceNotFoundException", "Group not found.")
    cognito_idp.create_group(UserPoolId=ids.pool_id, GroupName="g")
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_add_user_to_group(UserPoolId=ids.pool_id, Username="ghost", GroupName="g")
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")
    assert cognito_idp.list_users_in_group(UserPoolId=ids.pool_id, GroupName="g")["Users"] == []


def test_deleted_user_leaves_its_groups(cognito_idp, ids):
    cognito_idp.create_group(UserPoolId=ids.pool_id, GroupName="g")
    cognito_idp.admin_add_user_to_group(UserPoolId=ids.pool_id, Username="ana", GroupName="g")
    cognito_idp.admin_delete_user(UserPoolId=ids.pool_id, Username="ana")
    assert cognito_idp.list_users_in_group(UserPoolId=ids.pool_id, GroupName="g")["Users"] == []
