"""Adaptive authentication: risk levels (set through ``cognito.risk``), the pool's account-takeover
actions, compromised credentials, IP exceptions; ENFORCED acts, AUDIT only records."""
import jwt
import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP
from helpers import error_of

PASSWORD = "Passw0rd!"
PHONE = "+15550001234"
SNS = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns", "ExternalId": "ext"}
SES = "arn:aws:ses:us-east-1:123456789012:identity/example.com"
BLOCKED = "Unable to login because of security reasons."


def make(cognito, idp, user_pool, mode="ENFORCED", phone=PHONE, mfa=True):
    cognito.clock.freeze()
    ids = user_pool(UserPoolTier="PLUS", UserPoolAddOns={"AdvancedSecurityMode": mode})
    if mfa:
        idp.set_user_pool_mfa_config(UserPoolId=ids.pool_id, MfaConfiguration="OPTIONAL",
                                     SmsMfaConfiguration={"SmsAuthenticationMessage": "Your code is {####}",
                                                          "SmsConfiguration": SNS})
    attributes = [{"Name": "email", "Value": "ana@example.com"}]
    if phone:
        attributes.append({"Name": "phone_number", "Value": phone})
    idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS", UserAttributes=attributes)
    idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password=PASSWORD, Permanent=True)
    return ids


def takeover(idp, ids, action, notify=False, client_id=None, **extra):
    config = {"Actions": {"HighAction": {"Notify": notify, "EventAction": action}}}
    if notify:
        config["NotifyConfiguration"] = {"SourceArn": SES, "BlockEmail": {"Subject": "Blocked", "TextBody": "Blocked {username}"}}
    args = {"ClientId": client_id} if client_id else {}
    idp.set_risk_configuration(UserPoolId=ids.pool_id, AccountTakeoverRiskConfiguration=config, **args, **extra)


def sign_in(idp, ids, **extra):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD}, **extra)


def latest(idp, ids):
    return idp.admin_list_user_auth_events(UserPoolId=ids.pool_id, Username="ana")["AuthEvents"][0]


def test_high_risk_blocked_when_enforced(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool)
    takeover(idp, ids, "BLOCK")
    cognito.risk.next(ids.pool_id, "ana", "High")
    with pytest.raises(ClientError) as exc:
        sign_in(idp, ids)
    assert error_of(exc) == ("NotAuthorizedException", BLOCKED)
    event = latest(idp, ids)
    assert event["EventResponse"] == "Fail"
    assert event["EventRisk"] == {"RiskDecision": "Block", "RiskLevel": "High", "CompromisedCredentialsDetected": False}
    assert "AuthenticationResult" in sign_in(idp, ids)          # the risk was for one sign-in
    assert latest(idp, ids)["EventRisk"]["RiskDecision"] == "NoRisk"


def test_audit_only_records(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool, mode="AUDIT")
    takeover(idp, ids, "BLOCK", notify=True)
    cognito.risk.next(ids.pool_id, "ana", "High")
    assert "AuthenticationResult" in sign_in(idp, ids)
    event = latest(idp, ids)
    assert event["EventResponse"] == "Pass"
    assert event["EventRisk"]["RiskDecision"] == "AccountTakeover" and event["EventRisk"]["RiskLevel"] == "High"
    assert cognito.outbox.filter(kind="RISK_NOTIFICATION") == []


def test_block_notifies_with_the_block_template(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool)
    takeover(idp, ids, "BLOCK", notify=True)
    cognito.risk.next(ids.pool_id, "ana", "High")
    with pytest.raises(ClientError) as exc:
        sign_in(idp, ids)
    assert error_of(exc) == ("NotAuthorizedException", "Unable to login because of security reasons.")
    mail = cognito.outbox.last(to="ana@example.com")
    assert (mail.kind, mail.subject, mail.body) == ("RISK_NOTIFICATION", "Blocked", "Blocked ana")


def test_mfa_if_configured_challenges_then_passes(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool)
    takeover(idp, ids, "MFA_IF_CONFIGURED")
    assert "AuthenticationResult" in sign_in(idp, ids)          # no risk: no MFA (MFA is optional, none set up)
    cognito.risk.next(ids.pool_id, "ana", "High")
    step = sign_in(idp, ids)
    assert step["ChallengeName"] == "SMS_MFA"
    assert latest(idp, ids)["EventResponse"] == "InProgress"
    with pytest.raises(ClientError) as exc:
        idp.respond_to_auth_challenge(ClientId=ids.client_id, ChallengeName="SMS_MFA", Session=step["Session"],
                                      ChallengeResponses={"USERNAME": "ana", "SMS_MFA_CODE": "000000"})
    assert error_of(exc)[0] == "CodeMismatchException"
    code = cognito.outbox.last(to=PHONE).code
    done = idp.respond_to_auth_challenge(ClientId=ids.client_id, ChallengeName="SMS_MFA", Session=step["Session"],
                                         ChallengeResponses={"USERNAME": "ana", "SMS_MFA_CODE": code})
    claims = jwt.decode(done["AuthenticationResult"]["AccessToken"], options={"verify_signature": False})
    event = latest(idp, ids)
    assert event["EventId"] == claims["event_id"]
    assert event["EventResponse"] == "Pass"
    assert event["EventRisk"]["RiskDecision"] == "AccountTakeover"
    assert event["ChallengeResponses"] == [{"ChallengeName": "Password", "ChallengeResponse": "Success"},
                                           {"ChallengeName": "Mfa", "ChallengeResponse": "Failure"},
                                           {"ChallengeName": "Mfa", "ChallengeResponse": "Success"}]


def test_mfa_if_configured_without_a_factor_allows(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool, phone=None, mfa=False)
    takeover(idp, ids, "MFA_IF_CONFIGURED")
    cognito.risk.next(ids.pool_id, "ana", "High")
    assert "AuthenticationResult" in sign_in(idp, ids)


def test_mfa_required_without_a_factor_blocks(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool, phone=None, mfa=False)
    takeover(idp, ids, "MFA_REQUIRED")
    cognito.risk.next(ids.pool_id, "ana", "High")
    with pytest.raises(ClientError) as exc:
        sign_in(idp, ids)
    assert error_of(exc) == ("NotAuthorizedException", BLOCKED)


def test_other_levels_use_their_own_action(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool)
    takeover(idp, ids, "BLOCK")
    cognito.risk.next(ids.pool_id, "ana", "Medium")           # no MediumAction: no action
    assert "AuthenticationResult" in sign_in(idp, ids)
    assert latest(idp, ids)["EventRisk"]["RiskLevel"] == "Medium"


def test_srp_sign_in_is_assessed_too(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool)
    takeover(idp, ids, "BLOCK")
    cognito.risk.next(ids.pool_id, "ana", "High")
    srp = AWSSRP(username="ana", password=PASSWORD, pool_id=ids.pool_id, client_id=ids.client_id, client=idp)
    with pytest.raises(ClientError) as exc:
        srp.authenticate_user()
    assert error_of(exc) == ("NotAuthorizedException", BLOCKED)


def test_client_configuration_wins(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool)
    takeover(idp, ids, "BLOCK")
    takeover(idp, ids, "NO_ACTION", client_id=ids.client_id)
    cognito.risk.next(ids.pool_id, "ana", "High")
    assert "AuthenticationResult" in sign_in(idp, ids)


def test_blocked_and_skipped_ip_ranges(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool)
    takeover(idp, ids, "BLOCK", RiskExceptionConfiguration={"BlockedIPRangeList": ["192.0.2.0/24"],
                                                            "SkippedIPRangeList": ["198.51.100.0/24"]})
    with pytest.raises(ClientError) as exc:
        sign_in(idp, ids, UserContextData={"IpAddress": "192.0.2.44"})
    assert error_of(exc) == ("NotAuthorizedException", "Request not allowed due to security reasons.")
    assert latest(idp, ids)["EventRisk"]["RiskDecision"] == "Block"
    cognito.risk.next(ids.pool_id, "ana", "High")
    assert "AuthenticationResult" in sign_in(idp, ids, UserContextData={"IpAddress": "198.51.100.1"})
    assert "AuthenticationResult" in sign_in(idp, ids, UserContextData={"IpAddress": "203.0.113.1"})


def test_compromised_password_blocks_sign_in(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool)
    idp.set_risk_configuration(UserPoolId=ids.pool_id, CompromisedCredentialsRiskConfiguration={
        "EventFilter": ["SIGN_IN"], "Actions": {"EventAction": "BLOCK"}})
    cognito.risk.compromise(ids.pool_id, PASSWORD)
    with pytest.raises(ClientError) as exc:
        sign_in(idp, ids)
    assert error_of(exc) == ("NotAuthorizedException", BLOCKED)
    assert latest(idp, ids)["EventRisk"] == {"RiskDecision": "Block", "RiskLevel": "Low",
                                             "CompromisedCredentialsDetected": True}


def test_compromised_password_outside_the_event_filter(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool)
    idp.set_risk_configuration(UserPoolId=ids.pool_id, CompromisedCredentialsRiskConfiguration={
        "EventFilter": ["SIGN_UP"], "Actions": {"EventAction": "BLOCK"}})
    cognito.risk.compromise(ids.pool_id, PASSWORD)
    assert "AuthenticationResult" in sign_in(idp, ids)


def test_compromised_password_only_detected_in_audit(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool, mode="AUDIT")
    idp.set_risk_configuration(UserPoolId=ids.pool_id, CompromisedCredentialsRiskConfiguration={
        "Actions": {"EventAction": "BLOCK"}})
    cognito.risk.compromise(ids.pool_id, PASSWORD)
    assert "AuthenticationResult" in sign_in(idp, ids)
    assert latest(idp, ids)["EventRisk"]["CompromisedCredentialsDetected"] is True


def test_risk_hook_checks_its_arguments(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool)
    with pytest.raises(ValueError):
        cognito.risk.next(ids.pool_id, "ana", "Extreme")


def test_compromised_password_cannot_be_set_by_sign_up_or_change(cognito, idp, user_pool):
    ids = make(cognito, idp, user_pool, mfa=False)
    idp.set_risk_configuration(UserPoolId=ids.pool_id, CompromisedCredentialsRiskConfiguration={
        "EventFilter": ["SIGN_UP", "PASSWORD_CHANGE"], "Actions": {"EventAction": "BLOCK"}})
    cognito.risk.compromise(ids.pool_id, "Leaked-Passw0rd!")
    with pytest.raises(ClientError) as exc:
        idp.sign_up(ClientId=ids.client_id, Username="bo", Password="Leaked-Passw0rd!")
    assert error_of(exc)[0] == "InvalidPasswordException"
    with pytest.raises(ClientError) as exc:
        idp.admin_get_user(UserPoolId=ids.pool_id, Username="bo")             # nothing was created
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")
    access = sign_in(idp, ids)["AuthenticationResult"]["AccessToken"]
    with pytest.raises(ClientError) as exc:
        idp.change_password(AccessToken=access, PreviousPassword=PASSWORD, ProposedPassword="Leaked-Passw0rd!")
    assert error_of(exc)[0] == "InvalidPasswordException"
    idp.change_password(AccessToken=access, PreviousPassword=PASSWORD, ProposedPassword="Fresh-Passw0rd!")
    assert latest(idp, ids)["EventType"] == "PasswordChange"
