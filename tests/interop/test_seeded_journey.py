"""Issue 14's journey, as a user runs it: ``cognito-mock serve --seed app.json``; the dashboard at ``/`` in a
browser shows the seeded user; an Amplify v6 script signs in with the seeded pool and client ids; an
Amplify sign-up's code is read off the dashboard and confirms the user; ``cognito-mock export`` writes the
state, and a second server seeded with it has both users. One real server process, Debian's chromium
through Playwright, Amplify from tests/interop/js (``npm ci``); each step is a test."""
import json
import subprocess
import sys
from dataclasses import dataclass

import boto3
import jwt
import pytest

import served
from chromium import browser  # noqa: F401  (the fixture)
from test_javascript_clients import NO_NODE, node, verified

POOL_ID = "us-east-1_Journey01"
CLIENT_ID = "journeyclient0000000000001"
PASSWORD = "Passw0rd!"
NEWBIE, NEWBIE_EMAIL = "newbie", "newbie@example.com"
CREDS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}

# app.json: what an app's configuration hard-codes (the pool's Id, the client's ClientId) and who exists
APP = {"UserPools": [{
    "Id": POOL_ID, "PoolName": "journey", "AutoVerifiedAttributes": ["email"],
    "Clients": [{"ClientId": CLIENT_ID, "ClientName": "web", "GenerateSecret": False,
                 "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}],
    "Users": [{"Username": "ana", "Password": PASSWORD,
               "UserAttributes": [{"Name": "email", "Value": "ana@example.com"}, {"Name": "email_verified", "Value": "true"}]}],
}]}


@pytest.fixture(scope="module")
def app_json(tmp_path_factory):
    path = tmp_path_factory.mktemp("journey") / "app.json"
    path.write_text(json.dumps(APP))
    return path


@pytest.fixture(scope="module")
def started(app_json):
    """``cognito-mock serve --seed app.json`` on a free port: its URL and process."""
    url, proc = served.start("--seed", str(app_json))
    yield url, proc
    served.stop(proc)


@pytest.fixture(scope="module")
def server(started):
    return started[0]


@pytest.fixture(scope="module")
def page(browser):  # noqa: F811
    context = browser.new_context()
    yield context.new_page()
    context.close()


def user_row(page, username):
    return page.locator(f'#pools details[data-pool="{POOL_ID}"] tr[data-username="{username}"]')


def amplify_sign_up(server, *args):
    return node("amplify_sign_up.mjs", server, POOL_ID, CLIENT_ID, *args)


@dataclass
class SignedUp:
    """Step 4, done once for the module: what Amplify and the dashboard answered along the way."""
    sign_up: dict
    code: str
    confirm: dict


@pytest.fixture(scope="module")
def newbie(server, page):
    signed_up = amplify_sign_up(server, "sign-up", NEWBIE, PASSWORD, NEWBIE_EMAIL)
    page.goto(server + "/")
    sent = page.locator('#messages tr[data-kind="SIGN_UP"]').filter(has_text=NEWBIE_EMAIL)
    code = sent.locator(".code").inner_text()          # waits until the dashboard shows the message
    return SignedUp(signed_up, code, amplify_sign_up(server, "confirm", NEWBIE, code))


def test_1_the_seeded_server_answers_with_the_seeded_ids(started, app_json):
    server, proc = started
    printed = served.read_log(proc)
    assert f"cognito-mock: seeded from {app_json}: 1 UserPools, 1 Clients, 1 Users, 0 IdentityPools" in printed
    assert f"cognito-mock: dashboard at {server}/ (open it in a browser)" in printed
    idp = boto3.client("cognito-idp", endpoint_url=server, **CREDS)
    assert idp.describe_user_pool(UserPoolId=POOL_ID)["UserPool"]["AutoVerifiedAttributes"] == ["email"]
    client = idp.describe_user_pool_client(UserPoolId=POOL_ID, ClientId=CLIENT_ID)["UserPoolClient"]
    assert "ClientSecret" not in client
    assert set(client["ExplicitAuthFlows"]) >= {"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"}
    assert idp.admin_get_user(UserPoolId=POOL_ID, Username="ana")["UserStatus"] == "CONFIRMED"


def test_2_the_dashboard_shows_the_seeded_user(server, page):
    sync_api = pytest.importorskip("playwright.sync_api")
    page.goto(server + "/")
    assert page.title() == "cognito-mock"
    card = page.locator(f'details[data-pool="{POOL_ID}"]')
    sync_api.expect(card.locator("summary")).to_contain_text("journey")
    sync_api.expect(card).to_contain_text(CLIENT_ID)
    sync_api.expect(user_row(page, "ana")).to_contain_text("CONFIRMED")
    sync_api.expect(user_row(page, "ana")).to_contain_text("ana@example.com")


@NO_NODE
def test_3_amplify_signs_in_the_seeded_user_with_srp(server):
    answer = node("amplify_v6.mjs", server, POOL_ID, CLIENT_ID, "ana", PASSWORD)
    assert (answer["signedIn"], answer["step"], answer["username"]) == (True, "DONE", "ana")
    claims = verified(answer["idToken"], server, POOL_ID, CLIENT_ID)      # against the served JWKS
    assert (claims["cognito:username"], claims["email"]) == ("ana", "ana@example.com")
    assert answer["wrong"]["name"] == "NotAuthorizedException"


@NO_NODE
def test_4_a_sign_up_code_is_read_in_the_dashboard_and_confirms_the_user(server, newbie):
    assert (newbie.sign_up["complete"], newbie.sign_up["step"]) == (False, "CONFIRM_SIGN_UP")
    assert newbie.sign_up["delivery"] == {"destination": "n***@e***", "deliveryMedium": "EMAIL", "attributeName": "email"}
    assert len(newbie.code) == 6 and newbie.code.isdigit()
    assert (newbie.confirm["complete"], newbie.confirm["step"]) == (True, "DONE")
    idp = boto3.client("cognito-idp", endpoint_url=server, **CREDS)
    user = idp.admin_get_user(UserPoolId=POOL_ID, Username=NEWBIE)
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]     # the pool auto-verifies email
    answer = node("amplify_v6.mjs", server, POOL_ID, CLIENT_ID, NEWBIE, PASSWORD)
    assert verified(answer["idToken"], server, POOL_ID, CLIENT_ID)["email"] == NEWBIE_EMAIL


@NO_NODE
def test_5_the_exported_state_seeds_a_second_server(server, newbie, page, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    before = boto3.client("cognito-idp", endpoint_url=server, **CREDS).initiate_auth(
        ClientId=CLIENT_ID, AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD})["AuthenticationResult"]["IdToken"]
    state = tmp_path / "state.json"
    done = subprocess.run([sys.executable, "-m", "cognito_mock", "export", "--url", server, "--output", str(state)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    exported = json.loads(state.read_text())
    assert [u["Username"] for u in exported["UserPools"][0]["Users"]] == ["ana", NEWBIE]
    second, proc = served.start("--seed", str(state))
    try:
        idp = boto3.client("cognito-idp", endpoint_url=second, **CREDS)
        users = {u["Username"]: u["UserStatus"] for u in idp.list_users(UserPoolId=POOL_ID)["Users"]}
        assert users == {"ana": "CONFIRMED", NEWBIE: "CONFIRMED"}
        answer = node("amplify_v6.mjs", second, POOL_ID, CLIENT_ID, NEWBIE, PASSWORD)
        assert (answer["signedIn"], answer["username"]) == (True, NEWBIE)
        assert verified(answer["idToken"], second, POOL_ID, CLIENT_ID)["email"] == NEWBIE_EMAIL
        key = jwt.PyJWKClient(f"{second}/{POOL_ID}/.well-known/jwks.json").get_signing_key_from_jwt(before).key
        assert jwt.decode(before, key, algorithms=["RS256"], audience=CLIENT_ID)["cognito:username"] == "ana"  # same keys
        page.goto(second + "/")
        sync_api.expect(user_row(page, NEWBIE)).to_contain_text("CONFIRMED")
        sync_api.expect(user_row(page, "ana")).to_contain_text("CONFIRMED")
        sync_api.expect(page.locator("#messages")).to_contain_text("Nothing sent yet.")    # the outbox is not state
    finally:
        served.stop(proc)
