"""cognito-identity's own OpenID tokens: the per-region signing key, minting, verifying, the JWKS.

GetOpenIdToken and GetOpenIdTokenForDeveloperIdentity mint them; STS AssumeRoleWithWebIdentity
(patching/sts_hook.py) and developer logins (``cognito-identity.amazonaws.com`` in Logins) verify
them. The issuer is global, as at AWS; each region has its own key, told apart by ``kid``.
"""
from __future__ import annotations

from typing import Any

import jwt

from ..idp.auth import keys as idp_keys
from ..store import Env, Indexes, Store
from .models import IdentityKey

ISSUER = "https://cognito-identity.amazonaws.com"
OPENID_TOKEN_SECONDS = 600          # GetOpenIdToken: valid ten minutes
DEVELOPER_TOKEN_SECONDS = 900       # GetOpenIdTokenForDeveloperIdentity: default fifteen minutes
TAGS_CLAIM = "https://aws.amazon.com/tags"


class InvalidToken(Exception):
    """Not a token of ours, tampered with, or expired; callers turn it into their service's error."""


def identity_key(index: Indexes, region: str) -> IdentityKey:
    key = index.identity_keys.get(region)
    if key is None:
        made = idp_keys.new_key()
        kid = f"{region}-1"
        key = index.identity_keys[region] = IdentityKey(kid, made.private_key, made.public_key,
                                                        {**made.jwk, "kid": kid})
    return key


def identity_jwks(store: Store, region: str | None = None) -> dict[str, list[dict[str, str]]]:
    """The JWKS of ``https://cognito-identity.amazonaws.com/.well-known/jwks_uri``: every region's
    key (made on demand for ``region``), or only ``region``'s when given."""
    if region is not None:
        return {"keys": [dict(identity_key(store.index, region).jwk)]}
    return {"keys": [dict(k.jwk) for k in store.index.identity_keys.values()]}


def mint(env: Env, index: Indexes, region: str, identity_id: str, pool_id: str, amr: list[str],
         lifetime: int, principal_tags: dict[str, str] | None = None) -> str:
    key = identity_key(index, region)
    now = int(env.clock.now())
    claims: dict[str, Any] = {"sub": identity_id, "aud": pool_id, "amr": amr, "iss": ISSUER,
                              "exp": now + lifetime, "iat": now}
    if principal_tags:
        claims[TAGS_CLAIM] = {"principal_tags": {k: [v] for k, v in principal_tags.items()}}
    return jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid})


def unverified_claims(token: str) -> dict[str, Any]:
    try:
        return jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from None


def verify(env: Env, index: Indexes, token: str) -> dict[str, Any]:
    """The claims of a token this emulator minted and that has not expired; InvalidToken otherwise."""
    claims = unverified_claims(token)
    region = str(claims.get("aud", "")).split(":", 1)[0]
    key = index.identity_keys.get(region)
    try:
        if key is None or jwt.get_unverified_header(token).get("kid") != key.kid:
            raise InvalidToken("unknown key")
        claims = jwt.decode(token, key.public_key, algorithms=["RS256"],
                            options={"verify_exp": False, "verify_aud": False, "verify_iat": False,
                                     "verify_nbf": False})
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from None
    if claims.get("iss") != ISSUER:
        raise InvalidToken("issuer")
    if env.clock.now() >= float(claims.get("exp", 0)):
        raise InvalidToken("expired")
    return claims
