"""REST API COGNITO_USER_POOLS authorizer in front of real Flask and FastAPI apps, with tokens from
real sign-ins: what passes, the payload 1.0 event, and AWS's refusals (the app is never called)."""
import base64
import json

import pytest
from fastapi.testclient import TestClient

from cognito_mock.edge import CognitoUserPoolsAuthorizer, EdgeASGIMiddleware, EdgeWSGIMiddleware, InProcess, Route
from edge_helpers import add_user, fastapi_echo, flask_echo, make_pool

UNAUTHORIZED = {"message": "Unauthorized"}


@pytest.fixture
def pool(idp):
    return make_pool(idp)


@pytest.fixture
def flask_app(pool):
    app = flask_echo()
    app.wsgi_app = EdgeWSGIMiddleware(app.wsgi_app, CognitoUserPoolsAuthorizer(InProcess(), pool.pool_id))
    return app


def test_an_id_token_passes_with_every_claim_a_string(flask_app, pool):
    tokens = pool.password_tokens()
    answer = flask_app.test_client().post("/orders/7?x=1&x=2", headers={"Authorization": tokens["IdToken"]},
                                          data='{"n": 1}', content_type="application/json")
    assert answer.status_code == 200
    event = answer.json["event"]
    assert (event["resource"], event["path"], event["httpMethod"]) == ("/{proxy+}", "/orders/7", "POST")
    assert event["pathParameters"] == {"proxy": "orders/7"}
    assert event["queryStringParameters"] == {"x": "2"}
    assert event["multiValueQueryStringParameters"] == {"x": ["1", "2"]}
    assert (event["body"], event["isBase64Encoded"]) == ('{"n": 1}', False)
    claims = event["requestContext"]["authorizer"]["claims"]
    assert answer.json["authorizer"] == {"claims": claims}
    assert all(isinstance(v, str) for v in claims.values())
    assert (claims["cognito:username"], claims["email"], claims["email_verified"]) == ("ana", "ana@example.com", "true")
    assert claims["token_use"] == "id" and claims["aud"] == pool.client_id
    assert claims["auth_time"].isdigit()
    assert claims["exp"].endswith(" UTC " + claims["exp"][-4:]) and claims["exp"][:3] in (
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")          # "Wed Mar 04 20:03:58 UTC 2020"
    assert answer.json["body"] == '{"n": 1}'                       # the body still reaches the app


@pytest.mark.parametrize("value", [None, "", "garbage", "a.b.c", "Bearer {id}", "{access}"])
def test_missing_malformed_bearer_prefixed_and_access_tokens_get_401(flask_app, pool, value):
    tokens = pool.password_tokens()
    headers = {} if value is None else {"Authorization": value.format(id=tokens["IdToken"],
                                                                      access=tokens["AccessToken"])}
    answer = flask_app.test_client().get("/orders", headers=headers)
    assert (answer.status_code, answer.json) == (401, UNAUTHORIZED)


def test_refusals_never_reach_the_app(pool):
    app = flask_echo()
    app.wsgi_app = EdgeWSGIMiddleware(app.wsgi_app, CognitoUserPoolsAuthorizer(InProcess(), pool.pool_id))
    for headers in ({}, {"Authorization": "nope"}):
        assert app.test_client().get("/", headers=headers).status_code == 401
    assert app.calls == 0


def test_an_expired_token_gets_the_incoming_token_has_expired(flask_app, pool, mock):
    token = pool.password_tokens()["IdToken"]
    assert flask_app.test_client().get("/", headers={"Authorization": token}).status_code == 200
    mock.clock.advance(seconds=3600)
    answer = flask_app.test_client().get("/", headers={"Authorization": token})
    assert (answer.status_code, answer.json) == (401, {"message": "The incoming token has expired"})


def test_another_pools_token_and_a_tampered_one_get_401(flask_app, pool, idp):
    other = make_pool(idp, pool_name="other", domain=None)
    foreign = other.password_tokens()["IdToken"]
    header, payload, signature = pool.password_tokens()["IdToken"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["cognito:username"] = "admin"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    for token in (foreign, f"{header}.{forged}.{signature}", f"{header}.{payload}.{signature[:-4]}AAAA"):
        answer = flask_app.test_client().get("/", headers={"Authorization": token})
        assert (answer.status_code, answer.json) == (401, UNAUTHORIZED)


def test_revocation_is_not_checked_as_on_aws_unless_asked(pool, idp):
    tokens = pool.password_tokens()
    idp.global_sign_out(AccessToken=tokens["AccessToken"])
    lenient, strict = flask_echo(), flask_echo()
    lenient.wsgi_app = EdgeWSGIMiddleware(lenient.wsgi_app, CognitoUserPoolsAuthorizer(InProcess(), pool.pool_id))
    strict.wsgi_app = EdgeWSGIMiddleware(strict.wsgi_app, CognitoUserPoolsAuthorizer(
        InProcess(), pool.pool_id, check_revocation=True))
    assert lenient.test_client().get("/", headers={"Authorization": tokens["IdToken"]}).status_code == 200
    answer = strict.test_client().get("/", headers={"Authorization": tokens["IdToken"]})
    assert (answer.status_code, answer.json) == (401, UNAUTHORIZED)


def test_method_scopes_want_an_access_token_holding_one(pool):
    app = flask_echo()
    routes = [Route("GET", "/orders/{id}", scopes=["orders/read"]), Route("POST", "/orders", scopes=["orders/write"]),
              Route("GET", "/public", authorizer=False), Route("GET", "/me")]
    app.wsgi_app = EdgeWSGIMiddleware(app.wsgi_app, CognitoUserPoolsAuthorizer(InProcess(), pool.pool_id),
                                      routes=routes)
    web = app.test_client()
    tokens = pool.hosted_tokens(scope="openid orders/read")
    read = web.get("/orders/42", headers={"Authorization": tokens["access_token"]})
    assert read.status_code == 200
    event = read.json["event"]
    assert (event["resource"], event["pathParameters"]) == ("/orders/{id}", {"id": "42"})
    assert event["requestContext"]["authorizer"]["claims"]["scope"] == "openid orders/read"
    for path, method, token in (("/orders", "post", tokens["access_token"]),    # under-scoped
                                ("/orders/42", "get", tokens["id_token"]),       # an ID token where scopes are asked
                                ("/me", "get", tokens["access_token"])):         # an access token where none are
        answer = getattr(web, method)(path, headers={"Authorization": token})
        assert (answer.status_code, answer.json) == (401, UNAUTHORIZED), path
    assert web.get("/me", headers={"Authorization": tokens["id_token"]}).status_code == 200
    assert web.get("/public").status_code == 200
    assert web.get("/public").json["event"]["requestContext"].get("authorizer") is None
    missing = web.get("/nowhere", headers={"Authorization": tokens["id_token"]})
    assert (missing.status_code, missing.json) == (403, {"message": "Missing Authentication Token"})


def test_fastapi_with_an_srp_token_of_a_user_in_two_groups(pool, idp):
    add_user(idp, pool.pool_id, "bea", groups=("admins", "staff"))
    app = EdgeASGIMiddleware(fastapi_echo(), CognitoUserPoolsAuthorizer(InProcess(), pool.pool_id))
    token = pool.srp_tokens("bea")["IdToken"]
    with TestClient(app) as web:
        answer = web.get("/hello", headers={"Authorization": token})
        assert answer.status_code == 200
        claims = answer.json()["authorizer"]["claims"]
        assert claims["cognito:username"] == "bea"
        assert sorted(claims["cognito:groups"].split(",")) == ["admins", "staff"]
        assert answer.json()["event"]["requestContext"]["identity"]["sourceIp"] == "testclient"
        denied = web.get("/hello", headers={"Authorization": "x"})
        assert (denied.status_code, denied.json()) == (401, UNAUTHORIZED)


def test_one_authorizer_over_two_pools_and_another_identity_header(pool, idp):
    second = make_pool(idp, pool_name="second", domain=None)
    app = flask_echo()
    app.wsgi_app = EdgeWSGIMiddleware(app.wsgi_app, CognitoUserPoolsAuthorizer(
        InProcess(), [pool.pool_id, second.pool_id], identity_source="method.request.header.X-Token"))
    web = app.test_client()
    for made in (pool, second):
        assert web.get("/", headers={"X-Token": made.password_tokens()["IdToken"]}).status_code == 200
    assert web.get("/", headers={"Authorization": pool.password_tokens()["IdToken"]}).status_code == 401
