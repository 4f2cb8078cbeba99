"""App clients: AWS's defaults, token validity units and ranges, SECRET_HASH, allowed flows."""
from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from ...errors import InvalidParameterException, NotAuthorizedException, ResourceNotFoundException
from ..store import Env, Indexes
from .models import AppClient, TimeUnit, TokenValidity, UserPool

DEFAULT_AUTH_FLOWS = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"]
LEGACY_AUTH_FLOWS = frozenset({"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"})
BAD_VALIDITY = "Invalid range for token validity."

# token -> (default value, default unit when no validity is given, unit when only a value is given,
#           smallest and largest lifetime in seconds)
_VALIDITY = {
    "access": (60, TimeUnit.MINUTES, TimeUnit.HOURS, 300, 86400),
    "id": (60, TimeUnit.MINUTES, TimeUnit.HOURS, 300, 86400),
    "refresh": (30, TimeUnit.DAYS, TimeUnit.DAYS, 3600, 315360000),
}


def not_found(client_id: str) -> str:
    return f"User pool client {client_id} does not exist."


def find(pool: UserPool, client_id: str) -> AppClient:
    client = pool.clients.get(client_id)
    if client is None:
        raise ResourceNotFoundException(not_found(client_id))
    return client


def default_settings() -> dict[str, Any]:
    return {
        "explicit_auth_flows": list(DEFAULT_AUTH_FLOWS),
        "refresh_validity": validity("refresh", None, None),
        "access_validity": validity("access", None, None),
        "id_validity": validity("id", None, None),
        "read_attributes": [],
        "write_attributes": [],
        "prevent_user_existence_errors": "LEGACY",
        "enable_token_revocation": True,
        "propagate_user_context": False,
        "auth_session_validity_minutes": 3,
    }


def validity(token: str, value: int | None, unit: str | None) -> TokenValidity:
    default_value, default_unit, value_unit, low, high = _VALIDITY[token]
    if value is None or (token == "refresh" and value == 0):
        return TokenValidity(default_value, default_unit)
    lifetime = TokenValidity(value, TimeUnit(unit) if unit else value_unit)
    if not low <= lifetime.seconds <= high:
        raise InvalidParameterException(BAD_VALIDITY)
    return lifetime


def create(env: Env, index: Indexes, pool: UserPool, name: str, settings: dict[str, Any],
           echo: dict[str, Any], *, generate_secret: bool, secret: str | None) -> AppClient:
    fields = default_settings() | settings
    _check(pool, fields, "creating")
    now = env.clock.now_dt()
    client = AppClient(id=env.ids.client_id(), pool_id=pool.id, name=name, created=now, modified=now,
                       secret=secret or (env.ids.client_secret() if generate_secret else None),
                       echo=dict(echo), **fields)
    pool.clients[client.id] = client
    index.clients[client.id] = (index.user_pools[pool.id][0], index.user_pools[pool.id][1], pool.id)
    return client


def update(env: Env, pool: UserPool, client: AppClient, name: str | None, settings: dict[str, Any],
           echo: dict[str, Any]) -> None:
    """UpdateUserPoolClient: omitted members return to their defaults."""
    fields = default_settings() | settings
    _check(pool, fields, "updating")
    for key, value in fields.items():
        setattr(client, key, value)
    if name is not None:
        client.name = name
    client.echo = dict(echo)
    client.modified = env.clock.now_dt()


def delete(index: Indexes, pool: UserPool, client: AppClient) -> None:
    del pool.clients[client.id]
    index.clients.pop(client.id, None)
    for token in [t for t, grant in pool.refresh_tokens.items() if grant.client_id == client.id]:
        del pool.refresh_tokens[token]


def _check(pool: UserPool, fields: dict[str, Any], verb: str) -> None:
    flows = fields["explicit_auth_flows"]
    if any(f.startswith("ALLOW_") for f in flows) and "ALLOW_REFRESH_TOKEN_AUTH" not in flows:
        raise InvalidParameterException("REFRESH_TOKEN_AUTH should always be allowed.")
    for kind in ("read", "write"):
        unknown = [a for a in fields[f"{kind}_attributes"] if a not in pool.schema]
        if unknown:
            raise InvalidParameterException(f"Invalid {kind} attributes specified while {verb} a client")


def uses_legacy_flows(client: AppClient) -> bool:
    return not any(f.startswith("ALLOW_") for f in client.explicit_auth_flows)


def secret_hash(username: str, client_id: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def check_secret_hash(client: AppClient, username: str, given: str | None) -> None:
    """Clients with a secret must send SECRET_HASH = Base64(HMAC-SHA256(secret, username+clientId))."""
    if client.secret is None:
        return
    if not given:
        raise NotAuthorizedException(
            f"Client {client.id} is configured with secret but SECRET_HASH was not received")
    if not hmac.compare_digest(given, secret_hash(username, client.id, client.secret)):
        raise NotAuthorizedException(f"Unable to verify secret hash for client {client.id}")
