"""App client secrets that Cognito keeps in AWS Secrets Manager (``PublishSecretsInAWSSecretsManager``).

A published client answers ``ClientSecretArn`` instead of ``ClientSecret``; the secret's value is
read from Secrets Manager as ``{"userPoolId", "userPoolClientId", "clientSecretValue"}`` (answered
in-process by patching/secrets_hook.py for the ARNs issued here). Cognito rotates the secret right
away when it starts managing it and then every 7 days: a rotation adds a new generated secret and,
when the client already holds two, first deletes the older. Rotations that fell due are applied
when the secret is next looked at (``settle``), on the emulator clock.
"""
from __future__ import annotations

import json
from datetime import timedelta

from ....errors import InvalidParameterException
from ...store import Env, Indexes
from . import clients
from .models import AppClient

ROTATION = timedelta(days=7)
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
# guessed: the ARN's secret name; the API reference gives only the ARN pattern
NOT_GENERATED = "PublishSecretsInAWSSecretsManager applies only to an app client with a generated client secret."  # guessed


def publish(env: Env, index: Indexes, client: AppClient, account: str, region: str) -> None:
    """Start managing the client's secret in Secrets Manager, rotating it right away."""
    if client.secret_arn is not None:
        return
    require_generated(client)
    name = f"cognito-idp/{client.pool_id}/{client.id}-{env.ids.chars(_SUFFIX, 6)}"
    client.secret_arn = f"arn:aws:secretsmanager:{region}:{account}:secret:{name}"
    index.managed_secrets[client.secret_arn] = (account, region, client.pool_id, client.id)
    _rotate(env, client)


def require_generated(client: AppClient) -> None:
    if not any(s.generated for s in client.secrets):
        raise InvalidParameterException(NOT_GENERATED)


def unpublish(index: Indexes, client: AppClient) -> None:
    """Back to Cognito: the Secrets Manager secret is deleted at once, with no recovery window."""
    if client.secret_arn is not None:
        index.managed_secrets.pop(client.secret_arn, None)
        client.secret_arn = None
        client.secret_rotated = None


def settle(env: Env, client: AppClient) -> None:
    """Apply the 7-day rotations that fell due since the last one."""
    while client.secret_rotated is not None and env.clock.now_dt() >= client.secret_rotated + ROTATION:
        _rotate(env, client, at=client.secret_rotated + ROTATION)


def secret_string(env: Env, client: AppClient) -> str:
    """The SecretString Secrets Manager holds for a published client: its newest secret."""
    settle(env, client)
    return json.dumps({"userPoolId": client.pool_id, "userPoolClientId": client.id,
                       "clientSecretValue": client.secrets[-1].value})


def _rotate(env: Env, client: AppClient, at=None) -> None:
    if len(client.secrets) >= clients.MAX_SECRETS:
        del client.secrets[0]
    made = clients.add_secret(env, client, None)
    if at is not None:
        made.created = at
    client.secret = client.secrets[0].value
    client.secret_rotated = at or made.created
