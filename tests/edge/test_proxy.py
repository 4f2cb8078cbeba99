"""``cognito-mock proxy``'s engine against a running cognito-mock server: the authorizers and ALB in
front of a tiny http.server upstream on 127.0.0.1; refused requests never reach the upstream."""
import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import boto3
import jwt
import pytest
import requests

from cognito_mock.edge import AlbAuthenticator, CognitoUserPoolsAuthorizer, JwtAuthorizer, Remote
from cognito_mock.edge.proxy import EdgeProxy
from edge_helpers import make_pool, sign_in

CREDS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}


class Upstream:
    """A plain app on 127.0.0.1 that answers with the headers it got, and counts its calls."""

    def __init__(self):
        seen = self.seen = []

        class Echo(BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append(dict(self.headers.items()))
                body = json.dumps({"path": self.path, "headers": dict(self.headers.items())}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def upstream():
    made = Upstream()
    yield made
    made.stop()


@pytest.fixture
def served(cognito_server):
    return boto3.client("cognito-idp", endpoint_url=cognito_server, **CREDS)


@pytest.fixture
def running():
    started = []

    def start(proxy):
        started.append(proxy.start())
        return proxy
    yield start
    for proxy in started:
        proxy.stop()


def test_rest_authorizer_in_front_of_an_http_app(cognito_server, served, upstream, running):
    pool = make_pool(served, domain=None)
    proxy = running(EdgeProxy(CognitoUserPoolsAuthorizer(Remote(cognito_server), pool.pool_id), upstream.url))
    tokens = pool.password_tokens()
    assert tokens and json.loads(base64.urlsafe_b64decode(tokens["IdToken"].split(".")[1] + "=="))["iss"] == \
        f"{cognito_server}/{pool.pool_id}"
    answer = requests.get(f"{proxy.url}/orders?id=1", headers={"Authorization": tokens["IdToken"]})
    assert answer.status_code == 200 and answer.json()["path"] == "/orders?id=1"
    context = json.loads(answer.json()["headers"]["x-amzn-request-context"])
    assert context["authorizer"]["claims"]["cognito:username"] == "ana"
    for headers in ({}, {"Authorization": "junk"}, {"Authorization": tokens["AccessToken"]}):
        refused = requests.get(f"{proxy.url}/orders", headers=headers)
        assert (refused.status_code, refused.json()) == (401, {"message": "Unauthorized"})
    assert len(upstream.seen) == 1


def test_http_jwt_authorizer_with_scopes(cognito_server, served, upstream, running):
    pool = make_pool(served, domain=None)
    authorizer = JwtAuthorizer(Remote(cognito_server), f"{cognito_server}/{pool.pool_id}", [pool.client_id])
    proxy = running(EdgeProxy(authorizer, upstream.url, scopes=["orders/read"]))
    tokens = pool.hosted_tokens(scope="openid orders/read", base=cognito_server)
    answer = requests.get(f"{proxy.url}/x", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert answer.status_code == 200
    assert json.loads(answer.json()["headers"]["x-amzn-request-context"])["authorizer"]["jwt"]["scopes"] == [
        "openid", "orders/read"]
    refused = requests.get(f"{proxy.url}/x", headers={"Authorization": f"Bearer {tokens['id_token']}"})
    assert refused.status_code == 403 and len(upstream.seen) == 1


def test_alb_in_front_of_an_http_app(cognito_server, served, upstream, running):
    pool = make_pool(served, domain=None, secret=True, callbacks=["https://placeholder.example.com/cb"])
    proxy = EdgeProxy(AlbAuthenticator(Remote(cognito_server), pool.pool_id, pool.client_id, scheme="http"),
                      upstream.url)
    served.update_user_pool_client(
        UserPoolId=pool.pool_id, ClientId=pool.client_id, AllowedOAuthFlowsUserPoolClient=True,
        AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid", "email"], SupportedIdentityProviders=["COGNITO"],
        CallbackURLs=[f"{proxy.url}/oauth2/idpresponse"],
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    running(proxy)
    browser = requests.Session()
    first = browser.get(f"{proxy.url}/app", allow_redirects=False)
    assert first.status_code == 302 and first.headers["Location"].startswith(f"{cognito_server}/oauth2/authorize?")
    authorize = first.headers["Location"]
    back = sign_in(browser, authorize.split("?")[0], {k: v[0] for k, v in parse_qs(urlsplit(authorize).query).items()})
    assert back.startswith(f"{proxy.url}/oauth2/idpresponse?")
    landed = browser.get(back)                       # follows ALB's redirect back to /app, with the cookie
    assert landed.status_code == 200 and landed.json()["path"] == "/app"
    headers = {k.lower(): v for k, v in landed.json()["headers"].items()}
    header = json.loads(base64.urlsafe_b64decode(headers["x-amzn-oidc-data"].split(".")[0]))
    pem = requests.get(f"{proxy.url}/_mock/elb-public-keys/us-east-1/{header['kid']}").text
    claims = jwt.decode(headers["x-amzn-oidc-data"], pem, algorithms=["ES256"])
    assert claims["username"] == "ana" and headers["x-amzn-oidc-identity"] == claims["sub"]
    assert len(upstream.seen) == 1


def test_the_cli_builds_each_mode(cognito_server, served, upstream, running):
    from cognito_mock.cli import build_proxy, main
    import argparse
    pool = make_pool(served, domain=None)
    parser_args = ["proxy", "--mode", "apigw-rest", "--upstream", upstream.url, "--port", "1",
                   "--user-pool-id", pool.pool_id, "--cognito", cognito_server]
    with pytest.raises(SystemExit):
        main(parser_args[:-2] + ["--mode", "nope"])
    args = argparse.Namespace(mode="apigw-rest", upstream=upstream.url, host="127.0.0.1", port=0,
                              user_pool_id=pool.pool_id, client_id=[], scopes=[], cognito=cognito_server,
                              on_unauthenticated="authenticate", scope="openid", session_timeout=604800)
    proxy = running(build_proxy(args))
    token = pool.password_tokens()["IdToken"]
    assert requests.get(f"{proxy.url}/", headers={"Authorization": token}).status_code == 200
    with pytest.raises(ValueError):
        build_proxy(argparse.Namespace(**{**vars(args), "mode": "apigw-http"}))
