"""Facebook, Sign in with Apple and Login with Amazon, offline, through their emulated providers:
each sign-in makes ``{ProviderName}_{id}`` with the provider in its ``identities``; and the
provider's own token is exchanged for identity-pool credentials (the pool verifies it with the
emulated provider's keys or token inspection)."""
import pytest
import requests
from botocore.exceptions import ClientError

from federation_helpers import AMAZON, APPLE, FACEBOOK, GOOGLE, add_provider, claims_of, federated_tokens
from hosted_helpers import HOSTED, query


def test_facebook_sign_in(idp, hosted):
    add_provider(idp, hosted, "Facebook", "Facebook", FACEBOOK)
    first = hosted.authorize(requests.Session(), identity_provider="Facebook")
    assert first.headers["Location"].startswith("https://www.facebook.com/v17.0/dialog/oauth?")
    assert "nonce" not in query(first.headers["Location"])
    tokens = federated_tokens(hosted, requests.Session(), "Facebook", sub="10150", email="fb@example.com", name="Fa")
    claims = claims_of(tokens["id_token"])
    assert claims["cognito:username"] == "Facebook_10150" and claims["email"] == "fb@example.com"
    assert claims["identities"][0]["providerName"] == "Facebook"


def test_apple_posts_back_to_idpresponse(idp, hosted):
    add_provider(idp, hosted, "SignInWithApple", "SignInWithApple", APPLE)
    first = hosted.authorize(requests.Session(), identity_provider="SignInWithApple")
    params = query(first.headers["Location"])
    assert first.headers["Location"].startswith("https://appleid.apple.com/auth/authorize?")
    assert params["response_mode"] == "form_post" and params["scope"] == "email name"
    tokens = federated_tokens(hosted, requests.Session(), "SignInWithApple", sub="001234.abcd", email="a@icloud.com")
    claims = claims_of(tokens["id_token"])
    assert claims["cognito:username"] == "SignInWithApple_001234.abcd"
    assert claims["identities"][0]["providerType"] == "SignInWithApple"


def test_login_with_amazon_sign_in(idp, hosted):
    add_provider(idp, hosted, "LoginWithAmazon", "LoginWithAmazon", AMAZON)
    first = hosted.authorize(requests.Session(), identity_provider="LoginWithAmazon")
    assert first.headers["Location"].startswith("https://www.amazon.com/ap/oa?")
    tokens = federated_tokens(hosted, requests.Session(), "LoginWithAmazon", sub="amzn1.account.XYZ",
                              email="am@example.com")
    claims = claims_of(tokens["id_token"])
    assert claims["cognito:username"] == "LoginWithAmazon_amzn1.account.XYZ"
    assert claims["identities"][0]["providerName"] == "LoginWithAmazon"


def _identity_pool(cognito_identity, logins: dict) -> str:
    pool_id = cognito_identity.create_identity_pool(IdentityPoolName="social", AllowUnauthenticatedIdentities=False,
                                                    SupportedLoginProviders=logins)["IdentityPoolId"]
    cognito_identity.set_identity_pool_roles(IdentityPoolId=pool_id,
                                             Roles={"authenticated": "arn:aws:iam::123456789012:role/Auth"})
    return pool_id


def _credentials(cognito_identity, pool_id: str, logins: dict) -> dict:
    identity = cognito_identity.get_id(IdentityPoolId=pool_id, Logins=logins)["IdentityId"]
    return cognito_identity.get_credentials_for_identity(IdentityId=identity, Logins=logins)["Credentials"]


def test_identity_pools_verify_the_emulated_providers_tokens(cognito, cognito_identity):
    google, apple = cognito.idp("Google"), cognito.idp("SignInWithApple")
    facebook, amazon = cognito.idp("Facebook"), cognito.idp("LoginWithAmazon")
    for provider in (google, apple, facebook, amazon):
        provider.add_account(sub="u-1", email="u@example.com")
    pool_id = _identity_pool(cognito_identity, {"accounts.google.com": GOOGLE["client_id"],
                                                "appleid.apple.com": APPLE["client_id"],
                                                "graph.facebook.com": FACEBOOK["client_id"],
                                                "www.amazon.com": AMAZON["client_id"]})
    logins = {"accounts.google.com": google.id_token("u-1", GOOGLE["client_id"]),
              "appleid.apple.com": apple.id_token("u-1", APPLE["client_id"]),
              "graph.facebook.com": facebook.access_token("u-1", FACEBOOK["client_id"]),
              "www.amazon.com": amazon.access_token("u-1", AMAZON["client_id"])}
    for name, token in logins.items():
        assert _credentials(cognito_identity, pool_id, {name: token})["AccessKeyId"]


def test_identity_pools_refuse_another_apps_or_a_forged_token(cognito, cognito_identity):
    google = cognito.idp("Google")
    google.add_account(sub="u-2")
    pool_id = _identity_pool(cognito_identity, {"accounts.google.com": GOOGLE["client_id"]})
    with pytest.raises(ClientError) as other_app:
        cognito_identity.get_id(IdentityPoolId=pool_id, Logins={"accounts.google.com": google.id_token("u-2", "other")})
    assert other_app.value.response["Error"]["Code"] == "NotAuthorizedException"
    header, body, _ = google.id_token("u-2", GOOGLE["client_id"]).split(".")
    with pytest.raises(ClientError) as forged:
        cognito_identity.get_id(IdentityPoolId=pool_id, Logins={"accounts.google.com": f"{header}.{body}.AAAA"})
    assert forged.value.response["Error"]["Message"] == "Invalid login token. Couldn't verify signed token."


def test_an_app_gets_googles_own_id_token_over_http(idp, hosted, cognito, cognito_identity):
    """As Google's sign-in SDK would: the app itself at Google's authorize and token endpoints."""
    cognito.idp("Google")
    registered = requests.post(f"{HOSTED}/_mock/idp/Google/apps", json={          # the app, in Google's console
        "client_id": GOOGLE["client_id"], "client_secret": GOOGLE["client_secret"]})
    assert registered.status_code == 201
    browser = requests.Session()
    page = browser.get("https://accounts.google.com/o/oauth2/v2/auth", params={
        "client_id": GOOGLE["client_id"], "redirect_uri": "https://app.example.com/g", "response_type": "code",
        "scope": "openid email", "nonce": "n-1"})
    assert page.status_code == 200 and 'name="email"' in page.text
    answer = browser.post(page.url, data={"client_id": GOOGLE["client_id"], "redirect_uri": "https://app.example.com/g",
                                          "nonce": "n-1", "sub": "8008", "email": "own@gmail.com"},
                          allow_redirects=False)
    code = query(answer.headers["Location"])["code"]
    tokens = requests.post("https://oauth2.googleapis.com/token", data={
        "grant_type": "authorization_code", "code": code, "client_id": GOOGLE["client_id"],
        "client_secret": GOOGLE["client_secret"], "redirect_uri": "https://app.example.com/g"}).json()
    assert claims_of(tokens["id_token"])["nonce"] == "n-1"
    replay = requests.post("https://oauth2.googleapis.com/token", data={
        "grant_type": "authorization_code", "code": code, "client_id": GOOGLE["client_id"],
        "client_secret": GOOGLE["client_secret"], "redirect_uri": "https://app.example.com/g"})
    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    pool_id = _identity_pool(cognito_identity, {"accounts.google.com": GOOGLE["client_id"]})
    assert _credentials(cognito_identity, pool_id, {"accounts.google.com": tokens["id_token"]})["SecretKey"]
