"""Fixtures: ``cognito``, ``cognito_idp``, ``cognito_identity``, ``user_pool``, ``cognito_server``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
import pytest

from cognito_mock import CognitoMock, mock_cognito

REGION = "us-east-1"
TEST_CLIENT_FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
                     "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"]


@dataclass(frozen=True, slots=True)
class PoolIds:
    pool_id: str
    client_id: str
    client_secret: str | None = None
    region: str = REGION


@pytest.fixture
def cognito() -> CognitoMock:
    """An active mock (fresh state per test); the handle: outbox, clock, server(), reset()."""
    with mock_cognito() as handle:
        yield handle


@pytest.fixture
def cognito_idp(cognito):
    return boto3.client("cognito-idp", region_name=REGION)


@pytest.fixture
def cognito_identity(cognito):
    return boto3.client("cognito-identity", region_name=REGION)


@pytest.fixture
def user_pool(cognito_idp):
    """Factory: ``user_pool(PoolName=..., client={...})`` creates a pool and an app client.

    Pool keyword arguments go to CreateUserPool; ``client`` to CreateUserPoolClient (by default a
    client without secret that allows password, SRP, refresh and custom auth flows).
    """

    def create(client: dict[str, Any] | None = None, **pool_args: Any) -> PoolIds:
        pool_args.setdefault("PoolName", "test-pool")
        pool_id = cognito_idp.create_user_pool(**pool_args)["UserPool"]["Id"]
        client_args = {"ClientName": "test-client", "ExplicitAuthFlows": TEST_CLIENT_FLOWS, **(client or {})}
        made = cognito_idp.create_user_pool_client(UserPoolId=pool_id, **client_args)["UserPoolClient"]
        return PoolIds(pool_id, made["ClientId"], made.get("ClientSecret"))

    return create


@pytest.fixture
def cognito_server(cognito) -> str:
    """Base URL of a live HTTP server on 127.0.0.1 sharing the ``cognito`` state."""
    return cognito.server()
