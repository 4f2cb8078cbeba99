"""Client-side account actions: SignUp, ConfirmSignUp, ResendConfirmationCode, ForgotPassword,
ConfirmForgotPassword (found by ClientId), and AdminConfirmSignUp."""
from __future__ import annotations

from ..backend.idp import adaptive, clients, recovery, signup
from ..backend.idp.models import UserStatus
from . import idp_common as find, views_users
from .idp_parse import attribute_dict
from .registry import IDP, Context, action


def _client(ctx: Context, params: dict):
    pool, client = find.client_anywhere(ctx, params["ClientId"])
    clients.check_secret_hash(client, params["Username"], params.get("SecretHash"))
    return pool, client


@action(IDP, "SignUp")
def sign_up(ctx: Context, params: dict) -> dict:
    pool, client = _client(ctx, params)
    if params.get("Password"):
        adaptive.check_new_password(pool, client.id, params["Password"], "SIGN_UP")
    user, delivery = signup.sign_up(ctx.env, pool, client, params["Username"], params.get("Password"),
                                    attribute_dict(params.get("UserAttributes")),
                                    client_metadata=params.get("ClientMetadata"),
                                    validation_data=attribute_dict(params.get("ValidationData")),
                                    context=params.get("UserContextData"))
    return {"UserConfirmed": user.status is UserStatus.CONFIRMED,
            "CodeDeliveryDetails": views_users.code_delivery(delivery), "UserSub": user.sub}


@action(IDP, "ConfirmSignUp")
def confirm_sign_up(ctx: Context, params: dict) -> dict:
    pool, client = _client(ctx, params)
    signup.confirm(ctx.env, pool, client, params["Username"], params["ConfirmationCode"],
                   force_alias=params.get("ForceAliasCreation", False), client_metadata=params.get("ClientMetadata"))
    return {}


@action(IDP, "ResendConfirmationCode")
def resend_confirmation_code(ctx: Context, params: dict) -> dict:
    pool, client = _client(ctx, params)
    delivery = signup.resend(ctx.env, pool, client, params["Username"], client_metadata=params.get("ClientMetadata"),
                             context=params.get("UserContextData"))
    return {"CodeDeliveryDetails": views_users.code_delivery(delivery)}


@action(IDP, "AdminConfirmSignUp")
def admin_confirm_sign_up(ctx: Context, params: dict) -> dict:
    signup.admin_confirm(ctx.env, find.pool(ctx, params["UserPoolId"]), params["Username"],
                         client_metadata=params.get("ClientMetadata"))
    return {}


@action(IDP, "ForgotPassword")
def forgot_password(ctx: Context, params: dict) -> dict:
    pool, client = _client(ctx, params)
    delivery = recovery.forgot(ctx.env, pool, client, params["Username"], client_metadata=params.get("ClientMetadata"),
                               context=params.get("UserContextData"))
    return {"CodeDeliveryDetails": views_users.code_delivery(delivery)}


@action(IDP, "ConfirmForgotPassword")
def confirm_forgot_password(ctx: Context, params: dict) -> dict:
    pool, client = _client(ctx, params)
    adaptive.check_new_password(pool, client.id, params["Password"], "PASSWORD_CHANGE")
    recovery.confirm_forgot(ctx.env, pool, client, params["Username"], params["ConfirmationCode"], params["Password"],
                            client_metadata=params.get("ClientMetadata"))
    return {}
