"""Administrator user actions: AdminCreateUser, AdminGetUser, AdminSetUserPassword, AdminDeleteUser."""
from __future__ import annotations

from ..backend.idp import messages, users
from ..errors import InternalFailure
from . import idp_common as find, views
from .idp_parse import attribute_dict
from .registry import IDP, Context, action


@action(IDP, "AdminCreateUser")
def admin_create_user(ctx: Context, params: dict) -> dict:
    if params.get("MessageAction") == "RESEND":
        raise InternalFailure("AdminCreateUser with MessageAction RESEND is not implemented yet")
    pool = find.pool(ctx, params["UserPoolId"])
    user, password = users.admin_create(ctx.env, pool, params["Username"],
                                        attribute_dict(params.get("UserAttributes")),
                                        params.get("TemporaryPassword"))
    if params.get("MessageAction") != "SUPPRESS":
        messages.send_invitation(ctx.env, pool, user, password, params.get("DesiredDeliveryMediums") or ["SMS"])
    return {"User": views.user(user)}


@action(IDP, "AdminGetUser")
def admin_get_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return views.admin_get_user(users.find(pool, params["Username"]))


@action(IDP, "AdminSetUserPassword")
def admin_set_user_password(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    user = users.find(pool, params["Username"])
    users.set_password(ctx.env, pool, user, params["Password"], permanent=params.get("Permanent", False))
    return {}


@action(IDP, "AdminDeleteUser")
def admin_delete_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    users.delete(pool, users.find(pool, params["Username"]))
    return {}
