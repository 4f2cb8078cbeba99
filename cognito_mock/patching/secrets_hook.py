"""Secrets Manager for what this emulator issued: ``GetSecretValue`` of the secrets Cognito manages
for app clients published with ``PublishSecretsInAWSSecretsManager``.

Only ARNs (or names) in the store's ``managed_secrets`` index are answered; every other Secrets
Manager call returns None so the request goes on untouched (to moto, or to the real service).
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import botocore.handlers
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from ..backend.idp.clients import managed_secrets
from ..backend.idp.pools import pools
from ..backend.store import Store
from .raw_body import RawBody

_store_getter: Callable[[], Store | None] | None = None


def register(store_getter: Callable[[], Store | None]) -> None:
    """Answer from ``store_getter()`` (None: pass through) for every client created from now on."""
    global _store_getter
    _store_getter = store_getter
    spec = ("before-send.secrets-manager", before_send, botocore.handlers.REGISTER_FIRST)
    if spec not in botocore.handlers.BUILTIN_HANDLERS:
        botocore.handlers.BUILTIN_HANDLERS.append(spec)


def before_send(request: AWSPreparedRequest, **_kwargs) -> AWSResponse | None:
    store = _store_getter() if _store_getter else None
    return answer(store, request) if store is not None else None


def answer(store: Store, request: AWSPreparedRequest) -> AWSResponse | None:
    target = request.headers.get("X-Amz-Target") or b""
    if (target.decode() if isinstance(target, bytes) else target) != "secretsmanager.GetSecretValue":
        return None
    try:
        secret_id = str(json.loads(_body(request) or b"{}").get("SecretId", ""))
    except ValueError:
        return None
    with store.lock:
        arn = _arn(store, secret_id)
        if arn is None:
            return None                                  # not ours: let moto or Secrets Manager answer
        account, region, pool_id, client_id = store.index.managed_secrets[arn]
        client = pools.find(store.region(account, region), pool_id).clients.by_id[client_id]
        value = managed_secrets.secret_string(store.env, client)
        created = client.secret_rotated.timestamp() if client.secret_rotated else store.env.clock.now()
        body = {"ARN": arn, "Name": arn.split(":secret:", 1)[1][:-7], "VersionId": str(uuid.uuid4()),
                "SecretString": value, "VersionStages": ["AWSCURRENT"], "CreatedDate": created}
    data = json.dumps(body).encode()
    headers = {"Content-Type": "application/x-amz-json-1.1", "Content-Length": str(len(data)),
               "x-amzn-RequestId": str(uuid.uuid4())}
    return AWSResponse(request.url, 200, headers, RawBody(data))


def _arn(store: Store, secret_id: str) -> str | None:
    """The managed secret ``secret_id`` names: its full ARN, or its name (the ARN's last part
    without the 6-character suffix Secrets Manager adds)."""
    if secret_id in store.index.managed_secrets:
        return secret_id
    return next((arn for arn in store.index.managed_secrets
                 if arn.split(":secret:", 1)[1][:-7] == secret_id), None) if secret_id.startswith("cognito-idp/") else None


def _body(request: AWSPreparedRequest) -> bytes:
    body = request.body
    if hasattr(body, "read"):
        position = body.tell() if hasattr(body, "tell") else None
        data = body.read()
        if position is not None:
            body.seek(position)
        body = data
    return body.encode() if isinstance(body, str) else (body or b"")
