"""Per-pool key set and OpenID Connect discovery document. The caller (web/app.py) holds the store's
lock for the whole request, so the pool found is the one whose keys are answered."""
from __future__ import annotations

from typing import Any

from werkzeug.exceptions import NotFound

from ...backend.identity import openid as identity_openid
from ...backend.idp.auth import keys
from ...backend.idp.auth.issuer import issuer as issuer_of
from ...backend.idp.oauth import domains
from ...backend.idp.pools import pools
from ...backend.store import Store

STANDARD_SCOPES = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"]
CLAIMS = ["sub", "iss", "aud", "exp", "iat", "auth_time", "token_use", "cognito:username", "cognito:groups",
          "email", "email_verified", "phone_number", "phone_number_verified", "name", "given_name",
          "family_name", "middle_name", "nickname", "preferred_username", "profile", "picture", "website",
          "gender", "birthdate", "zoneinfo", "locale", "address", "updated_at"]


def find_pool(store: Store, pool_id: str):
    pool = pools.locate(store, pool_id)
    if pool is None:
        raise NotFound(f"User pool {pool_id} does not exist.")
    return pool


def jwks(store: Store, pool_id: str) -> dict[str, Any]:
    return keys.jwks(find_pool(store, pool_id))


def openid_configuration(store: Store, pool_id: str, request_base: str, public_url: str | None) -> dict[str, Any]:
    """A server's endpoints are its public URL's; in-process they are the pool's domain, as AWS
    answers (the custom domain when there is one, else the prefix domain)."""
    pool = find_pool(store, pool_id)
    base_url = public_url or request_base
    if public_url is None:
        name = pool.custom_domain or pool.domain
        record = pool.oauth.domains.get(name) if name else None
        if record is not None:
            base_url = f"https://{domains.hostname(record, store.locate_user_pool(pool_id)[1])}"
    issuer = issuer_of(pool_id, public_url)
    return {
        "issuer": issuer,
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "authorization_endpoint": f"{base_url}/oauth2/authorize",
        "token_endpoint": f"{base_url}/oauth2/token",
        "userinfo_endpoint": f"{base_url}/oauth2/userInfo",
        "revocation_endpoint": f"{base_url}/oauth2/revoke",
        "end_session_endpoint": f"{base_url}/logout",
        "response_types_supported": ["code", "token"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "scopes_supported": STANDARD_SCOPES,
        "claims_supported": CLAIMS,
    }


def identity_jwks(store: Store) -> dict[str, Any]:
    """cognito-identity's key set (``https://cognito-identity.amazonaws.com/.well-known/jwks_uri``)."""
    return identity_openid.identity_jwks(store)
