"""Lambda triggers around sign-up and confirmation: PreSignUp, PostConfirmation, the registry."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

ACCOUNT, REGION = "123456789012", "us-east-1"


def arn(name, qualifier=None):
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}" + (f":{qualifier}" if qualifier else "")


@pytest.fixture
def pool(user_pool):
    return user_pool(AutoVerifiedAttributes=["email"],
                     LambdaConfig={"PreSignUp": arn("pre-sign-up"), "PostConfirmation": arn("post-confirm", "live")})


def sign_up(idp, pool, username="ana", **extra):
    return idp.sign_up(ClientId=pool.client_id, Username=username, Password="Passw0rd!",
                       UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}], **extra)


def test_pre_sign_up_receives_the_event_lambda_would(cognito, idp, pool):
    seen = []

    @cognito.triggers.function("pre-sign-up")
    def handler(event, context):
        seen.append((event, context.function_name, context.invoked_function_arn))
        return event

    result = sign_up(idp, pool, ClientMetadata={"k": "v"}, ValidationData=[{"Name": "invite", "Value": "x1"}])
    assert result["UserConfirmed"] is False
    event, name, invoked = seen[0]
    assert (name, invoked) == ("pre-sign-up", arn("pre-sign-up"))
    assert event == {
        "version": "1", "region": REGION, "userPoolId": pool.pool_id, "userName": "ana",
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": pool.client_id},
        "triggerSource": "PreSignUp_SignUp",
        "request": {"userAttributes": {"email": "ana@example.com"}, "validationData": {"invite": "x1"},
                    "clientMetadata": {"k": "v"}},
        "response": {"autoConfirmUser": False, "autoVerifyPhone": False, "autoVerifyEmail": False}}
    (call,) = cognito.triggers.calls
    assert (call.trigger, call.trigger_source, call.function, call.error) == (
        "PreSignUp", "PreSignUp_SignUp", arn("pre-sign-up"), None)
    assert call.event == event and call.response == event


def test_auto_confirmed_user_can_sign_in_at_once(cognito, idp, pool):
    def confirm(event, context):
        event["response"].update(autoConfirmUser=True, autoVerifyEmail=True)
        return event

    cognito.triggers.register("pre-sign-up", confirm)
    result = sign_up(idp, pool)
    assert result["UserConfirmed"] is True and "CodeDeliveryDetails" not in result
    assert len(cognito.outbox) == 0
    user = idp.admin_get_user(UserPoolId=pool.pool_id, Username="ana")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    tokens = idp.initiate_auth(ClientId=pool.client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})
    assert "AccessToken" in tokens["AuthenticationResult"]
    assert cognito.triggers.of(trigger="PostConfirmation") == []   # not run for auto-confirmed users


def test_denied_sign_up_leaves_no_user(cognito, idp, pool):
    def deny(event, context):
        raise ValueError("Only invited users may sign up")

    cognito.triggers.register(arn("pre-sign-up"), deny)
    with pytest.raises(ClientError) as excinfo:
        sign_up(idp, pool)
    assert error_of(excinfo) == ("UserLambdaValidationException",
                                 "PreSignUp failed with error Only invited users may sign up.")
    assert idp.list_users(UserPoolId=pool.pool_id)["Users"] == []
    assert len(cognito.outbox) == 0
    assert isinstance(cognito.triggers.calls[0].error, ValueError)
    cognito.triggers.register(arn("pre-sign-up"), lambda event, context: event)
    assert sign_up(idp, pool)["UserSub"]                               # the username is still free


def test_missing_function_is_an_unexpected_lambda_error(idp, pool):
    with pytest.raises(ClientError) as excinfo:
        sign_up(idp, pool)
    assert error_of(excinfo) == ("UnexpectedLambdaException",
                                 "PreSignUp invocation failed due to error AccessDeniedException.")
    assert idp.list_users(UserPoolId=pool.pool_id)["Users"] == []


@pytest.mark.parametrize("returned", [None, "ok", {"response": "yes"}])
def test_unrecognizable_output(cognito, idp, pool, returned):
    cognito.triggers.register("pre-sign-up", lambda event, context: returned)
    with pytest.raises(ClientError) as excinfo:
        sign_up(idp, pool)
    assert error_of(excinfo) == ("InvalidLambdaResponseException", "Unrecognizable lambda output")
    assert idp.list_users(UserPoolId=pool.pool_id)["Users"] == []


def test_admin_create_user_runs_pre_sign_up_without_a_client(cognito, idp, pool):
    seen = []
    cognito.triggers.register("pre-sign-up", lambda event, context: seen.append(event) or event)
    idp.admin_create_user(UserPoolId=pool.pool_id, Username="bo", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "bo@example.com"}],
                          ValidationData=[{"Name": "source", "Value": "crm"}])
    assert seen[0]["triggerSource"] == "PreSignUp_AdminCreateUser"
    assert seen[0]["callerContext"]["clientId"] == "CLIENT_ID_NOT_APPLICABLE"
    assert seen[0]["request"]["validationData"] == {"source": "crm"}


def test_admin_create_user_denied(cognito, idp, pool):
    cognito.triggers.register("pre-sign-up", lambda event, context: 1 / 0)
    with pytest.raises(ClientError) as excinfo:
        idp.admin_create_user(UserPoolId=pool.pool_id, Username="bo")
    assert error_of(excinfo) == ("UserLambdaValidationException", "PreSignUp failed with error division by zero.")
    assert idp.list_users(UserPoolId=pool.pool_id)["Users"] == []


def test_post_confirmation_after_confirm_sign_up(cognito, idp, pool):
    cognito.triggers.register("pre-sign-up", lambda event, context: event)
    events = []
    cognito.triggers.register(arn("post-confirm", "live"), lambda event, context: events.append(event) or event)
    sign_up(idp, pool)
    code = cognito.outbox.last(to="ana@example.com").code
    idp.confirm_sign_up(ClientId=pool.client_id, Username="ana", ConfirmationCode=code,
                        ClientMetadata={"from": "web"})
    (event,) = events
    assert event["triggerSource"] == "PostConfirmation_ConfirmSignUp"
    assert event["callerContext"]["clientId"] == pool.client_id
    assert event["request"]["clientMetadata"] == {"from": "web"}
    attributes = event["request"]["userAttributes"]
    assert attributes["cognito:user_status"] == "CONFIRMED" and attributes["email_verified"] == "true"
    assert attributes["email"] == "ana@example.com" and attributes["sub"]


def test_post_confirmation_failure_is_answered_but_the_user_stays_confirmed(cognito, idp, pool):
    """As AWS does (amplify-cli#2735, amplify-js#6327): the confirmation is not rolled back."""
    cognito.triggers.register("pre-sign-up", lambda event, context: event)
    cognito.triggers.register("post-confirm", lambda event, context: (_ for _ in ()).throw(RuntimeError("db down")))
    sign_up(idp, pool)
    with pytest.raises(ClientError) as excinfo:
        idp.admin_confirm_sign_up(UserPoolId=pool.pool_id, Username="ana")
    assert error_of(excinfo) == ("UserLambdaValidationException", "PostConfirmation failed with error db down.")
    assert idp.admin_get_user(UserPoolId=pool.pool_id, Username="ana")["UserStatus"] == "CONFIRMED"


def test_post_confirmation_after_confirm_forgot_password(cognito, idp, pool):
    cognito.triggers.register("pre-sign-up", lambda event, context: {**event, "response": {"autoConfirmUser": True,
                                                                                            "autoVerifyEmail": True}})
    cognito.triggers.register("post-confirm", lambda event, context: event)
    sign_up(idp, pool)
    idp.forgot_password(ClientId=pool.client_id, Username="ana")
    code = cognito.outbox.last(kind="FORGOT_PASSWORD").code
    idp.confirm_forgot_password(ClientId=pool.client_id, Username="ana", ConfirmationCode=code, Password="N3w-Passw0rd!")
    assert cognito.triggers.calls[-1].trigger_source == "PostConfirmation_ConfirmForgotPassword"


def test_registry_unregister_reset_and_name_matching(cognito, idp, user_pool):
    fn = lambda event, context: event                                    # noqa: E731
    registry = cognito.triggers
    registry.register("by-name", fn)
    assert registry.resolve("arn:aws:lambda:eu-west-1:999999999999:function:by-name:3") is fn
    assert registry.resolve(arn("other")) is None
    registry.register(arn("exact"), fn)
    assert registry.resolve(arn("exact", "prod")) is fn                 # any version or alias of it
    assert registry.resolve("arn:aws:lambda:eu-west-1:123456789012:function:exact") is None
    registry.unregister("by-name")
    assert registry.resolve(arn("by-name")) is None
    cognito.reset()
    assert registry.functions == {} and registry.calls == []
    with pytest.raises(TypeError):
        registry.register("x", "not callable")


def test_pool_without_lambda_config_invokes_nothing(cognito, idp, user_pool):
    ids = user_pool()
    cognito.triggers.register("pre-sign-up", lambda event, context: pytest.fail("must not run"))
    idp.sign_up(ClientId=ids.client_id, Username="ana", Password="Passw0rd!")
    assert cognito.triggers.calls == []


def test_readme_invite_only_example(cognito, cognito_idp, user_pool):
    ids = user_pool(LambdaConfig={"PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:gate"})

    @cognito.triggers.function("gate")
    def gate(event, context):
        if not event["request"]["userAttributes"].get("email", "").endswith("@example.com"):
            raise Exception("Invite only")
        event["response"]["autoConfirmUser"] = True
        return event

    cognito_idp.sign_up(ClientId=ids.client_id, Username="bo", Password="Corr3ct-horse!",
                        UserAttributes=[{"Name": "email", "Value": "bo@example.com"}])
    assert cognito.triggers.calls[-1].trigger_source == "PreSignUp_SignUp"
    with pytest.raises(ClientError) as excinfo:
        cognito_idp.sign_up(ClientId=ids.client_id, Username="eve", Password="Corr3ct-horse!",
                            UserAttributes=[{"Name": "email", "Value": "eve@elsewhere.org"}])
    assert error_of(excinfo) == ("UserLambdaValidationException", "PreSignUp failed with error Invite only.")
