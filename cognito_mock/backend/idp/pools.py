"""User pool lifecycle: create with AWS's defaults, update (omitted members reset), delete."""
from __future__ import annotations

import copy
from typing import Any

from ...errors import InvalidParameterException, ResourceNotFoundException
from ..store import Env, Indexes, RegionState
from .models import PasswordPolicy, UserPool
from .schema import build_schema

# Settings kept in AWS's shape (models.UserPool.echo) and what a pool has when they are not given.
ECHO_DEFAULTS: dict[str, Any] = {
    "LambdaConfig": {},
    "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_CODE"},
    "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
}
# Legacy top-level message members and the VerificationMessageTemplate member each mirrors.
_MIRRORED = {"SmsVerificationMessage": "SmsMessage", "EmailVerificationMessage": "EmailMessage",
             "EmailVerificationSubject": "EmailSubject"}

DELETION_PROTECTED = ("The user pool cannot be deleted because deletion protection is activated. "
                      "Deletion protection must be inactivated first.")


def default_settings() -> dict[str, Any]:
    """The typed settings of a pool nobody configured (the one place these defaults live)."""
    return {
        "password_policy": PasswordPolicy(),
        "first_auth_factors": ["PASSWORD"],
        "deletion_protection": "INACTIVE",
        "mfa_configuration": "OFF",
        "auto_verified_attributes": [],
        "admin_create_user_only": False,
        "unused_account_validity_days": 7,
    }


def create(env: Env, state: RegionState, name: str, settings: dict[str, Any], echo: dict[str, Any],
           schema_request: list[dict] | None) -> UserPool:
    """A new pool. ``settings`` are typed fields of UserPool; ``echo`` the AWS-shaped rest."""
    schema = build_schema(schema_request)
    _check_settings(settings)
    pool_id = env.ids.user_pool_id(state.region)
    now = env.clock.now_dt()
    fields = default_settings() | settings
    pool = UserPool(id=pool_id, name=name, created=now, modified=now, schema=schema,
                    arn=f"arn:aws:cognito-idp:{state.region}:{state.account}:userpool/{pool_id}",
                    echo=merged_echo(echo), **fields)
    state.user_pools[pool_id] = pool
    state.index.user_pools[pool_id] = (state.account, state.region)
    return pool


def update(env: Env, pool: UserPool, name: str | None, settings: dict[str, Any], echo: dict[str, Any],
           tags: dict[str, str] | None) -> None:
    """UpdateUserPool: every omitted member goes back to its default (except tier, name, tags)."""
    _check_settings(settings)
    for key, value in (default_settings() | settings).items():
        setattr(pool, key, value)
    pool.echo = merged_echo(echo)
    if name is not None:
        pool.name = name
    if tags is not None:
        pool.tags = dict(tags)
    pool.modified = env.clock.now_dt()


def delete(state: RegionState, pool: UserPool) -> None:
    if pool.deletion_protection == "ACTIVE":
        raise InvalidParameterException(DELETION_PROTECTED)
    del state.user_pools[pool.id]
    drop_from_index(state.index, pool)


def drop_from_index(index: Indexes, pool: UserPool) -> None:
    index.user_pools.pop(pool.id, None)
    for client_id in pool.clients:
        index.clients.pop(client_id, None)


def find(state: RegionState, pool_id: str) -> UserPool:
    pool = state.user_pools.get(pool_id)
    if pool is None:
        raise ResourceNotFoundException(f"User pool {pool_id} does not exist.")
    return pool


def merged_echo(given: dict[str, Any]) -> dict[str, Any]:
    echo = copy.deepcopy(ECHO_DEFAULTS) | copy.deepcopy(given)
    template = echo.setdefault("VerificationMessageTemplate", {})
    template.setdefault("DefaultEmailOption", "CONFIRM_WITH_CODE")
    for legacy, member in _MIRRORED.items():
        if legacy in echo and member not in template:
            template[member] = echo[legacy]
        elif member in template and legacy not in echo:
            echo[legacy] = template[member]
    return echo


def _check_settings(settings: dict[str, Any]) -> None:
    policy = settings.get("password_policy")
    if policy is not None and policy.temporary_password_validity_days == 0:
        policy.temporary_password_validity_days = 7   # AWS: 0 means "use the default"
    if "username_attributes" in settings and "alias_attributes" in settings:
        if settings["username_attributes"] and settings["alias_attributes"]:
            raise InvalidParameterException("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool")


def estimated_users(pool: UserPool) -> int:
    return len(pool.users)
