"""Secrets compared in constant time accept any text a caller sends: non-ASCII (or lone surrogate)
SECRET_HASH, client_secret, PKCE verifier, code or cookie is simply wrong, never an HTTP 500."""
import pytest
import requests
from botocore.exceptions import ClientError

from helpers import error_of
from hosted_helpers import CALLBACK, HOSTED, oauth_client, pkce_pair, query

WEIRD = ["é" * 44, "秘密", "\U0001f511"]


@pytest.mark.parametrize("given", WEIRD)
def test_secret_hash(idp, hosted, given):
    client = oauth_client(idp, hosted.pool_id, ClientName="secret", GenerateSecret=True)
    with pytest.raises(ClientError) as raised:
        idp.initiate_auth(ClientId=client["ClientId"], AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
            "USERNAME": "ana", "PASSWORD": "Corr3ct-Horse!", "SECRET_HASH": given})
    assert error_of(raised) == ("NotAuthorizedException", f"Unable to verify secret hash for client {client['ClientId']}")


@pytest.mark.parametrize("given", WEIRD)
def test_client_secret_post(idp, hosted, given):
    client = oauth_client(idp, hosted.pool_id, ClientName="m2m", GenerateSecret=True, CallbackURLs=[],
                          AllowedOAuthFlows=["client_credentials"], AllowedOAuthScopes=["aws.cognito.signin.user.admin"],
                          LogoutURLs=[])
    answer = requests.post(f"{HOSTED}/oauth2/token", data={"grant_type": "client_credentials",
                                                           "client_id": client["ClientId"], "client_secret": given})
    assert (answer.status_code, answer.json()) == (401, {"error": "invalid_client"})


@pytest.mark.parametrize("given", WEIRD)
def test_pkce_verifier_and_codes(idp, hosted, given):
    _, challenge = pkce_pair()
    callback = hosted.sign_in(requests.Session(), code_challenge=challenge, code_challenge_method="S256")
    answer = hosted.token(grant_type="authorization_code", code=query(callback)["code"], redirect_uri=CALLBACK,
                          code_verifier=given)
    assert (answer.status_code, answer.json()) == (400, {"error": "invalid_grant"})


@pytest.mark.parametrize("given", WEIRD)
def test_confirmation_code(cognito, idp, hosted, given):
    client = oauth_client(idp, hosted.pool_id, ClientName="signup")
    idp.sign_up(ClientId=client["ClientId"], Username="bo", Password="Corr3ct-Horse!",
                UserAttributes=[{"Name": "email", "Value": "bo@example.com"}])
    with pytest.raises(ClientError) as raised:
        idp.confirm_sign_up(ClientId=client["ClientId"], Username="bo", ConfirmationCode="12345" + given[0])
    assert error_of(raised)[0] in ("CodeMismatchException", "InvalidParameterException")


def test_session_cookie(hosted):
    browser = requests.Session()
    browser.cookies.set("cognito", "é.\U0001f511", domain=HOSTED.split("//")[1])
    first = hosted.authorize(browser)
    assert first.status_code == 302 and "/login" in first.headers["Location"]
