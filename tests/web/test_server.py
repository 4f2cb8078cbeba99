"""The standalone server: CLI, AWS CLI and boto3 through endpoint_url, JWKS/OIDC, /_mock/ paths."""
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys

import boto3
import pytest
import requests

import served as serving
from served import free_port

CREDS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}


@pytest.fixture
def served():
    """``cognito-mock serve`` in a child process (tests/served.py); yields its base URL and the process."""
    url, proc = serving.start()
    yield url, proc
    serving.stop(proc)


def test_serve_answers_boto3_and_stops_cleanly_on_sigterm(served):
    url, proc = served
    idp = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=url, **CREDS)
    pool_id = idp.create_user_pool(PoolName="served")["UserPool"]["Id"]
    assert [p["Id"] for p in idp.list_user_pools(MaxResults=10)["UserPools"]] == [pool_id]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=5) == 0
    log = serving.read_log(proc)
    assert "127.0.0.1 POST / 200 cognito-idp CreateUserPool" in log      # one log line per request
    assert "127.0.0.1 POST / 200 cognito-idp ListUserPools" in log


def test_aws_cli_lists_pools(served):
    url, _ = served
    aws = shutil.which("aws")
    if aws is None:
        pytest.skip("AWS CLI not installed")
    boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=url, **CREDS).create_user_pool(PoolName="cli")
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
    out = subprocess.run([aws, "cognito-idp", "list-user-pools", "--max-results", "10", "--endpoint-url", url],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["UserPools"][0]["Name"] == "cli"


def test_sigint_stops_too(served):
    _, proc = served
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=5) == 0


def test_mock_paths_and_cors(cognito_server):
    assert requests.get(cognito_server + "/_mock/health").json()["status"] == "ok"
    pre = requests.options(cognito_server + "/", headers={"Origin": "http://localhost:3000",
                                                           "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 204
    assert pre.headers["Access-Control-Allow-Origin"] == "*"
    assert "x-amz-target" in pre.headers["Access-Control-Allow-Headers"]


def test_reset_empties_the_state(cognito, cognito_server):
    idp = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=cognito_server, **CREDS)
    idp.create_user_pool(PoolName="gone")
    assert requests.post(cognito_server + "/_mock/reset").status_code == 200
    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []


def test_raw_bad_requests_are_400s_not_500s(cognito_server):
    headers = {"Content-Type": "application/x-amz-json-1.1"}
    bad = requests.post(cognito_server + "/", data="{", headers={**headers, "X-Amz-Target":
                                                                  "AWSCognitoIdentityProviderService.ListUserPools"})
    assert bad.status_code == 400 and bad.json()["__type"] == "SerializationException"
    unknown = requests.post(cognito_server + "/", data="{}", headers={**headers, "X-Amz-Target": "Nope.Nope"})
    assert unknown.status_code == 400 and unknown.json()["__type"] == "UnknownOperationException"
    missing = requests.post(cognito_server + "/", data="{}", headers={
        **headers, "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools"})
    assert missing.status_code == 400
    assert missing.json() == {"__type": "InvalidParameterException", "message": "1 validation error detected: "
                              "Value null at 'maxResults' failed to satisfy constraint: Member must not be null"}
    assert requests.get(cognito_server + "/us-east-1_nope/.well-known/jwks.json").status_code == 404


def test_persist_keeps_state_across_restarts(tmp_path):
    state = tmp_path / "state.bin"

    def start():
        url, proc = serving.start("--persist", str(state))
        return proc, boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=url, **CREDS)

    proc, idp = start()
    pool_id = idp.create_user_pool(PoolName="kept")["UserPool"]["Id"]
    idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS")
    jwks_before = requests.get(f"{idp.meta.endpoint_url}/{pool_id}/.well-known/jwks.json").json()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0 and state.exists()
    proc, idp = start()
    try:
        assert idp.admin_get_user(UserPoolId=pool_id, Username="ana")["Username"] == "ana"
        assert requests.get(f"{idp.meta.endpoint_url}/{pool_id}/.well-known/jwks.json").json() == jwks_before
        assert idp.create_user_pool_client(UserPoolId=pool_id, ClientName="after")["UserPoolClient"]["ClientId"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        serving.stop(proc)


@pytest.mark.parametrize("make, says", [
    (lambda p: p.write_bytes(b"\x80\x04 not a store"), "not a cognito-mock store"),
    (lambda p: p.write_bytes(b""), "not a cognito-mock store"),
    (lambda p: p.parent.joinpath("gone").joinpath("x"), "does not exist"),
])
def test_persist_refuses_what_cannot_keep_a_state_with_one_line(tmp_path, make, says):
    state = tmp_path / "state.db"
    made = make(state)
    target = made if isinstance(made, pathlib.Path) else state
    before = target.read_bytes() if target.is_file() else None
    out = subprocess.run([sys.executable, "-m", "cognito_mock", "serve", "--port", str(free_port()),
                          "--persist", str(target)], capture_output=True, text=True, timeout=30)
    assert out.returncode == 2
    assert says in out.stderr and "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert (target.read_bytes() if target.is_file() else None) == before
