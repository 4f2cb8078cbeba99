"""Look-ups shared by the cognito-idp handlers: through the global indexes, never by scanning."""
from __future__ import annotations

from ...backend.idp.clients import clients
from ...backend.idp.clients.models import AppClient
from ...backend.idp.models import UserPool
from ...backend.idp.pools import pools
from ...errors import InvalidParameterException, ResourceNotFoundException
from ...support.paging import BadToken, page
from ..registry import Context


def pool(ctx: Context, pool_id: str) -> UserPool:
    """The pool ``pool_id`` of the caller's account and region."""
    return pools.find(ctx.state, pool_id)


def indexed_pool(ctx: Context, pool_id: str) -> UserPool:
    """The pool ``pool_id`` wherever the index says it lives (unauthenticated callers)."""
    found = pools.locate(ctx.store, pool_id)
    if found is None:
        raise ResourceNotFoundException(f"User pool {pool_id} does not exist.")
    return found


def client_of_pool(user_pool: UserPool, client_id: str) -> AppClient:
    return clients.find(user_pool, client_id)


def client_anywhere(ctx: Context, client_id: str) -> tuple[UserPool, AppClient]:
    """Pool and client for a bare ClientId (InitiateAuth, RespondToAuthChallenge...)."""
    found = clients.locate(ctx.store, client_id)
    if found is None:
        raise ResourceNotFoundException(clients.not_found(client_id))
    return found


def paged(items, token, limit, key):
    """support.paging.page, with AWS's answer to a token we did not issue."""
    try:
        return page(items, token, limit, key)
    except BadToken:
        raise InvalidParameterException("Invalid pagination token") from None
