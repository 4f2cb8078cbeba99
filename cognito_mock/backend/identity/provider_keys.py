"""What third-party identity providers publish, fetched through ``requests``: signing keys (JWKS)
and the answers of their token-inspection APIs.

- ``jwks(env, issuer)`` is the one place that turns an issuer into its signing keys: Google's and
  Apple's published key sets, any other issuer's ``jwks_uri`` from its
  ``/.well-known/openid-configuration``. Key sets are cached per emulator (``env.provider_keys``)
  for the response's Cache-Control max-age (else an hour), and fetched again early when a token
  names a key id the cached set lacks (the provider rotated its keys). Emulated providers served
  by the emulator itself (idp/federation/emulated.py) answer here for their own issuers, without
  the network, when they hold the key id asked for.
- ``discovery(env, issuer)``: an issuer's OpenID configuration, cached like key sets (a failure
  for a minute), so a user pool acting as relying party knows whether the provider is reachable.
- ``get_json(url, ...)`` asks an opaque-token provider about a token (Facebook's Graph API,
  Login with Amazon's tokeninfo); nothing is cached.

Either raises ``Unreachable`` when the provider cannot be asked or answers nonsense; callers turn
that into the service's error. In-process, these requests go wherever ``requests`` sends them (a
test's ``responses`` mock; the emulator intercepts only Cognito's own hosts).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import requests

from ..idp.federation import emulated
from ..store import Env

GOOGLE_ISSUER = "https://accounts.google.com"
APPLE_ISSUER = "https://appleid.apple.com"
# Published key sets of the providers whose keys do not move (each also lists it as its jwks_uri).
KNOWN_JWKS = {GOOGLE_ISSUER: "https://www.googleapis.com/oauth2/v3/certs",
              APPLE_ISSUER: "https://appleid.apple.com/auth/keys"}
DISCOVERY_PATH = "/.well-known/openid-configuration"
DEFAULT_TTL = 3600          # seconds a key set is kept when its response says nothing
MAX_TTL = 86400
REFETCH_AFTER = 60          # an unknown key id refetches a set at most once a minute
TIMEOUT = (3.05, 5)         # connect, read: the call holds the emulator's lock meanwhile
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*(\d+)", re.IGNORECASE)


class Unreachable(Exception):
    """The provider could not be asked, or did not answer in the expected shape."""


@dataclass(slots=True)
class KeySet:
    keys: list[dict[str, Any]]
    fetched_at: float
    expires_at: float
    kids: set[str] = field(default_factory=set)


def jwks(env: Env, issuer: str, kid: str | None = None) -> list[dict[str, Any]]:
    """The JWKs ``issuer`` signs with: cached, or fetched again when expired or when ``kid`` is
    missing from a set older than a minute."""
    own = emulated.keys_for_issuer(env, issuer)
    if own is not None and (kid is None or any(k.get("kid") == kid for k in own)):
        return own
    now = env.clock.now()
    cached: KeySet | None = env.provider_keys.get(issuer)
    if cached is not None and now < cached.expires_at:
        if kid is None or kid in cached.kids or now - cached.fetched_at < REFETCH_AFTER:
            return cached.keys
    keys, ttl = _fetch_jwks(issuer)
    env.provider_keys[issuer] = KeySet(keys, now, now + ttl, {str(k["kid"]) for k in keys if "kid" in k})
    return keys


def discovery(env: Env, issuer: str) -> dict[str, Any]:
    """``{issuer}/.well-known/openid-configuration``, cached for an hour (a failure for a minute).
    A caller holding the store's lock fetches first with ``discovery_fresh`` / ``fetch_discovery``
    outside it and ``remember_discovery`` after (web/oauth/federated_start.py)."""
    if not discovery_fresh(env, issuer):
        remember_discovery(env, issuer, fetch_discovery(issuer))
    cached = env.provider_keys[f"discovery {issuer}"]
    if cached[0] is None:
        raise Unreachable(f"{issuer} publishes no OpenID configuration")
    return cached[0]


def discovery_fresh(env: Env, issuer: str) -> bool:
    """Whether the cache holds an unexpired answer (or failure) of ``issuer``'s discovery."""
    cached = env.provider_keys.get(f"discovery {issuer}")
    return cached is not None and env.clock.now() < cached[1]


def fetch_discovery(issuer: str) -> dict[str, Any] | None:
    """The network half of ``discovery`` (touches no state): the document, or None."""
    try:
        status, document, _ = get_json(issuer.rstrip("/") + DISCOVERY_PATH)
    except Unreachable:
        return None
    return document if status == 200 and isinstance(document, dict) else None


def remember_discovery(env: Env, issuer: str, document: dict[str, Any] | None) -> None:
    now = env.clock.now()
    env.provider_keys[f"discovery {issuer}"] = (document, now + (DEFAULT_TTL if document is not None else REFETCH_AFTER))


def _fetch_jwks(issuer: str) -> tuple[list[dict[str, Any]], int]:
    url = KNOWN_JWKS.get(issuer)
    if url is None:
        status, document, _ = get_json(issuer.rstrip("/") + DISCOVERY_PATH)
        url = document.get("jwks_uri") if status == 200 else None
        if not isinstance(url, str) or not url.startswith(("https://", "http://")):
            raise Unreachable(f"{issuer} publishes no jwks_uri")
    status, body, headers = get_json(url)
    keys = body.get("keys") if status == 200 else None
    if not isinstance(keys, list) or not all(isinstance(k, dict) for k in keys):
        raise Unreachable(f"{url} answered no key set")
    return keys, _ttl(headers.get("Cache-Control", ""))


def _ttl(cache_control: str) -> int:
    if "no-store" in cache_control.lower() or "no-cache" in cache_control.lower():
        return 0
    found = _MAX_AGE.search(cache_control)
    return min(int(found.group(1)), MAX_TTL) if found else DEFAULT_TTL


def get_json(url: str, params: dict[str, str] | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any], Any]:
    """(status, JSON object, response headers) of a GET; Unreachable when there is no such answer."""
    try:
        response = requests.get(url, params=params, headers=headers, timeout=TIMEOUT)
        body = response.json()
    except (requests.RequestException, ValueError) as error:
        raise Unreachable(f"{url}: {error}") from None
    if not isinstance(body, dict):
        raise Unreachable(f"{url} answered {type(body).__name__}")
    return response.status_code, body, response.headers
