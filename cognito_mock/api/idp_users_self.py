"""Self-service actions authorized by an access token with the aws.cognito.signin.user.admin scope."""
from __future__ import annotations

from ..backend.idp import adaptive, auth_events, attributes, recovery, tokens, users
from . import views, views_users
from .idp_access import signed_in
from .idp_parse import attribute_dict
from .registry import IDP, Context, action


@action(IDP, "GetUser")
def get_user(ctx: Context, params: dict) -> dict:
    _, user, _ = signed_in(ctx, params["AccessToken"])
    return views.get_user(user)


@action(IDP, "UpdateUserAttributes")
def update_user_attributes(ctx: Context, params: dict) -> dict:
    pool, user, claims = signed_in(ctx, params["AccessToken"])
    given = attribute_dict(params["UserAttributes"])
    attributes.check_writable(pool, pool.clients.get(claims.get("client_id", "")), given)
    deliveries = attributes.update(ctx.env, pool, user, given, admin=False, client_metadata=params.get("ClientMetadata"))
    return {"CodeDeliveryDetailsList": [views_users.code_delivery(d) for d in deliveries]}


@action(IDP, "DeleteUserAttributes")
def delete_user_attributes(ctx: Context, params: dict) -> dict:
    pool, user, claims = signed_in(ctx, params["AccessToken"])
    names = params["UserAttributeNames"]
    attributes.check_writable(pool, pool.clients.get(claims.get("client_id", "")), {n: "" for n in names})
    attributes.delete(ctx.env, pool, user, names)
    return {}


@action(IDP, "GetUserAttributeVerificationCode")
def get_user_attribute_verification_code(ctx: Context, params: dict) -> dict:
    pool, user, _ = signed_in(ctx, params["AccessToken"])
    delivery = attributes.send_verification(ctx.env, pool, user, params["AttributeName"],
                                            client_metadata=params.get("ClientMetadata"))
    return {"CodeDeliveryDetails": views_users.code_delivery(delivery)}


@action(IDP, "VerifyUserAttribute")
def verify_user_attribute(ctx: Context, params: dict) -> dict:
    pool, user, _ = signed_in(ctx, params["AccessToken"])
    attributes.verify(ctx.env, pool, user, params["AttributeName"], params["Code"])
    return {}


@action(IDP, "ChangePassword")
def change_password(ctx: Context, params: dict) -> dict:
    pool, user, claims = signed_in(ctx, params["AccessToken"])
    adaptive.check_new_password(pool, claims.get("client_id"), params["ProposedPassword"], "PASSWORD_CHANGE")
    recovery.change(ctx.env, pool, user, params.get("PreviousPassword"), params["ProposedPassword"])
    adaptive.record_event(ctx.env, pool, user, auth_events.PASSWORD_CHANGE)
    return {}


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
