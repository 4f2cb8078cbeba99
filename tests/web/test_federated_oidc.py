"""OpenID Connect providers. A reachable issuer (here a second user pool of the emulator, its hosted
sign-in as the provider's login page) is used as a real relying party would: discovery, the code
exchanged with the client secret, the ID token checked against the provider's JWKS, userinfo. An
issuer nobody answers for gets an emulated provider under /_mock/idp/{ProviderName}/."""
from urllib.parse import urljoin

import requests

from federation_helpers import add_provider, claims_of, federated_tokens, follow
from hosted_helpers import CALLBACK, PASSWORD, Hosted, add_user, csrf, oauth_client, query

UPSTREAM = "https://upstream.auth.us-east-1.amazoncognito.com"
IDP_RESPONSE = "https://myapp.auth.us-east-1.amazoncognito.com/oauth2/idpresponse"


def _upstream(idp) -> tuple[str, dict]:
    pool_id = idp.create_user_pool(PoolName="upstream")["UserPool"]["Id"]
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="upstream")
    client = oauth_client(idp, pool_id, ClientName="downstream", GenerateSecret=True, CallbackURLs=[IDP_RESPONSE])
    add_user(idp, pool_id, "zoe", name="Zoe Upstream")
    return pool_id, client


def test_another_user_pool_as_a_real_oidc_provider(idp, hosted):
    upstream_pool, client = _upstream(idp)
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{upstream_pool}"
    add_provider(idp, hosted, "Upstream", "OIDC", {
        "client_id": client["ClientId"], "client_secret": client["ClientSecret"], "attributes_request_method": "GET",
        "oidc_issuer": issuer, "authorize_scopes": "openid email profile"})
    browser = requests.Session()
    first = hosted.authorize(browser, identity_provider="Upstream", state="app-state")
    location = first.headers["Location"]
    assert location.startswith(f"{UPSTREAM}/oauth2/authorize?")
    assert query(location)["client_id"] == client["ClientId"] and query(location)["nonce"]
    login = follow(browser, browser.get(location, allow_redirects=False))
    assert login.status_code == 200 and "password" in login.text        # the upstream pool's sign-in page
    back = browser.post(login.url, data={"username": "zoe", "password": PASSWORD, **csrf(browser)},
                        allow_redirects=False)
    done = follow(browser, back)
    callback = done.headers["Location"]
    assert callback.startswith(CALLBACK) and query(callback)["state"] == "app-state", callback
    tokens = hosted.token(grant_type="authorization_code", code=query(callback)["code"], redirect_uri=CALLBACK).json()
    id_claims = claims_of(tokens["id_token"])
    zoe_sub = idp.admin_get_user(UserPoolId=upstream_pool, Username="zoe")["UserAttributes"]
    zoe_sub = next(a["Value"] for a in zoe_sub if a["Name"] == "sub")
    assert id_claims["cognito:username"] == f"Upstream_{zoe_sub}"
    assert id_claims["email"] == "zoe@example.com" and id_claims["name"] == "Zoe Upstream"
    assert id_claims["identities"][0]["providerType"] == "OIDC"


def test_a_wrong_client_secret_is_the_providers_error(idp, hosted):
    upstream_pool, client = _upstream(idp)
    add_provider(idp, hosted, "Upstream", "OIDC", {
        "client_id": client["ClientId"], "client_secret": "wrong", "attributes_request_method": "POST",
        "oidc_issuer": f"https://cognito-idp.us-east-1.amazonaws.com/{upstream_pool}", "authorize_scopes": "openid"})
    browser = requests.Session()
    login = follow(browser, browser.get(hosted.authorize(browser, identity_provider="Upstream").headers["Location"],
                                        allow_redirects=False))
    back = browser.post(login.url, data={"username": "zoe", "password": PASSWORD, **csrf(browser)},
                        allow_redirects=False)
    params = query(follow(browser, back).headers["Location"])
    assert params["error"] == "invalid_request"
    assert params["error_description"] == "Upstream Error - 401 invalid_client"
    assert not [u for u in idp.list_users(UserPoolId=hosted.pool_id)["Users"] if u["Username"].startswith("Upstream")]


def test_an_unreachable_issuer_gets_an_emulated_provider(idp, hosted, cognito, cognito_identity):
    add_provider(idp, hosted, "Corp", "OIDC", {"client_id": "corp-app", "client_secret": "s",
                                                "attributes_request_method": "GET", "oidc_issuer": "https://sso.corp.invalid",
                                                "authorize_scopes": "openid email"})
    first = hosted.authorize(requests.Session(), identity_provider="Corp")
    assert first.headers["Location"].startswith("https://myapp.auth.us-east-1.amazoncognito.com/_mock/idp/Corp/authorize?")
    tokens = federated_tokens(hosted, requests.Session(), "Corp", sub="emp-7", email="emp@corp.invalid")
    assert claims_of(tokens["id_token"])["cognito:username"] == "Corp_emp-7"
    corp = cognito.idp("Corp")
    assert corp.issuer == "https://sso.corp.invalid"
    discovery = requests.get(f"{hosted.base}/_mock/idp/Corp/.well-known/openid-configuration").json()
    assert discovery["issuer"] == "https://sso.corp.invalid"
    # identity pools accept its ID tokens through an OpenID Connect provider of that issuer
    pool_id = cognito_identity.create_identity_pool(
        IdentityPoolName="corp", AllowUnauthenticatedIdentities=False,
        OpenIdConnectProviderARNs=["arn:aws:iam::123456789012:oidc-provider/sso.corp.invalid"])["IdentityPoolId"]
    identity = cognito_identity.get_id(IdentityPoolId=pool_id, Logins={"sso.corp.invalid": corp.id_token("emp-7", "corp-app")})
    assert identity["IdentityId"]
