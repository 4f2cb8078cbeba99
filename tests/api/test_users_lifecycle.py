"""Admin lifecycle, attributes and their verification, passwords lost and changed, ListUsers."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of


@pytest.fixture
def ids(user_pool):
    return user_pool(AutoVerifiedAttributes=["email"])


def make_user(idp, ids, name="ana", email=None, verified=True, password="Passw0rd!"):
    email = email or f"{name}@example.com"
    idp.admin_create_user(UserPoolId=ids.pool_id, Username=name, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": email},
                                          {"Name": "email_verified", "Value": str(verified).lower()}])
    idp.admin_set_user_password(UserPoolId=ids.pool_id, Username=name, Password=password, Permanent=True)


def sign_in(idp, ids, name="ana", password="Passw0rd!"):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": name, "PASSWORD": password})["AuthenticationResult"]


def attrs(idp, ids, name="ana"):
    return {a["Name"]: a["Value"] for a in idp.admin_get_user(UserPoolId=ids.pool_id, Username=name)["UserAttributes"]}


def test_invitation_resend_gives_a_new_temporary_password(cognito, cognito_idp, ids):
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", DesiredDeliveryMediums=["EMAIL"],
                                  UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    first = cognito.outbox.last(to="ana@example.com")
    assert first.subject == "Your temporary password"
    assert first.body == f"Your username is ana and temporary password is {first.temporary_password}. "
    cognito.clock.advance(days=6)
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="RESEND",
                                  DesiredDeliveryMediums=["EMAIL"])
    second = cognito.outbox.last(to="ana@example.com")
    assert second.temporary_password != first.temporary_password
    cognito.clock.advance(days=3)       # past the first password's 7 days, within the second's
    challenge = cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                          AuthParameters={"USERNAME": "ana", "PASSWORD": second.temporary_password})
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ghost", MessageAction="RESEND")
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


def test_resend_refused_once_the_user_has_a_password(cognito_idp, ids):
    make_user(cognito_idp, ids)
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="RESEND")
    assert error_of(exc) == ("UnsupportedUserStateException",
                             "Resend not possible. ana status is not FORCE_CHANGE_PASSWORD")


def test_disabled_user_cannot_sign_in_or_refresh(cognito_idp, ids):
    make_user(cognito_idp, ids)
    tokens = sign_in(cognito_idp, ids)
    cognito_idp.admin_disable_user(UserPoolId=ids.pool_id, Username="ana")
    assert cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana")["Enabled"] is False
    with pytest.raises(ClientError) as exc:
        sign_in(cognito_idp, ids)
    assert error_of(exc) == ("NotAuthorizedException", "User is disabled.")
    with pytest.raises(ClientError) as exc:
        cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                  AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]})
    assert exc.value.response["Error"]["Code"] == "NotAuthorizedException"
    cognito_idp.admin_enable_user(UserPoolId=ids.pool_id, Username="ana")
    assert sign_in(cognito_idp, ids)["AccessToken"]


def test_update_email_sends_a_code_and_verify_user_attribute(cognito, cognito_idp, ids):
    make_user(cognito_idp, ids)
    access = sign_in(cognito_idp, ids)["AccessToken"]
    result = cognito_idp.update_user_attributes(AccessToken=access, UserAttributes=[
        {"Name": "email", "Value": "new@example.org"}, {"Name": "name", "Value": "Ana"}])
    assert result["CodeDeliveryDetailsList"] == [{"Destination": "n***@e***", "DeliveryMedium": "EMAIL",
                                                  "AttributeName": "email"}]
    assert attrs(cognito_idp, ids)["email"] == "new@example.org"
    assert attrs(cognito_idp, ids)["email_verified"] == "false"
    code = cognito.outbox.last(to="new@example.org").code
    with pytest.raises(ClientError) as exc:
        cognito_idp.verify_user_attribute(AccessToken=access, AttributeName="email",
                                          Code="000000" if code != "000000" else "111111")
    assert error_of(exc) == ("CodeMismatchException", "Invalid verification code provided, please try again.")
    cognito_idp.verify_user_attribute(AccessToken=access, AttributeName="email", Code=code)
    assert attrs(cognito_idp, ids)["email_verified"] == "true"


def test_keep_original_email_until_verified(cognito, cognito_idp, user_pool):
    ids = user_pool(AutoVerifiedAttributes=["email"],
                    UserAttributeUpdateSettings={"AttributesRequireVerificationBeforeUpdate": ["email"]})
    make_user(cognito_idp, ids)
    access = sign_in(cognito_idp, ids)["AccessToken"]
    cognito_idp.update_user_attributes(AccessToken=access, UserAttributes=[{"Name": "email", "Value": "new@example.org"}])
    assert attrs(cognito_idp, ids)["email"] == "ana@example.com"
    assert attrs(cognito_idp, ids)["email_verified"] == "true"
    cognito_idp.verify_user_attribute(AccessToken=access, AttributeName="email",
                                      Code=cognito.outbox.last(to="new@example.org").code)
    assert attrs(cognito_idp, ids)["email"] == "new@example.org"


def test_get_user_attribute_verification_code(cognito, cognito_idp, ids):
    make_user(cognito_idp, ids, verified=False)
    access = sign_in(cognito_idp, ids)["AccessToken"]
    details = cognito_idp.get_user_attribute_verification_code(AccessToken=access, AttributeName="email")
    assert details["CodeDeliveryDetails"]["Destination"] == "a***@e***"
    message = cognito.outbox.last(to="ana@example.com")
    assert message.kind == "VERIFY_ATTRIBUTE"
    cognito_idp.verify_user_attribute(AccessToken=access, AttributeName="email", Code=message.code)
    assert attrs(cognito_idp, ids)["email_verified"] == "true"
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_user_attribute_verification_code(AccessToken=access, AttributeName="name")
    assert error_of(exc) == ("InvalidParameterException",
                             "Invalid attribute name. Only phone_number and email can be verified.")


def test_client_write_attributes_and_immutable_attributes(cognito_idp, user_pool):
    ids = user_pool(Schema=[{"Name": "team", "AttributeDataType": "String", "Mutable": False}],
                    client={"WriteAttributes": ["name"]})
    make_user(cognito_idp, ids)
    access = sign_in(cognito_idp, ids)["AccessToken"]
    with pytest.raises(ClientError) as exc:
        cognito_idp.update_user_attributes(AccessToken=access, UserAttributes=[{"Name": "email", "Value": "x@y.z"}])
    assert error_of(exc) == ("NotAuthorizedException", "A client attempted to write unauthorized attribute")
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_update_user_attributes(UserPoolId=ids.pool_id, Username="ana",
                                                 UserAttributes=[{"Name": "custom:team", "Value": "x"}])
    assert error_of(exc) == ("InvalidParameterException", "Cannot modify an immutable attribute: custom:team")
    assert "custom:team" not in attrs(cognito_idp, ids)


def test_delete_user_attributes(cognito_idp, ids):
    make_user(cognito_idp, ids)
    cognito_idp.admin_update_user_attributes(UserPoolId=ids.pool_id, Username="ana",
                                             UserAttributes=[{"Name": "name", "Value": "Ana"}])
    access = sign_in(cognito_idp, ids)["AccessToken"]
    cognito_idp.delete_user_attributes(AccessToken=access, UserAttributeNames=["name"])
    assert "name" not in attrs(cognito_idp, ids)
    cognito_idp.admin_delete_user_attributes(UserPoolId=ids.pool_id, Username="ana", UserAttributeNames=["email"])
    assert "email" not in attrs(cognito_idp, ids) and "email_verified" not in attrs(cognito_idp, ids)


def test_forgot_password_round_trip(cognito, cognito_idp, ids):
    make_user(cognito_idp, ids)
    details = cognito_idp.forgot_password(ClientId=ids.client_id, Username="ana")["CodeDeliveryDetails"]
    assert details == {"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    code = cognito.outbox.last(to="ana@example.com", kind="FORGOT_PASSWORD").code
    with pytest.raises(ClientError) as exc:
        cognito_idp.confirm_forgot_password(ClientId=ids.client_id, Username="ana", ConfirmationCode=code, Password="weak")
    assert error_of(exc)[0] == "InvalidPasswordException"
    cognito.clock.advance(minutes=61)
    with pytest.raises(ClientError) as exc:
        cognito_idp.confirm_forgot_password(ClientId=ids.client_id, Username="ana", ConfirmationCode=code,
                                            Password="N3w-passw0rd")
    assert error_of(exc) == ("ExpiredCodeException", "Invalid code provided, please request a code again.")
    assert sign_in(cognito_idp, ids)["AccessToken"]        # old password still works
    cognito_idp.forgot_password(ClientId=ids.client_id, Username="ana")
    code = cognito.outbox.last(to="ana@example.com").code
    cognito_idp.confirm_forgot_password(ClientId=ids.client_id, Username="ana", ConfirmationCode=code,
                                        Password="N3w-passw0rd")
    assert sign_in(cognito_idp, ids, password="N3w-passw0rd")["AccessToken"]
    with pytest.raises(ClientError) as exc:
        sign_in(cognito_idp, ids)
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_forgot_password_needs_a_verified_channel(cognito, cognito_idp, ids):
    make_user(cognito_idp, ids, verified=False)
    with pytest.raises(ClientError) as exc:
        cognito_idp.forgot_password(ClientId=ids.client_id, Username="ana")
    assert error_of(exc) == ("InvalidParameterException", "Cannot reset password for the user as there is no "
                                                           "registered/verified email or phone_number")
    with pytest.raises(ClientError) as exc:
        cognito_idp.forgot_password(ClientId=ids.client_id, Username="ghost")
    assert error_of(exc) == ("UserNotFoundException", "Username/client id combination not found.")
    assert len(cognito.outbox) == 0


def test_admin_reset_user_password(cognito, cognito_idp, ids):
    make_user(cognito_idp, ids)
    cognito_idp.admin_reset_user_password(UserPoolId=ids.pool_id, Username="ana")
    assert cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana")["UserStatus"] == "RESET_REQUIRED"
    with pytest.raises(ClientError) as exc:
        sign_in(cognito_idp, ids)
    assert error_of(exc) == ("PasswordResetRequiredException", "Password reset required for the user")
    code = cognito.outbox.last(to="ana@example.com").code
    cognito_idp.confirm_forgot_password(ClientId=ids.client_id, Username="ana", ConfirmationCode=code, Password="Fresh-pass1")
    assert cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana")["UserStatus"] == "CONFIRMED"


def test_change_password_and_history(cognito_idp, user_pool):
    ids = user_pool(Policies={"PasswordPolicy": {"MinimumLength": 8, "PasswordHistorySize": 2}})
    make_user(cognito_idp, ids)
    access = sign_in(cognito_idp, ids)["AccessToken"]
    with pytest.raises(ClientError) as exc:
        cognito_idp.change_password(AccessToken=access, PreviousPassword="wrong-one", ProposedPassword="other-pass")
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")
    with pytest.raises(ClientError) as exc:
        cognito_idp.change_password(AccessToken=access, PreviousPassword="Passw0rd!", ProposedPassword="Passw0rd!")
    assert exc.value.response["Error"]["Code"] == "PasswordHistoryPolicyViolationException"
    cognito_idp.change_password(AccessToken=access, PreviousPassword="Passw0rd!", ProposedPassword="second-pass")
    with pytest.raises(ClientError) as exc:       # still within the last two
        cognito_idp.change_password(AccessToken=access, PreviousPassword="second-pass", ProposedPassword="Passw0rd!")
    assert exc.value.response["Error"]["Code"] == "PasswordHistoryPolicyViolationException"
    cognito_idp.change_password(AccessToken=access, PreviousPassword="second-pass", ProposedPassword="third-pass")
    cognito_idp.change_password(AccessToken=access, PreviousPassword="third-pass", ProposedPassword="Passw0rd!")
    assert sign_in(cognito_idp, ids)["AccessToken"]


def test_delete_user_self_service(cognito_idp, ids):
    make_user(cognito_idp, ids)
    access = sign_in(cognito_idp, ids)["AccessToken"]
    cognito_idp.delete_user(AccessToken=access)
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana")
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


def test_admin_lookups_accept_sub_and_alias(cognito_idp, user_pool):
    ids = user_pool(AliasAttributes=["email"])
    make_user(cognito_idp, ids)
    sub = attrs(cognito_idp, ids)["sub"]
    assert cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username=sub)["Username"] == "ana"
    assert cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana@example.com")["Username"] == "ana"


def test_a_user_with_a_temporary_password_cannot_reset_it(idp, user_pool):
    ids = user_pool(AutoVerifiedAttributes=["email"])
    idp.admin_create_user(UserPoolId=ids.pool_id, Username="tmp", MessageAction="SUPPRESS", UserAttributes=[
        {"Name": "email", "Value": "tmp@example.com"}, {"Name": "email_verified", "Value": "true"}])
    for call in (lambda: idp.forgot_password(ClientId=ids.client_id, Username="tmp"),
                 lambda: idp.admin_reset_user_password(UserPoolId=ids.pool_id, Username="tmp")):
        with pytest.raises(ClientError) as err:
            call()
        assert err.value.response["Error"]["Code"] == "NotAuthorizedException"
        assert err.value.response["Error"]["Message"] == "User password cannot be reset in the current state."
    assert idp.admin_get_user(UserPoolId=ids.pool_id, Username="tmp")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
