"""The dashboard in a real browser (Playwright driving Debian's chromium package): pools and users
listed, the outbox's codes, confirming a user from the page, the token decoder; and its guards."""
import base64
import copy
import json
import os
import sys

import pytest
import requests

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "seeding"))
from test_state_files import CLIENT_ID, POOL_ID, SEED  # noqa: E402

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the [test] extra has it)")



@pytest.fixture
def page(browser):
    context = browser.new_context()
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture
def seeded(cognito, cognito_server):
    cognito.load(copy.deepcopy(SEED))
    return cognito_server


def row(page, username):
    return page.locator(f'tr[data-username="{username}"]')


def test_pools_clients_and_users_are_listed(seeded, page):
    page.goto(seeded + "/")
    card = page.locator(f'details[data-pool="{POOL_ID}"]')
    sync_api.expect(card.locator("summary")).to_contain_text("app")
    sync_api.expect(card).to_contain_text(CLIENT_ID)
    sync_api.expect(card).to_contain_text("seeded-app")
    sync_api.expect(row(page, "ana")).to_contain_text("CONFIRMED")
    sync_api.expect(row(page, "ana")).to_contain_text("admins, readers")
    sync_api.expect(row(page, "cy")).to_contain_text("UNCONFIRMED")
    sync_api.expect(row(page, "bob")).to_contain_text("disabled")
    sync_api.expect(page.locator("#identities")).to_contain_text("app_identities")


def test_a_sign_up_code_shows_and_the_user_is_confirmed_from_the_page(seeded, page, cognito, idp):
    idp.sign_up(ClientId=CLIENT_ID, Username="newbie", Password="Passw0rd12",
                UserAttributes=[{"Name": "email", "Value": "newbie@example.com"}])
    code = cognito.outbox.last(to="newbie@example.com").code
    page.goto(seeded + "/_mock/ui")
    sync_api.expect(page.locator('#messages tr[data-kind="SIGN_UP"] .code')).to_have_text(code)
    row(page, "newbie").get_by_role("button", name="Confirm").click()
    sync_api.expect(page.locator("#notice")).to_have_text("newbie confirmed.")
    assert idp.admin_get_user(UserPoolId=POOL_ID, Username="newbie")["UserStatus"] == "CONFIRMED"
    sync_api.expect(row(page, "newbie")).to_contain_text("CONFIRMED")


def test_disable_set_password_and_delete_go_through_the_api(seeded, page, idp):
    page.goto(seeded + "/")
    row(page, "ana").get_by_role("button", name="Disable").click()
    sync_api.expect(page.locator("#notice")).to_have_text("ana disabled.")
    assert idp.admin_get_user(UserPoolId=POOL_ID, Username="ana")["Enabled"] is False
    row(page, "cy").get_by_role("button", name="Set password").click()
    row(page, "cy").get_by_label("New password for cy").fill("short")
    row(page, "cy").get_by_role("button", name="Save").click()       # the pool's policy applies
    sync_api.expect(page.locator("#notice")).to_contain_text(
        "AdminSetUserPassword failed: InvalidPasswordException: Password did not conform with policy")
    row(page, "dee").get_by_role("button", name="Delete").click()
    row(page, "dee").get_by_role("button", name="Really delete?").click()
    sync_api.expect(page.locator("#notice")).to_have_text("dee deleted.")
    assert "dee" not in [u["Username"] for u in idp.list_users(UserPoolId=POOL_ID)["Users"]]


def tampered(token):
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["cognito:groups"] = ["admins", "root"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{header}.{forged}.{signature}"


def test_a_pasted_token_is_verified_and_a_tampered_one_is_not(seeded, page, idp):
    tokens = idp.initiate_auth(ClientId=CLIENT_ID, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd12"})["AuthenticationResult"]
    page.goto(seeded + "/")
    page.locator("#token-input").fill(tokens["IdToken"])
    page.get_by_role("button", name="Check token").click()
    verdict = page.locator("#token-result .verdict")
    sync_api.expect(verdict).to_have_attribute("data-valid", "true")
    sync_api.expect(verdict).to_contain_text(f"Signed by {POOL_ID}'s key")
    sync_api.expect(page.locator("#token-result")).to_contain_text('"cognito:username": "ana"')
    page.locator("#token-input").fill(tampered(tokens["IdToken"]))
    page.get_by_role("button", name="Check token").click()
    sync_api.expect(verdict).to_have_attribute("data-valid", "false")
    sync_api.expect(verdict).to_contain_text("The signature does not verify")


def test_values_are_shown_as_text_never_as_html(cognito, cognito_server, page):
    cognito.load({"UserPools": [{"Id": POOL_ID, "PoolName": "p", "Groups": [{"GroupName": "g", "Description": "<b>bold</b>"}],
                                 "Users": [
        {"Username": "mallory", "Password": "Passw0rd!", "UserAttributes": [
            {"Name": "name", "Value": "<img src=x onerror=\"document.title='owned'\">"}]}]}]})
    page.goto(cognito_server + "/")
    sync_api.expect(row(page, "mallory")).to_contain_text("<img src=x onerror=")
    sync_api.expect(page.locator("#pools")).to_contain_text("<b>bold</b>")
    assert page.locator("#pools img").count() == 0 and page.locator("#pools b").count() == 0
    assert page.title() == "cognito-mock"


def test_the_last_requests_are_listed(seeded, page):
    requests.post(seeded + "/", data=json.dumps({"ClientId": CLIENT_ID, "AuthFlow": "USER_PASSWORD_AUTH",
                                                 "AuthParameters": {"USERNAME": "ana", "PASSWORD": "wrong"}}),
                  headers={"X-Amz-Target": "AWSCognitoIdentityProviderService.InitiateAuth",
                           "Content-Type": "application/x-amz-json-1.1"})
    page.goto(seeded + "/")
    sync_api.expect(page.locator("#calls tbody tr").first).to_contain_text("InitiateAuth")
    sync_api.expect(page.locator("#calls tbody tr").first).to_contain_text("NotAuthorizedException")


# -- without a browser: what the server answers --------------------------------------------------
def test_get_slash_is_the_dashboard_only_for_browsers(cognito_server):
    html = requests.get(cognito_server + "/", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "<title>cognito-mock</title>" in html.text
    assert "default-src 'self'" in html.headers["Content-Security-Policy"]
    api = requests.get(cognito_server + "/", headers={"Accept": "application/json"})
    assert api.status_code == 405 and api.json()["__type"] == "InvalidAction"


def test_the_page_cannot_be_driven_from_another_origin(seeded, idp):
    body = {"action": "AdminDeleteUser", "params": {"UserPoolId": POOL_ID, "Username": "ana"}}
    refused = requests.post(seeded + "/_mock/ui/api/action", json=body, headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403
    overview = requests.get(seeded + "/_mock/ui/api/overview", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in overview.headers          # a page elsewhere cannot read it
    other = requests.post(seeded + "/_mock/ui/api/action", json={"action": "DeleteUserPool", "params": {"UserPoolId": POOL_ID}})
    assert other.status_code == 400 and other.json()["__type"] == "InvalidAction"
    assert idp.admin_get_user(UserPoolId=POOL_ID, Username="ana")["Username"] == "ana"


def test_a_poll_does_not_undo_an_armed_delete_or_an_open_form(seeded, page, idp):
    """The page polls every 2 s and re-renders what changed: an armed Delete or an open password
    form must survive polls that bring changes (another client creating a user meanwhile)."""
    page.goto(seeded + "/")
    row(page, "cy").get_by_role("button", name="Set password").click()
    row(page, "cy").get_by_label("New password for cy").fill("Typed-but-not-saved1")
    idp.admin_create_user(UserPoolId=POOL_ID, Username="zed", MessageAction="SUPPRESS")
    polls = int(page.locator("#status").get_attribute("data-polls") or 0)
    page.wait_for_function("n => Number(document.getElementById('status').dataset.polls) >= n", arg=polls + 2)
    assert row(page, "cy").get_by_label("New password for cy").input_value() == "Typed-but-not-saved1"
    row(page, "cy").get_by_role("button", name="Cancel").click()
    sync_api.expect(row(page, "zed")).to_be_visible()                        # the cancelled form lets polls in
    row(page, "dee").get_by_role("button", name="Delete").click()
    idp.admin_create_user(UserPoolId=POOL_ID, Username="yan", MessageAction="SUPPRESS")
    polls = int(page.locator("#status").get_attribute("data-polls") or 0)
    page.wait_for_function("n => Number(document.getElementById('status').dataset.polls) >= n", arg=polls + 1)
    row(page, "dee").get_by_role("button", name="Really delete?").click()
    sync_api.expect(page.locator("#notice")).to_have_text("dee deleted.")
