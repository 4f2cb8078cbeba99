"""``cognito-mock api``: Python Lambda handlers behind the authorizers, from a routes file or a SAM
template, answered as API Gateway answers (the proxy event in, the handler's dict out)."""
import json
import subprocess
import sys
import textwrap
import time

import pytest
import requests

from cognito_mock.edge import InProcess
from cognito_mock.edge import api_spec
from cognito_mock.edge.runner import from_spec
from edge_helpers import make_pool

HANDLERS = '''
import json

def get_item(event, context):
    claims = event["requestContext"]["authorizer"].get("claims") or event["requestContext"]["authorizer"]["jwt"]["claims"]
    return {"statusCode": 200, "headers": {"content-type": "application/json"},
            "body": json.dumps({"id": event["pathParameters"]["id"], "user": claims.get("cognito:username") or claims["username"],
                                "function": context.function_name, "remaining": context.get_remaining_time_in_millis() > 0})}

def health(event, context):
    return {"statusCode": 200, "body": "ok"}

def broken(event, context):
    raise RuntimeError("boom")

def v2(event, context):
    return {"scopes": event["requestContext"]["authorizer"]["jwt"]["scopes"], "route": event["routeKey"]}
'''


@pytest.fixture
def pool(idp):
    return make_pool(idp)


@pytest.fixture
def code(tmp_path, monkeypatch):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "items_app.py").write_text(HANDLERS)
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    return tmp_path


def serve(spec):
    api = from_spec(spec, InProcess()).start()
    return api


def test_a_routes_file_serves_handlers_behind_the_rest_authorizer(pool, code):
    (code / "api.json").write_text(json.dumps({
        "type": "rest", "userPoolId": pool.pool_id, "codeDir": "src",
        "routes": [{"method": "GET", "path": "/items/{id}", "handler": "items_app.get_item"},
                   {"method": "GET", "path": "/health", "handler": "items_app.health", "authorizer": False},
                   {"method": "POST", "path": "/broken", "handler": "items_app.broken"}]}))
    api = serve(api_spec.load(str(code / "api.json")))
    try:
        token = pool.password_tokens()["IdToken"]
        answer = requests.get(f"{api.url}/items/42", headers={"Authorization": token})
        assert answer.status_code == 200
        assert answer.json() == {"id": "42", "user": "ana", "function": "items_app", "remaining": True}
        assert requests.get(f"{api.url}/items/42").status_code == 401                        # no token
        assert requests.get(f"{api.url}/items/42", headers={"Authorization": token + "x"}).json() == \
            {"message": "Unauthorized"}
        assert requests.get(f"{api.url}/health").text == "ok"                                 # no authorizer
        broken = requests.post(f"{api.url}/broken", headers={"Authorization": token})
        assert (broken.status_code, broken.json()) == (502, {"message": "Internal server error"})
        missing = requests.get(f"{api.url}/nowhere", headers={"Authorization": token})
        assert (missing.status_code, missing.json()) == (403, {"message": "Missing Authentication Token"})
    finally:
        api.stop()


SAM_HTTP = """
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    CodeUri: src/
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            IdentitySource: $request.header.Authorization
            JwtConfiguration:
              issuer: !Sub https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}
              audience:
                - !Ref UserPoolClient
  ItemFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: items_app.v2
      Events:
        Read:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Path: /items/{id}
            Method: get
            Auth:
              AuthorizationScopes: [orders/read]
"""


def test_a_sam_http_api_with_a_jwt_authorizer_and_route_scopes(pool, code):
    (code / "template.yaml").write_text(SAM_HTTP)
    spec = api_spec.load(str(code / "template.yaml"))
    assert (spec.kind, spec.issuer, spec.audience) == ("http", None, [])       # intrinsics: not known locally
    with pytest.raises(api_spec.SpecError):
        spec.override(None, [])
    api = serve(spec.override(pool.pool_id, [pool.client_id]))
    try:
        read = pool.hosted_tokens("openid orders/read")["access_token"]
        answer = requests.get(f"{api.url}/items/1", headers={"Authorization": f"Bearer {read}"})
        assert answer.status_code == 200
        assert answer.json() == {"scopes": ["openid", "orders/read"], "route": "GET /items/{id}"}
        other = pool.hosted_tokens("openid orders/write")["access_token"]
        assert requests.get(f"{api.url}/items/1", headers={"Authorization": f"Bearer {other}"}).status_code == 403
    finally:
        api.stop()


def test_a_sam_rest_api_with_a_literal_user_pool_arn(pool, code):
    template = {"Resources": {
        "Api": {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "dev", "Auth": {
            "DefaultAuthorizer": "Pool", "Authorizers": {"Pool": {
                "UserPoolArn": f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{pool.pool_id}"}}}}},
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {"CodeUri": "src", "Handler": "items_app.get_item",
               "Events": {"Get": {"Type": "Api", "Properties": {"RestApiId": {"Ref": "Api"}, "Path": "/items/{id}",
                                                                 "Method": "GET"}}}}}}}
    (code / "template.json").write_text(json.dumps(template))
    spec = api_spec.load(str(code / "template.json")).override(None, [])
    assert spec.user_pool_ids == [pool.pool_id]
    api = serve(spec)
    try:
        answer = requests.get(f"{api.url}/items/7", headers={"Authorization": pool.password_tokens()["IdToken"]})
        assert answer.json()["id"] == "7"
    finally:
        api.stop()


@pytest.mark.parametrize("document,message", [
    ({"type": "soap"}, "type"), ({"routes": [{"path": "/x"}]}, "routes[0]"),
    ({"Resources": {}}, "Api or HttpApi"),
    ({"Resources": {"F": {"Type": "AWS::Serverless::Function", "Properties": {"Handler": "a.b", "Events": {
        "E": {"Type": "Api", "Properties": {"Path": "/", "Method": "get", "Auth": {"Authorizer": "Nope"}}}}}}}},
     "authorizer 'Nope' is not defined")])
def test_bad_files_say_where(tmp_path, document, message):
    (tmp_path / "bad.json").write_text(json.dumps(document))
    with pytest.raises(api_spec.SpecError) as raised:
        api_spec.load(str(tmp_path / "bad.json")).override("us-east-1_x", ["c"])
    assert message in str(raised.value)


def test_the_command_line_exits_2_on_a_bad_file(tmp_path):
    (tmp_path / "bad.json").write_text("{")
    done = subprocess.run([sys.executable, "-m", "cognito_mock", "api", str(tmp_path / "bad.json")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "cognito-mock: api:" in done.stderr and "Traceback" not in done.stderr
