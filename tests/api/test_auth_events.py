"""Threat protection's user event history: AdminListUserAuthEvents, (Admin)UpdateAuthEventFeedback."""
import jwt
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

PASSWORD = "Passw0rd!"
NOT_ENABLED = "Threat protection is not enabled for this user pool. Choose the Plus feature plan to use it."


@pytest.fixture
def ids(idp, user_pool):
    return make(idp, user_pool, "AUDIT")


def make(idp, user_pool, mode):
    ids = user_pool(UserPoolTier="PLUS", UserPoolAddOns={"AdvancedSecurityMode": mode})
    idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password=PASSWORD, Permanent=True)
    return ids


def sign_in(idp, ids, password=PASSWORD, **extra):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "ana", "PASSWORD": password}, **extra)


def events(idp, ids, **kw):
    return idp.admin_list_user_auth_events(UserPoolId=ids.pool_id, Username="ana", **kw)["AuthEvents"]


def test_a_sign_in_is_recorded_with_the_tokens_event_id(idp, ids):
    tokens = sign_in(idp, ids, UserContextData={"IpAddress": "192.0.2.1"})["AuthenticationResult"]
    [event] = events(idp, ids)
    claims = jwt.decode(tokens["AccessToken"], options={"verify_signature": False})
    assert event["EventId"] == claims["event_id"]
    assert event["EventType"] == "SignIn"
    assert event["EventResponse"] == "Pass"
    assert event["EventRisk"] == {"RiskDecision": "NoRisk", "RiskLevel": "Low", "CompromisedCredentialsDetected": False}
    assert event["ChallengeResponses"] == [{"ChallengeName": "Password", "ChallengeResponse": "Success"}]
    assert event["EventContextData"] == {"IpAddress": "192.0.2.1"}
    assert "CreationDate" in event and "EventFeedback" not in event


def test_a_wrong_password_is_a_failed_event(idp, ids):
    with pytest.raises(ClientError) as exc:
        sign_in(idp, ids, password="Wrong-Passw0rd!")
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")
    [event] = events(idp, ids)
    assert event["EventResponse"] == "Fail"
    assert event["ChallengeResponses"] == [{"ChallengeName": "Password", "ChallengeResponse": "Failure"}]


def test_admin_context_data_and_device_name(idp, ids):
    idp.admin_initiate_auth(UserPoolId=ids.pool_id, ClientId=ids.client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                            AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD},
                            ContextData={"IpAddress": "198.51.100.7", "ServerName": "app.example.com",
                                         "ServerPath": "/login",
                                         "HttpHeaders": [{"headerName": "User-Agent", "headerValue": "Firefox 130"}]})
    assert events(idp, ids)[0]["EventContextData"] == {"IpAddress": "198.51.100.7", "DeviceName": "Firefox 130"}


def test_newest_first_and_pages(idp, ids):
    for _ in range(3):
        sign_in(idp, ids)
    everything = events(idp, ids)
    assert len(everything) == 3
    first = idp.admin_list_user_auth_events(UserPoolId=ids.pool_id, Username="ana", MaxResults=2)
    assert [e["EventId"] for e in first["AuthEvents"]] == [e["EventId"] for e in everything[:2]]
    rest = idp.admin_list_user_auth_events(UserPoolId=ids.pool_id, Username="ana", MaxResults=2,
                                           NextToken=first["NextToken"])
    assert [e["EventId"] for e in rest["AuthEvents"]] == [everything[2]["EventId"]]
    assert "NextToken" not in rest
    assert everything[0]["CreationDate"] >= everything[2]["CreationDate"]


def test_no_events_without_threat_protection(idp, user_pool):
    ids = user_pool()
    idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password=PASSWORD, Permanent=True)
    sign_in(idp, ids)
    with pytest.raises(ClientError) as exc:
        events(idp, ids)
    assert error_of(exc) == ("UserPoolAddOnNotEnabledException", NOT_ENABLED)
    with pytest.raises(ClientError) as exc:
        idp.admin_update_auth_event_feedback(UserPoolId=ids.pool_id, Username="ana", EventId="x",
                                             FeedbackValue="Valid")
    assert error_of(exc) == ("UserPoolAddOnNotEnabledException", NOT_ENABLED)


def test_unknown_user(idp, ids):
    with pytest.raises(ClientError) as exc:
        idp.admin_list_user_auth_events(UserPoolId=ids.pool_id, Username="nobody")
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


def test_admin_feedback(cognito, idp, ids):
    cognito.clock.freeze()
    sign_in(idp, ids)
    event_id = events(idp, ids)[0]["EventId"]
    idp.admin_update_auth_event_feedback(UserPoolId=ids.pool_id, Username="ana", EventId=event_id,
                                         FeedbackValue="Invalid")
    feedback = events(idp, ids)[0]["EventFeedback"]
    assert feedback["FeedbackValue"] == "Invalid" and feedback["Provider"] == "Admin"
    assert feedback["FeedbackDate"].timestamp() == pytest.approx(cognito.clock.now(), abs=1)


def test_feedback_on_an_unknown_event(idp, ids):
    with pytest.raises(ClientError) as exc:
        idp.admin_update_auth_event_feedback(UserPoolId=ids.pool_id, Username="ana", EventId="nope",
                                             FeedbackValue="Valid")
    assert error_of(exc) == ("ResourceNotFoundException", "Auth event not found.")


def test_user_feedback_needs_the_emailed_token(cognito, idp, user_pool):
    ids = make(idp, user_pool, "ENFORCED")
    idp.set_risk_configuration(UserPoolId=ids.pool_id, AccountTakeoverRiskConfiguration={
        "NotifyConfiguration": {"SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com",
                                "NoActionEmail": {"Subject": "Was this you?",
                                                  "TextBody": "{username} from {ip-address}: {one-click-link-invalid}"}},
        "Actions": {"HighAction": {"Notify": True, "EventAction": "NO_ACTION"}}})
    cognito.risk.next(ids.pool_id, "ana", "High")
    sign_in(idp, ids, UserContextData={"IpAddress": "203.0.113.9"})
    mail = cognito.outbox.last(to="ana@example.com", kind="RISK_NOTIFICATION")
    assert mail.subject == "Was this you?"
    assert mail.body.startswith("ana from 203.0.113.9: https://") and "feedback_value=Invalid" in mail.body
    event_id = events(idp, ids)[0]["EventId"]
    with pytest.raises(ClientError) as exc:
        idp.update_auth_event_feedback(UserPoolId=ids.pool_id, Username="ana", EventId=event_id,
                                       FeedbackToken="forged", FeedbackValue="Invalid")
    assert error_of(exc) == ("NotAuthorizedException", "Invalid feedback token.")
    assert "EventFeedback" not in events(idp, ids)[0]
    idp.update_auth_event_feedback(UserPoolId=ids.pool_id, Username="ana", EventId=event_id,
                                   FeedbackToken=mail.code, FeedbackValue="Invalid")
    assert events(idp, ids)[0]["EventFeedback"]["Provider"] == "User"


def test_history_is_per_user(idp, ids):
    idp.admin_create_user(UserPoolId=ids.pool_id, Username="bob", MessageAction="SUPPRESS")
    sign_in(idp, ids)
    assert idp.admin_list_user_auth_events(UserPoolId=ids.pool_id, Username="bob")["AuthEvents"] == []


def test_a_test_can_say_where_an_event_came_from(cognito, idp, ids):
    sign_in(idp, ids, UserContextData={"IpAddress": "192.0.2.1"})
    event_id = events(idp, ids)[0]["EventId"]
    cognito.risk.locate(ids.pool_id, "ana", event_id, city="Seattle", country="United States")
    assert events(idp, ids)[0]["EventContextData"] == {"IpAddress": "192.0.2.1", "City": "Seattle",
                                                       "Country": "United States"}


def test_sign_up_is_a_sign_up_event_with_its_context(idp, ids):
    idp.sign_up(ClientId=ids.client_id, Username="bob", Password=PASSWORD,
                UserAttributes=[{"Name": "email", "Value": "bob@example.com"}],
                UserContextData={"IpAddress": "192.0.2.10"})
    [event] = idp.admin_list_user_auth_events(UserPoolId=ids.pool_id, Username="bob")["AuthEvents"]
    assert (event["EventType"], event["EventResponse"]) == ("SignUp", "Pass")
    assert event["EventRisk"]["RiskLevel"] == "Low"
    assert event["EventContextData"] == {"IpAddress": "192.0.2.10"}


def test_resend_confirmation_code_is_a_resend_code_event(idp, ids):
    idp.sign_up(ClientId=ids.client_id, Username="bob", Password=PASSWORD,
                UserAttributes=[{"Name": "email", "Value": "bob@example.com"}])
    idp.resend_confirmation_code(ClientId=ids.client_id, Username="bob", UserContextData={"IpAddress": "192.0.2.11"})
    newest, oldest = idp.admin_list_user_auth_events(UserPoolId=ids.pool_id, Username="bob")["AuthEvents"]
    assert (newest["EventType"], oldest["EventType"]) == ("ResendCode", "SignUp")
    assert newest["EventResponse"] == "Pass" and newest["EventContextData"] == {"IpAddress": "192.0.2.11"}


def test_forgot_password_is_a_forgot_password_event(idp, ids):
    idp.admin_update_user_attributes(UserPoolId=ids.pool_id, Username="ana",
                                     UserAttributes=[{"Name": "email_verified", "Value": "true"}])
    idp.forgot_password(ClientId=ids.client_id, Username="ana", UserContextData={"IpAddress": "192.0.2.12"})
    [event] = events(idp, ids)
    assert (event["EventType"], event["EventResponse"]) == ("ForgotPassword", "Pass")
    assert event["EventContextData"] == {"IpAddress": "192.0.2.12"}


def test_refused_requests_record_no_event(idp, ids):
    with pytest.raises(ClientError) as exc:     # ana is confirmed already
        idp.resend_confirmation_code(ClientId=ids.client_id, Username="ana")
    assert error_of(exc) == ("InvalidParameterException", "User is already confirmed.")
    idp.admin_disable_user(UserPoolId=ids.pool_id, Username="ana")
    with pytest.raises(ClientError) as exc:
        idp.forgot_password(ClientId=ids.client_id, Username="ana")
    assert error_of(exc) == ("NotAuthorizedException", "User is disabled.")
    assert events(idp, ids) == []
