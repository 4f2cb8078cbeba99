"""The CustomMessage trigger: its texts replace the pool's templates in the outbox."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

ARN = "arn:aws:lambda:us-east-1:123456789012:function:messages"


@pytest.fixture
def ids(user_pool):
    return user_pool(AutoVerifiedAttributes=["email"], LambdaConfig={"CustomMessage": ARN})


def sign_up(idp, ids, username="ana"):
    return idp.sign_up(ClientId=ids.client_id, Username=username, Password="Passw0rd!",
                       UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}])


def branded(event, context):
    source = event["triggerSource"].removeprefix("CustomMessage_")
    code, username = event["request"]["codeParameter"], event["request"]["usernameParameter"]
    event["response"]["emailSubject"] = f"[{source}] Welcome"
    event["response"]["emailMessage"] = f"<b>{source}</b> code {code}" + (f" user {username}" if username else "")
    return event


def test_sign_up_message_comes_from_the_trigger(cognito, idp, ids):
    cognito.triggers.register("messages", branded)
    sign_up(idp, ids)
    message = cognito.outbox.last(to="ana@example.com")
    assert message.subject == "[SignUp] Welcome"
    assert message.body == f"<b>SignUp</b> code {message.code}"
    event = cognito.triggers.calls[0].event
    assert event["triggerSource"] == "CustomMessage_SignUp"
    assert event["request"]["codeParameter"] == "{####}" and event["request"]["usernameParameter"] is None
    assert event["request"]["userAttributes"]["cognito:user_status"] == "UNCONFIRMED"
    assert event["response"] == {"smsMessage": None, "emailMessage": None, "emailSubject": None}


def test_every_message_names_its_trigger_source(cognito, idp, ids):
    cognito.triggers.register("messages", branded)
    sign_up(idp, ids)
    idp.resend_confirmation_code(ClientId=ids.client_id, Username="ana")
    idp.admin_confirm_sign_up(UserPoolId=ids.pool_id, Username="ana")
    idp.admin_update_user_attributes(UserPoolId=ids.pool_id, Username="ana",
                                     UserAttributes=[{"Name": "email_verified", "Value": "true"}])
    idp.forgot_password(ClientId=ids.client_id, Username="ana")
    idp.admin_update_user_attributes(UserPoolId=ids.pool_id, Username="ana",
                                     UserAttributes=[{"Name": "email", "Value": "ana2@example.com"}])
    idp.admin_create_user(UserPoolId=ids.pool_id, Username="bo", DesiredDeliveryMediums=["EMAIL"],
                          UserAttributes=[{"Name": "email", "Value": "bo@example.com"}])
    sources = [c.trigger_source.removeprefix("CustomMessage_") for c in cognito.triggers.calls]
    assert sources == ["SignUp", "ResendCode", "ForgotPassword", "UpdateUserAttribute", "AdminCreateUser"]
    invitation = cognito.outbox.last(to="bo@example.com")
    assert invitation.body == f"<b>AdminCreateUser</b> code {invitation.temporary_password} user bo"
    assert cognito.triggers.calls[-1].event["request"]["usernameParameter"] == "{username}"


def test_a_text_without_the_code_is_not_used(cognito, idp, ids):
    cognito.triggers.register("messages", lambda event, context: {
        **event, "response": {"emailMessage": "no code here", "emailSubject": "Hi"}})
    sign_up(idp, ids)
    message = cognito.outbox.last(to="ana@example.com")
    assert message.body == f"Your verification code is {message.code}. "


def test_failing_custom_message_leaves_no_user(cognito, idp, ids):
    cognito.triggers.register("messages", lambda event, context: (_ for _ in ()).throw(Exception("template missing")))
    with pytest.raises(ClientError) as excinfo:
        sign_up(idp, ids)
    assert error_of(excinfo) == ("UserLambdaValidationException", "CustomMessage failed with error template missing.")
    assert idp.list_users(UserPoolId=ids.pool_id)["Users"] == [] and len(cognito.outbox) == 0
    with pytest.raises(ClientError) as exc:
        idp.admin_create_user(UserPoolId=ids.pool_id, Username="bo", DesiredDeliveryMediums=["EMAIL"],
                              UserAttributes=[{"Name": "email", "Value": "bo@example.com"}])
    assert error_of(exc) == ("UserLambdaValidationException", "CustomMessage failed with error template missing.")
    assert idp.list_users(UserPoolId=ids.pool_id)["Users"] == []
