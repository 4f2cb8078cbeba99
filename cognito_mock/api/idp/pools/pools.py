"""User pool actions: Create/Describe/List/Update/DeleteUserPool, AddCustomAttributes, Set/GetUserPoolMfaConfig
and the tagging actions."""
from __future__ import annotations

from ....backend.idp.pools import pools
from ...registry import IDP, Context, action
from .. import find
from . import views
from .parse import attribute_requests, mfa_config, pool_echo, pool_settings


@action(IDP, "CreateUserPool")
def create_user_pool(ctx: Context, params: dict) -> dict:
    pool = pools.create(ctx.env, ctx.state, params["PoolName"], pool_settings(params, creating=True),
                        pool_echo(params), attribute_requests(params.get("Schema")))
    return {"UserPool": views.user_pool(pool)}


@action(IDP, "DescribeUserPool")
def describe_user_pool(ctx: Context, params: dict) -> dict:
    return {"UserPool": views.user_pool(find.pool(ctx, params["UserPoolId"]))}


@action(IDP, "ListUserPools")
def list_user_pools(ctx: Context, params: dict) -> dict:
    ordered = sorted(ctx.state.user_pools.values(), key=lambda p: (p.created, p.id))
    chunk, token = find.paged(ordered, params.get("NextToken"), params["MaxResults"],
                              key=lambda p: [p.created.timestamp(), p.id])
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


@action(IDP, "AddCustomAttributes")
def add_custom_attributes(ctx: Context, params: dict) -> dict:
    pools.add_custom_attributes(ctx.env, find.pool(ctx, params["UserPoolId"]),
                                attribute_requests(params["CustomAttributes"]))
    return {}


@action(IDP, "SetUserPoolMfaConfig")
def set_user_pool_mfa_config(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    sms = (params.get("SmsMfaConfiguration") or {}).get("SmsConfiguration")
    pools.set_mfa_config(ctx.env, pool, params.get("MfaConfiguration"), mfa_config(params), sms)
    return views.mfa_config(pool)


@action(IDP, "GetUserPoolMfaConfig")
def get_user_pool_mfa_config(ctx: Context, params: dict) -> dict:
    return views.mfa_config(find.pool(ctx, params["UserPoolId"]))


@action(IDP, "TagResource")
def tag_resource(ctx: Context, params: dict) -> dict:
    pools.tag(pools.find_by_arn(ctx.state, params["ResourceArn"]), params.get("Tags") or {})
    return {}


@action(IDP, "UntagResource")
def untag_resource(ctx: Context, params: dict) -> dict:
    pools.untag(pools.find_by_arn(ctx.state, params["ResourceArn"]), params.get("TagKeys") or [])
    return {}


@action(IDP, "ListTagsForResource")
def list_tags_for_resource(ctx: Context, params: dict) -> dict:
    return {"Tags": dict(pools.find_by_arn(ctx.state, params["ResourceArn"]).tags)}
