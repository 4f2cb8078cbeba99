"""Fixtures for cognito-identity: an active mock, clients, and a user pool whose users sign in."""
import boto3
import pytest


REGION = "us-east-1"
AUTH_ROLE = "arn:aws:iam::123456789012:role/Cognito_Auth_Role"
UNAUTH_ROLE = "arn:aws:iam::123456789012:role/Cognito_Unauth_Role"


@pytest.fixture
def identity(mock):
    return boto3.client("cognito-identity", region_name=REGION)


class UserPool:
    """A user pool with one app client; ``sign_in`` returns a fresh ID token."""

    def __init__(self, idp, name="users"):
        self.idp = idp
        self.id = idp.create_user_pool(PoolName=name)["UserPool"]["Id"]
        self.client_id = idp.create_user_pool_client(
            UserPoolId=self.id, ClientName="app",
            ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
        self.provider = f"cognito-idp.{REGION}.amazonaws.com/{self.id}"

    def add_user(self, username, email=None):
        attrs = [{"Name": "email", "Value": email or f"{username}@example.com"}, {"Name": "email_verified", "Value": "true"}]
        self.idp.admin_create_user(UserPoolId=self.id, Username=username, MessageAction="SUPPRESS", UserAttributes=attrs)
        self.idp.admin_set_user_password(UserPoolId=self.id, Username=username, Password="Passw0rd!", Permanent=True)
        return username

    def sign_in(self, username):
        result = self.idp.admin_initiate_auth(UserPoolId=self.id, ClientId=self.client_id,
                                              AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                              AuthParameters={"USERNAME": username, "PASSWORD": "Passw0rd!"})
        return result["AuthenticationResult"]["IdToken"]

    def provider_config(self, server_side_token_check=False):
        return {"ProviderName": self.provider, "ClientId": self.client_id, "ServerSideTokenCheck": server_side_token_check}


@pytest.fixture
def new_user_pool(idp):
    return lambda name="users": UserPool(idp, name)


@pytest.fixture
def user_pool(idp):
    pool = UserPool(idp)
    pool.add_user("ana")
    pool.add_user("bob")
    return pool


@pytest.fixture
def make_pool(identity):
    """Create an identity pool; keyword arguments override the defaults."""

    def make(**kwargs):
        params = {"IdentityPoolName": "ids", "AllowUnauthenticatedIdentities": True, **kwargs}
        return identity.create_identity_pool(**params)["IdentityPoolId"]

    return make


@pytest.fixture
def pool_with_users(identity, make_pool, user_pool):
    """An identity pool trusting ``user_pool``, with an authenticated and an unauthenticated role."""
    pool_id = make_pool(CognitoIdentityProviders=[user_pool.provider_config()])
    identity.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": AUTH_ROLE,
                                                                     "unauthenticated": UNAUTH_ROLE})
    return pool_id
