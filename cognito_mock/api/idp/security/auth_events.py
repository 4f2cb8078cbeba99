"""Threat protection's user event history: AdminListUserAuthEvents, (Admin)UpdateAuthEventFeedback."""
from __future__ import annotations

from ....backend.idp.security import auth_events
from ....backend.idp.users import users
from ....errors import InvalidParameterException
from ....support.paging import BadToken
from ...registry import IDP, Context, action
from .. import find
from . import views


@action(IDP, "AdminListUserAuthEvents")
def admin_list_user_auth_events(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    auth_events.require_enabled(pool)
    user = users.find(pool, params["Username"])
    try:
        events, token = auth_events.page(user, params.get("NextToken"), params.get("MaxResults"))
    except BadToken:
        raise InvalidParameterException("Invalid pagination token") from None
    return {"AuthEvents": [views.auth_event(e) for e in events], "NextToken": token}


@action(IDP, "AdminUpdateAuthEventFeedback")
def admin_update_auth_event_feedback(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    auth_events.require_enabled(pool)
    user = users.find(pool, params["Username"])
    auth_events.give_feedback(ctx.env, user, params["EventId"], params["FeedbackValue"], "Admin")
    return {}


@action(IDP, "UpdateAuthEventFeedback")
def update_auth_event_feedback(ctx: Context, params: dict) -> dict:
    pool = find.indexed_pool(ctx, params["UserPoolId"])
    auth_events.require_enabled(pool)
    user = users.find(pool, params["Username"])
    auth_events.give_feedback(ctx.env, user, params["EventId"], params["FeedbackValue"], "User",
                              token=params["FeedbackToken"])
    return {}
