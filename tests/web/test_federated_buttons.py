"""The hosted sign-in page shows a button for each identity provider of the client's
SupportedIdentityProviders (social ones "Continue with ...", SAML and OIDC under "Sign in with your
corporate ID"), each a link to /oauth2/authorize with the page's parameters and identity_provider."""
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests

from federation_helpers import GOOGLE, add_provider
from hosted_helpers import CALLBACK, HOSTED, query


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("data-provider"):
            self.links.append(dict(attrs))


def buttons(page: str) -> list[dict]:
    parser = _Links()
    parser.feed(page)
    return parser.links


def test_one_button_per_supported_provider(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    add_provider(idp, hosted, "Corp", "SAML", {"MetadataURL": "https://idp.corp.invalid/metadata"}, {"email": "email"})
    browser = requests.Session()
    page = hosted.authorize(browser, state="st-1")
    login = browser.get(urljoin(HOSTED, page.headers["Location"]))
    found = buttons(login.text)
    assert [(b["data-provider"], "idpButton-customizable" in b["class"]) for b in found] == [
        ("Corp", True), ("Google", False)]
    assert "Sign in with your corporate ID" in login.text and "Continue with Google" in login.text
    link = query(urljoin(HOSTED, found[1]["href"]))
    assert link["identity_provider"] == "Google" and link["client_id"] == hosted.client_id
    assert link["redirect_uri"] == CALLBACK and link["state"] == "st-1"
    went = browser.get(urljoin(HOSTED, found[1]["href"]), allow_redirects=False)
    assert went.status_code == 302 and "identity_provider" not in query(went.headers["Location"])


def test_no_buttons_without_other_providers(hosted):
    browser = requests.Session()
    login = browser.get(urljoin(HOSTED, hosted.authorize(browser).headers["Location"]))
    assert login.status_code == 200 and buttons(login.text) == []
    assert "corporate ID" not in login.text


def test_a_client_without_cognito_gets_only_the_provider_buttons(idp, hosted):
    """SupportedIdentityProviders without COGNITO: the sign-in page is the providers' buttons, no
    username and password form; a password posted anyway is refused."""
    add_provider(idp, hosted, "Corp", "SAML", {"MetadataURL": "https://idp.corp.invalid/metadata"}, {"email": "email"})
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    idp.update_user_pool_client(UserPoolId=hosted.pool_id, ClientId=hosted.client_id, AllowedOAuthFlowsUserPoolClient=True,
                                AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid", "email"],
                                CallbackURLs=[CALLBACK], SupportedIdentityProviders=["Corp", "Google"])
    browser = requests.Session()
    first = hosted.authorize(browser, state="st-2")
    assert first.status_code == 302
    login = browser.get(urljoin(HOSTED, first.headers["Location"]))
    assert login.status_code == 200, login.text
    assert [b["data-provider"] for b in buttons(login.text)] == ["Corp", "Google"]
    assert 'name="password"' not in login.text and 'name="username"' not in login.text
    assert "Login option is not available" not in login.text and ">or<" not in login.text
    went = browser.get(urljoin(HOSTED, buttons(login.text)[1]["href"]), allow_redirects=False)
    assert went.status_code == 302 and went.headers["Location"].startswith("https://accounts.google.com/")
    posted = browser.post(login.url, data={"username": "ana", "password": "x"}, allow_redirects=False)
    assert posted.status_code == 400 and "Login option is not available" in posted.text
