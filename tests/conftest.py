"""Short names over the plugin's fixtures (conftest_plugin), shared by every test package."""
import boto3
import pytest


@pytest.fixture
def mock(cognito):
    """The active mock's handle (the plugin's ``cognito`` fixture)."""
    return cognito


@pytest.fixture
def idp(cognito_idp):
    return cognito_idp


@pytest.fixture
def sync(cognito):
    return boto3.client("cognito-sync", region_name="us-east-1")


@pytest.fixture
def ids(cognito_idp, user_pool):
    """A pool and app client (the plugin's user_pool) with a confirmed user ana / Passw0rd!."""
    made = user_pool()
    cognito_idp.admin_create_user(UserPoolId=made.pool_id, Username="ana", MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=made.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    return made


if __import__("os").environ.get("COGNITO_MOCK_CHECK_PERSISTENCE"):
    from tests import persistence_check
    persistence_check.install()
