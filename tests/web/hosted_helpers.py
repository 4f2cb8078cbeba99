"""Helpers of the hosted UI and OAuth 2.0 endpoint tests: a pool with a domain, an OAuth app client,
a confirmed user, and a browser-like walk through /oauth2/authorize and /login that follows every
redirect by hand (``allow_redirects=False``)."""
import base64
import hashlib
import secrets
from html.parser import HTMLParser
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from helpers import csrf

PASSWORD = "Corr3ct-Horse!"
CALLBACK = "https://app.example.com/callback"
SIGNED_OUT = "https://app.example.com/signed-out"
DOMAIN = "myapp"
HOSTED = f"https://{DOMAIN}.auth.us-east-1.amazoncognito.com"
CREDS_SERVER = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def fragment(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).fragment).items()}


@dataclass
class Hosted:
    """One pool with a domain and an OAuth client; ``base`` is where its endpoints answer."""

    idp: object
    pool_id: str
    client_id: str
    base: str = HOSTED
    client_secret: str | None = None

    def authorize(self, browser: requests.Session, **params) -> requests.Response:
        params = {"response_type": "code", "client_id": self.client_id, "redirect_uri": CALLBACK, **params}
        return browser.get(f"{self.base}/oauth2/authorize", params=params, allow_redirects=False)

    def sign_in(self, browser: requests.Session, username: str = "ana", password: str = PASSWORD,
                **params) -> str:
        """authorize -> /login (GET the form, POST the password) -> the app's callback URL."""
        first = self.authorize(browser, **params)
        assert first.status_code == 302, first.text
        login = urljoin(self.base, first.headers["Location"])
        assert urlsplit(login).path == "/login"
        assert browser.get(login, allow_redirects=False).status_code == 200
        done = browser.post(login, data={"username": username, "password": password, **csrf(browser)},
                            allow_redirects=False)
        assert done.status_code == 302, done.text
        return done.headers["Location"]

    def token(self, **form) -> requests.Response:
        auth = (self.client_id, self.client_secret) if self.client_secret else None
        if auth is None:
            form.setdefault("client_id", self.client_id)
        return requests.post(f"{self.base}/oauth2/token", data=form, auth=auth)

    def code_tokens(self, browser: requests.Session | None = None, **params) -> dict:
        verifier, challenge = pkce_pair()
        callback = self.sign_in(browser or requests.Session(), code_challenge=challenge,
                                code_challenge_method="S256", **params)
        answer = self.token(grant_type="authorization_code", code=query(callback)["code"], redirect_uri=CALLBACK,
                            code_verifier=verifier)
        assert answer.status_code == 200, answer.text
        return answer.json()


def add_user(idp, pool_id: str, username: str = "ana", **attributes) -> str:
    attributes = {"email": f"{username.strip('<>/')}@example.com", "email_verified": "true", **attributes}
    idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True)
    return username


def oauth_client(idp, pool_id: str, **overrides) -> dict:
    settings = {"ClientName": "web", "AllowedOAuthFlowsUserPoolClient": True, "AllowedOAuthFlows": ["code", "implicit"],
                "AllowedOAuthScopes": ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
                "CallbackURLs": [CALLBACK], "LogoutURLs": [SIGNED_OUT], "SupportedIdentityProviders": ["COGNITO"],
                "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"], **overrides}
    return idp.create_user_pool_client(UserPoolId=pool_id, **settings)["UserPoolClient"]


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values, self.actions = {}, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") != "submit":
            self.values[attrs["name"]] = attrs.get("value") or ""
        if tag == "form":
            self.actions.append(attrs.get("action", ""))


def form_of(page: str) -> tuple[str, dict[str, str]]:
    """(action, {name: value}) of the page's form, as a browser would read them (unescaped)."""
    parser = _Inputs()
    parser.feed(page)
    return parser.actions[0], parser.values
