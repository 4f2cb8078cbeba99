"""Group actions: CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups."""
from __future__ import annotations

from ....backend.idp.groups import groups
from ...registry import IDP, Context, action
from .. import find
from . import views


@action(IDP, "CreateGroup")
def create_group(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    group = groups.create(ctx.env, pool, params["GroupName"], params.get("Description"), params.get("RoleArn"),
                          params.get("Precedence"))
    return {"Group": views.group(pool.id, group)}


@action(IDP, "GetGroup")
def get_group(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"Group": views.group(pool.id, groups.find(pool, params["GroupName"]))}


@action(IDP, "UpdateGroup")
def update_group(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    group = groups.find(pool, params["GroupName"])
    given = {name: params[member] for member, name in
             (("Description", "description"), ("RoleArn", "role_arn"), ("Precedence", "precedence"))
             if member in params}
    groups.update(ctx.env, group, **given)
    return {"Group": views.group(pool.id, group)}


@action(IDP, "DeleteGroup")
def delete_group(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    groups.delete(pool, groups.find(pool, params["GroupName"]))
    return {}


@action(IDP, "ListGroups")
def list_groups(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    chunk, token = find.paged(groups.ordered(pool), params.get("NextToken"), params.get("Limit") or 60,
                              key=lambda g: g.name)
    return {"Groups": [views.group(pool.id, g) for g in chunk], "NextToken": token}
