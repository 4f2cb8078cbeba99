"""App client actions: Create/Describe/List/Update/DeleteUserPoolClient."""
from __future__ import annotations

from ..backend.idp import clients
from ..errors import InvalidParameterException
from ..support.paging import BadToken, page
from . import idp_common as find, views
from .idp_parse import client_echo, client_settings
from .registry import IDP, Context, action


@action(IDP, "CreateUserPoolClient")
def create_user_pool_client(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client = clients.create(ctx.env, ctx.store.index, pool, params["ClientName"], client_settings(params),
                            client_echo(params), generate_secret=params.get("GenerateSecret", False),
                            secret=params.get("ClientSecret"))
    return {"UserPoolClient": views.user_pool_client(client)}


@action(IDP, "DescribeUserPoolClient")
def describe_user_pool_client(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"UserPoolClient": views.user_pool_client(find.client_of_pool(pool, params["ClientId"]))}


@action(IDP, "ListUserPoolClients")
def list_user_pool_clients(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    ordered = sorted(pool.clients.values(), key=lambda c: (c.created, c.id))
    try:
        chunk, token = page(ordered, params.get("NextToken"), params.get("MaxResults", 60),
                            key=lambda c: [c.created.timestamp(), c.id])
    except BadToken:
        raise InvalidParameterException("Invalid pagination token") from None
    return {"UserPoolClients": [views.user_pool_client_description(c) for c in chunk], "NextToken": token}


@action(IDP, "UpdateUserPoolClient")
def update_user_pool_client(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client = find.client_of_pool(pool, params["ClientId"])
    clients.update(ctx.env, pool, client, params.get("ClientName"), client_settings(params), client_echo(params))
    return {"UserPoolClient": views.user_pool_client(client)}


@action(IDP, "DeleteUserPoolClient")
def delete_user_pool_client(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    clients.delete(ctx.store.index, pool, find.client_of_pool(pool, params["ClientId"]))
    return {}
