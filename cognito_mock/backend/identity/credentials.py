"""Temporary AWS credentials: minted here, remembered by access key id so a test can ask
``credentials_info(store, access_key_id)`` which identity and role they belong to."""
from __future__ import annotations

import string
from typing import Any

from ..store import Env, Store
from .models import IssuedCredentials

LIFETIME = 3600
_UPPER_ALNUM = string.ascii_uppercase + string.digits
_SECRET = string.ascii_letters + string.digits + "+/"


def issue(env: Env, store: Store, *, role_arn: str, identity_id: str, identity_pool_id: str, account: str,
          region: str, lifetime: int = LIFETIME, session_name: str = "CognitoIdentityCredentials",
          extra: dict[str, Any] | None = None) -> IssuedCredentials:
    ids = env.ids
    creds = IssuedCredentials(
        access_key_id="ASIA" + ids.chars(_UPPER_ALNUM, 16),
        secret_key=ids.chars(_SECRET, 40),
        session_token=ids.chars(_SECRET, 356),
        expiration=float(int(env.clock.now()) + lifetime),
        role_arn=role_arn, identity_id=identity_id, identity_pool_id=identity_pool_id,
        account=account, region=region, session_name=session_name, extra=dict(extra or {}))
    store.index.aws_credentials[creds.access_key_id] = creds
    return creds


def find(store: Store, access_key_id: str) -> IssuedCredentials | None:
    return store.index.aws_credentials.get(access_key_id)


def assumed_role_arn(creds: IssuedCredentials) -> str:
    """``arn:aws:sts::{account}:assumed-role/{role name}/{session name}``."""
    account = creds.role_arn.split(":")[4] if creds.role_arn.count(":") >= 5 else creds.account
    role_name = creds.role_arn.rsplit("/", 1)[-1]
    return f"arn:aws:sts::{account or creds.account}:assumed-role/{role_name}/{creds.session_name}"


def credentials_info(store: Store, access_key_id: str) -> dict[str, Any] | None:
    """What a test wants to know about credentials this emulator issued; None if it did not."""
    creds = find(store, access_key_id)
    if creds is None:
        return None
    return {"access_key_id": creds.access_key_id, "identity_id": creds.identity_id,
            "identity_pool_id": creds.identity_pool_id, "role_arn": creds.role_arn,
            "assumed_role_arn": assumed_role_arn(creds), "account": creds.account, "region": creds.region,
            "expiration": creds.expiration, "expired": store.env.clock.now() >= creds.expiration,
            "session_name": creds.session_name, **creds.extra}
