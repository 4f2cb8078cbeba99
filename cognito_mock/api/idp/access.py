"""The caller of a self-service action: the pool, user and claims behind an AccessToken."""
from __future__ import annotations

from ...backend.idp.auth import tokens
from ...backend.idp.models import User, UserPool
from ...backend.idp.users import users
from ...errors import NotAuthorizedException, UserNotFoundException
from ...wire.model import documents_error
from ..registry import Context
from . import find

MISSING_SCOPE = "Access Token does not have required scopes"


def signed_in(ctx: Context, token: str) -> tuple[UserPool, User, dict]:
    """Verify ``token`` (signature, expiry, revocation, the aws.cognito.signin.user.admin scope) and
    return its pool, user and claims. The pool is found through the token's issuer index."""
    pool_id = tokens.pool_id_of(token)
    if pool_id is None or pool_id not in ctx.store.index.user_pools:
        raise NotAuthorizedException(tokens.INVALID_ACCESS_TOKEN)
    pool = find.indexed_pool(ctx, pool_id)
    claims = tokens.verify_access_token(ctx.env, pool, token)
    if tokens.ADMIN_SCOPE not in str(claims.get("scope", "")).split():
        raise NotAuthorizedException(MISSING_SCOPE)
    user = users.lookup(pool, claims["username"])
    if user is None:   # deleted since: actions that do not document UserNotFoundException refuse the token
        gone = UserNotFoundException if documents_error(ctx.service, ctx.action, "UserNotFoundException") \
            else NotAuthorizedException
        raise gone(users.NOT_FOUND)
    if user.sub != claims["sub"]:                      # deleted and created again
        raise NotAuthorizedException(tokens.INVALID_ACCESS_TOKEN)
    users.check_enabled(user)
    return pool, user, claims
