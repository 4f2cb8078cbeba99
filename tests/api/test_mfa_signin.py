"""Sign-in with MFA through the one state machine: SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA,
SELECT_MFA_TYPE, MFA_SETUP, NEW_PASSWORD_REQUIRED then MFA, remembered devices."""
import jwt
import pyotp
import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP, generate_hash_device
from helpers import error_of

SNS = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns", "ExternalId": "ext"}
PHONE = "+15550001234"


def make_pool(idp, user_pool, mode="OPTIONAL", **pool_args):
    ids = user_pool(**pool_args)
    idp.set_user_pool_mfa_config(UserPoolId=ids.pool_id, MfaConfiguration=mode,
                                 SmsMfaConfiguration={"SmsAuthenticationMessage": "Your code is {####}",
                                                      "SmsConfiguration": SNS},
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    return ids


def add_user(idp, ids, username="ana", phone=PHONE):
    attributes = [{"Name": "phone_number", "Value": phone}] if phone else []
    idp.admin_create_user(UserPoolId=ids.pool_id, Username=username, MessageAction="SUPPRESS",
                          UserAttributes=attributes)
    idp.admin_set_user_password(UserPoolId=ids.pool_id, Username=username, Password="Passw0rd!", Permanent=True)


def sign_in(idp, ids, username="ana"):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": "Passw0rd!"})


def answer(idp, ids, step, name, **responses):
    return idp.respond_to_auth_challenge(ClientId=ids.client_id, ChallengeName=name, Session=step["Session"],
                                         ChallengeResponses={"USERNAME": "ana", **responses})


def register_totp(cognito, idp, ids, token):
    secret = idp.associate_software_token(AccessToken=token)["SecretCode"]
    idp.verify_software_token(AccessToken=token, UserCode=pyotp.TOTP(secret).at(cognito.clock.now()),
                              FriendlyDeviceName="my phone")
    return secret


@pytest.fixture
def ids(cognito, cognito_idp, user_pool):
    cognito.clock.freeze()
    ids = make_pool(cognito_idp, user_pool)
    add_user(cognito_idp, ids)
    return ids


def test_no_mfa_enabled_means_tokens(cognito_idp, ids):
    assert "AuthenticationResult" in sign_in(cognito_idp, ids)


def test_sms_mfa(cognito, cognito_idp, ids):
    cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana", SMSMfaSettings={"Enabled": True})
    step = sign_in(cognito_idp, ids)
    assert step["ChallengeName"] == "SMS_MFA"
    assert step["ChallengeParameters"] == {"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS",
                                           "CODE_DELIVERY_DESTINATION": "+*******1234"}
    message = cognito.outbox.last(to=PHONE)
    assert message.kind == "MFA" and message.body == f"Your code is {message.code}"
    wrong = "000000" if message.code != "000000" else "111111"
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, "SMS_MFA", SMS_MFA_CODE=wrong)
    assert error_of(exc) == ("CodeMismatchException", "Invalid code or auth state for the user.")
    result = answer(cognito_idp, ids, step, "SMS_MFA", SMS_MFA_CODE=message.code)["AuthenticationResult"]
    claims = jwt.decode(result["AccessToken"], options={"verify_signature": False})
    assert "amr" not in claims
    attrs = {a["Name"]: a["Value"] for a in cognito_idp.get_user(AccessToken=result["AccessToken"])["UserAttributes"]}
    assert attrs["phone_number_verified"] == "true"        # a passed SMS MFA verifies the phone
    with pytest.raises(ClientError) as exc:                # single use: the session is spent
        answer(cognito_idp, ids, step, "SMS_MFA", SMS_MFA_CODE=message.code)
    assert error_of(exc) == ("NotAuthorizedException", "Invalid session for the user.")


def test_codes_are_random_per_sign_in(cognito, cognito_idp, ids):
    cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana", SMSMfaSettings={"Enabled": True})
    first = sign_in(cognito_idp, ids)
    code_one = cognito.outbox.last(to=PHONE).code
    second = sign_in(cognito_idp, ids)
    code_two = cognito.outbox.last(to=PHONE).code
    assert len(code_one) == 6 and code_one.isdigit()
    if code_one != code_two:                               # the older code stopped working
        with pytest.raises(ClientError) as exc:
            answer(cognito_idp, ids, first, "SMS_MFA", SMS_MFA_CODE=code_one)
        assert error_of(exc) == ("CodeMismatchException", "Invalid code or auth state for the user.")
    assert answer(cognito_idp, ids, second, "SMS_MFA", SMS_MFA_CODE=code_two)["AuthenticationResult"]


def test_attempts_are_limited(cognito, cognito_idp, ids):
    cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana", SMSMfaSettings={"Enabled": True})
    step = sign_in(cognito_idp, ids)
    code = cognito.outbox.last(to=PHONE).code
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ClientError) as exc:
            answer(cognito_idp, ids, step, "SMS_MFA", SMS_MFA_CODE=wrong)
        assert exc.value.response["Error"]["Code"] == "CodeMismatchException"
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, "SMS_MFA", SMS_MFA_CODE=code)
    assert error_of(exc) == ("NotAuthorizedException", "Invalid session for the user.")


def test_expired_session(cognito, cognito_idp, ids):
    cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana", SMSMfaSettings={"Enabled": True})
    step = sign_in(cognito_idp, ids)
    code = cognito.outbox.last(to=PHONE).code
    cognito.clock.advance(minutes=3)
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, "SMS_MFA", SMS_MFA_CODE=code)
    assert error_of(exc) == ("NotAuthorizedException", "Invalid session for the user, session is expired.")


def test_software_token_mfa(cognito, cognito_idp, ids):
    token = sign_in(cognito_idp, ids)["AuthenticationResult"]["AccessToken"]
    secret = register_totp(cognito, cognito_idp, ids, token)
    cognito_idp.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True})
    cognito.clock.advance(seconds=30)
    step = sign_in(cognito_idp, ids)
    assert step["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    assert step["ChallengeParameters"] == {"FRIENDLY_DEVICE_NAME": "my phone", "USER_ID_FOR_SRP": "ana"}
    code = pyotp.TOTP(secret).at(cognito.clock.now())
    wrong = str((int(code) + 1) % 1000000).zfill(6)
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, "SOFTWARE_TOKEN_MFA", SOFTWARE_TOKEN_MFA_CODE=wrong)
    assert error_of(exc) == ("CodeMismatchException", "Invalid code or auth state for the user.")
    assert answer(cognito_idp, ids, step, "SOFTWARE_TOKEN_MFA", SOFTWARE_TOKEN_MFA_CODE=code)["AuthenticationResult"]
    again = sign_in(cognito_idp, ids)                      # the same code, same window: refused
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, again, "SOFTWARE_TOKEN_MFA", SOFTWARE_TOKEN_MFA_CODE=code)
    assert error_of(exc) == ("CodeMismatchException", "Invalid code or auth state for the user.")
    cognito.clock.advance(seconds=30)
    fresh = pyotp.TOTP(secret).at(cognito.clock.now())
    assert answer(cognito_idp, ids, again, "SOFTWARE_TOKEN_MFA", SOFTWARE_TOKEN_MFA_CODE=fresh)["AuthenticationResult"]


def test_totp_accepts_the_adjacent_window(cognito, cognito_idp, ids):
    token = sign_in(cognito_idp, ids)["AuthenticationResult"]["AccessToken"]
    secret = register_totp(cognito, cognito_idp, ids, token)
    cognito_idp.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True})
    step = sign_in(cognito_idp, ids)
    previous = pyotp.TOTP(secret).at(cognito.clock.now() - 30)
    assert answer(cognito_idp, ids, step, "SOFTWARE_TOKEN_MFA", SOFTWARE_TOKEN_MFA_CODE=previous)["AuthenticationResult"]
    step = sign_in(cognito_idp, ids)
    stale = pyotp.TOTP(secret).at(cognito.clock.now() - 90)
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, "SOFTWARE_TOKEN_MFA", SOFTWARE_TOKEN_MFA_CODE=stale)
    assert error_of(exc) == ("CodeMismatchException", "Invalid code or auth state for the user.")


def test_select_mfa_type(cognito, cognito_idp, ids):
    token = sign_in(cognito_idp, ids)["AuthenticationResult"]["AccessToken"]
    register_totp(cognito, cognito_idp, ids, token)
    cognito_idp.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={"Enabled": True},
                                        SMSMfaSettings={"Enabled": True})
    step = sign_in(cognito_idp, ids)
    assert step["ChallengeName"] == "SELECT_MFA_TYPE"
    assert step["ChallengeParameters"] == {"MFAS_CAN_CHOOSE": '["SMS_MFA","SOFTWARE_TOKEN_MFA"]'}
    step = answer(cognito_idp, ids, step, "SELECT_MFA_TYPE", ANSWER="SMS_MFA")
    assert step["ChallengeName"] == "SMS_MFA"
    code = cognito.outbox.last(to=PHONE, kind="MFA").code
    assert answer(cognito_idp, ids, step, "SMS_MFA", SMS_MFA_CODE=code)["AuthenticationResult"]


def test_mfa_setup_when_required(cognito, cognito_idp, user_pool):
    ids = make_pool(cognito_idp, user_pool, mode="ON")
    add_user(cognito_idp, ids, phone=None)
    step = sign_in(cognito_idp, ids)
    assert step["ChallengeName"] == "MFA_SETUP"
    assert step["ChallengeParameters"] == {"MFAS_CAN_SETUP": '["SMS_MFA","SOFTWARE_TOKEN_MFA"]'}
    associated = cognito_idp.associate_software_token(Session=step["Session"])
    assert associated["Session"] != step["Session"]
    secret = associated["SecretCode"]
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, associated, "MFA_SETUP")       # not verified yet
    assert exc.value.response["Error"]["Code"] == "InvalidParameterException"
    verified = cognito_idp.verify_software_token(Session=associated["Session"],
                                                 UserCode=pyotp.TOTP(secret).at(cognito.clock.now()))
    assert verified["Status"] == "SUCCESS" and verified["Session"]
    result = answer(cognito_idp, ids, verified, "MFA_SETUP")["AuthenticationResult"]
    assert cognito_idp.get_user(AccessToken=result["AccessToken"])["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]
    assert sign_in(cognito_idp, ids)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"


def test_required_mfa_uses_the_phone(cognito, cognito_idp, user_pool):
    ids = make_pool(cognito_idp, user_pool, mode="ON")
    add_user(cognito_idp, ids)
    assert sign_in(cognito_idp, ids)["ChallengeName"] == "SMS_MFA"


def test_new_password_then_mfa(cognito, cognito_idp, user_pool):
    ids = make_pool(cognito_idp, user_pool)
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", TemporaryPassword="Temp0rary!",
                                  MessageAction="SUPPRESS", UserAttributes=[{"Name": "phone_number", "Value": PHONE}])
    cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana", SMSMfaSettings={"Enabled": True})
    step = cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                     AuthParameters={"USERNAME": "ana", "PASSWORD": "Temp0rary!"})
    assert step["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    step = answer(cognito_idp, ids, step, "NEW_PASSWORD_REQUIRED", NEW_PASSWORD="Passw0rd!")
    assert step["ChallengeName"] == "SMS_MFA"
    code = cognito.outbox.last(to=PHONE).code
    assert answer(cognito_idp, ids, step, "SMS_MFA", SMS_MFA_CODE=code)["AuthenticationResult"]


def test_admin_flow_and_srp(cognito, cognito_idp, ids):
    cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana", SMSMfaSettings={"Enabled": True})
    step = cognito_idp.admin_initiate_auth(UserPoolId=ids.pool_id, ClientId=ids.client_id,
                                           AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                           AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})
    assert step["ChallengeName"] == "SMS_MFA"
    result = cognito_idp.admin_respond_to_auth_challenge(
        UserPoolId=ids.pool_id, ClientId=ids.client_id, ChallengeName="SMS_MFA", Session=step["Session"],
        ChallengeResponses={"USERNAME": "ana", "SMS_MFA_CODE": cognito.outbox.last(to=PHONE).code})
    assert result["AuthenticationResult"]["AccessToken"]
    with pytest.raises(Exception) as exc:      # pycognito's SRP reaches the SMS_MFA challenge
        AWSSRP("ana", "Passw0rd!", ids.pool_id, ids.client_id, client=cognito_idp).authenticate_user()
    assert "SMS_MFA" in repr(exc.value) or "MFA" in type(exc.value).__name__


def test_remembered_device_skips_mfa(cognito, cognito_idp, user_pool):
    ids = make_pool(cognito_idp, user_pool, DeviceConfiguration={"ChallengeRequiredOnNewDevice": True,
                                                                 "DeviceOnlyRememberedOnUserPrompt": False})
    add_user(cognito_idp, ids)
    cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana", SMSMfaSettings={"Enabled": True})
    step = sign_in(cognito_idp, ids)
    result = answer(cognito_idp, ids, step, "SMS_MFA", SMS_MFA_CODE=cognito.outbox.last(to=PHONE).code)
    meta = result["AuthenticationResult"]["NewDeviceMetadata"]
    password, config = generate_hash_device(meta["DeviceGroupKey"], meta["DeviceKey"])
    cognito_idp.confirm_device(AccessToken=result["AuthenticationResult"]["AccessToken"], DeviceKey=meta["DeviceKey"],
                               DeviceSecretVerifierConfig=config, DeviceName="laptop")
    sent = len(cognito.outbox)
    tokens = AWSSRP("ana", "Passw0rd!", ids.pool_id, ids.client_id, client=cognito_idp, device_key=meta["DeviceKey"],
                    device_group_key=meta["DeviceGroupKey"], device_password=password).authenticate_user()
    assert tokens["AuthenticationResult"]["AccessToken"] and len(cognito.outbox) == sent
    cognito_idp.admin_update_device_status(UserPoolId=ids.pool_id, Username="ana", DeviceKey=meta["DeviceKey"],
                                           DeviceRememberedStatus="not_remembered")
    step = cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                     AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!",
                                                     "DEVICE_KEY": meta["DeviceKey"]})
    assert step["ChallengeName"] == "SMS_MFA"


def test_mfa_off_pool_is_as_cheap_as_before(cognito_idp, user_pool):
    ids = user_pool()
    add_user(cognito_idp, ids)
    assert "AuthenticationResult" in sign_in(cognito_idp, ids)


def test_email_otp(cognito, cognito_idp, user_pool):
    ids = user_pool(EmailConfiguration={"EmailSendingAccount": "DEVELOPER",
                                        "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/x.com"})
    cognito_idp.set_user_pool_mfa_config(UserPoolId=ids.pool_id, MfaConfiguration="OPTIONAL",
                                         EmailMfaConfiguration={"Message": "Sign in with {####}", "Subject": "Code"})
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS",
                                  UserAttributes=[{"Name": "email", "Value": "ana@x.com"}])
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana", EmailMfaSettings={"Enabled": True})
    step = sign_in(cognito_idp, ids)
    assert step["ChallengeName"] == "EMAIL_OTP"
    assert step["ChallengeParameters"] == {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL",
                                           "CODE_DELIVERY_DESTINATION": "a***@x***"}
    message = cognito.outbox.last(to="ana@x.com")
    assert (message.kind, message.subject, message.body) == ("MFA", "Code", f"Sign in with {message.code}")
    assert answer(cognito_idp, ids, step, "EMAIL_OTP", EMAIL_OTP_CODE=message.code)["AuthenticationResult"]
