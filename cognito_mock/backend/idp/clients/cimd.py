"""Client ID Metadata Document (CIMD) policies and the clients they let in.

An external OAuth client names itself at /oauth2/authorize with an HTTPS URL as its ``client_id``.
When that URL matches a URL pattern of one of the pool's CIMD policies, Amazon Cognito fetches the
JSON metadata document at the URL (cimd_fetch.py) and uses it as the client's registration for the
request. "A CIMD policy maps a set of metadata URL patterns to exactly one existing user pool app
client", and a grant type is allowed "only when both the associated app client and the client's
metadata document" allow it: the client here is the policy's app client with the document's redirect
URIs and name, the flows both allow, no secret (CIMD clients are public) and no client_credentials.

The documents are cached per policy and URL for the policy's CacheDuration (default one day), or for
the document's Cache-Control max-age when that is between one day and one year; errors and invalid
documents are never cached. ListClientMetadataURLs shows the URLs a policy received, with CachedDate
and ExpirationDate while a document is cached; UpdateClientMetadataURLState refreshes or invalidates.

Guessed (AWS documents none of it): how ``*`` matches (any run of characters, but never ``/ ? # @``
in the host part and never ``? #`` in the path), that the first matching policy (by creation) wins,
the policy limit, the feature tier, that a policy outlives its app client without it (the model says
"Amazon Cognito omits this value when the app client no longer exists"), the scopes (the app client's,
narrowed by the document's ``scope``) and the logout URLs (``post_logout_redirect_uris``).
"""
from __future__ import annotations

import re
import string
from dataclasses import replace
from datetime import timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from ....errors import (CachedCIMDURLDoesNotExistException, InvalidParameterException, LimitExceededException,
                       ResourceNotFoundException)
from ...store import Env
from ..models import UserPool
from ..pools.pools import require_tier
from . import clients
from .cimd_fetch import Retrieved, retrieve
from .models import CIMDPolicy, ClientMetadataURL, AppClient

FEATURE = "Client ID Metadata Document"       # guessed: searched docs for "CIMD feature plan Essentials Plus tier"
DEFAULT_CACHE_SECONDS = 86400                 # "If you don't set a value, the default is 86,400 seconds."
MAX_POLICIES = 20                             # guessed: searched docs for "Cognito quotas CIMD policies per user pool"
GRANT_FLOWS = {"authorization_code": "code", "implicit": "implicit"}   # client_credentials: not for CIMD
_ID_ALPHABET = string.ascii_lowercase + string.digits                   # CIMDPolicyId: ^[a-z0-9]+$
# guessed: searched docs, pages, issues for "CIMD policy", "CreateCIMDPolicy", "CachedCIMDURLDoesNotExist"
NOT_FOUND = "CIMD policy {id} does not exist."
TOO_MANY = "The user pool already has the maximum of {limit} CIMD policies."
NOT_CACHED = "There is no cached client metadata document for {url} in CIMD policy {id}."
REFRESH_FAILED = "The client metadata document could not be refreshed. {problem}"


# --- policies ------------------------------------------------------------------------------------
def create(env: Env, pool: UserPool, client_id: str, name: str, cache_seconds: int | None,
           patterns: list[str]) -> CIMDPolicy:
    require_tier(pool, FEATURE, "ESSENTIALS", "PLUS")
    clients.find(pool, client_id)
    if len(pool.clients.cimd_policies) >= MAX_POLICIES:
        raise LimitExceededException(TOO_MANY.format(limit=MAX_POLICIES))
    now = env.clock.now_dt()
    policy = CIMDPolicy(id=env.ids.chars(_ID_ALPHABET, 26), client_id=client_id, name=name,
                        cache_seconds=cache_seconds or DEFAULT_CACHE_SECONDS, url_patterns=list(patterns),
                        created=now, modified=now)
    pool.clients.cimd_policies[policy.id] = policy
    return policy


def find(pool: UserPool, policy_id: str) -> CIMDPolicy:
    policy = pool.clients.cimd_policies.get(policy_id)
    if policy is None:
        raise ResourceNotFoundException(NOT_FOUND.format(id=policy_id))
    return policy


def update(env: Env, pool: UserPool, policy: CIMDPolicy, client_id: str, name: str | None,
           cache_seconds: int | None, patterns: list[str]) -> None:
    """UpdateCIMDPolicy: an omitted name or cache duration stays; URLs the new patterns no longer
    match leave the cache (guessed)."""
    require_tier(pool, FEATURE, "ESSENTIALS", "PLUS")
    clients.find(pool, client_id)
    policy.client_id = client_id
    if name is not None:
        policy.name = name
    if cache_seconds is not None:
        policy.cache_seconds = cache_seconds
    policy.url_patterns = list(patterns)
    for url in [u for u in policy.urls if not _matches_any(policy, u)]:
        del policy.urls[url]
    policy.modified = env.clock.now_dt()


def delete(pool: UserPool, policy: CIMDPolicy) -> None:
    del pool.clients.cimd_policies[policy.id]


def ordered(pool: UserPool) -> list[CIMDPolicy]:
    return sorted(pool.clients.cimd_policies.values(), key=lambda p: p.id)


def received_urls(policy: CIMDPolicy) -> list[ClientMetadataURL]:
    return [policy.urls[u] for u in sorted(policy.urls)]


# --- matching a client_id URL -----------------------------------------------------------------------
def is_client_url(value: str | None) -> bool:
    """A Client Identifier URL as the draft defines it: https, a path, no userinfo, no fragment, no
    dot segments (Amazon Cognito's own client ids never start with https://)."""
    if not value or not value.startswith("https://"):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    segments = parts.path.split("/")
    return bool(parts.hostname and parts.path) and "@" not in parts.netloc and "#" not in value \
        and "." not in segments and ".." not in segments


def matches(pattern: str, url: str) -> bool:
    return _pattern(pattern).fullmatch(url) is not None


@lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    rest = pattern[len("https://"):]
    slash = rest.find("/")
    host, path = (rest, "") if slash < 0 else (rest[:slash], rest[slash:])
    return re.compile("https://" + "[^/?#@]*".join(map(re.escape, host.split("*")))
                      + "[^?#]*".join(map(re.escape, path.split("*"))))


def _matches_any(policy: CIMDPolicy, url: str) -> bool:
    return any(matches(p, url) for p in policy.url_patterns)


def policy_for(pool: UserPool, url: str) -> CIMDPolicy | None:
    """The first policy (by creation) that has an app client and a pattern matching ``url``."""
    return next((p for p in pool.clients.cimd_policies.values()
                 if p.client_id in pool.clients.by_id and _matches_any(p, url)), None)


# --- the cache ------------------------------------------------------------------------------------
def needs_fetch(env: Env, pool: UserPool, url: str) -> str | None:
    """The id of the policy ``url`` belongs to when its document must be fetched (not cached, or
    expired); None when it is cached, or when no policy takes ``url``."""
    policy = policy_for(pool, url) if is_client_url(url) else None
    if policy is None:
        return None
    entry = policy.urls.get(url)
    if entry is not None and entry.document is not None and env.clock.now_dt() < entry.expires:
        return None
    return policy.id


def received(env: Env, pool: UserPool, policy_id: str, url: str, retrieved: Retrieved) -> str | None:
    """Record a URL the policy received and what fetching it gave; returns why the client is refused."""
    policy = pool.clients.cimd_policies.get(policy_id)
    if policy is not None and _matches_any(policy, url):
        entry = policy.urls.setdefault(url, ClientMetadataURL(url))
        if retrieved.problem is None:
            _cache(env, policy, entry, retrieved)
        else:                                      # never cache an error (nor keep a stale document)
            entry.document = entry.cached = entry.expires = None
    return retrieved.problem


def _cache(env: Env, policy: CIMDPolicy, entry: ClientMetadataURL, retrieved: Retrieved) -> None:
    entry.document = retrieved.document
    entry.cached = env.clock.now_dt()
    entry.expires = entry.cached + timedelta(seconds=retrieved.cache_seconds(policy.cache_seconds))


def _cached(policy: CIMDPolicy, url: str) -> ClientMetadataURL:
    entry = policy.urls.get(url)
    if entry is None or entry.document is None:
        raise CachedCIMDURLDoesNotExistException(NOT_CACHED.format(url=url, id=policy.id))
    return entry


def refresh(env: Env, pool: UserPool, policy: CIMDPolicy, url: str) -> None:
    """REFRESH: fetch the document again now (under the store's lock: the API has no other place).
    A refused document leaves the cached one as it was."""
    require_tier(pool, FEATURE, "ESSENTIALS", "PLUS")
    entry = _cached(policy, url)
    retrieved = retrieve(url)
    if retrieved.problem is not None:
        raise InvalidParameterException(REFRESH_FAILED.format(problem=retrieved.problem))
    _cache(env, policy, entry, retrieved)


def invalidate(pool: UserPool, policy: CIMDPolicy, url: str) -> None:
    """INVALIDATE: drop the cached document; the URL stays listed, without dates."""
    require_tier(pool, FEATURE, "ESSENTIALS", "PLUS")
    entry = _cached(policy, url)
    entry.document = entry.cached = entry.expires = None


# --- the client a cached document stands for -------------------------------------------------------
def client_for(pool: UserPool, url: str) -> AppClient | None:
    """The client ``url`` is, from its cached document (fresh or not: the authorize endpoint and the
    hosted pages fetch an expired one first), or None."""
    policy = policy_for(pool, url) if is_client_url(url) else None
    entry = policy.urls.get(url) if policy is not None else None
    if entry is None or entry.document is None:
        return None
    template, document = pool.clients.by_id[policy.client_id], entry.document
    allowed = {GRANT_FLOWS[g] for g in document.get("grant_types", ["authorization_code"]) if g in GRANT_FLOWS}
    scopes = template.oauth_scopes
    if "scope" in document:
        asked = set(document["scope"].split())
        scopes = [s for s in scopes if s in asked]
    return replace(template, id=url, name=document.get("client_name") or url, secret=None, secrets=[],
                   callback_urls=list(document["redirect_uris"]), default_redirect_uri=None,
                   logout_urls=list(document.get("post_logout_redirect_uris", [])),
                   oauth_flows=[f for f in template.oauth_flows if f in allowed], oauth_scopes=list(scopes),
                   explicit_auth_flows=list(template.explicit_auth_flows))


def template_for(pool: UserPool, client_id: str) -> AppClient | None:
    """The app client whose settings a CIMD client ``client_id`` has (the tokens' client), or None."""
    policy = policy_for(pool, client_id) if is_client_url(client_id) else None
    return pool.clients.by_id[policy.client_id] if policy is not None else None
