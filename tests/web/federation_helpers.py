"""Helpers of the federated sign-in tests: identity providers of a hosted pool, and a browser-like
walk app -> /oauth2/authorize -> the (emulated) provider's account page -> /oauth2/idpresponse
-> the app's callback, following every redirect and self-posting form by hand."""
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
import requests

from hosted_helpers import CALLBACK, Hosted, pkce_pair, query

GOOGLE = {"client_id": "google-app.apps.googleusercontent.com", "client_secret": "g-secret",
          "authorize_scopes": "openid email profile"}
FACEBOOK = {"client_id": "1234567890", "client_secret": "fb-secret", "authorize_scopes": "public_profile,email"}
APPLE_KEY = ec.generate_private_key(ec.SECP256R1()).private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
APPLE = {"client_id": "com.example.app", "team_id": "TEAM123456", "key_id": "KEY1234567",
         "private_key": APPLE_KEY, "authorize_scopes": "email name"}
AMAZON = {"client_id": "amzn1.application-oa2-client.abc", "client_secret": "amzn-secret",
          "authorize_scopes": "profile"}
MAPPING = {"email": "email", "name": "name"}


def add_provider(idp, hosted: Hosted, name: str, kind: str, details: dict, mapping: dict | None = None,
                 **extra) -> None:
    idp.create_identity_provider(UserPoolId=hosted.pool_id, ProviderName=name, ProviderType=kind,
                                 ProviderDetails=details, AttributeMapping=mapping or MAPPING, **extra)
    client = idp.describe_user_pool_client(UserPoolId=hosted.pool_id, ClientId=hosted.client_id)["UserPoolClient"]
    idp.update_user_pool_client(UserPoolId=hosted.pool_id, ClientId=hosted.client_id,
                                AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=client["AllowedOAuthFlows"],
                                AllowedOAuthScopes=client["AllowedOAuthScopes"], CallbackURLs=[CALLBACK],
                                LogoutURLs=client.get("LogoutURLs", []),
                                SupportedIdentityProviders=[*client["SupportedIdentityProviders"], name])


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "id": attrs.get("id"), "inputs": {}})
        elif tag == "input" and self.forms and attrs.get("name") and attrs.get("type") in ("hidden", None, "text",
                                                                                             "checkbox"):
            if attrs.get("type") != "checkbox" or "checked" in attrs:
                self.forms[-1]["inputs"][attrs["name"]] = attrs.get("value") or ""


def forms(page: str) -> list[dict]:
    parser = _Forms()
    parser.feed(page)
    return parser.forms


def follow(browser: requests.Session, response: requests.Response, stop: str = CALLBACK) -> requests.Response:
    """Follow redirects and self-posting forms until the browser reaches ``stop`` or a page."""
    for _ in range(10):
        if response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(stop):
                return response
            response = browser.get(location, allow_redirects=False)
        elif "document.forms[0].submit()" in response.text:
            form = forms(response.text)[0]
            response = browser.post(urljoin(response.url, form["action"]), data=form["inputs"], allow_redirects=False)
        else:
            return response
    raise AssertionError("too many redirects")


def account_page(hosted: Hosted, browser: requests.Session, provider: str, **params) -> requests.Response:
    """/oauth2/authorize?identity_provider=... -> the provider's page (its URL is ``.url``)."""
    first = hosted.authorize(browser, identity_provider=provider, **params)
    assert first.status_code == 302, first.text
    page = browser.get(first.headers["Location"], allow_redirects=False)
    assert page.status_code == 200, page.text
    return page


def sign_in_at_provider(browser: requests.Session, page: requests.Response, **claims) -> requests.Response:
    """Submit the account page's form with ``claims`` typed in; the provider's answer, followed."""
    form = next(f for f in forms(page.text) if f["id"] == "new-account")
    data = {**form["inputs"], **{k: str(v).lower() if isinstance(v, bool) else v for k, v in claims.items()}}
    answer = browser.post(urljoin(page.url, form["action"]), data=data, allow_redirects=False)
    return follow(browser, answer)


def federate(hosted: Hosted, browser: requests.Session, provider: str, **claims) -> str:
    """A whole federated sign-in; the app's callback URL (a code)."""
    verifier, challenge = pkce_pair()
    page = account_page(hosted, browser, provider, state="app-state", code_challenge=challenge,
                        code_challenge_method="S256")
    done = sign_in_at_provider(browser, page, **claims)
    assert done.status_code == 302 and done.headers["Location"].startswith(CALLBACK), done.text
    browser.verifier = verifier
    return done.headers["Location"]


def federated_tokens(hosted: Hosted, browser: requests.Session, provider: str, **claims) -> dict:
    callback = federate(hosted, browser, provider, **claims)
    assert query(callback).get("state") == "app-state", callback
    answer = hosted.token(grant_type="authorization_code", code=query(callback)["code"], redirect_uri=CALLBACK,
                          code_verifier=browser.verifier)
    assert answer.status_code == 200, answer.text
    return answer.json()


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def path_of(url: str) -> str:
    return urlsplit(url).path
