"""Lambda triggers of sign-in: PreAuthentication, PostAuthentication, PreTokenGeneration, UserMigration."""
import jwt
import pytest
from botocore.exceptions import ClientError

from cognito_mock.backend.idp.auth import keys
from helpers import error_of

ACCOUNT, REGION = "123456789012", "us-east-1"


def arn(name):
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def make_pool(idp, user_pool, lambda_config, **pool_args):
    ids = user_pool(LambdaConfig=lambda_config, **pool_args)
    idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "ana@example.com"},
                                          {"Name": "email_verified", "Value": "true"}])
    idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    return ids


def sign_in(idp, ids, username="ana", password="Passw0rd!", **extra):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": password}, **extra)


def decode(cognito, ids, token):
    account, region = cognito.store.index.user_pools[ids.pool_id]
    pool = cognito.store.region(account, region).user_pools[ids.pool_id]
    key = jwt.PyJWK(keys.jwks(pool)["keys"][0]).key
    return jwt.decode(token, key, algorithms=["RS256"], options={"verify_aud": False})


def test_pre_and_post_authentication_events(cognito, idp, user_pool):
    ids = make_pool(idp, user_pool, {"PreAuthentication": arn("pre-auth"), "PostAuthentication": arn("post-auth")})
    events = []
    cognito.triggers.register("pre-auth", lambda event, context: events.append(event) or event)
    cognito.triggers.register("post-auth", lambda event, context: events.append(event) or event)
    sign_in(idp, ids, ClientMetadata={"app": "web"})
    pre, post = events
    sub = idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana")["UserAttributes"][0]["Value"]
    attributes = {"sub": sub, "email": "ana@example.com", "email_verified": "true", "cognito:user_status": "CONFIRMED"}
    assert pre == {"version": "1", "region": REGION, "userPoolId": ids.pool_id, "userName": "ana",
                   "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": ids.client_id},
                   "triggerSource": "PreAuthentication_Authentication",
                   "request": {"userAttributes": attributes, "validationData": {"app": "web"}}, "response": {}}
    assert post["triggerSource"] == "PostAuthentication_Authentication"
    assert post["request"] == {"userAttributes": attributes, "newDeviceUsed": False, "clientMetadata": {"app": "web"}}


def test_pre_authentication_denies_before_the_password_is_checked(cognito, idp, user_pool):
    ids = make_pool(idp, user_pool, {"PreAuthentication": arn("pre-auth")})
    cognito.triggers.register("pre-auth", lambda event, context: (_ for _ in ()).throw(Exception("Blocked user")))
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, ids, password="Wrong-passw0rd")
    assert error_of(excinfo) == ("UserLambdaValidationException", "PreAuthentication failed with error Blocked user.")


def test_post_authentication_failure_gives_no_tokens(cognito, idp, user_pool):
    ids = make_pool(idp, user_pool, {"PostAuthentication": arn("post-auth")})
    cognito.triggers.register("post-auth", lambda event, context: (_ for _ in ()).throw(Exception("audit failed")))
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, ids)
    assert error_of(excinfo) == ("UserLambdaValidationException",
                                 "PostAuthentication failed with error audit failed.")


def test_pre_token_generation_v1_adds_and_suppresses_id_token_claims(cognito, idp, user_pool):
    ids = make_pool(idp, user_pool, {"PreTokenGeneration": arn("pre-token")})
    idp.create_group(UserPoolId=ids.pool_id, GroupName="staff")
    idp.admin_add_user_to_group(UserPoolId=ids.pool_id, Username="ana", GroupName="staff")
    events = []

    def handler(event, context):
        events.append(event)
        event["response"]["claimsOverrideDetails"] = {
            "claimsToAddOrOverride": {"tenant": "acme", "email": "other@example.com", "sub": "forged", "aud": "x"},
            "claimsToSuppress": ["email_verified", "iss"],
            "groupOverrideDetails": {"groupsToOverride": ["admins"], "iamRolesToOverride": [],
                                     "preferredRole": None}}
        return event

    cognito.triggers.register("pre-token", handler)
    result = sign_in(idp, ids, ClientMetadata={"k": "v"})["AuthenticationResult"]
    (event,) = events
    assert event["version"] == "1" and event["triggerSource"] == "TokenGeneration_Authentication"
    assert event["request"]["groupConfiguration"] == {"groupsToOverride": ["staff"], "iamRolesToOverride": [],
                                                      "preferredRole": None}
    assert event["request"]["clientMetadata"] == {"k": "v"}
    assert cognito.triggers.calls[0].event["response"] == {"claimsOverrideDetails": None}
    id_claims = decode(cognito, ids, result["IdToken"])
    access = decode(cognito, ids, result["AccessToken"])
    assert id_claims["tenant"] == "acme" and id_claims["email"] == "other@example.com"
    assert "email_verified" not in id_claims
    assert id_claims["sub"] == access["sub"] != "forged" and id_claims["aud"] == ids.client_id   # fixed claims
    assert id_claims["iss"].endswith(ids.pool_id)
    assert id_claims["cognito:groups"] == access["cognito:groups"] == ["admins"]
    assert "tenant" not in access                                     # V1_0 customizes the ID token only


def test_pre_token_generation_v2_customizes_both_tokens(cognito, idp, user_pool):
    ids = make_pool(idp, user_pool, {"PreTokenGenerationConfig": {"LambdaVersion": "V2_0",
                                                                  "LambdaArn": arn("pre-token-v2")}})

    def handler(event, context):
        event["response"]["claimsAndScopeOverrideDetails"] = {
            "idTokenGeneration": {"claimsToAddOrOverride": {"roles": ["a", "b"]}, "claimsToSuppress": ["email"]},
            "accessTokenGeneration": {"claimsToAddOrOverride": {"tier": {"level": 2}},
                                      "scopesToAdd": ["api/read"], "scopesToSuppress": []}}
        return event

    cognito.triggers.register("pre-token-v2", handler)
    result = sign_in(idp, ids)["AuthenticationResult"]
    call = cognito.triggers.calls[0]
    assert call.event["version"] == "2"
    assert call.event["request"]["scopes"] == ["aws.cognito.signin.user.admin"]
    assert call.event["response"] == {"claimsAndScopeOverrideDetails": None}
    id_claims = decode(cognito, ids, result["IdToken"])
    access = decode(cognito, ids, result["AccessToken"])
    assert id_claims["roles"] == ["a", "b"] and "email" not in id_claims
    assert access["tier"] == {"level": 2}
    assert access["scope"] == "aws.cognito.signin.user.admin api/read"


def test_pre_token_generation_on_refresh(cognito, idp, user_pool):
    ids = make_pool(idp, user_pool, {"PreTokenGeneration": arn("pre-token")})
    cognito.triggers.register("pre-token", lambda event, context: {
        **event, "response": {"claimsOverrideDetails": {"claimsToAddOrOverride": {"src": event["triggerSource"]}}}})
    refresh = sign_in(idp, ids)["AuthenticationResult"]["RefreshToken"]
    result = idp.initiate_auth(ClientId=ids.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                               AuthParameters={"REFRESH_TOKEN": refresh})["AuthenticationResult"]
    assert decode(cognito, ids, result["IdToken"])["src"] == "TokenGeneration_RefreshTokens"


def test_pre_token_generation_v1_claims_must_be_strings(cognito, idp, user_pool):
    ids = make_pool(idp, user_pool, {"PreTokenGeneration": arn("pre-token")})
    cognito.triggers.register("pre-token", lambda event, context: {
        **event, "response": {"claimsOverrideDetails": {"claimsToAddOrOverride": {"n": 1}}}})
    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, ids)
    assert error_of(excinfo) == ("InvalidLambdaResponseException", "Invalid lambda function output : Invalid JSON")


def test_user_migration_creates_the_user_with_the_password(cognito, idp, user_pool):
    ids = user_pool(LambdaConfig={"UserMigration": arn("migrate")})
    events = []

    @cognito.triggers.function("migrate")
    def migrate(event, context):
        events.append(event)
        if event["request"]["password"] != "Legacy-Passw0rd":
            raise Exception("Bad password")
        event["response"]["userAttributes"] = {"email": "old@example.com", "email_verified": "true"}
        event["response"]["finalUserStatus"] = "CONFIRMED"
        event["response"]["messageAction"] = "SUPPRESS"
        return event

    with pytest.raises(ClientError) as excinfo:
        sign_in(idp, ids, username="old", password="Wrong-Passw0rd")
    assert error_of(excinfo) == ("UserLambdaValidationException", "UserMigration failed with error Bad password.")
    assert idp.list_users(UserPoolId=ids.pool_id)["Users"] == []

    tokens = sign_in(idp, ids, username="old", password="Legacy-Passw0rd")["AuthenticationResult"]
    assert events[-1]["triggerSource"] == "UserMigration_Authentication"
    assert events[-1]["request"] == {"password": "Legacy-Passw0rd", "validationData": None}
    user = idp.admin_get_user(UserPoolId=ids.pool_id, Username="old")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email", "Value": "old@example.com"} in user["UserAttributes"]
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "old"
    sign_in(idp, ids, username="old", password="Legacy-Passw0rd")   # now a user of the pool
    assert len(events) == 2


def test_user_migration_on_forgot_password(cognito, idp, user_pool):
    ids = user_pool(LambdaConfig={"UserMigration": arn("migrate")})
    cognito.triggers.register("migrate", lambda event, context: {
        **event, "response": {"userAttributes": {"email": "old@example.com", "email_verified": "true"}}})
    delivery = idp.forgot_password(ClientId=ids.client_id, Username="old")["CodeDeliveryDetails"]
    assert delivery["DeliveryMedium"] == "EMAIL"
    assert cognito.triggers.calls[0].trigger_source == "UserMigration_ForgotPassword"
    assert idp.admin_get_user(UserPoolId=ids.pool_id, Username="old")["UserStatus"] == "RESET_REQUIRED"
    code = cognito.outbox.last(to="old@example.com").code
    idp.confirm_forgot_password(ClientId=ids.client_id, Username="old", ConfirmationCode=code, Password="N3w-Passw0rd!")
    assert sign_in(idp, ids, username="old", password="N3w-Passw0rd!")["AuthenticationResult"]
