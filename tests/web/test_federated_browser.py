"""Federated sign-in in a real browser (Playwright driving Debian's chromium package): from the
app's authorize link on the server, through the emulated Google's and an emulated SAML provider's
account pages, to the app's callback and its tokens."""
from urllib.parse import urlencode

import jwt
import pytest
import requests

from federation_helpers import GOOGLE
from hosted_helpers import CALLBACK, query

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the [test] extra has it)")


@pytest.fixture
def page(browser):
    context = browser.new_context()
    opened = context.new_page()
    opened.route("https://app.example.com/**", lambda route: route.fulfill(body="signed in", content_type="text/plain"))
    # the app's callback: answered here, and read from the request the browser makes
    yield opened
    context.close()


@pytest.fixture
def app(idp, cognito_server):
    pool_id = idp.create_user_pool(PoolName="browser")["UserPool"]["Id"]
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Google", ProviderType="Google",
                                 ProviderDetails=GOOGLE, AttributeMapping={"email": "email", "name": "name"})
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Corp", ProviderType="SAML",
                                 ProviderDetails={"MetadataURL": "https://idp.corp.invalid/metadata"},
                                 AttributeMapping={"email": "email"})
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="spa", AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
        AllowedOAuthScopes=["openid", "email"], CallbackURLs=[CALLBACK],
        SupportedIdentityProviders=["COGNITO", "Google", "Corp"])["UserPoolClient"]
    return cognito_server, client["ClientId"]


def _sign_in(page, app, provider: str, email: str, *, button: bool = False) -> dict:
    server, client_id = app
    params = {"client_id": client_id, "response_type": "code", "redirect_uri": CALLBACK, "state": "s-1"}
    if button:              # the hosted sign-in page, and its provider button
        page.goto(f"{server}/login?" + urlencode(params))
        page.click(f"a[data-provider='{provider}']")
    else:
        page.goto(f"{server}/oauth2/authorize?" + urlencode({**params, "identity_provider": provider}))
    sync_api.expect(page.locator("h1")).to_contain_text("Sign in with")
    page.fill("#sub", f"{provider}-user")
    page.fill("#email", email)
    with page.expect_request(lambda request: request.url.startswith(CALLBACK)) as reached:
        page.click("#sign-in")
    params = query(reached.value.url)
    assert params["state"] == "s-1"
    answer = requests.post(f"{server}/oauth2/token", data={"grant_type": "authorization_code", "code": params["code"],
                                                           "client_id": client_id, "redirect_uri": CALLBACK})
    assert answer.status_code == 200, answer.text
    return jwt.decode(answer.json()["id_token"], options={"verify_signature": False})


def test_google_sign_in_in_chromium(page, app):
    claims = _sign_in(page, app, "Google", "g@gmail.com")
    assert claims["cognito:username"] == "Google_Google-user" and claims["email"] == "g@gmail.com"
    assert claims["identities"][0]["providerName"] == "Google"


def test_saml_sign_in_in_chromium(page, app):
    claims = _sign_in(page, app, "Corp", "s@corp.example")
    assert claims["cognito:username"] == "Corp_Corp-user" and claims["email"] == "s@corp.example"
    assert claims["identities"][0]["providerType"] == "SAML"


def test_the_sign_in_pages_provider_button_in_chromium(page, app):
    claims = _sign_in(page, app, "Corp", "b@corp.example", button=True)
    assert claims["cognito:username"] == "Corp_Corp-user" and claims["identities"][0]["providerName"] == "Corp"
