"""The hosted UI's implicit grant while other clients act: PreTokenGeneration runs with the store's
lock let go, so the grant checks the user again after it and writes (the granted scopes, the
tokens) only then (docs/architecture.md, Locking). Threads are interleaved with events, never sleeps."""
import threading
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests

from helpers import WAIT, in_thread
from hosted_helpers import CALLBACK

ARN = "arn:aws:lambda:us-east-1:123456789012:function:pre-token"


class Paused:
    """PreTokenGeneration that, once ``armed``, stops until ``go`` is set; it adds a claim when it goes on."""

    def __init__(self, cognito):
        self.armed, self.entered, self.go = threading.Event(), threading.Event(), threading.Event()
        cognito.triggers.register("pre-token", self)

    def __call__(self, event, context):
        if self.armed.is_set():
            self.entered.set()
            assert self.go.wait(WAIT)
        event["response"] = {"claimsOverrideDetails": {"claimsToAddOrOverride": {"tenant": "acme"}}}
        return event


def fragment(location: str) -> dict[str, str]:
    assert location.startswith(CALLBACK), location
    return {k: v[0] for k, v in parse_qs(urlsplit(location).fragment or urlsplit(location).query).items()}


def signed_in_browser(cognito, idp, hosted) -> tuple[requests.Session, Paused]:
    """A browser signed in at /login (its session cookie signs it in silently next time)."""
    idp.update_user_pool(UserPoolId=hosted.pool_id, AutoVerifiedAttributes=["email"],
                         LambdaConfig={"PreTokenGeneration": ARN})
    paused = Paused(cognito)
    browser = requests.Session()
    assert "access_token" in fragment(hosted.sign_in(browser, response_type="token", scope="openid"))
    return browser, paused


@pytest.mark.parametrize("meanwhile,message", [("admin_disable_user", "User is disabled."),
                                               ("admin_delete_user", "User does not exist.")])
def test_a_user_disabled_or_deleted_during_pre_token_generation_gets_no_implicit_tokens(cognito, idp, hosted,
                                                                                        meanwhile, message):
    browser, paused = signed_in_browser(cognito, idp, hosted)
    paused.armed.set()
    silent = in_thread(hosted.authorize, browser, response_type="token", scope="openid")
    assert paused.entered.wait(WAIT)
    getattr(idp, meanwhile)(UserPoolId=hosted.pool_id, Username="ana")
    paused.go.set()
    kind, answer = silent()
    assert kind == "ok" and answer.status_code == 302
    assert fragment(answer.headers["Location"]) == {"error": "invalid_request", "error_description": message}


def test_the_implicit_grant_goes_on_when_nothing_changed_meanwhile(cognito, idp, hosted):
    browser, paused = signed_in_browser(cognito, idp, hosted)
    paused.armed.set()
    silent = in_thread(hosted.authorize, browser, response_type="token", scope="openid")
    assert paused.entered.wait(WAIT)
    assert idp.admin_get_user(UserPoolId=hosted.pool_id, Username="ana")["Enabled"]   # others are served
    paused.go.set()
    kind, answer = silent()
    values = fragment(answer.headers["Location"])
    assert jwt.decode(values["id_token"], options={"verify_signature": False})["tenant"] == "acme"
    userinfo = requests.get(f"{hosted.base}/oauth2/userInfo", headers={"Authorization": f"Bearer {values['access_token']}"})
    assert userinfo.status_code == 200 and userinfo.json()["username"] == "ana"
