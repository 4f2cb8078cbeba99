"""CUSTOM_AUTH and CUSTOM_WITH_SRP through DefineAuthChallenge / CreateAuthChallenge /
VerifyAuthChallengeResponse, as the developer guide's OTP example runs them."""
import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP
from helpers import error_of

ACCOUNT, REGION = "123456789012", "us-east-1"
CONFIG = {name: f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
          for name in ("define", "create", "verify")}


@pytest.fixture
def ids(cognito, cognito_idp, user_pool):
    made = user_pool(LambdaConfig={"DefineAuthChallenge": CONFIG["define"], "CreateAuthChallenge": CONFIG["create"],
                                   "VerifyAuthChallengeResponse": CONFIG["verify"]})
    cognito_idp.admin_create_user(UserPoolId=made.pool_id, Username="ana", MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=made.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    triggers = cognito.triggers

    @triggers.function("define")
    def define(event, context):
        session = event["request"]["session"]
        if session and session[-1]["challengeName"] == "SRP_A":
            event["response"].update(challengeName="PASSWORD_VERIFIER", issueTokens=False, failAuthentication=False)
        elif session and session[-1]["challengeName"] == "CUSTOM_CHALLENGE" and session[-1]["challengeResult"]:
            event["response"].update(issueTokens=True, failAuthentication=False)
        elif len([s for s in session if s["challengeName"] == "CUSTOM_CHALLENGE"]) >= 2:
            event["response"].update(issueTokens=False, failAuthentication=True)
        else:
            event["response"].update(challengeName="CUSTOM_CHALLENGE", issueTokens=False, failAuthentication=False)
        return event

    @triggers.function("create")
    def create(event, context):
        event["response"]["publicChallengeParameters"] = {"hint": "the secret word"}
        event["response"]["privateChallengeParameters"] = {"answer": "swordfish"}
        event["response"]["challengeMetadata"] = f"ROUND-{len(event['request']['session'])}"
        return event

    @triggers.function("verify")
    def verify(event, context):
        event["response"]["answerCorrect"] = (event["request"]["challengeAnswer"]
                                              == event["request"]["privateChallengeParameters"]["answer"])
        return event

    return made


def start(idp, ids, **extra):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="CUSTOM_AUTH", AuthParameters={"USERNAME": "ana"},
                             **extra)


def answer(idp, ids, started, value):
    return idp.respond_to_auth_challenge(ClientId=ids.client_id, ChallengeName="CUSTOM_CHALLENGE",
                                         Session=started["Session"],
                                         ChallengeResponses={"USERNAME": "ana", "ANSWER": value})


def test_custom_challenge_with_the_right_answer(cognito, cognito_idp, ids):
    started = start(cognito_idp, ids, ClientMetadata={"lang": "en"})
    assert started["ChallengeName"] == "CUSTOM_CHALLENGE"
    assert started["ChallengeParameters"] == {"hint": "the secret word", "USERNAME": "ana"}
    done = answer(cognito_idp, ids, started, "swordfish")
    assert cognito_idp.get_user(AccessToken=done["AuthenticationResult"]["AccessToken"])["Username"] == "ana"
    sources = [c.trigger_source for c in cognito.triggers.calls]
    assert sources == ["DefineAuthChallenge_Authentication", "CreateAuthChallenge_Authentication",
                       "VerifyAuthChallengeResponse_Authentication", "DefineAuthChallenge_Authentication"]
    define, create, verify, define_again = (c.event for c in cognito.triggers.calls)
    assert define["request"]["session"] == [] and define["request"]["clientMetadata"] == {"lang": "en"}
    assert define["response"] == {"challengeName": None, "issueTokens": None, "failAuthentication": None}
    assert create["request"]["challengeName"] == "CUSTOM_CHALLENGE"
    assert verify["request"]["privateChallengeParameters"] == {"answer": "swordfish"}
    assert verify["request"]["challengeAnswer"] == "swordfish"
    assert verify["response"] == {"answerCorrect": None}
    assert define_again["request"]["session"] == [
        {"challengeName": "CUSTOM_CHALLENGE", "challengeResult": True, "challengeMetadata": "ROUND-0"}]


def test_wrong_answers_get_another_challenge_then_fail(cognito, cognito_idp, ids):
    first = start(cognito_idp, ids)
    second = answer(cognito_idp, ids, first, "guess")
    assert second["ChallengeName"] == "CUSTOM_CHALLENGE" and second["Session"] != first["Session"]
    with pytest.raises(ClientError) as excinfo:
        answer(cognito_idp, ids, first, "swordfish")                 # each round has its own session
    assert error_of(excinfo) == ("NotAuthorizedException", "Invalid session for the user.")
    with pytest.raises(ClientError) as excinfo:
        answer(cognito_idp, ids, second, "guess again")
    assert error_of(excinfo) == ("NotAuthorizedException", "Incorrect username or password.")
    last_define = cognito.triggers.of("DefineAuthChallenge_Authentication")[-1].event
    assert [s["challengeResult"] for s in last_define["request"]["session"]] == [False, False]


def test_custom_with_srp(cognito, cognito_idp, ids):
    aws = AWSSRP(username="ana", password="Passw0rd!", pool_id=ids.pool_id, client_id=ids.client_id,
                 client=cognito_idp)
    params = {**aws.get_auth_params(), "CHALLENGE_NAME": "SRP_A"}
    started = cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="CUSTOM_AUTH", AuthParameters=params)
    assert started["ChallengeName"] == "PASSWORD_VERIFIER"
    responses = aws.process_challenge(started["ChallengeParameters"], params)
    custom = cognito_idp.respond_to_auth_challenge(ClientId=ids.client_id, ChallengeName="PASSWORD_VERIFIER",
                                                   Session=started["Session"], ChallengeResponses=responses)
    assert custom["ChallengeName"] == "CUSTOM_CHALLENGE"
    session = cognito.triggers.of("CreateAuthChallenge_Authentication")[0].event["request"]["session"]
    assert [(s["challengeName"], s["challengeResult"]) for s in session] == [("SRP_A", True), ("PASSWORD_VERIFIER", True)]
    done = answer(cognito_idp, ids, custom, "swordfish")
    assert "AccessToken" in done["AuthenticationResult"]


def test_custom_auth_needs_a_define_trigger(cognito_idp, user_pool):
    plain = user_pool()
    with pytest.raises(ClientError) as excinfo:
        cognito_idp.initiate_auth(ClientId=plain.client_id, AuthFlow="CUSTOM_AUTH",
                                  AuthParameters={"USERNAME": "ana"})
    assert error_of(excinfo) == ("InvalidParameterException",
                                 "Custom auth lambda trigger is not configured for the user pool.")


def test_failing_define_trigger(cognito, cognito_idp, ids):
    cognito.triggers.register("define", lambda event, context: (_ for _ in ()).throw(Exception("boom")))
    with pytest.raises(ClientError) as excinfo:
        start(cognito_idp, ids)
    assert error_of(excinfo) == ("UserLambdaValidationException", "DefineAuthChallenge failed with error boom.")
