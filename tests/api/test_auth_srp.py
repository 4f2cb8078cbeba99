"""USER_SRP_AUTH as real clients run it: pycognito's Cognito.authenticate and AWSSRP."""
import boto3
import jwt
import pytest
from botocore.exceptions import ClientError
from pycognito import Cognito
from pycognito.aws_srp import AWSSRP
from cognito_mock.backend.idp.auth import srp
from cognito_mock.support import modexp
from helpers import error_of


@pytest.fixture
def srp_pool(cognito_idp, user_pool):
    ids = user_pool()
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS",
                                  UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    return ids


def test_pycognito_authenticate_and_verify_tokens(cognito, srp_pool):
    user = Cognito(srp_pool.pool_id, srp_pool.client_id, username="ana")
    user.authenticate(password="Passw0rd!")
    claims = jwt.decode(user.access_token, options={"verify_signature": False})
    assert claims["username"] == "ana" and claims["token_use"] == "access"
    user.verify_tokens()                                 # JWKS fetched through the HTTP interception
    assert user.get_user().username == "ana"


@pytest.mark.parametrize("fast", [
    pytest.param(False, id="python"),
    pytest.param(True, id="gmpy2", marks=pytest.mark.skipif(not modexp.HAVE_GMPY2, reason="no gmpy2"))])
def test_pycognito_signs_in_on_either_arithmetic(cognito, srp_pool, monkeypatch, fast):
    """The optional gmpy2 extra and the pure-Python path answer the same SRP-6a (support/modexp.py)."""
    monkeypatch.setattr(srp, "ARITHMETIC", modexp.ModExp(srp.N, srp.G, fast=fast))
    user = Cognito(srp_pool.pool_id, srp_pool.client_id, username="ana")
    user.authenticate(password="Passw0rd!")
    assert jwt.decode(user.access_token, options={"verify_signature": False})["username"] == "ana"
    with pytest.raises(ClientError) as exc:
        Cognito(srp_pool.pool_id, srp_pool.client_id, username="ana").authenticate(password="Passw0rd!x")
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_pycognito_wrong_password_fails(cognito, srp_pool):
    with pytest.raises(ClientError) as exc:
        Cognito(srp_pool.pool_id, srp_pool.client_id, username="ana").authenticate(password="Wrong-pass1")
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_awssrp_challenge_parameters(cognito_idp, srp_pool):
    aws = AWSSRP(username="ana", password="Passw0rd!", pool_id=srp_pool.pool_id, client_id=srp_pool.client_id,
                 client=cognito_idp)
    started = cognito_idp.initiate_auth(ClientId=srp_pool.client_id, AuthFlow="USER_SRP_AUTH",
                                        AuthParameters=aws.get_auth_params())
    params = started["ChallengeParameters"]
    assert started["ChallengeName"] == "PASSWORD_VERIFIER"
    assert set(params) == {"SALT", "SECRET_BLOCK", "SRP_B", "USERNAME", "USER_ID_FOR_SRP"}
    assert params["USER_ID_FOR_SRP"] == "ana"
    int(params["SALT"], 16), int(params["SRP_B"], 16)
    answer = aws.process_challenge(params, aws.get_auth_params())
    tokens = cognito_idp.respond_to_auth_challenge(ClientId=srp_pool.client_id, ChallengeName="PASSWORD_VERIFIER",
                                                   ChallengeResponses=answer)["AuthenticationResult"]
    assert cognito_idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "ana"
    with pytest.raises(ClientError) as exc:           # the secret block answers once
        cognito_idp.respond_to_auth_challenge(ClientId=srp_pool.client_id, ChallengeName="PASSWORD_VERIFIER",
                                              ChallengeResponses=answer)
    assert error_of(exc) == ("NotAuthorizedException", "Invalid session for the user.")


def test_admin_initiate_auth_srp_and_tampered_signature(cognito_idp, srp_pool):
    aws = AWSSRP(username="ana", password="Passw0rd!", pool_id=srp_pool.pool_id, client_id=srp_pool.client_id,
                 client=cognito_idp)
    started = cognito_idp.admin_initiate_auth(UserPoolId=srp_pool.pool_id, ClientId=srp_pool.client_id,
                                              AuthFlow="USER_SRP_AUTH", AuthParameters=aws.get_auth_params())
    answer = aws.process_challenge(started["ChallengeParameters"], aws.get_auth_params())
    answer["PASSWORD_CLAIM_SIGNATURE"] = answer["PASSWORD_CLAIM_SIGNATURE"][::-1]
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_respond_to_auth_challenge(UserPoolId=srp_pool.pool_id, ClientId=srp_pool.client_id,
                                                    ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer)
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_srp_in_email_username_pool_uses_the_internal_username(cognito_idp, user_pool):
    ids = user_pool(UsernameAttributes=["email"])
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="bo@example.com", MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="bo@example.com", Password="Passw0rd!",
                                        Permanent=True)
    internal = cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="bo@example.com")["Username"]
    assert internal != "bo@example.com"
    user = Cognito(ids.pool_id, ids.client_id, username="bo@example.com")
    user.authenticate(password="Passw0rd!")
    assert jwt.decode(user.access_token, options={"verify_signature": False})["username"] == internal


def test_srp_flow_must_be_enabled(cognito_idp, srp_pool):
    client_id = cognito_idp.create_user_pool_client(
        UserPoolId=srp_pool.pool_id, ClientName="pw-only",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    with pytest.raises(ClientError) as exc:
        Cognito(srp_pool.pool_id, client_id, username="ana").authenticate(password="Passw0rd!")
    assert exc.value.response["Error"]["Code"] == "InvalidParameterException"


def test_srp_unconfirmed_user(cognito_idp, srp_pool):
    cognito_idp.sign_up(ClientId=srp_pool.client_id, Username="cy", Password="Passw0rd!")
    with pytest.raises(ClientError) as exc:
        Cognito(srp_pool.pool_id, srp_pool.client_id, username="cy").authenticate(password="Passw0rd!")
    assert error_of(exc) == ("UserNotConfirmedException", "User is not confirmed.")


def test_pycognito_authenticate_against_the_server(cognito_server, srp_pool):
    """Server mode: pycognito's own boto3 client pointed at the live server; tokens name it as issuer."""
    kwargs = {"endpoint_url": cognito_server, "aws_access_key_id": "AKIAIOSFODNN7EXAMPLE",
              "aws_secret_access_key": "secret"}
    user = Cognito(srp_pool.pool_id, srp_pool.client_id, username="ana", boto3_client_kwargs=kwargs)
    user.authenticate(password="Passw0rd!")
    issuer = f"{cognito_server}/{srp_pool.pool_id}"
    assert jwt.decode(user.id_token, options={"verify_signature": False})["iss"] == issuer
    assert jwt.decode(user.access_token, options={"verify_signature": False})["iss"] == issuer
    user.pool_domain_url = cognito_server            # pycognito's issuer/JWKS base for non-AWS hosts
    assert user.user_pool_url == issuer
    user.verify_tokens()
    assert user.get_user().username == "ana"
    with pytest.raises(ClientError) as exc:
        Cognito(srp_pool.pool_id, srp_pool.client_id, username="ana",
                boto3_client_kwargs=kwargs).authenticate(password="Wrong-pass1")
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_timestamp_must_have_cognitos_format(cognito_idp, srp_pool):
    aws = AWSSRP(username="ana", password="Passw0rd!", pool_id=srp_pool.pool_id, client_id=srp_pool.client_id,
                 client=cognito_idp)
    started = cognito_idp.initiate_auth(ClientId=srp_pool.client_id, AuthFlow="USER_SRP_AUTH",
                                        AuthParameters=aws.get_auth_params())
    answer = aws.process_challenge(started["ChallengeParameters"], aws.get_auth_params())
    answer["TIMESTAMP"] = "2024-01-05T10:00:00Z"
    with pytest.raises(ClientError) as exc:
        cognito_idp.respond_to_auth_challenge(ClientId=srp_pool.client_id, ChallengeName="PASSWORD_VERIFIER",
                                              ChallengeResponses=answer)
    assert error_of(exc) == ("InvalidParameterException",
                             "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")


def test_an_unknown_user_looks_like_a_real_one_when_existence_errors_are_prevented(cognito_idp, user_pool):
    """The SALT is the same on every call for a real user; an unknown user's must be too, or two calls
    tell them apart."""
    ids = user_pool(client={"PreventUserExistenceErrors": "ENABLED"})
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)

    def salt(username):
        aws = AWSSRP(username=username, password="x", pool_id=ids.pool_id, client_id=ids.client_id, client=cognito_idp)
        return cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_SRP_AUTH",
                                         AuthParameters=aws.get_auth_params())["ChallengeParameters"]["SALT"]

    assert salt("ana") == salt("ana")
    assert salt("nobody") == salt("nobody")
    assert salt("nobody") != salt("somebody-else")
