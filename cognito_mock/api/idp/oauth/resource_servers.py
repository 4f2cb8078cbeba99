"""Resource server actions: Create/Describe/Update/Delete/ListResourceServers."""
from __future__ import annotations

from ....backend.idp.oauth import resource_servers
from ...registry import IDP, Context, action
from .. import find
from . import views
from .parse import scopes


@action(IDP, "CreateResourceServer")
def create_resource_server(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    server = resource_servers.create(pool, params["Identifier"], params["Name"], scopes(params))
    return {"ResourceServer": views.resource_server(pool.id, server)}


@action(IDP, "DescribeResourceServer")
def describe_resource_server(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"ResourceServer": views.resource_server(pool.id, resource_servers.find(pool, params["Identifier"]))}


@action(IDP, "UpdateResourceServer")
def update_resource_server(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    server = resource_servers.find(pool, params["Identifier"])
    resource_servers.update(server, params["Name"], scopes(params))
    return {"ResourceServer": views.resource_server(pool.id, server)}


@action(IDP, "DeleteResourceServer")
def delete_resource_server(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    resource_servers.delete(pool, resource_servers.find(pool, params["Identifier"]))
    return {}


@action(IDP, "ListResourceServers")
def list_resource_servers(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    chunk, token = find.paged(resource_servers.ordered(pool), params.get("NextToken"), params.get("MaxResults") or 50,
                              key=lambda s: s.identifier)
    return {"ResourceServers": [views.resource_server(pool.id, s) for s in chunk], "NextToken": token}
