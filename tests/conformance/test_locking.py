"""The store's lock is taken once per request, by the transport that received it (docs/architecture.md,
Locking): only the transport modules name it, and a request's outermost acquisitions are counted."""
import ast
import pathlib

import boto3
import pytest
import requests

from cognito_mock.backend.store import StoreLock

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "cognito_mock"
# the modules that may name the store's lock (``.lock``, ``.released``, ``.outside_lock``), and why
TRANSPORTS = {
    "backend/store.py": "defines it, and hands ``released`` to the env as ``outside_lock``",
    "backend/triggers.py": "runs user code (a Lambda trigger) in ``env.outside_lock()``",
    "dispatch.py": "handle and call: the entry of the botocore hook, the WSGI API and direct calls",
    "web/app.py": "the WSGI app: every endpoint that reads or changes state",
    "patching/mock.py": "the handle's methods",
    "patching/sts_hook.py": "the STS hook",
    "patching/secrets_hook.py": "the Secrets Manager hook",
    "edge/cognito.py": "the edge's calls into the state",
    "server.py": "the state loaded before listening and saved after",
    "backend/persistence/durable.py": "hooks its commit to the lock's release (on_release) and asks whether a "
                                      "request waits in user code (suspended); it never takes the lock",
}
NAMES = {"lock", "released", "outside_lock"}


def naming_the_lock(path: pathlib.Path) -> list[int]:
    tree = ast.parse(path.read_text())
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr in NAMES]


def test_only_the_transports_take_the_store_lock():
    found = {str(p.relative_to(PACKAGE)): naming_the_lock(p) for p in sorted(PACKAGE.rglob("*.py"))}
    others = {path: lines for path, lines in found.items() if lines and path not in TRANSPORTS}
    assert others == {}, "only a transport takes the store's lock, once per request (docs/architecture.md)"


def test_the_check_sees_a_lock(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f(store):\n    with store.lock:\n        return 1\n")
    assert naming_the_lock(sample) == [2]


@pytest.fixture
def pool_id(idp):
    return idp.create_user_pool(PoolName="pool")["UserPool"]["Id"]


@pytest.fixture
def client_id(idp, pool_id):
    return idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app")["UserPoolClient"]["ClientId"]


@pytest.fixture
def acquisitions(monkeypatch):
    """Every outermost acquisition of any store's lock, in order (re-entries are not counted)."""
    taken: list[bool] = []
    enter = StoreLock.__enter__

    def counting(self):
        if not self.held():
            taken.append(True)
        return enter(self)

    monkeypatch.setattr(StoreLock, "__enter__", counting)
    return taken


def test_one_acquisition_per_boto3_call(idp, pool_id, client_id, acquisitions):
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", TemporaryPassword="Passw0rd!x",
                          MessageAction="SUPPRESS")
    idp.list_users(UserPoolId=pool_id)
    idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    assert len(acquisitions) == 3


def test_one_acquisition_per_http_request(cognito, idp, pool_id, acquisitions):
    base = cognito.server()
    del acquisitions[:]
    assert requests.get(f"{base}/{pool_id}/.well-known/jwks.json", timeout=10).status_code == 200
    assert len(acquisitions) == 1
    http = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=base)
    http.describe_user_pool(UserPoolId=pool_id)
    assert len(acquisitions) == 2
    assert requests.get(f"{base}/nope/.well-known/jwks.json", timeout=10).status_code == 404
    assert len(acquisitions) == 3


def test_the_handle_takes_it_once_a_call(cognito, idp, pool_id, acquisitions):
    idp.admin_create_user(UserPoolId=pool_id, Username="bob", MessageAction="SUPPRESS")
    del acquisitions[:]
    cognito.risk.next(pool_id, "bob", "High")
    cognito.dump()
    assert len(acquisitions) == 2


def test_the_emulated_provider_handle_takes_it_once_a_call(cognito, acquisitions):
    google = cognito.idp("Google")
    google.add_account(sub="g-1", email="ann@example.com")
    assert [a["sub"] for a in google.accounts] == ["g-1"]              # a property: one acquisition too
    google.id_token("g-1", "web-app")
    assert google.name == "Google"                                       # a plain attribute: none
    assert len(acquisitions) == 4
