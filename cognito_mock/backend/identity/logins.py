"""Verify the ``Logins`` map of a call: which provider vouches for which subject.

- ``cognito-idp.{region}.amazonaws.com/{userPoolId}``: a user-pool ID token, checked against the
  user pool's own key, its issuer (AWS form, or a server-mode issuer ending in ``/{poolId}``), its
  audience (a client listed in CognitoIdentityProviders), its expiry, and with ServerSideTokenCheck
  the user's sign-in still being valid.
- ``cognito-identity.amazonaws.com``: an OpenID token this emulator minted for a developer identity.
- SupportedLoginProviders (Google, Apple, Facebook, Login with Amazon) and OpenID Connect providers:
  verified against what the provider publishes (external.py).
- SAML providers: a well-formed, signed, current SAML response (saml_logins.py; IAM's metadata, and so
  the signature's key, is out of sight here).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jwt

from ...errors import NotAuthorizedException
from ..idp.auth import keys as idp_keys
from ..idp.pools import pools as idp_pools
from ..idp.users import users as idp_users
from ..store import Env, Store
from . import external, openid, saml_logins
from .external import BAD_ISSUER, BAD_SIGNATURE, NOT_OIDC, UNSUPPORTED
from .models import DEVELOPER_LOGIN, IdentityPool

REVOKED = "Invalid login token. Token has been revoked."
LOGINS_DONT_MATCH = "Logins don't match. Please include at least one valid login for this identity or identity pool."
_USER_POOL_PREFIX = "cognito-idp."


@dataclass(slots=True, frozen=True)
class Login:
    provider: str                    # the Logins key
    subject: str                     # who the provider says this is
    mapping_key: str                 # the RoleMappings key (user pools: provider:clientId)
    amr: str                         # the third ``amr`` entry of tokens minted for this login
    claims: dict[str, Any] = field(default_factory=dict)


def verify(store: Store, pool: IdentityPool, logins: dict[str, str] | None) -> list[Login]:
    """Every login verified, in the order given; NotAuthorizedException on the first bad one."""
    return [_verify_one(store, pool, provider, token) for provider, token in (logins or {}).items()]


def _verify_one(store: Store, pool: IdentityPool, provider: str, token: str) -> Login:
    env = store.env
    if provider == DEVELOPER_LOGIN:
        return _developer(env, store, pool, token)
    if provider.startswith(_USER_POOL_PREFIX) and any(p.provider_name == provider for p in pool.user_pool_providers):
        return _user_pool(store, pool, provider, token)
    if provider in pool.supported_login_providers:
        return _external(env, provider, token, pool.supported_login_providers[provider])
    if any(arn.split(":oidc-provider/", 1)[-1] == provider for arn in pool.open_id_connect_provider_arns):
        return _external(env, provider, token, None)
    if provider in pool.saml_provider_arns:
        subject, claims = saml_logins.verify(env, token)
        return Login(provider, subject, provider, f"{provider}:{subject}", claims)
    raise NotAuthorizedException(UNSUPPORTED)


def _user_pool(store: Store, pool: IdentityPool, provider: str, token: str) -> Login:
    user_pool_id = provider.rsplit("/", 1)[-1]
    _, claims = external.unverified(token)
    issuer = str(claims.get("iss", ""))
    if issuer != f"https://{provider}" and not issuer.endswith(f"/{user_pool_id}"):
        raise NotAuthorizedException(BAD_ISSUER)
    user_pool = _find_user_pool(store, user_pool_id)
    if user_pool is None:
        raise NotAuthorizedException(BAD_SIGNATURE)
    try:
        claims = jwt.decode(token, idp_keys.signing_key(user_pool).public_key, algorithms=["RS256"],
                            options={"verify_exp": False, "verify_aud": False, "verify_iat": False,
                                     "verify_nbf": False})
    except jwt.PyJWTError:
        raise NotAuthorizedException(BAD_SIGNATURE) from None
    if claims.get("token_use") != "id":
        raise NotAuthorizedException(NOT_OIDC)
    external.check_expiry(store.env, claims)
    client_id = str(claims.get("aud", ""))
    configured = [p for p in pool.user_pool_providers if p.provider_name == provider and p.client_id == client_id]
    if not configured:
        raise NotAuthorizedException(UNSUPPORTED)
    if any(p.server_side_token_check for p in configured) and not _still_signed_in(user_pool, claims):
        raise NotAuthorizedException(REVOKED)
    sub = str(claims["sub"])
    return Login(provider, sub, f"{provider}:{client_id}", f"{provider}:CognitoSignIn:{sub}", claims)


def _find_user_pool(store: Store, user_pool_id: str):
    return idp_pools.locate(store, user_pool_id)


def _still_signed_in(user_pool, claims: dict[str, Any]) -> bool:
    """ServerSideTokenCheck: the user still exists and is enabled, and the sign-in was not revoked."""
    user = idp_users.lookup(user_pool, str(claims.get("cognito:username", "")))
    return (user is not None and user.enabled and user.sub == claims.get("sub")
            and claims.get("origin_jti") not in user_pool.auth.revoked_origins)


def _developer(env: Env, store: Store, pool: IdentityPool, token: str) -> Login:
    try:
        claims = openid.verify(env, store.index, token)
    except openid.InvalidToken:
        raise NotAuthorizedException(BAD_SIGNATURE) from None
    if claims.get("aud") != pool.id:
        raise NotAuthorizedException(UNSUPPORTED)
    subject = str(claims["sub"])
    return Login(DEVELOPER_LOGIN, subject, DEVELOPER_LOGIN, f"{DEVELOPER_LOGIN}:{subject}", claims)


def _external(env: Env, provider: str, token: str, configured: str | None) -> Login:
    subject, claims = external.verify(env, provider, token, configured)
    return Login(provider, subject, provider, f"{provider}:{subject}", claims)


def amr(logins: list[Login]) -> list[str]:
    """The ``amr`` claim of an OpenID token for these logins (AWS's shape)."""
    if not logins:
        return ["unauthenticated"]
    found = ["authenticated"]
    for login in logins:
        if login.provider == DEVELOPER_LOGIN:
            found.extend(str(a) for a in login.claims.get("amr", [])[1:])
        else:
            found.extend((login.provider, login.amr))
    return list(dict.fromkeys(found))
