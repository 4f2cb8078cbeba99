"""Session management actions: (Admin)ListUserSessions and (Admin)RevokeUserSession."""
from __future__ import annotations

from ....backend.idp.auth import tokens
from ....backend.idp.sessions import user_sessions
from ....backend.idp.users import users
from ...registry import IDP, Context, action
from .. import find
from ..access import signed_in
from . import views

PAGE = 125      # "all of a user's sessions in a single page of up to 125 sessions"


def _listed(ctx: Context, user, token: str | None, current_jti: str | None) -> dict:
    sessions, next_token = find.paged(user_sessions.active(ctx.env, user), token, PAGE, user_sessions.sort_key)
    return {"Sessions": [views.user_session(s, current_jti) for s in sessions], "NextToken": next_token}


@action(IDP, "ListUserSessions")
def list_user_sessions(ctx: Context, params: dict) -> dict:
    pool, user, claims = signed_in(ctx, params["AccessToken"])
    user_sessions.require_tracking(pool)
    return _listed(ctx, user, params.get("NextToken"), claims.get("origin_jti"))


@action(IDP, "AdminListUserSessions")
def admin_list_user_sessions(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    user_sessions.require_tracking(pool)
    user = users.find(pool, params["Username"])
    return _listed(ctx, user, params.get("NextToken"), None)


@action(IDP, "RevokeUserSession")
def revoke_user_session(ctx: Context, params: dict) -> dict:
    pool, user, claims = signed_in(ctx, params["AccessToken"])
    user_sessions.require_tracking(pool)
    for origin_jti in user_sessions.revoke(ctx.env, user, params["SessionId"],
                                           params.get("RevokeAssociatedSessions") == "LINKED",
                                           current_jti=claims.get("origin_jti")):
        tokens.revoke_sign_in(pool, user, origin_jti)
    return {}


@action(IDP, "AdminRevokeUserSession")
def admin_revoke_user_session(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    user_sessions.require_tracking(pool)
    user = users.find(pool, params["Username"])
    for origin_jti in user_sessions.revoke(ctx.env, user, params["SessionId"],
                                           params.get("RevokeAssociatedSessions") == "LINKED"):
        tokens.revoke_sign_in(pool, user, origin_jti)
    return {}
