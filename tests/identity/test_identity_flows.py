"""Both flows end to end with real user-pool tokens: enhanced (GetId -> GetCredentialsForIdentity)
and basic (GetId -> GetOpenIdToken -> STS AssumeRoleWithWebIdentity), plus GetCallerIdentity."""
import boto3
import jwt
import pytest
from botocore.exceptions import ClientError

from cognito_mock.backend.identity.openid import identity_jwks
from helpers import error_of as error

AUTH_ROLE = "arn:aws:iam::123456789012:role/Cognito_Auth_Role"


@pytest.fixture
def sts(mock):
    return boto3.client("sts", region_name="us-east-1")


def sts_client(**credentials):
    return boto3.session.Session().client("sts", region_name="us-east-1", **credentials)


def test_enhanced_flow(identity, pool_with_users, user_pool, sts):
    logins = {user_pool.provider: user_pool.sign_in("ana")}
    identity_id = identity.get_id(IdentityPoolId=pool_with_users, Logins=logins)["IdentityId"]
    creds = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)["Credentials"]
    caller = sts_client(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretKey"],
                        aws_session_token=creds["SessionToken"])
    who = caller.get_caller_identity()
    assert who["Arn"] == "arn:aws:sts::123456789012:assumed-role/Cognito_Auth_Role/CognitoIdentityCredentials"
    assert who["Account"] == "123456789012" and who["UserId"].endswith(":CognitoIdentityCredentials")


def test_basic_flow(identity, make_pool, user_pool, mock, sts):
    pool_id = make_pool(AllowClassicFlow=True, CognitoIdentityProviders=[user_pool.provider_config()])
    logins = {user_pool.provider: user_pool.sign_in("ana")}
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    token = identity.get_open_id_token(IdentityId=identity_id, Logins=logins)["Token"]
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = next(k for k in identity_jwks(mock.store)["keys"] if k["kid"] == kid)
    claims = jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["RS256"], audience=pool_id,
                        issuer="https://cognito-identity.amazonaws.com", options={"verify_exp": False})
    sub = jwt.decode(logins[user_pool.provider], options={"verify_signature": False})["sub"]
    assert claims["sub"] == identity_id
    assert claims["amr"] == ["authenticated", user_pool.provider, f"{user_pool.provider}:CognitoSignIn:{sub}"]
    assumed = sts.assume_role_with_web_identity(RoleArn=AUTH_ROLE, RoleSessionName="web", WebIdentityToken=token)
    assert assumed["SubjectFromWebIdentityToken"] == identity_id and assumed["Audience"] == pool_id
    assert assumed["Provider"] == "cognito-identity.amazonaws.com"
    assert assumed["AssumedRoleUser"]["Arn"] == "arn:aws:sts::123456789012:assumed-role/Cognito_Auth_Role/web"
    creds = assumed["Credentials"]
    caller = sts_client(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"])
    assert caller.get_caller_identity()["Arn"].endswith("assumed-role/Cognito_Auth_Role/web")


def test_guest_basic_flow_amr(identity, make_pool, mock):
    pool_id = make_pool()
    identity_id = identity.get_id(IdentityPoolId=pool_id)["IdentityId"]
    token = identity.get_open_id_token(IdentityId=identity_id)["Token"]
    assert jwt.decode(token, options={"verify_signature": False})["amr"] == ["unauthenticated"]


def test_basic_flow_disabled(identity, make_pool):
    pool_id = make_pool(AllowClassicFlow=False)
    identity_id = identity.get_id(IdentityPoolId=pool_id)["IdentityId"]
    with pytest.raises(ClientError) as exc:
        identity.get_open_id_token(IdentityId=identity_id)
    assert error(exc) == ("InvalidParameterException", "Basic (classic) flow is not enabled, please use enhanced flow.")


def test_expired_web_identity_token_is_refused_by_sts(identity, make_pool, mock, sts):
    mock.clock.freeze()
    pool_id = make_pool()
    token = identity.get_open_id_token(IdentityId=identity.get_id(IdentityPoolId=pool_id)["IdentityId"])["Token"]
    mock.clock.advance(minutes=11)
    with pytest.raises(ClientError) as exc:
        sts.assume_role_with_web_identity(RoleArn=AUTH_ROLE, RoleSessionName="web", WebIdentityToken=token)
    assert error(exc)[0] == "ExpiredTokenException"


def test_other_sts_calls_pass_through(mock, sts):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        client = sts_client()
        assert client.get_caller_identity()["Account"] == "123456789012"   # answered by moto


def test_open_id_token_verifies_against_the_served_identity_jwks(identity, make_pool, user_pool, mock):
    pool_id = make_pool(AllowClassicFlow=True, CognitoIdentityProviders=[user_pool.provider_config()])
    logins = {user_pool.provider: user_pool.sign_in("ana")}
    identity_id = identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    token = identity.get_open_id_token(IdentityId=identity_id, Logins=logins)["Token"]
    keys = jwt.PyJWKClient("https://cognito-identity.amazonaws.com/.well-known/jwks_uri")   # answered in-process
    claims = jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS256"], audience=pool_id,
                        issuer="https://cognito-identity.amazonaws.com")
    assert claims["sub"] == identity_id


def test_handle_tells_whose_credentials_these_are(identity, pool_with_users, user_pool, mock):
    logins = {user_pool.provider: user_pool.sign_in("ana")}
    identity_id = identity.get_id(IdentityPoolId=pool_with_users, Logins=logins)["IdentityId"]
    creds = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)["Credentials"]
    info = mock.credentials_for(creds["AccessKeyId"])
    assert info["identity_id"] == identity_id
    assert info["role_arn"] == AUTH_ROLE
    assert mock.credentials_for("ASIANOTOURS0000000") is None
