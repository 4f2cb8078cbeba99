"""JavaScript clients against the server: the AWS SDK for JavaScript v3 and Amplify v6 (through its
``userPoolEndpoint``). Their packages come from the npm registry (``npm ci`` in tests/interop/js, which
.ci/run does); the tokens they end up with verify against the served JWKS."""
import json
import pathlib
import shutil
import subprocess

import jwt
import pytest

JS = pathlib.Path(__file__).resolve().parent / "js"
NO_NODE = pytest.mark.skipif(shutil.which("node") is None or not (JS / "node_modules").is_dir(),
                                reason="node or tests/interop/js/node_modules is missing (cd tests/interop/js && npm ci)")


def node(script: str, *args: str) -> dict:
    done = subprocess.run(["node", str(JS / script), *args], capture_output=True, text=True, timeout=120, cwd=JS)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def verified(token: str, server: str, pool_id: str, client_id: str) -> dict:
    issuer = f"{server}/{pool_id}"
    key = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json").get_signing_key_from_jwt(token).key
    return jwt.decode(token, key, algorithms=["RS256"], issuer=issuer, audience=client_id)


@NO_NODE
def test_aws_sdk_for_javascript_v3(cognito_server, cognito_idp, user_pool):
    ids = user_pool(AutoVerifiedAttributes=["email"])
    answer = node("sdk_v3.mjs", cognito_server, ids.client_id)
    assert answer["username"] == "js-user"
    assert verified(answer["idToken"], cognito_server, ids.pool_id, ids.client_id)["email"] == "js@example.com"
    assert answer["wrong"] == {"name": "NotAuthorizedException", "message": "Incorrect username or password."}
    assert cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="js-user")["UserStatus"] == "CONFIRMED"


@NO_NODE
def test_amplify_v6_signs_in_with_srp_through_user_pool_endpoint(cognito_server, cognito_idp, user_pool):
    ids = user_pool()
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="amy", MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="amy", Password="Passw0rd!", Permanent=True)
    answer = node("amplify_v6.mjs", cognito_server, ids.pool_id, ids.client_id, "amy", "Passw0rd!")
    assert (answer["signedIn"], answer["step"], answer["username"]) == (True, "DONE", "amy")
    assert verified(answer["idToken"], cognito_server, ids.pool_id, ids.client_id)["cognito:username"] == "amy"
    assert answer["wrong"]["name"] == "NotAuthorizedException"


def test_the_service_endpoint_environment_variables_reach_the_server(cognito_server, monkeypatch, user_pool):
    """The convention every current AWS SDK follows (``AWS_ENDPOINT_URL_<SERVICE>``), shown with boto3."""
    import boto3
    ids = user_pool()
    monkeypatch.setenv("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", cognito_server)
    client = boto3.client("cognito-idp", region_name="us-east-1", aws_access_key_id="test",
                          aws_secret_access_key="test")
    assert client.meta.endpoint_url == cognito_server
    assert client.describe_user_pool(UserPoolId=ids.pool_id)["UserPool"]["Id"] == ids.pool_id
