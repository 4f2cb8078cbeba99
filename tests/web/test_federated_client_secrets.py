"""The emulated providers authenticate the app at their token endpoint as the real ones do: the
client secret registered with them (Google, Facebook, Amazon, OIDC), or for Sign in with Apple an
ES256 JWT signed with the developer's private key. A wrong one fails the sign-in with AWS's error
redirect ("{ProviderName} Error - {status} {error} {description}") and creates nobody."""
import jwt
import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from federation_helpers import AMAZON, APPLE, FACEBOOK, GOOGLE, account_page, add_provider, federated_tokens, \
    sign_in_at_provider
from hosted_helpers import HOSTED, query

OIDC = {"client_id": "corp-app", "client_secret": "corp-secret", "attributes_request_method": "GET",
        "oidc_issuer": "https://login.corp.invalid", "authorize_scopes": "openid email"}
CASES = [("Google", "Google", GOOGLE, "Google Error - 401 invalid_client Unauthorized"),
         ("Facebook", "Facebook", FACEBOOK, "Facebook Error - 400 OAuthException Error validating client secret."),
         ("LoginWithAmazon", "LoginWithAmazon", AMAZON,
          "LoginWithAmazon Error - 401 invalid_client Client authentication failed"),
         ("Corp", "OIDC", OIDC, "Corp Error - 401 invalid_client Client authentication failed")]


def _users(idp, hosted, name):
    return [u for u in idp.list_users(UserPoolId=hosted.pool_id)["Users"] if u["Username"].startswith(name + "_")]


def _fails(hosted, name) -> dict:
    browser = requests.Session()
    done = sign_in_at_provider(browser, account_page(hosted, browser, name), sub="s-2", email="s2@example.com")
    return query(done.headers["Location"])


@pytest.mark.parametrize("name, kind, details, description", CASES)
def test_a_secret_the_provider_does_not_know_fails_the_sign_in(idp, hosted, name, kind, details, description):
    add_provider(idp, hosted, name, kind, details)
    federated_tokens(hosted, requests.Session(), name, sub="s-1", email="s1@example.com")   # the app is registered
    idp.update_identity_provider(UserPoolId=hosted.pool_id, ProviderName=name,
                                 ProviderDetails={**details, "client_secret": "not-the-secret"})
    params = _fails(hosted, name)
    assert params["error"] == "invalid_request" and params["error_description"] == description
    assert [u["Username"] for u in _users(idp, hosted, name)] == [f"{name}_s-1"]


def test_an_app_registered_ahead_with_another_secret(idp, hosted):
    assert requests.post(f"{HOSTED}/_mock/idp/Google/apps", json={
        "client_id": GOOGLE["client_id"], "client_secret": "the-real-one"}).status_code == 201
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    assert _fails(hosted, "Google")["error_description"] == "Google Error - 401 invalid_client Unauthorized"
    assert _users(idp, hosted, "Google") == []


def test_apple_checks_the_client_secret_jwt_signed_with_the_developers_key(idp, hosted, cognito):
    add_provider(idp, hosted, "SignInWithApple", "SignInWithApple", APPLE)
    federated_tokens(hosted, requests.Session(), "SignInWithApple", sub="a-1", email="a1@example.com")
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    idp.update_identity_provider(UserPoolId=hosted.pool_id, ProviderName="SignInWithApple",
                                 ProviderDetails={**APPLE, "private_key": other})     # same key_id, another key
    assert _fails(hosted, "SignInWithApple")["error_description"] == "SignInWithApple Error - 400 invalid_client"
    idp.update_identity_provider(UserPoolId=hosted.pool_id, ProviderName="SignInWithApple", ProviderDetails=APPLE)
    federated_tokens(hosted, requests.Session(), "SignInWithApple", sub="a-1")


def test_apples_token_endpoint_over_http(idp, hosted, cognito):
    add_provider(idp, hosted, "SignInWithApple", "SignInWithApple", APPLE)
    federated_tokens(hosted, requests.Session(), "SignInWithApple", sub="a-1", email="a1@example.com")
    now = int(cognito.clock.now())
    claims = {"iss": APPLE["team_id"], "sub": APPLE["client_id"], "aud": "https://appleid.apple.com", "iat": now,
              "exp": now + 600}
    key = serialization.load_pem_private_key(APPLE["private_key"].encode(), None)

    def token(secret):
        return requests.post("https://appleid.apple.com/auth/token", data={
            "grant_type": "authorization_code", "code": "unknown", "client_id": APPLE["client_id"],
            "client_secret": secret})

    good = jwt.encode(claims, key, algorithm="ES256", headers={"kid": APPLE["key_id"]})
    assert token(good).json()["error"] == "invalid_grant"          # the app passed; the code is unknown
    expired = jwt.encode({**claims, "exp": now - 1, "iat": now - 600}, key, algorithm="ES256",
                         headers={"kid": APPLE["key_id"]})
    too_long = jwt.encode({**claims, "exp": now + 15777001}, key, algorithm="ES256", headers={"kid": APPLE["key_id"]})
    other_team = jwt.encode({**claims, "iss": "OTHERTEAM"}, key, algorithm="ES256", headers={"kid": APPLE["key_id"]})
    for bad in (expired, too_long, other_team, "not-a-jwt"):
        answer = token(bad)
        assert answer.status_code == 400 and answer.json()["error"] == "invalid_client"
