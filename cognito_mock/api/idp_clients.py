"""App client actions: Create/Describe/List/Update/DeleteUserPoolClient and the client secrets
(Add/List/DeleteUserPoolClientSecret)."""
from __future__ import annotations

from ..backend.idp import clients
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
    chunk, token = find.paged(ordered, params.get("NextToken"), params.get("MaxResults", 60),
                              key=lambda c: [c.created.timestamp(), c.id])
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


@action(IDP, "AddUserPoolClientSecret")
def add_user_pool_client_secret(ctx: Context, params: dict) -> dict:
    client = find.client_of_pool(find.pool(ctx, params["UserPoolId"]), params["ClientId"])
    secret = clients.add_secret(ctx.env, client, params.get("ClientSecret"))
    return {"ClientSecretDescriptor": views.client_secret(secret, reveal=secret.generated)}


@action(IDP, "ListUserPoolClientSecrets")
def list_user_pool_client_secrets(ctx: Context, params: dict) -> dict:
    client = find.client_of_pool(find.pool(ctx, params["UserPoolId"]), params["ClientId"])
    return {"ClientSecrets": [views.client_secret(s, reveal=False) for s in client.secrets]}


@action(IDP, "DeleteUserPoolClientSecret")
def delete_user_pool_client_secret(ctx: Context, params: dict) -> dict:
    client = find.client_of_pool(find.pool(ctx, params["UserPoolId"]), params["ClientId"])
    clients.delete_secret(client, params["ClientSecretId"])
    return {}
