"""ALB authenticate-cognito in front of Flask and FastAPI: the redirect to the hosted UI, the code
exchange at /oauth2/idpresponse, the sharded session cookie, the x-amzn-oidc-* headers (the data
header verified with PyJWT against the key served at ELB's public key URL), deny/allow, session
timeout, refresh and sign-out."""
import base64
import json
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from fastapi.testclient import TestClient

from cognito_mock.edge import AlbAuthenticator, EdgeASGIMiddleware, EdgeWSGIMiddleware, InProcess
from edge_helpers import fastapi_echo, flask_echo, make_pool, sign_in

IDP_RESPONSE = "https://localhost/oauth2/idpresponse"


@pytest.fixture
def pool(idp):
    return make_pool(idp, callbacks=[IDP_RESPONSE], secret=True)


def alb_app(pool, **options):
    app = flask_echo()
    alb = AlbAuthenticator(InProcess(), pool.pool_id, pool.client_id, "edge-app", **options)
    app.wsgi_app = EdgeWSGIMiddleware(app.wsgi_app, alb)
    return app, app.test_client()


def log_in(web, path="/dashboard?tab=1") -> requests.Response:
    """The browser's round: the app -> ALB's redirect -> the hosted UI -> /oauth2/idpresponse -> the app."""
    first = web.get(path, base_url="https://localhost")
    assert first.status_code == 302
    authorize = first.headers["Location"]
    back = sign_in(requests.Session(), authorize.split("?")[0], {k: v[0] for k, v in parse_qs(urlsplit(authorize).query).items()})
    assert back.startswith(IDP_RESPONSE + "?")
    done = web.get(urlsplit(back).path + "?" + urlsplit(back).query, base_url="https://localhost")
    return done


def test_the_redirect_names_the_idpresponse_uri_scope_and_extra_params(pool):
    app, web = alb_app(pool, scope="openid email", extra_params={"lang": "fr"})
    answer = web.get("/dashboard", base_url="https://localhost")
    assert answer.status_code == 302 and app.calls == 0
    url = urlsplit(answer.headers["Location"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == "https://edge-app.auth.us-east-1.amazoncognito.com/oauth2/authorize"
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert params["client_id"] == pool.client_id and params["response_type"] == "code"
    assert (params["redirect_uri"], params["scope"], params["lang"]) == (IDP_RESPONSE, "openid email", "fr")
    assert params["state"]


def test_sign_in_sets_sharded_cookies_and_the_app_gets_verifiable_claims(pool, idp):
    idp.admin_update_user_attributes(UserPoolId=pool.pool_id, Username="ana", UserAttributes=[
        {"Name": "name", "Value": "N" * 2048}, {"Name": "nickname", "Value": "K" * 2048}])   # a session past 4K
    app, web = alb_app(pool)
    done = log_in(web)
    assert (done.status_code, done.headers["Location"]) == (302, "/dashboard?tab=1")
    cookies = [c for c in done.headers.getlist("Set-Cookie") if c.startswith("AWSELBAuthSessionCookie-")]
    assert [c.split("=", 1)[0] for c in cookies] == [f"AWSELBAuthSessionCookie-{i}" for i in range(len(cookies))]
    assert len(cookies) >= 2 and all(len(c.split(";")[0]) <= 4096 for c in cookies)   # sharded past 4K
    answer = web.get("/dashboard?tab=1", base_url="https://localhost")
    assert answer.status_code == 200
    oidc = {k.lower(): v for k, v in answer.json["oidc"].items()}
    data = oidc["x-amzn-oidc-data"]
    header = json.loads(base64.urlsafe_b64decode(data.split(".")[0]))
    assert header["alg"] == "ES256" and header["client"] == pool.client_id
    assert header["signer"].startswith("arn:aws:elasticloadbalancing:us-east-1:")
    assert header["iss"] == f"https://cognito-idp.us-east-1.amazonaws.com/{pool.pool_id}"
    pem = requests.get(f"https://public-keys.auth.elb.us-east-1.amazonaws.com/{header['kid']}").text
    claims = jwt.decode(data, pem, algorithms=["ES256"])        # PyJWT, against the served key
    assert claims["username"] == "ana" and claims["email"] == "ana@example.com" and claims["name"] == "N" * 2048
    assert oidc["x-amzn-oidc-identity"] == claims["sub"]
    access = jwt.decode(oidc["x-amzn-oidc-accesstoken"], options={"verify_signature": False})
    assert access["client_id"] == pool.client_id and access["sub"] == claims["sub"]


def test_deny_answers_401_and_allow_forwards_without_claims(pool):
    denied_app, denied = alb_app(pool, on_unauthenticated="deny")
    answer = denied.get("/api", base_url="https://localhost")
    assert answer.status_code == 401 and denied_app.calls == 0
    allowed_app, allowed = alb_app(pool, on_unauthenticated="allow")
    answer = allowed.get("/api", base_url="https://localhost", headers={"x-amzn-oidc-identity": "forged",
                                                                          "x-amzn-oidc-data": "forged"})
    assert answer.status_code == 200 and answer.json["oidc"] == {}      # a client's own oidc headers are dropped


def test_a_tampered_cookie_is_no_session(pool):
    app, web = alb_app(pool, on_unauthenticated="deny")
    log_in_app, log_in_web = app, web
    app.wsgi_app.edge.on_unauthenticated = "authenticate"
    log_in(web)
    app.wsgi_app.edge.on_unauthenticated = "deny"
    assert web.get("/", base_url="https://localhost").status_code == 200
    cookie = web.get_cookie("AWSELBAuthSessionCookie-0", domain="localhost")
    value = cookie.value
    web.set_cookie("AWSELBAuthSessionCookie-0", value[:-6] + ("AAAAAA" if value[-6:] != "AAAAAA" else "BBBBBB"),
                   domain="localhost", secure=True)
    assert web.get("/", base_url="https://localhost").status_code == 401


def test_session_timeout_refresh_and_sign_out(pool, idp, mock):
    app, web = alb_app(pool, session_timeout=7200)
    log_in(web)
    mock.clock.advance(seconds=3700)           # the access token expired: refreshed with the refresh token
    refreshed = web.get("/", base_url="https://localhost")
    assert refreshed.status_code == 200
    assert any(c.startswith("AWSELBAuthSessionCookie-0=") for c in refreshed.headers.getlist("Set-Cookie"))
    mock.clock.advance(seconds=3600)           # past SessionTimeout: log in again
    assert web.get("/", base_url="https://localhost").status_code == 302
    log_in(web)
    idp.admin_user_global_sign_out(UserPoolId=pool.pool_id, Username="ana")
    assert web.get("/", base_url="https://localhost").status_code == 200    # until the access token expires
    mock.clock.advance(seconds=3700)           # then the refresh fails: the session is over
    assert web.get("/", base_url="https://localhost").status_code == 302


def test_fastapi_behind_alb(pool):
    alb = AlbAuthenticator(InProcess(), pool.pool_id, pool.client_id, "edge-app")
    with TestClient(EdgeASGIMiddleware(fastapi_echo(), alb), base_url="https://localhost") as web:
        first = web.get("/x", follow_redirects=False)
        authorize = first.headers["location"]
        back = sign_in(requests.Session(), authorize.split("?")[0],
                       {k: v[0] for k, v in parse_qs(urlsplit(authorize).query).items()})
        done = web.get(back.replace("https://localhost", ""), follow_redirects=False)
        assert (done.status_code, done.headers["location"]) == (302, "/x")
        answer = web.get("/x")
        assert answer.status_code == 200
        assert answer.json()["oidc"]["x-amzn-oidc-identity"]
