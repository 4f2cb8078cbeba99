"""App client actions: Create/Describe/List/Update/DeleteUserPoolClient and the client secrets
(Add/List/DeleteUserPoolClientSecret)."""
from __future__ import annotations

from ....backend.idp.clients import clients, managed_secrets
from ...registry import IDP, Context, action
from .. import find
from . import views
from .parse import client_echo, client_settings


@action(IDP, "CreateUserPoolClient")
def create_user_pool_client(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client = clients.create(ctx.env, ctx.store.index, pool, params["ClientName"], client_settings(params),
                            client_echo(params), generate_secret=params.get("GenerateSecret", False),
                            secret=params.get("ClientSecret"))
    if params.get("PublishSecretsInAWSSecretsManager") and params.get("GenerateSecret"):
        managed_secrets.publish(ctx.env, ctx.store.index, client, ctx.account, ctx.region)
    return {"UserPoolClient": views.user_pool_client(client)}


@action(IDP, "DescribeUserPoolClient")
def describe_user_pool_client(ctx: Context, params: dict) -> dict:
    client = find.client_of_pool(find.pool(ctx, params["UserPoolId"]), params["ClientId"])
    managed_secrets.settle(ctx.env, client)
    return {"UserPoolClient": views.user_pool_client(client)}


@action(IDP, "ListUserPoolClients")
def list_user_pool_clients(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    # every client here is REGULAR: none is made through dynamic client registration
    ordered = [] if params.get("ClientType") == "DCR" else sorted(pool.clients.by_id.values(), key=lambda c: (c.created, c.id))
    chunk, token = find.paged(ordered, params.get("NextToken"), params.get("MaxResults", 60),
                              key=lambda c: [c.created.timestamp(), c.id])
    return {"UserPoolClients": [views.user_pool_client_description(c) for c in chunk], "NextToken": token}


@action(IDP, "UpdateUserPoolClient")
def update_user_pool_client(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client = find.client_of_pool(pool, params["ClientId"])
    publish = params.get("PublishSecretsInAWSSecretsManager")
    if publish:   # checked before anything changes: a refused publish leaves the client as it was
        managed_secrets.require_generated(client)
    clients.update(ctx.env, pool, client, params.get("ClientName"), client_settings(params), client_echo(params))
    if publish:
        managed_secrets.publish(ctx.env, ctx.store.index, client, ctx.account, ctx.region)
    elif publish is False:
        managed_secrets.unpublish(ctx.store.index, client)
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
    managed_secrets.settle(ctx.env, client)
    return {"ClientSecrets": [views.client_secret(s, reveal=False) for s in client.secrets]}


@action(IDP, "DeleteUserPoolClientSecret")
def delete_user_pool_client_secret(ctx: Context, params: dict) -> dict:
    client = find.client_of_pool(find.pool(ctx, params["UserPoolId"]), params["ClientId"])
    clients.delete_secret(client, params["ClientSecretId"])
    return {}
