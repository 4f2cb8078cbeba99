"""Helpers of the edge tests: a pool with a domain, a resource server and an OAuth client; tokens from
real sign-ins (password, SRP, the hosted UI's code flow); tiny Flask and FastAPI apps that echo
what the edge handed them."""
from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

import requests
from fastapi import FastAPI, Request
from pycognito import Cognito

from helpers import csrf

PASSWORD = "Corr3ct-Horse!"
DOMAIN = "edge-app"
REGION = "us-east-1"
CALLBACK = "https://app.example.com/callback"
SCOPES = ["openid", "email", "profile", "aws.cognito.signin.user.admin", "orders/read", "orders/write"]


@dataclass
class EdgePool:
    idp: object
    pool_id: str
    client_id: str
    client_secret: str | None = None

    @property
    def hosted(self) -> str:
        return f"https://{DOMAIN}.auth.{REGION}.amazoncognito.com"

    def password_tokens(self, username: str = "ana") -> dict:
        answer = self.idp.initiate_auth(ClientId=self.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                        AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD,
                                                        **self._secret_hash(username)})
        return answer["AuthenticationResult"]

    def srp_tokens(self, username: str = "ana") -> dict:
        user = Cognito(self.pool_id, self.client_id, username=username, client_secret=self.client_secret)
        user.authenticate(password=PASSWORD)
        return {"IdToken": user.id_token, "AccessToken": user.access_token}

    def hosted_tokens(self, scope: str, username: str = "ana", base: str | None = None) -> dict:
        """The hosted UI's authorization code grant with PKCE, followed by hand."""
        base = base or self.hosted
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        callback = sign_in(requests.Session(), f"{base}/oauth2/authorize", {
            "response_type": "code", "client_id": self.client_id, "redirect_uri": CALLBACK, "scope": scope,
            "code_challenge": challenge, "code_challenge_method": "S256"}, username)
        code = parse_qs(urlsplit(callback).query)["code"][0]
        auth = (self.client_id, self.client_secret) if self.client_secret else None
        answer = requests.post(f"{base}/oauth2/token", auth=auth, data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK, "code_verifier": verifier,
            **({} if auth else {"client_id": self.client_id})})
        assert answer.status_code == 200, answer.text
        return answer.json()

    def _secret_hash(self, username: str) -> dict:
        if not self.client_secret:
            return {}
        import hmac
        digest = hmac.new(self.client_secret.encode(), (username + self.client_id).encode(), hashlib.sha256).digest()
        return {"SECRET_HASH": base64.b64encode(digest).decode()}


def sign_in(browser: requests.Session, authorize: str, params: dict, username: str = "ana") -> str:
    """GET /oauth2/authorize -> /login form -> POST the password; the URL the hosted UI sends the browser back to."""
    first = browser.get(authorize, params=params, allow_redirects=False)
    assert first.status_code == 302, first.text
    login = urljoin(authorize, first.headers["Location"])
    assert browser.get(login, allow_redirects=False).status_code == 200
    done = browser.post(login, data={"username": username, "password": PASSWORD, **csrf(browser)},
                        allow_redirects=False)
    assert done.status_code == 302, done.text
    return done.headers["Location"]


def make_pool(idp, *, callbacks=(CALLBACK,), secret: bool = False, pool_name: str = "edge",
              domain: str | None = DOMAIN) -> EdgePool:
    pool_id = idp.create_user_pool(PoolName=pool_name, AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    if domain:
        idp.create_user_pool_domain(UserPoolId=pool_id, Domain=domain)
    idp.create_resource_server(UserPoolId=pool_id, Identifier="orders", Name="orders",
                               Scopes=[{"ScopeName": "read", "ScopeDescription": "read"},
                                       {"ScopeName": "write", "ScopeDescription": "write"}])
    client = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="web", GenerateSecret=secret, AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"], AllowedOAuthScopes=SCOPES, CallbackURLs=list(callbacks),
        SupportedIdentityProviders=["COGNITO"],
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]
    add_user(idp, pool_id, "ana")
    return EdgePool(idp, pool_id, client["ClientId"], client.get("ClientSecret"))


def add_user(idp, pool_id: str, username: str, groups: tuple[str, ...] = ()) -> None:
    idp.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"},
                                          {"Name": "email_verified", "Value": "true"}])
    idp.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True)
    for group in groups:
        try:
            idp.create_group(UserPoolId=pool_id, GroupName=group)
        except idp.exceptions.GroupExistsException:
            pass
        idp.admin_add_user_to_group(UserPoolId=pool_id, Username=username, GroupName=group)


def flask_echo():
    """A Flask app answering every path with what the edge handed it."""
    from flask import Flask, jsonify, request
    app = Flask("echo")
    app.calls = 0

    @app.route("/", defaults={"path": ""}, methods=["GET", "POST", "DELETE"])
    @app.route("/<path:path>", methods=["GET", "POST", "DELETE"])
    def echo(path):
        app.calls += 1
        return jsonify(path=path, event=request.environ.get("serverless.event"),
                       authorizer=request.environ.get("serverless.authorizer"),
                       oidc={k: v for k, v in request.headers.items() if k.lower().startswith("x-amzn-oidc")},
                       body=request.get_data(as_text=True))
    return app


def fastapi_echo():
    app = FastAPI()
    app.state.calls = 0

    @app.api_route("/{path:path}", methods=["GET", "POST", "DELETE"])
    async def echo(path: str, request: Request):
        app.state.calls += 1
        return {"path": path, "event": request.scope.get("aws.event"),
                "authorizer": request.scope.get("aws.authorizer"),
                "oidc": {k: v for k, v in request.headers.items() if k.startswith("x-amzn-oidc")},
                "body": (await request.body()).decode()}
    return app
