"""``cognito-mock serve --seed FILE`` and ``cognito-mock export``: a seeded server answers boto3 with the
seeded users and client id; a bad file stops it before it listens (exit 2); export seeds an equal state."""
import copy
import json
import subprocess
import sys

import boto3
import pytest

from cognito_mock import cli

import served
from served import free_port
from test_state_files import BAD, CLIENT_ID, POOL_ID, SEED, with_change

CREDS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}


@pytest.fixture
def serve_seeded():
    """``cognito-mock serve --seed FILE`` in a child process (tests/served.py); yields start(seed_path)."""
    started = []

    def start(seed_path):
        url, proc = served.start("--seed", str(seed_path))
        started.append(proc)
        return url, proc
    yield start
    for proc in started:
        served.stop(proc)


def test_a_seeded_server_signs_in_the_seeded_users(serve_seeded, tmp_path):
    (tmp_path / "app.json").write_text(json.dumps(SEED))
    url, _ = serve_seeded(tmp_path / "app.json")
    idp = boto3.client("cognito-idp", endpoint_url=url, **CREDS)
    users = idp.list_users(UserPoolId=POOL_ID)["Users"]
    assert sorted(u["Username"] for u in users) == ["ana", "bob", "cy", "dee"]
    tokens = idp.initiate_auth(ClientId=CLIENT_ID, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd12"})["AuthenticationResult"]
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "ana"


def test_export_then_seed_a_fresh_server_gives_the_same_state(serve_seeded, tmp_path, capsys):
    (tmp_path / "app.json").write_text(json.dumps(SEED))
    first, _ = serve_seeded(tmp_path / "app.json")
    idp = boto3.client("cognito-idp", endpoint_url=first, **CREDS)
    idp.admin_create_user(UserPoolId=POOL_ID, Username="eve", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=POOL_ID, Username="eve", Password="Evepassw0rd", Permanent=True)
    assert cli.main(["export", "--url", first]) == 0
    exported = json.loads(capsys.readouterr().out)
    (tmp_path / "state.json").write_text(json.dumps(exported))
    second, _ = serve_seeded(tmp_path / "state.json")
    assert cli.main(["export", "--url", second, "--output", str(tmp_path / "again.json")]) == 0
    assert json.loads((tmp_path / "again.json").read_text()) == exported
    again = boto3.client("cognito-idp", endpoint_url=second, **CREDS)
    assert again.initiate_auth(ClientId=CLIENT_ID, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "eve", "PASSWORD": "Evepassw0rd"})["AuthenticationResult"]


@pytest.mark.parametrize("change,message", BAD, ids=[m.split(":")[0] for _, m in BAD])
def test_a_bad_seed_file_stops_the_server_with_the_path(change, message, tmp_path, capsys, monkeypatch):
    (tmp_path / "app.json").write_text(json.dumps(with_change(change)))
    monkeypatch.setattr("cognito_mock.server.http_server", lambda *a, **k: pytest.fail("the server listened"))
    assert cli.main(["serve", "--port", str(free_port()), "--seed", str(tmp_path / "app.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cognito-mock: --seed {tmp_path / 'app.json'}: {message}"), err


def test_a_bad_seed_file_exits_2_and_nothing_listens(tmp_path):
    seed = copy.deepcopy(SEED)
    seed["UserPools"][0]["Clients"][1]["ExplicitAuthFlows"] = ["ALLOW_NOTHING"]
    (tmp_path / "app.json").write_text(json.dumps(seed))
    port = free_port()
    done = subprocess.run([sys.executable, "-m", "cognito_mock", "serve", "--port", str(port), "--seed",
                           str(tmp_path / "app.json")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "UserPools[0].Clients[1].ExplicitAuthFlows: InvalidParameterException" in done.stderr
    assert "listening" not in done.stdout and "Traceback" not in done.stderr


def test_export_says_when_no_server_answers(capsys):
    assert cli.main(["export", "--url", f"http://127.0.0.1:{free_port()}"]) == 1
    assert "cannot read" in capsys.readouterr().err
