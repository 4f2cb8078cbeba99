"""Other clients act while a trigger runs (the store's lock is let go around user code), and every
action still has one of its serial outcomes: checked again after the trigger, written whole around it.
Threads are interleaved with events, never with sleeps."""
import threading

import pytest
from helpers import WAIT, error_of, in_thread

ARN = "arn:aws:lambda:us-east-1:123456789012:function:{}"
PASSWORD = "Passw0rd!"


@pytest.fixture
def pool(user_pool):
    return user_pool(client={"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]},
                     LambdaConfig={name: ARN.format(name) for name in
                                   ("PreSignUp", "PostConfirmation", "PreAuthentication")})


class Paused:
    """A trigger that, when the call's ClientMetadata says ``pause``, stops until ``resume()``."""

    def __init__(self, cognito, name):
        self.entered, self.go = threading.Event(), threading.Event()
        cognito.triggers.register(name, self)

    def __call__(self, event, context):
        if (event["request"].get("clientMetadata") or event["request"].get("validationData") or {}).get("pause"):
            self.entered.set()
            assert self.go.wait(WAIT)
        return event

    def resume(self):
        self.go.set()


@pytest.fixture
def passthrough(cognito):
    for name in ("PreSignUp", "PostConfirmation", "PreAuthentication"):
        cognito.triggers.register(name, lambda event, context: event)


def test_sign_up_rechecks_the_username_after_a_slow_pre_sign_up(cognito, idp, pool, passthrough):
    paused = Paused(cognito, "PreSignUp")
    first = in_thread(idp.sign_up, ClientId=pool.client_id, Username="ana", Password=PASSWORD,
                      UserAttributes=[{"Name": "name", "Value": "first"}], ClientMetadata={"pause": "1"})
    assert paused.entered.wait(WAIT)
    # meanwhile nothing of the first sign-up is visible, and another client takes the name
    assert idp.list_users(UserPoolId=pool.pool_id)["Users"] == []
    idp.sign_up(ClientId=pool.client_id, Username="ana", Password=PASSWORD,
                UserAttributes=[{"Name": "name", "Value": "second"}])
    paused.resume()
    kind, outcome = first()
    assert kind == "error"
    assert error_of(type("R", (), {"value": outcome})) == ("UsernameExistsException", "User already exists")
    users = idp.list_users(UserPoolId=pool.pool_id)["Users"]
    assert [{a["Name"]: a["Value"] for a in u["Attributes"]}["name"] for u in users] == ["second"]


def test_confirmation_is_complete_before_post_confirmation_runs(cognito, idp, pool, passthrough):
    idp.sign_up(ClientId=pool.client_id, Username="ana", Password=PASSWORD)
    paused = Paused(cognito, "PostConfirmation")
    done = in_thread(idp.admin_confirm_sign_up, UserPoolId=pool.pool_id, Username="ana",
                     ClientMetadata={"pause": "1"})
    assert paused.entered.wait(WAIT)
    assert idp.admin_get_user(UserPoolId=pool.pool_id, Username="ana")["UserStatus"] == "CONFIRMED"
    paused.resume()
    assert done()[0] == "ok"


def test_a_user_deleted_during_pre_authentication_gets_no_tokens(cognito, idp, pool, passthrough):
    idp.sign_up(ClientId=pool.client_id, Username="ana", Password=PASSWORD)
    idp.admin_confirm_sign_up(UserPoolId=pool.pool_id, Username="ana")
    paused = Paused(cognito, "PreAuthentication")
    signing_in = in_thread(idp.initiate_auth, ClientId=pool.client_id, AuthFlow="USER_PASSWORD_AUTH",
                           AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD}, ClientMetadata={"pause": "1"})
    assert paused.entered.wait(WAIT)
    idp.admin_delete_user(UserPoolId=pool.pool_id, Username="ana")     # serial: the delete, then the sign-in
    idp.sign_up(ClientId=pool.client_id, Username="ana", Password="Other-Passw0rd!")   # a new ana
    paused.resume()
    kind, outcome = signing_in()
    assert kind == "error"
    assert error_of(type("R", (), {"value": outcome})) == ("UserNotFoundException", "User does not exist.")
    assert idp.admin_get_user(UserPoolId=pool.pool_id, Username="ana")["UserStatus"] == "UNCONFIRMED"
