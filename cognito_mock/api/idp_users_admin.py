"""Administrator user actions: create, get, list, passwords, enable/disable, attributes, sign-out, delete."""
from __future__ import annotations

from ..backend.idp import attributes, invitations, recovery, tokens, user_filter, users
from . import idp_common as find, views, views_users
from .idp_parse import attribute_dict
from .registry import IDP, Context, action

@action(IDP, "AdminCreateUser")
def admin_create_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    user = invitations.admin_create_user(
        ctx.env, pool, params["Username"], attribute_dict(params.get("UserAttributes")), params.get("TemporaryPassword"),
        message_action=params.get("MessageAction"), mediums=params.get("DesiredDeliveryMediums") or ["SMS"],
        force_alias=params.get("ForceAliasCreation", False), client_metadata=params.get("ClientMetadata"),
        validation_data=attribute_dict(params.get("ValidationData")))
    return {"User": views.user(user)}


@action(IDP, "AdminGetUser")
def admin_get_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return views.admin_get_user(users.find(pool, params["Username"]))


@action(IDP, "ListUsers")
def list_users(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    found, token = user_filter.page(pool, params.get("Filter"), params.get("Limit") or 60, params.get("PaginationToken"),
                                   request_id=ctx.request_id)
    only = params.get("AttributesToGet")
    return {"Users": [views_users.user_listed(u, only) for u in found], "PaginationToken": token}


@action(IDP, "AdminSetUserPassword")
def admin_set_user_password(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    user = users.find(pool, params["Username"])
    users.set_password(ctx.env, pool, user, params["Password"], permanent=params.get("Permanent", False))
    return {}


@action(IDP, "AdminResetUserPassword")
def admin_reset_user_password(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    recovery.admin_reset(ctx.env, pool, users.find(pool, params["Username"]), client_metadata=params.get("ClientMetadata"))
    return {}


@action(IDP, "AdminEnableUser")
def admin_enable_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    users.set_enabled(ctx.env, pool, users.find(pool, params["Username"]), True)
    return {}


@action(IDP, "AdminDisableUser")
def admin_disable_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    user = users.find(pool, params["Username"])
    users.set_enabled(ctx.env, pool, user, False)
    tokens.sign_out_everywhere(pool, user)
    return {}


@action(IDP, "AdminUpdateUserAttributes")
def admin_update_user_attributes(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    user = users.find(pool, params["Username"])
    attributes.update(ctx.env, pool, user, attribute_dict(params["UserAttributes"]), admin=True,
                      client_metadata=params.get("ClientMetadata"))
    return {}


@action(IDP, "AdminDeleteUserAttributes")
def admin_delete_user_attributes(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    attributes.delete(ctx.env, pool, users.find(pool, params["Username"]), params["UserAttributeNames"])
    return {}


@action(IDP, "AdminUserGlobalSignOut")
def admin_user_global_sign_out(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    tokens.sign_out_everywhere(pool, users.find(pool, params["Username"]))
    return {}


@action(IDP, "AdminDeleteUser")
def admin_delete_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    users.delete(pool, users.find(pool, params["Username"]))
    return {}
