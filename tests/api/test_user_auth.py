"""Choice-based sign-in (AuthFlow USER_AUTH): PREFERRED_CHALLENGE, SELECT_CHALLENGE with
AvailableChallenges, PASSWORD and PASSWORD_SRP first factors, passwordless EMAIL_OTP / SMS_OTP."""
import jwt
import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP
from helpers import error_of

PHONE = "+15550001234"
FLOWS = ["ALLOW_USER_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
SNS = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns", "ExternalId": "ext"}


@pytest.fixture
def ids(cognito, cognito_idp, user_pool):
    cognito.clock.freeze()
    ids = user_pool(client={"ExplicitAuthFlows": FLOWS},
                    Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]}})
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS", UserAttributes=[
        {"Name": "email", "Value": "ana@example.com"}, {"Name": "email_verified", "Value": "true"},
        {"Name": "phone_number", "Value": PHONE}, {"Name": "phone_number_verified", "Value": "true"}])
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    return ids


def start(idp, ids, **params):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_AUTH",
                             AuthParameters={"USERNAME": "ana", **params})


def answer(idp, ids, step, name, **responses):
    return idp.respond_to_auth_challenge(ClientId=ids.client_id, ChallengeName=name, Session=step["Session"],
                                         ChallengeResponses={"USERNAME": "ana", **responses})


def test_without_preference_the_user_chooses(cognito_idp, ids):
    step = start(cognito_idp, ids)
    assert step["ChallengeName"] == "SELECT_CHALLENGE"
    assert step["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]
    result = answer(cognito_idp, ids, step, "SELECT_CHALLENGE", ANSWER="PASSWORD", PASSWORD="Passw0rd!")
    assert jwt.decode(result["AuthenticationResult"]["AccessToken"],
                      options={"verify_signature": False})["username"] == "ana"


def test_preferred_password_signs_in_at_once(cognito_idp, ids):
    result = start(cognito_idp, ids, PREFERRED_CHALLENGE="PASSWORD", PASSWORD="Passw0rd!")
    assert "AccessToken" in result["AuthenticationResult"]
    with pytest.raises(ClientError) as exc:
        start(cognito_idp, ids, PREFERRED_CHALLENGE="PASSWORD", PASSWORD="wrong")
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_password_challenge_asks_for_the_password(cognito_idp, ids):
    step = start(cognito_idp, ids, PREFERRED_CHALLENGE="PASSWORD")
    assert step["ChallengeName"] == "PASSWORD"
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, "PASSWORD", PASSWORD="wrong")
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")
    result = answer(cognito_idp, ids, step, "PASSWORD", PASSWORD="Passw0rd!")   # a failure spent nothing
    assert "IdToken" in result["AuthenticationResult"]


def test_password_srp_through_select_challenge(cognito_idp, ids):
    srp = AWSSRP(username="ana", password="Passw0rd!", pool_id=ids.pool_id, client_id=ids.client_id,
                 client=cognito_idp)
    step = start(cognito_idp, ids)
    verifier = answer(cognito_idp, ids, step, "SELECT_CHALLENGE", ANSWER="PASSWORD_SRP",
                      SRP_A=format(srp.large_a_value, "x"))
    assert verifier["ChallengeName"] == "PASSWORD_VERIFIER" and verifier["Session"]
    responses = srp.process_challenge(verifier["ChallengeParameters"], {"USERNAME": "ana"})
    result = cognito_idp.respond_to_auth_challenge(ClientId=ids.client_id, ChallengeName="PASSWORD_VERIFIER",
                                                   Session=verifier["Session"], ChallengeResponses=responses)
    assert "AccessToken" in result["AuthenticationResult"]


def test_email_otp_passwordless(cognito, cognito_idp, ids):
    step = start(cognito_idp, ids, PREFERRED_CHALLENGE="EMAIL_OTP")
    assert step["ChallengeName"] == "EMAIL_OTP"
    assert step["ChallengeParameters"] == {"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL",
                                           "CODE_DELIVERY_DESTINATION": "a***@e***"}
    message = cognito.outbox.last(to="ana@example.com")
    assert message.kind == "SIGN_IN" and len(message.code) == 8
    wrong = "00000000" if message.code != "00000000" else "11111111"
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, "EMAIL_OTP", EMAIL_OTP_CODE=wrong)
    assert error_of(exc) == ("CodeMismatchException", "Invalid code or auth state for the user.")
    result = answer(cognito_idp, ids, step, "EMAIL_OTP", EMAIL_OTP_CODE=message.code)
    assert "RefreshToken" in result["AuthenticationResult"]
    with pytest.raises(ClientError) as exc:                        # single use
        answer(cognito_idp, ids, step, "EMAIL_OTP", EMAIL_OTP_CODE=message.code)
    assert error_of(exc) == ("NotAuthorizedException", "Invalid session for the user.")


def test_sms_otp_chosen_then_answered(cognito, cognito_idp, ids):
    step = start(cognito_idp, ids)
    otp = answer(cognito_idp, ids, step, "SELECT_CHALLENGE", ANSWER="SMS_OTP")
    assert otp["ChallengeName"] == "SMS_OTP"
    assert otp["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "+*******1234"
    code = cognito.outbox.last(to=PHONE).code
    assert "AccessToken" in answer(cognito_idp, ids, otp, "SMS_OTP", SMS_OTP_CODE=code)["AuthenticationResult"]


def test_passwordless_sign_in_skips_mfa(cognito, cognito_idp, ids):
    cognito_idp.set_user_pool_mfa_config(UserPoolId=ids.pool_id, MfaConfiguration="OPTIONAL",
                                         SmsMfaConfiguration={"SmsConfiguration": SNS})
    cognito_idp.admin_set_user_mfa_preference(UserPoolId=ids.pool_id, Username="ana",
                                              SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    with_password = start(cognito_idp, ids, PREFERRED_CHALLENGE="PASSWORD", PASSWORD="Passw0rd!")
    assert with_password["ChallengeName"] == "SMS_MFA"              # a password is followed by MFA
    step = start(cognito_idp, ids, PREFERRED_CHALLENGE="EMAIL_OTP")
    code = cognito.outbox.last(to="ana@example.com").code
    assert "AccessToken" in answer(cognito_idp, ids, step, "EMAIL_OTP", EMAIL_OTP_CODE=code)["AuthenticationResult"]


def test_unverified_email_is_not_offered(cognito_idp, ids):
    cognito_idp.admin_update_user_attributes(UserPoolId=ids.pool_id, Username="ana",
                                             UserAttributes=[{"Name": "email_verified", "Value": "false"}])
    step = start(cognito_idp, ids, PREFERRED_CHALLENGE="EMAIL_OTP")     # unavailable: the choice instead
    assert step["ChallengeName"] == "SELECT_CHALLENGE"
    assert step["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "SMS_OTP"]
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, "SELECT_CHALLENGE", ANSWER="EMAIL_OTP")
    assert error_of(exc)[0] == "InvalidParameterException"


def test_required_mfa_offers_no_one_time_passwords(cognito_idp, ids):
    cognito_idp.set_user_pool_mfa_config(UserPoolId=ids.pool_id, MfaConfiguration="ON",
                                         SoftwareTokenMfaConfiguration={"Enabled": True})
    assert start(cognito_idp, ids)["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]


def test_client_must_allow_user_auth(cognito_idp, ids):
    other = cognito_idp.create_user_pool_client(UserPoolId=ids.pool_id, ClientName="old",
                                                ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH",
                                                                   "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    with pytest.raises(ClientError) as exc:
        cognito_idp.initiate_auth(ClientId=other["ClientId"], AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "ana"})
    assert error_of(exc) == ("InvalidParameterException", "USER_AUTH flow not enabled for this client")


def test_unknown_user(cognito_idp, ids):
    with pytest.raises(ClientError) as exc:
        cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "bob"})
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


def test_unknown_user_hidden_when_existence_errors_prevented(cognito_idp, ids):
    client = cognito_idp.create_user_pool_client(UserPoolId=ids.pool_id, ClientName="quiet", ExplicitAuthFlows=FLOWS,
                                                 PreventUserExistenceErrors="ENABLED")["UserPoolClient"]
    step = cognito_idp.initiate_auth(ClientId=client["ClientId"], AuthFlow="USER_AUTH",
                                     AuthParameters={"USERNAME": "bob"})
    assert step["ChallengeName"] == "SELECT_CHALLENGE" and step["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP"]
    with pytest.raises(ClientError) as exc:
        cognito_idp.respond_to_auth_challenge(ClientId=client["ClientId"], ChallengeName="SELECT_CHALLENGE",
                                              Session=step["Session"], ChallengeResponses={
                                                  "USERNAME": "bob", "ANSWER": "PASSWORD", "PASSWORD": "x"})
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_admin_initiate_auth_user_auth(cognito_idp, ids):
    result = cognito_idp.admin_initiate_auth(UserPoolId=ids.pool_id, ClientId=ids.client_id, AuthFlow="USER_AUTH",
                                             AuthParameters={"USERNAME": "ana", "PREFERRED_CHALLENGE": "PASSWORD",
                                                             "PASSWORD": "Passw0rd!"})
    assert "AccessToken" in result["AuthenticationResult"]


def test_auth_factors_list_one_time_passwords(cognito_idp, ids):
    factors = cognito_idp.admin_get_user_auth_factors(UserPoolId=ids.pool_id, Username="ana")
    assert factors["ConfiguredUserAuthFactors"] == ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]
