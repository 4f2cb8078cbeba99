"""Passwords lost, reset and changed: ForgotPassword, ConfirmForgotPassword, AdminResetUserPassword,
AdminSetUserPassword, ChangePassword."""
from __future__ import annotations

from ....backend.idp.security import adaptive, auth_events
from ....backend.idp.users import recovery, users
from ...registry import IDP, Context, action
from .. import find
from ..security.parse import event_context
from ..access import signed_in
from . import views
from .signup import _client


@action(IDP, "ForgotPassword")
def forgot_password(ctx: Context, params: dict) -> dict:
    pool, client = _client(ctx, params)
    delivery = recovery.forgot(ctx.env, pool, client, params["Username"], client_metadata=params.get("ClientMetadata"),
                               context=event_context(params.get("UserContextData")))
    return {"CodeDeliveryDetails": views.code_delivery(delivery)}


@action(IDP, "ConfirmForgotPassword")
def confirm_forgot_password(ctx: Context, params: dict) -> dict:
    pool, client = _client(ctx, params)
    adaptive.check_new_password(pool, client.id, params["Password"], "PASSWORD_CHANGE")
    recovery.confirm_forgot(ctx.env, pool, client, params["Username"], params["ConfirmationCode"], params["Password"],
                            client_metadata=params.get("ClientMetadata"))
    return {}


@action(IDP, "AdminResetUserPassword")
def admin_reset_user_password(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    recovery.admin_reset(ctx.env, pool, users.find(pool, params["Username"]), client_metadata=params.get("ClientMetadata"))
    return {}


@action(IDP, "AdminSetUserPassword")
def admin_set_user_password(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    user = users.find(pool, params["Username"])
    users.set_password(ctx.env, pool, user, params["Password"], permanent=params.get("Permanent", False))
    return {}


@action(IDP, "ChangePassword")
def change_password(ctx: Context, params: dict) -> dict:
    pool, user, claims = signed_in(ctx, params["AccessToken"])
    adaptive.check_new_password(pool, claims.get("client_id"), params["ProposedPassword"], "PASSWORD_CHANGE")
    recovery.change(ctx.env, pool, user, params.get("PreviousPassword"), params["ProposedPassword"])
    adaptive.record_event(ctx.env, pool, user, auth_events.PASSWORD_CHANGE)
    return {}
