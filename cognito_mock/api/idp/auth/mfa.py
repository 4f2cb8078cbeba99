"""MFA actions: TOTP registration (AssociateSoftwareToken, VerifySoftwareToken, AdminDeleteSoftwareToken),
preferences ((Admin)SetUserMFAPreference, legacy (Admin)SetUserSettings), (Admin)GetUserAuthFactors."""
from __future__ import annotations

from dataclasses import replace

from ....backend.idp.auth import mfa, sessions
from ....backend.idp.auth.steps import MFA_SETUP
from ....backend.idp.auth.models import AuthSession
from ....backend.idp.models import User, UserPool
from ....backend.idp.users import users
from ....errors import InvalidParameterException, NotAuthorizedException
from ...registry import IDP, Context, action
from .. import find
from ..access import signed_in
from . import views
from .parse import mfa_choices, sms_option, webauthn_choice

TOKEN_OR_SESSION = "Either AccessToken or Session must be provided."   # guessed text


def _caller(ctx: Context, params: dict) -> tuple[UserPool, User, AuthSession | None]:
    """The user behind AccessToken, or behind the Session of an MFA_SETUP sign-in."""
    if params.get("AccessToken"):
        pool, user, _ = signed_in(ctx, params["AccessToken"])
        return pool, user, None
    session = params.get("Session")
    if not session:
        raise InvalidParameterException(TOKEN_OR_SESSION)
    pool_id = sessions.pool_id_of(session)
    if pool_id is None or pool_id not in ctx.store.index.user_pools:
        raise NotAuthorizedException(sessions.INVALID)
    pool = find.indexed_pool(ctx, pool_id)
    open_session = sessions.find_any(ctx.env, pool, session, MFA_SETUP)
    user = users.lookup(pool, open_session.username)
    if user is None or open_session.client_id not in pool.clients.by_id:
        raise NotAuthorizedException(sessions.INVALID)
    return pool, user, open_session


def _next_session(ctx: Context, pool: UserPool, user: User, old: AuthSession, **state) -> str:
    """The MFA_SETUP sign-in goes on under a new Session (the old one is spent)."""
    sessions.close(pool, old.id)
    return sessions.open_session(ctx.env, pool, pool.clients.by_id[old.client_id], user, MFA_SETUP,
                                 replace(old.state, **state))


@action(IDP, "AssociateSoftwareToken")
def associate_software_token(ctx: Context, params: dict) -> dict:
    pool, user, open_session = _caller(ctx, params)
    secret = mfa.associate(ctx.env, pool, user)
    session = _next_session(ctx, pool, user, open_session, verified=False) if open_session else None
    return {"SecretCode": secret, "Session": session}


@action(IDP, "VerifySoftwareToken")
def verify_software_token(ctx: Context, params: dict) -> dict:
    pool, user, open_session = _caller(ctx, params)
    mfa.verify(ctx.env, user, params["UserCode"], params.get("FriendlyDeviceName"))
    session = _next_session(ctx, pool, user, open_session, verified=True) if open_session else None
    return {"Status": "SUCCESS", "Session": session}


@action(IDP, "AdminDeleteSoftwareToken")
def admin_delete_software_token(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    mfa.delete_software_token(users.find(pool, params["Username"]))
    return {}


def _set_preference(pool: UserPool, user: User, params: dict) -> None:
    mfa.set_preference(pool, user, mfa_choices(params), webauthn_choice(params))


@action(IDP, "SetUserMFAPreference")
def set_user_mfa_preference(ctx: Context, params: dict) -> dict:
    pool, user, _ = signed_in(ctx, params["AccessToken"])
    _set_preference(pool, user, params)
    return {}


@action(IDP, "AdminSetUserMFAPreference")
def admin_set_user_mfa_preference(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    _set_preference(pool, users.find(pool, params["Username"]), params)
    return {}


@action(IDP, "SetUserSettings")
def set_user_settings(ctx: Context, params: dict) -> dict:
    _, user, _ = signed_in(ctx, params["AccessToken"])
    mfa.set_legacy_options(user, params["MFAOptions"], sms_option(params["MFAOptions"]))
    return {}


@action(IDP, "AdminSetUserSettings")
def admin_set_user_settings(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    mfa.set_legacy_options(users.find(pool, params["Username"]), params["MFAOptions"], sms_option(params["MFAOptions"]))
    return {}


@action(IDP, "GetUserAuthFactors")
def get_user_auth_factors(ctx: Context, params: dict) -> dict:
    pool, user, _ = signed_in(ctx, params["AccessToken"])
    return views.auth_factors(pool, user)


@action(IDP, "AdminGetUserAuthFactors")
def admin_get_user_auth_factors(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return views.auth_factors(pool, users.find(pool, params["Username"]))
