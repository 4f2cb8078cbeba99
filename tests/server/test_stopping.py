"""``cognito-mock serve`` stops on SIGTERM/SIGINT like a server you can leave running: it stops
accepting, answers every request it has received, and exits at once when idle."""
import signal
import socket
import threading
import time

import boto3
from botocore.config import Config
import pytest

import served

CREDS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}
SLOW_TRIGGER = '''
import pathlib, time

def handler(event, context):
    pathlib.Path("started").touch()
    for _ in range(400):                     # until the test lets it finish
        if pathlib.Path("release").exists():
            break
        time.sleep(0.05)
    return {**event, "response": {"autoConfirmUser": True}}
'''


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_an_idle_server_exits_at_once(sig):
    url, proc = served.start()
    # a kept-alive connection left open (as SDKs keep them) does not hold the server up
    kept = boto3.client("cognito-idp", endpoint_url=url, **CREDS)
    kept.list_user_pools(MaxResults=1)
    signalled = time.monotonic()
    proc.send_signal(sig)
    assert proc.wait(timeout=1) == 0          # the brief's bound: within one second when idle
    assert time.monotonic() - signalled < 1
    assert "cognito-mock stopped" in served.read_log(proc)


def test_a_request_in_flight_is_answered_before_the_server_exits(tmp_path):
    (tmp_path / "slowtrigger.py").write_text(SLOW_TRIGGER)
    url, proc = served.start("--trigger", "slow=slowtrigger:handler", cwd=tmp_path)
    try:
        idp = boto3.client("cognito-idp", endpoint_url=url, **CREDS)
        pool_id = idp.create_user_pool(PoolName="p", LambdaConfig={
            "PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:slow"})["UserPool"]["Id"]
        client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"]["ClientId"]
        answers = []
        signing_up = threading.Thread(target=lambda: answers.append(
            idp.sign_up(ClientId=client_id, Username="ana", Password="Passw0rd!")))
        signing_up.start()
        deadline = time.monotonic() + 20
        while not (tmp_path / "started").exists():          # the request is in the server's hands
            assert time.monotonic() < deadline, "the trigger never ran"
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        port = int(url.rpartition(":")[2])
        while True:                                          # it stops accepting new connections...
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except ConnectionRefusedError:
                break
            assert time.monotonic() < deadline, "still accepting after SIGTERM"
            time.sleep(0.02)
        assert proc.poll() is None                           # ...but waits for the one in flight
        (tmp_path / "release").touch()
        signing_up.join(timeout=30)
        assert answers and answers[0]["UserConfirmed"] is True
        assert proc.wait(timeout=10) == 0
        assert "127.0.0.1 POST / 200 cognito-idp SignUp" in served.read_log(proc)
    finally:
        served.stop(proc)


def test_a_second_signal_stops_without_waiting_for_the_request_in_flight(tmp_path):
    (tmp_path / "slowtrigger.py").write_text(SLOW_TRIGGER)
    url, proc = served.start("--trigger", "slow=slowtrigger:handler", cwd=tmp_path)
    try:
        idp = boto3.client("cognito-idp", endpoint_url=url, config=Config(retries={"max_attempts": 1}), **CREDS)
        pool_id = idp.create_user_pool(PoolName="p", LambdaConfig={
            "PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:slow"})["UserPool"]["Id"]
        client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"]["ClientId"]
        outcome = []

        def sign_up():
            try:
                outcome.append(idp.sign_up(ClientId=client_id, Username="ana", Password="Passw0rd!"))
            except Exception as exc:      # noqa: BLE001 (the connection closes unanswered)
                outcome.append(exc)
        signing_up = threading.Thread(target=sign_up)
        signing_up.start()
        deadline = time.monotonic() + 20
        while not (tmp_path / "started").exists():
            assert time.monotonic() < deadline, "the trigger never ran"
            time.sleep(0.02)
        proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        assert proc.poll() is None                  # the first signal waits for the request...
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0           # ...the second does not (the trigger never released)
        signing_up.join(timeout=30)
        assert isinstance(outcome[0], Exception)
    finally:
        served.stop(proc)
