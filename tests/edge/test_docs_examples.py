"""Every copy-paste example of docs/edge.md runs: the Python blocks as written, the shell block's
proxy as a real ``cognito-mock proxy`` process against a real ``cognito-mock serve`` process."""
import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import time

import boto3
import pytest
import requests

DOC = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "edge.md").read_text()
PYTHON = re.findall(r"```python\n(.*?)```", DOC, re.S)


def test_the_doc_has_its_examples():
    assert len(PYTHON) == 3 and "cognito-mock proxy --mode apigw-rest" in DOC


@pytest.mark.parametrize("block", PYTHON, ids=["rest-flask", "http-fastapi", "alb-flask"])
def test_python_example(block):
    exec(compile(block, "docs/edge.md", "exec"), {"__name__": "docs_example"})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str) -> None:
    for _ in range(100):
        try:
            requests.get(url, timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError(f"{url} never answered")


def test_shell_example_proxy_process(tmp_path):
    cognito_port, proxy_port, upstream_port = free_port(), free_port(), free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    procs = [subprocess.Popen([sys.executable, "-m", "http.server", str(upstream_port), "--bind", "127.0.0.1",
                               "--directory", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
             subprocess.Popen([sys.executable, "-m", "cognito_mock", "serve", "--port", str(cognito_port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)]
    try:
        wait_for(f"http://127.0.0.1:{cognito_port}/_mock/health")
        cognito = f"http://127.0.0.1:{cognito_port}"
        idp = boto3.client("cognito-idp", endpoint_url=cognito, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
        pool = idp.create_user_pool(PoolName="app")["UserPool"]["Id"]
        client = idp.create_user_pool_client(UserPoolId=pool, ClientName="web", ExplicitAuthFlows=[
            "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
        idp.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool, Username="ana", Password="Passw0rd!", Permanent=True)
        id_token = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
            "USERNAME": "ana", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]["IdToken"]
        (tmp_path / "orders").write_text("the orders")
        procs.append(subprocess.Popen([sys.executable, "-m", "cognito_mock", "proxy", "--mode", "apigw-rest",
                                       "--upstream", f"http://127.0.0.1:{upstream_port}", "--port", str(proxy_port),
                                       "--user-pool-id", pool, "--cognito", cognito],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
        proxy = f"http://127.0.0.1:{proxy_port}"
        wait_for(proxy)
        assert requests.get(f"{proxy}/orders").status_code == 401
        answer = requests.get(f"{proxy}/orders", headers={"Authorization": id_token})
        assert (answer.status_code, answer.text) == (200, "the orders")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)


def test_api_runner_example_process(tmp_path):
    """The routes file of the doc's ``cognito-mock api`` section, served by a real process against a real
    ``cognito-mock serve``."""
    routes = json.loads(re.search(r"A routes file.*?```json\n(.*?)```", DOC, re.S).group(1))
    cognito_port, api_port = free_port(), free_port()
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text(
        "def get_item(event, context):\n    return {'statusCode': 200, 'body': event['pathParameters']['id']}\n"
        "def health(event, context):\n    return {'statusCode': 200, 'body': 'ok'}\n")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    serve = subprocess.Popen([sys.executable, "-m", "cognito_mock", "serve", "--port", str(cognito_port)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    procs = [serve]
    try:
        cognito = f"http://127.0.0.1:{cognito_port}"
        wait_for(cognito + "/_mock/health")
        idp = boto3.client("cognito-idp", endpoint_url=cognito, region_name="us-east-1",
                           aws_access_key_id="test", aws_secret_access_key="test")
        pool = idp.create_user_pool(PoolName="app")["UserPool"]["Id"]
        (tmp_path / "api.json").write_text(json.dumps({**routes, "userPoolId": pool}))
        procs.append(subprocess.Popen([sys.executable, "-m", "cognito_mock", "api", str(tmp_path / "api.json"),
                                       "--port", str(api_port), "--cognito", cognito],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
        api = f"http://127.0.0.1:{api_port}"
        wait_for(api + "/health")
        assert requests.get(api + "/health").text == "ok"
        assert requests.get(api + "/items/1").status_code == 401
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(10)
