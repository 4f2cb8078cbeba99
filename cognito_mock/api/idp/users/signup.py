"""Sign-up: SignUp, ConfirmSignUp, ResendConfirmationCode (found by ClientId), and AdminConfirmSignUp."""
from __future__ import annotations

from ....backend.idp.clients import clients
from ....backend.idp.models import UserStatus
from ....backend.idp.security import adaptive
from ....backend.idp.users import signup
from ...registry import IDP, Context, action
from .. import find
from ..security.parse import event_context
from . import views
from .parse import attribute_dict


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
                                    context=event_context(params.get("UserContextData")))
    return {"UserConfirmed": user.status is UserStatus.CONFIRMED,
            "CodeDeliveryDetails": views.code_delivery(delivery), "UserSub": user.sub}


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
                             context=event_context(params.get("UserContextData")))
    return {"CodeDeliveryDetails": views.code_delivery(delivery)}


@action(IDP, "AdminConfirmSignUp")
def admin_confirm_sign_up(ctx: Context, params: dict) -> dict:
    signup.admin_confirm(ctx.env, find.pool(ctx, params["UserPoolId"]), params["Username"],
                         client_metadata=params.get("ClientMetadata"))
    return {}
