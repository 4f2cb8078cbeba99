"""User actions: AdminCreateUser, AdminGetUser, GetUser, ListUsers, Admin(Enable|Disable)User,
(Admin)GlobalSignOut, (Admin)DeleteUser."""
from __future__ import annotations

from ....backend.idp.auth import tokens
from ....backend.idp.users import invitations, user_filter, users
from ...registry import IDP, Context, action
from .. import find
from ..access import signed_in
from . import views
from .parse import attribute_dict

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
    return {"Users": [views.user_listed(u, only) for u in found], "PaginationToken": token}


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


@action(IDP, "GetUser")
def get_user(ctx: Context, params: dict) -> dict:
    _, user, _ = signed_in(ctx, params["AccessToken"])
    return views.get_user(user)


@action(IDP, "GlobalSignOut")
def global_sign_out(ctx: Context, params: dict) -> dict:
    pool, user, _ = signed_in(ctx, params["AccessToken"])
    tokens.sign_out_everywhere(pool, user)
    return {}


@action(IDP, "DeleteUser")
def delete_user(ctx: Context, params: dict) -> dict:
    pool, user, _ = signed_in(ctx, params["AccessToken"])
    users.delete(pool, user)
    return {}
