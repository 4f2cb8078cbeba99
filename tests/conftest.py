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
