"""App clients: AWS's defaults, token validity units and ranges, OAuth rules (flows, scopes,
redirect URLs, identity providers), client secrets (at most two), SECRET_HASH, allowed flows."""
from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any
from urllib.parse import urlsplit

from ....errors import (InvalidOAuthFlowException, InvalidParameterException, LimitExceededException,
                       NotAuthorizedException, ResourceNotFoundException, ScopeDoesNotExistException)
from ....support.compare import same
from ...store import Env, Indexes, Store
from ..models import UserPool
from .models import AppClient, ClientSecret, TimeUnit, TokenValidity

DEFAULT_AUTH_FLOWS = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"]
STANDARD_SCOPES = frozenset({"phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"})
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_SECRETS = 2
BAD_VALIDITY = "Invalid range for token validity."
OAUTH_NEEDS_FLOWS_AND_SCOPES = ("AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is "
                                "allowed to use OAuth flows.")
CALLBACK_REQUIRED = "CallbackUrls can not be empty when code flow or implicit flow is selected"
CREDENTIALS_NEED_SECRET = "client_credentials flow can not be selected if client does not have a client secret."
CREDENTIALS_ALONE = "client_credentials flow can not be selected along with code flow or implicit flow."
DEFAULT_REDIRECT_NOT_CALLBACK = "DefaultRedirectURI must be one of the CallbackURLs."

# token -> (default value, default unit when no validity is given, unit when only a value is given,
#           smallest and largest lifetime in seconds)
_VALIDITY = {
    "access": (60, TimeUnit.MINUTES, TimeUnit.HOURS, 300, 86400),
    "id": (60, TimeUnit.MINUTES, TimeUnit.HOURS, 300, 86400),
    "refresh": (30, TimeUnit.DAYS, TimeUnit.DAYS, 3600, 315360000),
}


def not_found(client_id: str) -> str:
    return f"User pool client {client_id} does not exist."


def locate(store: Store, client_id: str | None) -> tuple[UserPool, AppClient] | None:
    """Pool and client for a bare ClientId, through the index, or None. The caller holds the lock."""
    where = store.index.clients.get(client_id or "")
    pool = store.region(where[0], where[1]).user_pools.get(where[2]) if where else None
    client = pool.clients.by_id.get(client_id) if pool is not None else None
    return (pool, client) if client is not None else None


def find(pool: UserPool, client_id: str) -> AppClient:
    client = pool.clients.by_id.get(client_id)
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
        "oauth_enabled": False,
        "oauth_flows": [],
        "oauth_scopes": [],
        "callback_urls": [],
        "logout_urls": [],
        "default_redirect_uri": None,
        "identity_providers": [],
        "refresh_rotation": False,
        "refresh_retry_grace_seconds": 0,
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
    _check(pool, fields, "creating", has_secret=bool(secret or generate_secret))
    now = env.clock.now_dt()
    client_id = env.ids.client_id()
    secrets = []
    if secret or generate_secret:
        secrets.append(_new_secret(env, client_id, secret))
    client = AppClient(id=client_id, pool_id=pool.id, name=name, created=now, modified=now,
                       secret=secrets[0].value if secrets else None, secrets=secrets,
                       echo=dict(echo), **fields)
    pool.clients.by_id[client.id] = client
    index.clients[client.id] = (index.user_pools[pool.id][0], index.user_pools[pool.id][1], pool.id)
    return client


def update(env: Env, pool: UserPool, client: AppClient, name: str | None, settings: dict[str, Any],
           echo: dict[str, Any]) -> None:
    """UpdateUserPoolClient: omitted members return to their defaults."""
    fields = default_settings() | settings
    _check(pool, fields, "updating", has_secret=bool(client.secrets))
    for key, value in fields.items():
        setattr(client, key, value)
    if name is not None:
        client.name = name
    client.echo = dict(echo)
    client.modified = env.clock.now_dt()


def delete(index: Indexes, pool: UserPool, client: AppClient) -> None:
    """The client and everything configured for it alone (each concept forgets its part)."""
    pool.forget_client(index, client.id)


# --- rules --------------------------------------------------------------------------------------
def _check(pool: UserPool, fields: dict[str, Any], verb: str, *, has_secret: bool) -> None:
    flows = fields["explicit_auth_flows"]
    if any(f.startswith("ALLOW_") for f in flows) and "ALLOW_REFRESH_TOKEN_AUTH" not in flows:
        raise InvalidParameterException("REFRESH_TOKEN_AUTH should always be allowed.")
    for kind in ("read", "write"):
        unknown = [a for a in fields[f"{kind}_attributes"] if a not in pool.schema]
        if unknown:
            raise InvalidParameterException(f"Invalid {kind} attributes specified while {verb} a client")
    for url in fields["callback_urls"] + fields["logout_urls"]:
        check_redirect_url(url)
    default = fields["default_redirect_uri"]
    if default is not None:
        check_redirect_url(default)
        if default not in fields["callback_urls"]:
            raise InvalidParameterException(DEFAULT_REDIRECT_NOT_CALLBACK)
    for provider in fields["identity_providers"]:
        if provider != "COGNITO" and provider not in pool.federation.identity_providers:
            raise InvalidParameterException(f"The provider {provider} does not exist for User Pool {pool.id}")
    _check_oauth(fields, has_secret)
    for scope in fields["oauth_scopes"]:
        if not scope_exists(pool, scope):
            raise ScopeDoesNotExistException(f"Invalid scope requested: {scope}")


def _check_oauth(fields: dict[str, Any], has_secret: bool) -> None:
    flows = fields["oauth_flows"]
    if fields["oauth_enabled"] and not (flows and fields["oauth_scopes"]):
        raise InvalidParameterException(OAUTH_NEEDS_FLOWS_AND_SCOPES)
    interactive = "code" in flows or "implicit" in flows
    if "client_credentials" in flows:
        if interactive:
            raise InvalidOAuthFlowException(CREDENTIALS_ALONE)
        if not has_secret:
            raise InvalidOAuthFlowException(CREDENTIALS_NEED_SECRET)
    if fields["oauth_enabled"] and interactive and not fields["callback_urls"]:
        raise InvalidOAuthFlowException(CALLBACK_REQUIRED)


def check_redirect_url(url: str) -> None:
    """Absolute, no fragment; http only for the loopback hosts (custom app schemes are fine)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or not parts.scheme or parts.fragment or "#" in url:
        raise InvalidParameterException(f"Invalid redirect URL: {url}")
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
        raise InvalidParameterException(
            f"Invalid redirect URL: {url}. HTTPS is required, except for http://localhost.")


def scope_exists(pool: UserPool, scope: str) -> bool:
    if scope in STANDARD_SCOPES:
        return True
    identifier, _, name = scope.rpartition("/")
    server = pool.oauth.resource_servers.get(identifier)
    return server is not None and any(s.name == name for s in server.scopes)


# --- secrets ------------------------------------------------------------------------------------
def _new_secret(env: Env, client_id: str, value: str | None) -> ClientSecret:
    now = env.clock.now_dt()
    return ClientSecret(id=f"{client_id}--{int(now.timestamp() * 1000)}",
                        value=value or env.ids.client_secret(), created=now, generated=value is None)


def add_secret(env: Env, client: AppClient, value: str | None) -> ClientSecret:
    if not client.secrets:
        raise InvalidParameterException(f"Client {client.id} does not have a client secret.")
    if len(client.secrets) >= MAX_SECRETS:
        raise LimitExceededException(f"Client {client.id} already has the maximum of {MAX_SECRETS} client secrets.")
    secret = _new_secret(env, client.id, value)
    if any(s.id == secret.id for s in client.secrets):   # two in the same millisecond
        secret.id = f"{client.id}--{int(secret.created.timestamp() * 1000) + 1}"
    client.secrets.append(secret)
    return secret


def delete_secret(client: AppClient, secret_id: str) -> None:
    found = next((s for s in client.secrets if s.id == secret_id), None)
    if found is None:
        raise ResourceNotFoundException(f"Client secret {secret_id} does not exist.")
    if len(client.secrets) == 1:
        raise InvalidParameterException("The last client secret of an app client cannot be deleted.")
    client.secrets.remove(found)
    client.secret = client.secrets[0].value


def uses_legacy_flows(client: AppClient) -> bool:
    return not any(f.startswith("ALLOW_") for f in client.explicit_auth_flows)


def secret_hash(username: str, client_id: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def secret_matches(client: AppClient, given: str | None, *, username: str | None = None) -> bool:
    """True when ``given`` is one of the client's secrets (client_secret, ClientSecret, Secret) or, with
    ``username``, the SECRET_HASH of ``username`` under one: the one comparison of a client's secrets,
    constant-time on UTF-8 bytes (support/compare.same)."""
    if not given:
        return False
    return any(same(given, s.value if username is None else secret_hash(username, client.id, s.value))
               for s in client.secrets)


def check_secret_hash(client: AppClient, username: str, given: str | None) -> None:
    """Clients with a secret must send SECRET_HASH = Base64(HMAC-SHA256(secret, username+clientId))."""
    if client.secret is None:
        return
    if not given:
        raise NotAuthorizedException(
            f"Client {client.id} is configured with secret but SECRET_HASH was not received")
    if not secret_matches(client, given, username=username):
        raise NotAuthorizedException(f"Unable to verify secret hash for client {client.id}")
