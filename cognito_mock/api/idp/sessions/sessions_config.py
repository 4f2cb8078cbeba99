"""Session management settings: Get/SetUserPoolSessionConfiguration and
Get/SetUserPoolClientSessionConfiguration."""
from __future__ import annotations

from ....backend.idp.sessions import sessions_config
from ...registry import IDP, Context, action
from .. import find
from . import views


@action(IDP, "GetUserPoolSessionConfiguration")
def get_user_pool_session_configuration(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return views.pool_session_configuration(pool.id, sessions_config.effective(pool))


@action(IDP, "SetUserPoolSessionConfiguration")
def set_user_pool_session_configuration(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    config = sessions_config.set_pool(pool, params["UserSessionTracking"] == "ENABLED",
                                      params["TokenSession"]["MaxPerUser"])
    return views.pool_session_configuration(pool.id, config)


@action(IDP, "GetUserPoolClientSessionConfiguration")
def get_user_pool_client_session_configuration(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client = find.client_of_pool(pool, params["ClientId"])
    return views.client_session_configuration(pool.id, client)


@action(IDP, "SetUserPoolClientSessionConfiguration")
def set_user_pool_client_session_configuration(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client = find.client_of_pool(pool, params["ClientId"])
    sessions_config.set_client(pool, client, params["SSOSession"]["MaxValidityMinutes"])
    return views.client_session_configuration(pool.id, client)
