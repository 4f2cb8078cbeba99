"""User attributes: (Admin)UpdateUserAttributes, (Admin)DeleteUserAttributes, GetUserAttributeVerificationCode,
VerifyUserAttribute."""
from __future__ import annotations

from ....backend.idp.users import attributes, users
from ...registry import IDP, Context, action
from .. import find
from ..access import signed_in
from . import views
from .parse import attribute_dict


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


@action(IDP, "UpdateUserAttributes")
def update_user_attributes(ctx: Context, params: dict) -> dict:
    pool, user, claims = signed_in(ctx, params["AccessToken"])
    given = attribute_dict(params["UserAttributes"])
    attributes.check_writable(pool, pool.clients.by_id.get(claims.get("client_id", "")), given)
    deliveries = attributes.update(ctx.env, pool, user, given, admin=False, client_metadata=params.get("ClientMetadata"))
    return {"CodeDeliveryDetailsList": [views.code_delivery(d) for d in deliveries]}


@action(IDP, "DeleteUserAttributes")
def delete_user_attributes(ctx: Context, params: dict) -> dict:
    pool, user, claims = signed_in(ctx, params["AccessToken"])
    names = params["UserAttributeNames"]
    attributes.check_writable(pool, pool.clients.by_id.get(claims.get("client_id", "")), {n: "" for n in names})
    attributes.delete(ctx.env, pool, user, names)
    return {}


@action(IDP, "GetUserAttributeVerificationCode")
def get_user_attribute_verification_code(ctx: Context, params: dict) -> dict:
    pool, user, _ = signed_in(ctx, params["AccessToken"])
    delivery = attributes.send_verification(ctx.env, pool, user, params["AttributeName"],
                                            client_metadata=params.get("ClientMetadata"))
    return {"CodeDeliveryDetails": views.code_delivery(delivery)}


@action(IDP, "VerifyUserAttribute")
def verify_user_attribute(ctx: Context, params: dict) -> dict:
    pool, user, _ = signed_in(ctx, params["AccessToken"])
    attributes.verify(ctx.env, pool, user, params["AttributeName"], params["Code"])
    return {}
