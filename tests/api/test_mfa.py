"""MFA: TOTP registration, preferences, GetUser's MFA members, auth factors."""
import pyotp
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

SNS = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns", "ExternalId": "ext"}


@pytest.fixture
def ids(cognito, cognito_idp, user_pool):
    cognito.clock.freeze()
    ids = user_pool()
    cognito_idp.set_user_pool_mfa_config(UserPoolId=ids.pool_id, MfaConfiguration="OPTIONAL",
                                         SmsMfaConfiguration={"SmsAuthenticationMessage": "Code {####}",
                                                              "SmsConfiguration": SNS},
                                         SoftwareTokenMfaConfiguration={"Enabled": True})
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS",
                                  UserAttributes=[{"Name": "phone_number", "Value": "+15550001234"}])
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    return ids


def access_token(idp, ids):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]["AccessToken"]


def test_associate_and_verify_software_token(cognito, cognito_idp, ids):
    token = access_token(cognito_idp, ids)
    secret = cognito_idp.associate_software_token(AccessToken=token)["SecretCode"]
    assert len(secret) >= 16 and secret.isalnum()
    assert cognito_idp.associate_software_token(AccessToken=token)["SecretCode"] != secret   # random each time
    secret = cognito_idp.associate_software_token(AccessToken=token)["SecretCode"]
    wrong = str((int(pyotp.TOTP(secret).at(cognito.clock.now())) + 1) % 1000000).zfill(6)
    with pytest.raises(ClientError) as exc:
        cognito_idp.verify_software_token(AccessToken=token, UserCode=wrong)
    assert error_of(exc) == ("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA")
    result = cognito_idp.verify_software_token(AccessToken=token, UserCode=pyotp.TOTP(secret).at(cognito.clock.now()),
                                               FriendlyDeviceName="phone")
    assert result["Status"] == "SUCCESS" and "Session" not in result


def test_secrets_are_per_user(cognito, cognito_idp, ids):
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="bo", TemporaryPassword="Passw0rd!",
                                  MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="bo", Password="Passw0rd!", Permanent=True)
    bo = cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                   AuthParameters={"USERNAME": "bo", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]
    one = cognito_idp.associate_software_token(AccessToken=access_token(cognito_idp, ids))["SecretCode"]
    two = cognito_idp.associate_software_token(AccessToken=bo["AccessToken"])["SecretCode"]
    assert one != two


def test_enabling_totp_needs_a_verified_authenticator(cognito, cognito_idp, ids):
    token = access_token(cognito_idp, ids)
    with pytest.raises(ClientError) as exc:
        cognito_idp.set_user_mfa_preference(AccessToken=token,
                                            SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    assert error_of(exc) == ("InvalidParameterException",
                             "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA")
    assert "UserMFASettingList" not in cognito_idp.get_user(AccessToken=token)
    secret = cognito_idp.associate_software_token(AccessToken=token)["SecretCode"]
    cognito_idp.verify_software_token(AccessToken=token, UserCode=pyotp.TOTP(secret).at(cognito.clock.now()))
    cognito_idp.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
                                        SMSMfaSettings={"Enabled": True})
    user = cognito_idp.get_user(AccessToken=token)
    assert user["UserMFASettingList"] == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
    assert user["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"
    assert user["MFAOptions"] == [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
    factors = cognito_idp.admin_get_user_auth_factors(UserPoolId=ids.pool_id, Username="ana")
    assert factors["UserMFASettingList"] == ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
    assert factors["ConfiguredUserAuthFactors"] == ["PASSWORD", "SOFTWARE_TOKEN"]
    cognito_idp.admin_delete_software_token(UserPoolId=ids.pool_id, Username="ana")
    admin = cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana")
    assert admin["UserMFASettingList"] == ["SMS_MFA"] and "PreferredMfaSetting" not in admin


def test_a_failing_preference_call_changes_nothing(cognito_idp, ids):
    cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana", SMSMfaSettings={"Enabled": True})
    with pytest.raises(ClientError) as exc:      # SMS off would pass, TOTP on fails: neither happens
        cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana",
                                                  SMSMfaSettings={"Enabled": False},
                                                  SoftwareTokenMfaSettings={"Enabled": True})
    assert exc.value.response["Error"]["Code"] == "InvalidParameterException"
    assert cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana")["UserMFASettingList"] == ["SMS_MFA"]


def test_factor_the_pool_does_not_allow(cognito_idp, ids):
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana",
                                                  EmailMfaSettings={"Enabled": True})
    assert exc.value.response["Error"]["Code"] == "InvalidParameterException"


def test_sms_needs_a_phone_number(cognito_idp, ids):
    cognito_idp.admin_delete_user_attributes(UserPoolId=ids.pool_id, Username="ana", UserAttributeNames=["phone_number"])
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana",
                                                  SMSMfaSettings={"Enabled": True})
    assert error_of(exc) == ("InvalidParameterException", "User does not have delivery config set to turn on SMS_MFA")


def test_legacy_user_settings(cognito_idp, ids):
    token = access_token(cognito_idp, ids)
    cognito_idp.admin_set_user_settings(UserPoolId=ids.pool_id, Username="ana",
                                        MFAOptions=[{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}])
    user = cognito_idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana")
    assert user["MFAOptions"] == [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
    assert user["UserMFASettingList"] == ["SMS_MFA"]
    cognito_idp.set_user_settings(AccessToken=token, MFAOptions=[])
    user = cognito_idp.get_user(AccessToken=token)
    assert "MFAOptions" not in user and "UserMFASettingList" not in user


def test_verify_without_associate(cognito_idp, ids):
    with pytest.raises(ClientError) as exc:
        cognito_idp.verify_software_token(AccessToken=access_token(cognito_idp, ids), UserCode="123456")
    assert exc.value.response["Error"]["Code"] == "SoftwareTokenMFANotFoundException"


def test_associate_in_a_pool_without_software_token_mfa(cognito_idp, ids):
    cognito_idp.set_user_pool_mfa_config(UserPoolId=ids.pool_id, MfaConfiguration="OPTIONAL",
                                         SmsMfaConfiguration={"SmsAuthenticationMessage": "Code {####}",
                                                              "SmsConfiguration": SNS},
                                         SoftwareTokenMfaConfiguration={"Enabled": False})
    with pytest.raises(ClientError) as exc:
        cognito_idp.associate_software_token(AccessToken=access_token(cognito_idp, ids))
    assert error_of(exc) == ("SoftwareTokenMFANotFoundException", "Software Token MFA has not been enabled by the userPool")
