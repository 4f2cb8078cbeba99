"""Triggers that call the emulator back, in-process through boto3 and over HTTP to ``cognito.server()``:
the store's lock is let go while user code runs (docs/architecture.md, Locking), so neither deadlocks."""
import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from helpers import error_of

ARN = "arn:aws:lambda:us-east-1:123456789012:function:{}"
PASSWORD = "Passw0rd!"


@pytest.fixture(params=["in-process", "http"])
def caller(request, cognito, idp):
    """What a trigger uses to reach Cognito: boto3 in-process, or boto3 against the live server."""
    if request.param == "in-process":
        return idp
    return boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=cognito.server(),
                        aws_access_key_id="test", aws_secret_access_key="test",   # a deadlock fails, not hangs
                        config=Config(read_timeout=30, retries={"max_attempts": 1}))


@pytest.fixture
def pool(user_pool):
    return user_pool(client={"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]},
                     LambdaConfig={name: ARN.format(name) for name in
                                   ("PreSignUp", "PostConfirmation", "PreAuthentication", "PostAuthentication",
                                    "PreTokenGeneration")})


@pytest.fixture
def passthrough(cognito):
    for name in ("PreSignUp", "PostConfirmation", "PreAuthentication", "PostAuthentication", "PreTokenGeneration"):
        cognito.triggers.register(name, lambda event, context: event)


def confirmed(idp, pool, username="ana"):
    idp.sign_up(ClientId=pool.client_id, Username=username, Password=PASSWORD)
    idp.admin_confirm_sign_up(UserPoolId=pool.pool_id, Username=username)


def sign_in(idp, pool, username="ana"):
    return idp.initiate_auth(ClientId=pool.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD})["AuthenticationResult"]


def test_post_confirmation_adds_the_user_to_a_group(cognito, idp, pool, passthrough, caller):
    idp.create_group(UserPoolId=pool.pool_id, GroupName="members")

    @cognito.triggers.function("PostConfirmation")
    def welcome(event, context):
        caller.admin_add_user_to_group(UserPoolId=event["userPoolId"], Username=event["userName"],
                                       GroupName="members")
        return event

    confirmed(idp, pool)
    groups = idp.admin_list_groups_for_user(UserPoolId=pool.pool_id, Username="ana")["Groups"]
    assert [g["GroupName"] for g in groups] == ["members"]


def test_pre_sign_up_reads_the_pool_through_the_api(cognito, idp, pool, passthrough, caller):
    seen = []

    @cognito.triggers.function("PreSignUp")
    def gate(event, context):
        described = caller.describe_user_pool(UserPoolId=event["userPoolId"])["UserPool"]
        seen.append((described["Name"], described["EstimatedNumberOfUsers"]))
        return {**event, "response": {"autoConfirmUser": True}}

    idp.sign_up(ClientId=pool.client_id, Username="ana", Password=PASSWORD)
    idp.sign_up(ClientId=pool.client_id, Username="bob", Password=PASSWORD)
    assert [count for _, count in seen] == [0, 1]     # nothing of a sign-up is stored before its PreSignUp
    assert idp.admin_get_user(UserPoolId=pool.pool_id, Username="bob")["UserStatus"] == "CONFIRMED"


def test_pre_token_generation_calls_admin_get_user(cognito, idp, pool, passthrough, caller):
    confirmed(idp, pool)

    @cognito.triggers.function("PreTokenGeneration")
    def claims(event, context):
        user = caller.admin_get_user(UserPoolId=event["userPoolId"], Username=event["userName"])
        status = user["UserStatus"]
        return {**event, "response": {"claimsOverrideDetails": {"claimsToAddOrOverride": {"seen_status": status}}}}

    tokens = sign_in(idp, pool)
    assert tokens["IdToken"]
    assert cognito.triggers.of(trigger="PreTokenGeneration")[-1].error is None


def test_post_authentication_that_deletes_the_user_gets_no_tokens(cognito, idp, pool, passthrough, caller):
    confirmed(idp, pool)

    @cognito.triggers.function("PostAuthentication")
    def ban(event, context):
        caller.admin_delete_user(UserPoolId=event["userPoolId"], Username=event["userName"])
        return event

    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, pool)
    assert error_of(excinfo) == ("UserNotFoundException", "User does not exist.")


def test_pre_authentication_that_disables_the_user_denies_the_sign_in(cognito, idp, pool, passthrough, caller):
    confirmed(idp, pool)

    @cognito.triggers.function("PreAuthentication")
    def disable(event, context):
        caller.admin_disable_user(UserPoolId=event["userPoolId"], Username=event["userName"])
        return event

    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, pool)
    assert error_of(excinfo) == ("NotAuthorizedException", "User is disabled.")
