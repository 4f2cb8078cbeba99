"""SignUp / ConfirmSignUp / ResendConfirmationCode / AdminConfirmSignUp, codes read from the outbox."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

SIGNUP = {"Username": "ana", "Password": "Passw0rd!", "UserAttributes": [{"Name": "email", "Value": "ana@example.com"}]}


@pytest.fixture
def ids(user_pool):
    return user_pool(AutoVerifiedAttributes=["email"])


def status(idp, ids, username="ana"):
    return idp.admin_get_user(UserPoolId=ids.pool_id, Username=username)["UserStatus"]


def test_sign_up_sends_a_code_and_confirm_verifies_the_email(cognito, cognito_idp, ids):
    result = cognito_idp.sign_up(ClientId=ids.client_id, **SIGNUP)
    assert result["UserConfirmed"] is False and len(result["UserSub"]) == 36
    assert result["CodeDeliveryDetails"] == {"Destination": "a***@e***", "DeliveryMedium": "EMAIL",
                                             "AttributeName": "email"}
    message = cognito.outbox.last(to="ana@example.com")
    assert message.kind == "SIGN_UP" and len(message.code) == 6 and message.code.isdigit()
    assert message.body == f"Your verification code is {message.code}. "
    assert status(cognito_idp, ids) == "UNCONFIRMED"
    cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=message.code)
    user = cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    assert "AuthenticationResult" in cognito_idp.initiate_auth(
        ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})


def test_wrong_code_expired_code_and_attempt_limit(cognito, cognito_idp, ids):
    cognito_idp.sign_up(ClientId=ids.client_id, **SIGNUP)
    code = cognito.outbox.last(to="ana@example.com").code
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ClientError) as exc:
        cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=wrong)
    assert error_of(exc) == ("CodeMismatchException", "Invalid verification code provided, please try again.")
    assert status(cognito_idp, ids) == "UNCONFIRMED"
    cognito.clock.advance(hours=24, seconds=1)
    with pytest.raises(ClientError) as exc:
        cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=code)
    assert error_of(exc) == ("ExpiredCodeException", "Invalid code provided, please request a code again.")
    cognito_idp.resend_confirmation_code(ClientId=ids.client_id, Username="ana")
    fresh = cognito.outbox.last(to="ana@example.com").code
    for _ in range(5):
        with pytest.raises(ClientError) as exc:
            cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="ana",
                                        ConfirmationCode="000000" if fresh != "000000" else "111111")
        assert error_of(exc) == ("CodeMismatchException", "Invalid verification code provided, please try again.")
    with pytest.raises(ClientError) as exc:
        cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=fresh)
    assert error_of(exc) == ("LimitExceededException", "Attempt limit exceeded, please try after some time.")
    assert status(cognito_idp, ids) == "UNCONFIRMED"


def test_code_is_single_use_and_confirmed_users_cannot_be_confirmed_again(cognito, cognito_idp, ids):
    cognito_idp.sign_up(ClientId=ids.client_id, **SIGNUP)
    code = cognito.outbox.last(to="ana@example.com").code
    cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=code)
    with pytest.raises(ClientError) as exc:
        cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=code)
    assert error_of(exc) == ("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")
    with pytest.raises(ClientError) as exc:
        cognito_idp.resend_confirmation_code(ClientId=ids.client_id, Username="ana")
    assert error_of(exc) == ("InvalidParameterException", "User is already confirmed.")


def test_resend_replaces_the_code(cognito, cognito_idp, ids):
    cognito_idp.sign_up(ClientId=ids.client_id, **SIGNUP)
    first = cognito.outbox.last(to="ana@example.com").code
    details = cognito_idp.resend_confirmation_code(ClientId=ids.client_id, Username="ana")["CodeDeliveryDetails"]
    assert details["Destination"] == "a***@e***"
    second = cognito.outbox.last(to="ana@example.com").code
    if first != second:
        with pytest.raises(ClientError) as exc:
            cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=first)
        assert error_of(exc)[0] == "CodeMismatchException"
    cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=second)
    assert status(cognito_idp, ids) == "CONFIRMED"


def test_sign_up_errors_leave_nothing_behind(cognito, cognito_idp, ids):
    with pytest.raises(ClientError) as exc:
        cognito_idp.sign_up(ClientId=ids.client_id, **{**SIGNUP, "Password": "short"})
    assert error_of(exc) == ("InvalidPasswordException", "Password did not conform with policy: Password not long enough")
    assert cognito_idp.list_users(UserPoolId=ids.pool_id)["Users"] == [] and len(cognito.outbox) == 0
    cognito_idp.sign_up(ClientId=ids.client_id, **SIGNUP)
    with pytest.raises(ClientError) as exc:
        cognito_idp.sign_up(ClientId=ids.client_id, **SIGNUP)
    assert error_of(exc) == ("UsernameExistsException", "User already exists")


def test_unknown_user_and_prevent_user_existence_errors(cognito_idp, user_pool):
    ids = user_pool(AutoVerifiedAttributes=["email"])
    with pytest.raises(ClientError) as exc:
        cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="ghost", ConfirmationCode="123456")
    assert error_of(exc) == ("UserNotFoundException", "Username/client id combination not found.")
    hidden = user_pool(AutoVerifiedAttributes=["email"], client={"PreventUserExistenceErrors": "ENABLED"})
    with pytest.raises(ClientError) as exc:
        cognito_idp.confirm_sign_up(ClientId=hidden.client_id, Username="ghost", ConfirmationCode="123456")
    assert error_of(exc) == ("CodeMismatchException", "Invalid verification code provided, please try again.")
    details = cognito_idp.resend_confirmation_code(ClientId=hidden.client_id, Username="ghost@x.com")["CodeDeliveryDetails"]
    assert details["DeliveryMedium"] == "EMAIL"


def test_admin_confirm_sign_up(cognito_idp, ids):
    cognito_idp.sign_up(ClientId=ids.client_id, **SIGNUP)
    cognito_idp.admin_confirm_sign_up(UserPoolId=ids.pool_id, Username="ana")
    assert status(cognito_idp, ids) == "CONFIRMED"
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_confirm_sign_up(UserPoolId=ids.pool_id, Username="ana")
    assert error_of(exc) == ("NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED")
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_confirm_sign_up(UserPoolId=ids.pool_id, Username="ghost")
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


def test_sign_up_not_permitted_in_admin_only_pools(cognito_idp, user_pool):
    ids = user_pool(AdminCreateUserConfig={"AllowAdminCreateUserOnly": True})
    with pytest.raises(ClientError) as exc:
        cognito_idp.sign_up(ClientId=ids.client_id, **SIGNUP)
    assert error_of(exc) == ("NotAuthorizedException", "SignUp is not permitted for this user pool")


def test_sms_code_and_custom_template(cognito, cognito_idp, user_pool):
    ids = user_pool(AutoVerifiedAttributes=["phone_number"],
                    VerificationMessageTemplate={"SmsMessage": "Code {####} for you"})
    result = cognito_idp.sign_up(ClientId=ids.client_id, Username="bo", Password="Passw0rd!",
                                 UserAttributes=[{"Name": "phone_number", "Value": "+12065551234"}])
    assert result["CodeDeliveryDetails"] == {"Destination": "+*******1234", "DeliveryMedium": "SMS",
                                             "AttributeName": "phone_number"}
    message = cognito.outbox.last(to="+12065551234")
    assert message.channel == "SMS" and message.body == f"Code {message.code} for you"


def test_email_username_pool_signs_in_by_email(cognito, cognito_idp, user_pool):
    ids = user_pool(UsernameAttributes=["email"], AutoVerifiedAttributes=["email"])
    with pytest.raises(ClientError) as exc:
        cognito_idp.sign_up(ClientId=ids.client_id, Username="not-an-email", Password="Passw0rd!")
    assert error_of(exc) == ("InvalidParameterException", "Username should be an email.")
    sub = cognito_idp.sign_up(ClientId=ids.client_id, Username="cy@example.com", Password="Passw0rd!")["UserSub"]
    with pytest.raises(ClientError) as exc:
        cognito_idp.sign_up(ClientId=ids.client_id, Username="cy@example.com", Password="Passw0rd!")
    assert error_of(exc) == ("UsernameExistsException", "An account with the given email already exists.")
    cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="cy@example.com",
                                ConfirmationCode=cognito.outbox.last(to="cy@example.com").code)
    user = cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="cy@example.com")
    assert user["Username"] == sub
    tokens = cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                       AuthParameters={"USERNAME": "cy@example.com", "PASSWORD": "Passw0rd!"})
    assert cognito_idp.get_user(AccessToken=tokens["AuthenticationResult"]["AccessToken"])["Username"] == sub


def test_alias_sign_in_needs_a_verified_email(cognito, cognito_idp, user_pool):
    ids = user_pool(AliasAttributes=["email", "preferred_username"], AutoVerifiedAttributes=["email"])
    cognito_idp.sign_up(ClientId=ids.client_id, Username="dee", Password="Passw0rd!",
                        UserAttributes=[{"Name": "email", "Value": "dee@example.com"},
                                        {"Name": "preferred_username", "Value": "deedee"}])
    cognito_idp.admin_confirm_sign_up(UserPoolId=ids.pool_id, Username="dee")
    auth = lambda name: cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                                  AuthParameters={"USERNAME": name, "PASSWORD": "Passw0rd!"})
    assert "AuthenticationResult" in auth("deedee")
    with pytest.raises(ClientError) as exc:
        auth("dee@example.com")        # admin confirmation does not verify the email
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")
    cognito_idp.admin_update_user_attributes(UserPoolId=ids.pool_id, Username="dee",
                                             UserAttributes=[{"Name": "email_verified", "Value": "true"}])
    assert "AuthenticationResult" in auth("dee@example.com")
    # a second user verifying the same email collides with the alias
    cognito_idp.sign_up(ClientId=ids.client_id, Username="eve", Password="Passw0rd!",
                        UserAttributes=[{"Name": "email", "Value": "dee@example.com"}])
    code = cognito.outbox.last(username="eve").code
    with pytest.raises(ClientError) as exc:
        cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="eve", ConfirmationCode=code)
    assert error_of(exc) == ("AliasExistsException", "An account with the given email already exists.")
    assert status(cognito_idp, ids, "eve") == "UNCONFIRMED"
    cognito_idp.confirm_sign_up(ClientId=ids.client_id, Username="eve", ConfirmationCode=code, ForceAliasCreation=True)
    assert auth("dee@example.com")["AuthenticationResult"]
    token = auth("dee@example.com")["AuthenticationResult"]["AccessToken"]
    assert cognito_idp.get_user(AccessToken=token)["Username"] == "eve"
