"""HTTP API JWT authorizer (issuer + audience = app client ids, scopes per route) in front of Flask and
FastAPI: payload 2.0 events and AWS's 401/403 answers with www-authenticate."""
import pytest
from fastapi.testclient import TestClient

from cognito_mock.edge import EdgeASGIMiddleware, EdgeWSGIMiddleware, InProcess, JwtAuthorizer, Route
from edge_helpers import fastapi_echo, flask_echo, make_pool

UNAUTHORIZED = {"message": "Unauthorized"}


@pytest.fixture
def pool(idp):
    return make_pool(idp)


def issuer(pool):
    return f"https://cognito-idp.us-east-1.amazonaws.com/{pool.pool_id}"


@pytest.fixture
def web(pool):
    app = flask_echo()
    routes = [Route("GET", "/orders/{id}", scopes=["orders/read"]), Route("ANY", "/{proxy+}")]
    app.wsgi_app = EdgeWSGIMiddleware(app.wsgi_app, JwtAuthorizer(InProcess(), issuer(pool), [pool.client_id]),
                                      routes=routes)
    return app.test_client()


def test_access_and_id_tokens_both_pass_with_bearer_or_without(web, pool):
    tokens = pool.password_tokens()
    web.set_cookie("c1", "v1")
    web.set_cookie("c2", "v2")
    for value in (f"Bearer {tokens['AccessToken']}", tokens["IdToken"]):
        answer = web.get("/things?a=1&a=2", headers={"Authorization": value})
        assert answer.status_code == 200
    event = answer.json["event"]
    assert (event["version"], event["routeKey"], event["rawPath"], event["rawQueryString"]) == (
        "2.0", "ANY /{proxy+}", "/things", "a=1&a=2")
    assert event["queryStringParameters"] == {"a": "1,2"}
    assert event["cookies"] == ["c1=v1", "c2=v2"]
    assert all(name == name.lower() for name in event["headers"])
    assert event["pathParameters"] == {"proxy": "things"}
    jwt = event["requestContext"]["authorizer"]["jwt"]
    assert jwt["scopes"] is None                   # the route asks for no scopes
    assert jwt["claims"]["aud"] == pool.client_id and jwt["claims"]["token_use"] == "id"
    assert jwt["claims"]["email_verified"] == "true" and jwt["claims"]["exp"].isdigit()
    assert event["requestContext"]["http"]["method"] == "GET"


def test_a_routes_scopes(web, pool):
    tokens = pool.hosted_tokens(scope="openid orders/read")
    answer = web.get("/orders/9", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert answer.status_code == 200
    jwt = answer.json["event"]["requestContext"]["authorizer"]["jwt"]
    assert jwt["scopes"] == ["openid", "orders/read"]
    assert answer.json["event"]["routeKey"] == "GET /orders/{id}"
    other = pool.hosted_tokens(scope="openid orders/write")
    denied = web.get("/orders/9", headers={"Authorization": f"Bearer {other['access_token']}"})
    assert (denied.status_code, denied.json) == (403, {"message": "Forbidden"})
    assert 'error="insufficient_scope"' in denied.headers["www-authenticate"]
    id_only = web.get("/orders/9", headers={"Authorization": f"Bearer {tokens['id_token']}"})
    assert id_only.status_code == 403             # an ID token carries no scope


def test_wrong_audience_expired_and_garbage_get_401_with_www_authenticate(web, pool, idp, mock):
    stranger = idp.create_user_pool_client(UserPoolId=pool.pool_id, ClientName="other",
                                           ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    token = idp.initiate_auth(ClientId=stranger["ClientId"], AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "ana", "PASSWORD": "Corr3ct-Horse!"})["AuthenticationResult"]["AccessToken"]
    answer = web.get("/x", headers={"Authorization": f"Bearer {token}"})
    assert (answer.status_code, answer.json) == (401, UNAUTHORIZED)
    assert answer.headers["www-authenticate"] == ('Bearer scope="" error="invalid_token" '
                                                  'error_description="the token does not have a valid audience"')
    garbage = web.get("/x", headers={"Authorization": "Bearer x.y.z"})
    assert (garbage.status_code, garbage.json) == (401, UNAUTHORIZED)
    assert 'error="invalid_token"' in garbage.headers["www-authenticate"]
    assert web.get("/x").status_code == 401
    fresh = pool.password_tokens()["AccessToken"]
    mock.clock.advance(seconds=3601)
    expired = web.get("/x", headers={"Authorization": f"Bearer {fresh}"})
    assert expired.status_code == 401 and "expired" in expired.headers["www-authenticate"]


def test_fastapi_and_a_route_without_authorizer(pool, idp):
    routes = [Route("GET", "/health", authorizer=False), Route("GET", "/me")]
    app = EdgeASGIMiddleware(fastapi_echo(), JwtAuthorizer(InProcess(), pool.pool_id, [pool.client_id]), routes=routes)
    with TestClient(app) as web:
        assert web.get("/health").status_code == 200
        assert web.get("/me").status_code == 401
        missing = web.get("/nowhere")
        assert (missing.status_code, missing.json()) == (404, {"message": "Not Found"})
        answer = web.get("/me", headers={"Authorization": pool.srp_tokens()["AccessToken"]})
        assert answer.status_code == 200
        assert answer.json()["authorizer"]["jwt"]["claims"]["username"] == "ana"
