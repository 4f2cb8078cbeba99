"""Fixtures for the cognito-idp API tests: a pool, an app client, a confirmed user."""
import pytest


@pytest.fixture
def pool_id(idp):
    return idp.create_user_pool(PoolName="pool")["UserPool"]["Id"]


@pytest.fixture
def client_id(idp, pool_id):
    flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    return idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app",
                                       ExplicitAuthFlows=flows)["UserPoolClient"]["ClientId"]


@pytest.fixture
def confirmed_user(idp, pool_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "ana@example.com"},
                                          {"Name": "email_verified", "Value": "true"}])
    idp.admin_set_user_password(UserPoolId=pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    return "ana"

