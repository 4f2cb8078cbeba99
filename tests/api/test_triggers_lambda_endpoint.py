"""Triggers on a real runtime: functions not registered as Python callables are invoked through the
Lambda Invoke API at ``cognito.triggers.endpoint`` (``serve --lambda-endpoint``), as sam local
start-lambda, LocalStack or moto's server answer it. Here a small Invoke API server runs in the test."""
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from botocore.exceptions import ClientError

from helpers import error_of

ARN = "arn:aws:lambda:us-east-1:123456789012:function:{}"


def pre_sign_up(event):
    if not event["request"]["userAttributes"].get("email", "").endswith("@example.com"):
        return None, {"errorMessage": "Invite only", "errorType": "Exception"}
    event["response"]["autoConfirmUser"] = True
    return event, None


FUNCTIONS = {"gate": pre_sign_up}


@pytest.fixture
def lambda_api(cognito):
    """An Invoke API on 127.0.0.1 answering for FUNCTIONS; ``.received`` lists (name, qualifier, event)."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            found = re.fullmatch(r"/2015-03-31/functions/([^/?]+)/invocations(?:\?Qualifier=(.+))?", self.path)
            event = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            if found is None or found.group(1) not in FUNCTIONS:
                return self.answer(404, {"Type": "User", "Message": "Function not found"},
                                   {"x-amzn-errortype": "ResourceNotFoundException"})
            received.append((found.group(1), found.group(2), event))
            result, error = FUNCTIONS[found.group(1)](event)
            self.answer(200, error or result, {"X-Amz-Function-Error": "Unhandled"} if error else {})

        def answer(self, status, body, headers):
            data = json.dumps(body).encode()
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    cognito.triggers.endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    server.received = received
    yield server
    server.shutdown()
    server.server_close()


def test_a_remote_pre_sign_up_confirms_and_refuses(idp, user_pool, lambda_api):
    ids = user_pool(LambdaConfig={"PreSignUp": ARN.format("gate")})
    answer = idp.sign_up(ClientId=ids.client_id, Username="ana", Password="Passw0rd!",
                         UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    assert answer["UserConfirmed"] is True
    name, qualifier, event = lambda_api.received[-1]
    assert (name, qualifier, event["triggerSource"], event["userPoolId"]) == ("gate", None, "PreSignUp_SignUp", ids.pool_id)
    with pytest.raises(ClientError) as raised:
        idp.sign_up(ClientId=ids.client_id, Username="bo", Password="Passw0rd!",
                    UserAttributes=[{"Name": "email", "Value": "bo@elsewhere.net"}])
    assert error_of(raised) == ("UserLambdaValidationException", "PreSignUp failed with error Invite only.")
    assert [u["Username"] for u in idp.list_users(UserPoolId=ids.pool_id)["Users"]] == ["ana"]


def test_an_alias_is_sent_as_the_qualifier(idp, user_pool, lambda_api):
    ids = user_pool(LambdaConfig={"PreSignUp": ARN.format("gate") + ":live"})
    idp.sign_up(ClientId=ids.client_id, Username="ana", Password="Passw0rd!",
                UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    assert lambda_api.received[-1][:2] == ("gate", "live")


def test_a_function_the_runtime_does_not_have(idp, user_pool, lambda_api):
    ids = user_pool(LambdaConfig={"PreSignUp": ARN.format("missing")})
    with pytest.raises(ClientError) as raised:
        idp.sign_up(ClientId=ids.client_id, Username="ana", Password="Passw0rd!")
    assert error_of(raised) == ("UnexpectedLambdaException",
                                "PreSignUp invocation failed due to error ResourceNotFoundException.")
    assert idp.list_users(UserPoolId=ids.pool_id)["Users"] == []


def test_a_registered_python_function_still_wins(cognito, idp, user_pool, lambda_api):
    ids = user_pool(LambdaConfig={"PreSignUp": ARN.format("gate")})
    cognito.triggers.register("gate", lambda event, context: {**event, "response": {"autoConfirmUser": False}})
    assert idp.sign_up(ClientId=ids.client_id, Username="ana", Password="Passw0rd!")["UserConfirmed"] is False
    assert lambda_api.received == []
