"""The JSON APIs' POST / goes through CognitoApp.on_json_api, without werkzeug's Request and Response;
it answers exactly what the general path (respond -> on_api, plus the CORS headers) answers."""
import io
import json

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from cognito_mock.backend.store import Store
from cognito_mock.web import recent
from cognito_mock.web.app import CORS_HEADERS, CognitoApp

IDP = "AWSCognitoIdentityProviderService."
SIGNED = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/eu-west-1/cognito-idp/aws4_request, " \
         "SignedHeaders=host, Signature=abc"


@pytest.fixture
def app():
    made = CognitoApp(Store(), public_url="http://127.0.0.1:9229",
                      allowed_hosts=frozenset({"127.0.0.1", "localhost"}))
    environ, _ = _environ("CreateUserPool", {"PoolName": "p"})
    assert _fast(made, environ)[0] == "200 OK"
    return made


def _environ(target: str, body, host: str = "127.0.0.1:9229", **headers):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    environ = EnvironBuilder(method="POST", path="/", base_url=f"http://{host}", data=data, headers={
        "X-Amz-Target": IDP + target, "Content-Type": "application/x-amz-json-1.1", "Authorization": SIGNED,
        **headers}).get_environ()
    return environ, data


def _fast(app, environ):
    started = []
    body = b"".join(app(environ, lambda status, headers, exc=None: started.append((status, headers))))
    return started[0][0], dict(started[0][1]), body


def _slow(app, environ):
    response = app.respond(Request(environ))
    response.headers.extend(CORS_HEADERS)
    return response.status, dict(response.headers), response.get_data()


@pytest.mark.parametrize("target, body", [
    ("ListUserPools", {"MaxResults": 10}),
    ("DescribeUserPool", {"UserPoolId": "eu-west-1_nothere1"}),           # ResourceNotFoundException
    ("ListUserPools", {"MaxResults": 0}),                                   # fails validation
    ("ListUserPools", b"{not json"),
    ("NoSuchOperation", {}),
    ("AdminGetUser", {"UserPoolId": "eu-west-1_nothere1", "Username": "ana"}),
])
def test_same_answer_as_the_general_path(app, monkeypatch, target, body):
    fast_environ, data = _environ(target, body)
    slow_environ, _ = _environ(target, body)
    slow_environ["wsgi.input"] = io.BytesIO(data)
    with monkeypatch.context() as patch:
        patch.setattr("cognito_mock.web.app.Request", None)        # the fast path makes no Request
        fast = _fast(app, fast_environ)
    slow = _slow(app, slow_environ)
    assert fast[0] == slow[0]
    assert fast[2] == slow[2]
    fast_headers = {k: v for k, v in fast[1].items() if k != "x-amzn-RequestId"}
    slow_headers = {k: v for k, v in slow[1].items() if k != "x-amzn-RequestId"}
    assert fast_headers == slow_headers and fast_headers["Access-Control-Allow-Origin"] == "*"
    assert fast_environ.get("cognito_mock.error") == slow_environ.get("cognito_mock.error")


def test_errors_are_named_for_the_log_and_calls_recorded(app):
    environ, _ = _environ("DescribeUserPool", {"UserPoolId": "eu-west-1_nothere1"})
    status, _headers, _body = _fast(app, environ)
    assert status == "400 BAD REQUEST" and environ["cognito_mock.error"] == "ResourceNotFoundException"
    latest = recent.latest(app.store)[0]
    assert (latest["action"], latest["status"]) == ("DescribeUserPool", 400)


def test_a_host_the_server_does_not_answer_still_gets_421(app):
    environ, _ = _environ("ListUserPools", {"MaxResults": 10}, host="evil.example:9229")
    status, _headers, body = _fast(app, environ)
    assert status.startswith("421") and json.loads(body)["__type"] == "MisdirectedRequest"
