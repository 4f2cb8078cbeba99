import base64
import hashlib
import hmac
import json

import boto3
import jwt
import pytest
from botocore.exceptions import ClientError

from cognito_mock.backend.idp.auth import keys
from helpers import error_of


def password_auth(idp, client_id, username="ana", password="Passw0rd!", **extra):
    return idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": password, **extra})


def pool_of(mock, pool_id):
    account, region = mock.store.index.user_pools[pool_id]
    return mock.store.region(account, region).user_pools[pool_id]


def public_key(mock, pool_id):
    return jwt.PyJWK(keys.jwks(pool_of(mock, pool_id))["keys"][0]).key


def test_user_password_auth_returns_tokens(idp, client_id, confirmed_user):
    result = password_auth(idp, client_id)
    tokens = result["AuthenticationResult"]
    assert result["ChallengeParameters"] == {}
    assert tokens["TokenType"] == "Bearer" and tokens["ExpiresIn"] == 3600
    assert len(tokens["RefreshToken"].split(".")) == 5
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "ana"


def test_tokens_verify_with_the_pool_key_and_carry_cognito_claims(mock, idp, pool_id, client_id, confirmed_user):
    tokens = password_auth(idp, client_id)["AuthenticationResult"]
    key = public_key(mock, pool_id)
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{pool_id}"
    header = jwt.get_unverified_header(tokens["IdToken"])
    assert header == {"kid": keys.jwks(pool_of(mock, pool_id))["keys"][0]["kid"], "alg": "RS256"}
    id_claims = jwt.decode(tokens["IdToken"], key, algorithms=["RS256"], audience=client_id, issuer=issuer)
    access = jwt.decode(tokens["AccessToken"], key, algorithms=["RS256"], issuer=issuer)
    user = idp.admin_get_user(UserPoolId=pool_id, Username="ana")
    sub = user["UserAttributes"][0]["Value"]
    assert id_claims["sub"] == access["sub"] == sub
    assert id_claims["token_use"] == "id" and access["token_use"] == "access"
    assert id_claims["cognito:username"] == "ana" and access["username"] == "ana"
    assert id_claims["email"] == "ana@example.com" and id_claims["email_verified"] is True
    assert access["client_id"] == client_id and access["scope"] == "aws.cognito.signin.user.admin"
    assert id_claims["origin_jti"] == access["origin_jti"] and id_claims["event_id"] == access["event_id"]
    assert id_claims["jti"] != access["jti"]
    assert access["exp"] - access["iat"] == 3600 and id_claims["exp"] - id_claims["iat"] == 3600
    assert set(access) == {"sub", "iss", "client_id", "origin_jti", "event_id", "token_use", "scope",
                           "auth_time", "exp", "iat", "jti", "username"}


def test_jwks_document_shape(mock, pool_id, idp):
    document = keys.jwks(pool_of(mock, pool_id))
    (key,) = document["keys"]
    assert set(key) == {"kty", "alg", "use", "kid", "n", "e"}
    assert (key["kty"], key["alg"], key["use"], key["e"]) == ("RSA", "RS256", "sig", "AQAB")
    assert keys.jwks(pool_of(mock, pool_id)) == document          # stable once made


def test_each_pool_has_its_own_key(mock, idp, pool_id, client_id, confirmed_user):
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    token = password_auth(idp, client_id)["AuthenticationResult"]["AccessToken"]
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, public_key(mock, other), algorithms=["RS256"])
    assert keys.jwks(pool_of(mock, other))["keys"][0]["kid"] != keys.jwks(pool_of(mock, pool_id))["keys"][0]["kid"]


def test_token_lifetimes_follow_the_client(mock, idp, pool_id, confirmed_user):
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="short", AccessTokenValidity=5, IdTokenValidity=2,
        TokenValidityUnits={"AccessToken": "minutes", "IdToken": "hours"},
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    tokens = password_auth(idp, client_id)["AuthenticationResult"]
    assert tokens["ExpiresIn"] == 300
    id_claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    assert id_claims["exp"] - id_claims["iat"] == 7200


def test_read_attributes_limit_the_id_token(idp, pool_id, confirmed_user):
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="narrow", ReadAttributes=["email_verified"],
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    id_token = password_auth(idp, client_id)["AuthenticationResult"]["IdToken"]
    claims = jwt.decode(id_token, options={"verify_signature": False})
    assert "email" not in claims and claims["email_verified"] is True


def test_wrong_password(idp, pool_id, client_id, confirmed_user):
    with pytest.raises(ClientError) as exc:
        password_auth(idp, client_id, password="Wrong-pass1")
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_unknown_user(idp, client_id):
    with pytest.raises(ClientError) as exc:
        password_auth(idp, client_id, username="ghost")
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


def test_unknown_user_hidden_when_prevent_user_existence_errors(idp, pool_id):
    client_id = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", PreventUserExistenceErrors="ENABLED",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    with pytest.raises(ClientError) as exc:
        password_auth(idp, client_id, username="ghost")
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_flow_must_be_enabled_for_the_client(idp, pool_id, confirmed_user):
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="srp")["UserPoolClient"]["ClientId"]
    with pytest.raises(ClientError) as exc:
        password_auth(idp, client_id)
    assert error_of(exc) == ("InvalidParameterException", "USER_PASSWORD_AUTH flow not enabled for this client")
    with pytest.raises(ClientError) as exc:
        idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})
    assert error_of(exc) == ("InvalidParameterException", "Auth flow not enabled for this client")


def test_admin_flows_are_refused_by_initiate_auth(idp, client_id, confirmed_user):
    with pytest.raises(ClientError) as exc:
        idp.initiate_auth(ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})
    assert error_of(exc) == ("InvalidParameterException", "Initiate Auth method not supported.")


@pytest.mark.parametrize("flow", ["ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"])
def test_admin_initiate_auth(idp, pool_id, client_id, confirmed_user, flow):
    result = idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id, AuthFlow=flow,
                                     AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})
    assert idp.get_user(AccessToken=result["AuthenticationResult"]["AccessToken"])["Username"] == "ana"


def test_missing_password(idp, client_id, confirmed_user):
    with pytest.raises(ClientError) as exc:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "ana"})
    assert error_of(exc) == ("InvalidParameterException", "Missing required parameter PASSWORD")


def secret_hash(username, client_id, secret):
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def test_secret_hash_required_and_checked(idp, pool_id, confirmed_user):
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="secret", GenerateSecret=True,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    client_id, secret = client["ClientId"], client["ClientSecret"]
    with pytest.raises(ClientError) as exc:
        password_auth(idp, client_id)
    assert error_of(exc) == ("NotAuthorizedException",
                             f"Client {client_id} is configured with secret but SECRET_HASH was not received")
    with pytest.raises(ClientError) as exc:
        password_auth(idp, client_id, SECRET_HASH=secret_hash("ana", client_id, "not-the-secret"))
    assert error_of(exc) == ("NotAuthorizedException", f"Unable to verify secret hash for client {client_id}")
    tokens = password_auth(idp, client_id, SECRET_HASH=secret_hash("ana", client_id, secret))["AuthenticationResult"]
    refreshed = idp.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={
        "REFRESH_TOKEN": tokens["RefreshToken"], "SECRET_HASH": secret_hash("ana", client_id, secret)})
    assert "AccessToken" in refreshed["AuthenticationResult"]


def test_new_password_required_challenge(idp, pool_id, client_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="bo", TemporaryPassword="Temp0rary!", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "bo@example.com"}])
    challenge = password_auth(idp, client_id, username="bo", password="Temp0rary!")
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert challenge["ChallengeParameters"] == {"USER_ID_FOR_SRP": "bo", "requiredAttributes": "[]",
                                                "userAttributes": '{"email":"bo@example.com"}'}
    assert "AuthenticationResult" not in challenge
    with pytest.raises(ClientError) as exc:
        idp.respond_to_auth_challenge(ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                                      Session=challenge["Session"],
                                      ChallengeResponses={"USERNAME": "bo", "NEW_PASSWORD": "weak"})
    assert error_of(exc)[0] == "InvalidPasswordException"
    assert idp.admin_get_user(UserPoolId=pool_id, Username="bo")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    done = idp.respond_to_auth_challenge(ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                                         Session=challenge["Session"],
                                         ChallengeResponses={"USERNAME": "bo", "NEW_PASSWORD": "Brand-new1"})
    assert "IdToken" in done["AuthenticationResult"]
    assert idp.admin_get_user(UserPoolId=pool_id, Username="bo")["UserStatus"] == "CONFIRMED"
    assert "AuthenticationResult" in password_auth(idp, client_id, username="bo", password="Brand-new1")
    with pytest.raises(ClientError) as exc:    # a session answers once
        idp.respond_to_auth_challenge(ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                                      Session=challenge["Session"],
                                      ChallengeResponses={"USERNAME": "bo", "NEW_PASSWORD": "Brand-new2"})
    assert error_of(exc) == ("NotAuthorizedException", "Invalid session for the user.")


def test_admin_respond_to_auth_challenge_and_session_expiry(mock, idp, pool_id, client_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="bo", TemporaryPassword="Temp0rary!", MessageAction="SUPPRESS")
    start = lambda: idp.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                            AuthParameters={"USERNAME": "bo", "PASSWORD": "Temp0rary!"})
    answer = lambda session: idp.admin_respond_to_auth_challenge(
        UserPoolId=pool_id, ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=session,
        ChallengeResponses={"USERNAME": "bo", "NEW_PASSWORD": "Brand-new1"})
    session = start()["Session"]
    mock.clock.advance(minutes=4)     # AuthSessionValidity defaults to 3 minutes
    with pytest.raises(ClientError) as exc:
        answer(session)
    assert error_of(exc) == ("NotAuthorizedException", "Invalid session for the user, session is expired.")
    assert "AuthenticationResult" in answer(start()["Session"])


def test_refresh_token_auth(mock, idp, pool_id, client_id, confirmed_user):
    first = password_auth(idp, client_id)["AuthenticationResult"]
    mock.clock.advance(seconds=10)
    for flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        result = idp.initiate_auth(ClientId=client_id, AuthFlow=flow,
                                   AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]})["AuthenticationResult"]
        assert "RefreshToken" not in result
        new, old = (jwt.decode(t, options={"verify_signature": False})
                    for t in (result["AccessToken"], first["AccessToken"]))
        assert new["origin_jti"] == old["origin_jti"] and new["auth_time"] == old["auth_time"]
        assert new["iat"] > old["iat"]


def test_refresh_token_is_bound_to_its_client(idp, pool_id, client_id, confirmed_user):
    refresh = password_auth(idp, client_id)["AuthenticationResult"]["RefreshToken"]
    other = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="other")["UserPoolClient"]["ClientId"]
    for bad_client, token in ((other, refresh), (client_id, "not-a-token")):
        with pytest.raises(ClientError) as exc:
            idp.initiate_auth(ClientId=bad_client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": token})
        assert error_of(exc) == ("NotAuthorizedException", "Invalid Refresh Token")


def test_get_user_refuses_tampered_and_expired_tokens(mock, idp, client_id, confirmed_user):
    token = password_auth(idp, client_id)["AuthenticationResult"]["AccessToken"]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["username"] = "mallory"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    for bad in (f"{header}.{forged}.{signature}", "garbage", token[:-4] + "AAAA"):
        with pytest.raises(ClientError) as exc:
            idp.get_user(AccessToken=bad)
        assert error_of(exc) == ("NotAuthorizedException", "Invalid Access Token")
    mock.clock.advance(minutes=61)
    with pytest.raises(ClientError) as exc:
        idp.get_user(AccessToken=token)
    assert error_of(exc) == ("NotAuthorizedException", "Access Token has expired")


def test_get_user_after_delete(idp, pool_id, client_id, confirmed_user):
    token = password_auth(idp, client_id)["AuthenticationResult"]["AccessToken"]
    idp.admin_delete_user(UserPoolId=pool_id, Username=confirmed_user)
    with pytest.raises(ClientError) as exc:
        idp.get_user(AccessToken=token)
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


def test_get_user_finds_the_pool_from_the_token_in_any_region(mock, confirmed_user, client_id, idp):
    token = password_auth(idp, client_id)["AuthenticationResult"]["AccessToken"]
    elsewhere = boto3.client("cognito-idp", region_name="eu-west-1")
    assert elsewhere.get_user(AccessToken=token)["Username"] == "ana"


def test_temporary_password_expires(mock, idp, pool_id, client_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="bo", TemporaryPassword="Temp0rary!", MessageAction="SUPPRESS")
    mock.clock.advance(days=8)
    with pytest.raises(ClientError) as exc:
        password_auth(idp, client_id, username="bo", password="Temp0rary!")
    assert error_of(exc) == ("NotAuthorizedException",
                             "Temporary password has expired and must be reset by an administrator.")
