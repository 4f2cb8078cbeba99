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


# --- CustomMessage: composed before the action writes, delivered after ---------------------------------

@pytest.fixture
def messaging_pool(user_pool):
    return user_pool(AutoVerifiedAttributes=["email"], LambdaConfig={"CustomMessage": ARN.format("CustomMessage")})


class PausedThenFails(Paused):
    def __call__(self, event, context):
        super().__call__(event, context)
        raise RuntimeError("no template for this user")


def test_a_signed_up_user_appears_only_once_its_message_is_composed(cognito, idp, messaging_pool):
    pool = messaging_pool
    paused = Paused(cognito, "CustomMessage")
    signing_up = in_thread(idp.sign_up, ClientId=pool.client_id, Username="ana", Password=PASSWORD,
                           UserAttributes=[{"Name": "email", "Value": "ana@example.com"}], ClientMetadata={"pause": "1"})
    assert paused.entered.wait(WAIT)
    assert idp.list_users(UserPoolId=pool.pool_id)["Users"] == []         # nothing stored yet
    assert len(cognito.outbox) == 0
    paused.resume()
    assert signing_up()[0] == "ok"
    assert idp.admin_get_user(UserPoolId=pool.pool_id, Username="ana")["UserStatus"] == "UNCONFIRMED"
    code = cognito.outbox.last(to="ana@example.com").code
    idp.confirm_sign_up(ClientId=pool.client_id, Username="ana", ConfirmationCode=code)


def test_a_failing_custom_message_leaves_no_user_and_none_was_ever_seen(cognito, idp, messaging_pool):
    pool = messaging_pool
    paused = PausedThenFails(cognito, "CustomMessage")
    creating = in_thread(idp.admin_create_user, UserPoolId=pool.pool_id, Username="bo",
                         DesiredDeliveryMediums=["EMAIL"], UserAttributes=[{"Name": "email", "Value": "bo@example.com"}], ClientMetadata={"pause": "1"})
    assert paused.entered.wait(WAIT)
    assert idp.list_users(UserPoolId=pool.pool_id)["Users"] == []
    paused.resume()
    kind, outcome = creating()
    assert kind == "error"
    assert error_of(type("R", (), {"value": outcome})) == (
        "UserLambdaValidationException", "CustomMessage failed with error no template for this user.")
    assert idp.list_users(UserPoolId=pool.pool_id)["Users"] == [] and len(cognito.outbox) == 0


def test_sign_up_rechecks_the_username_after_a_slow_custom_message(cognito, idp, messaging_pool):
    pool = messaging_pool
    paused = Paused(cognito, "CustomMessage")
    first = in_thread(idp.sign_up, ClientId=pool.client_id, Username="ana", Password=PASSWORD,
                      UserAttributes=[{"Name": "email", "Value": "first@example.com"}], ClientMetadata={"pause": "1"})
    assert paused.entered.wait(WAIT)
    idp.sign_up(ClientId=pool.client_id, Username="ana", Password=PASSWORD,
                UserAttributes=[{"Name": "email", "Value": "second@example.com"}])
    paused.resume()
    kind, outcome = first()
    assert kind == "error"
    assert error_of(type("R", (), {"value": outcome})) == ("UsernameExistsException", "User already exists")
    assert [m.destination for m in cognito.outbox] == ["second@example.com"]     # the loser sent nothing


def test_a_reset_code_is_issued_only_once_its_message_is_composed(cognito, idp, messaging_pool):
    pool = messaging_pool
    cognito.triggers.register("CustomMessage", lambda event, context: event)
    idp.admin_create_user(UserPoolId=pool.pool_id, Username="ana", MessageAction="SUPPRESS", UserAttributes=[
        {"Name": "email", "Value": "ana@example.com"}, {"Name": "email_verified", "Value": "true"}])
    idp.admin_set_user_password(UserPoolId=pool.pool_id, Username="ana", Password=PASSWORD, Permanent=True)
    idp.forgot_password(ClientId=pool.client_id, Username="ana")
    earlier = cognito.outbox.last(to="ana@example.com").code
    paused = PausedThenFails(cognito, "CustomMessage")
    asking = in_thread(idp.forgot_password, ClientId=pool.client_id, Username="ana", ClientMetadata={"pause": "1"})
    assert paused.entered.wait(WAIT)
    paused.resume()
    assert asking()[0] == "error"
    # the failed request issued no code: the one sent before still resets the password
    idp.confirm_forgot_password(ClientId=pool.client_id, Username="ana", ConfirmationCode=earlier,
                                Password="Passw0rd!2")
