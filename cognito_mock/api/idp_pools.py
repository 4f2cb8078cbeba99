"""User pool actions: CreateUserPool, DescribeUserPool, ListUserPools, UpdateUserPool, DeleteUserPool."""
from __future__ import annotations

from ..backend.idp import pools
from ..errors import InvalidParameterException
from ..support.paging import BadToken, page
from . import idp_common as find, views
from .idp_parse import pool_echo, pool_settings
from .registry import IDP, Context, action


@action(IDP, "CreateUserPool")
def create_user_pool(ctx: Context, params: dict) -> dict:
    pool = pools.create(ctx.env, ctx.state, params["PoolName"], pool_settings(params, creating=True),
                        pool_echo(params), params.get("Schema"))
    return {"UserPool": views.user_pool(pool)}


@action(IDP, "DescribeUserPool")
def describe_user_pool(ctx: Context, params: dict) -> dict:
    return {"UserPool": views.user_pool(find.pool(ctx, params["UserPoolId"]))}


@action(IDP, "ListUserPools")
def list_user_pools(ctx: Context, params: dict) -> dict:
    ordered = sorted(ctx.state.user_pools.values(), key=lambda p: (p.created, p.id))
    try:
        chunk, token = page(ordered, params.get("NextToken"), params["MaxResults"],
                            key=lambda p: [p.created.timestamp(), p.id])
    except BadToken:
        raise InvalidParameterException("Invalid pagination token") from None
    return {"UserPools": [views.user_pool_description(p) for p in chunk], "NextToken": token}


@action(IDP, "UpdateUserPool")
def update_user_pool(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    pools.update(ctx.env, pool, params.get("PoolName"), pool_settings(params, creating=False),
                 pool_echo(params), params.get("UserPoolTags"))
    return {}


@action(IDP, "DeleteUserPool")
def delete_user_pool(ctx: Context, params: dict) -> dict:
    pools.delete(ctx.state, find.pool(ctx, params["UserPoolId"]))
    return {}
