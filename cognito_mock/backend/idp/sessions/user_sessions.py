"""Session management: the server-side records of a user's token sessions and SSO sessions
((Admin)ListUserSessions, (Admin)RevokeUserSession).

Records exist only while the pool's UserSessionTracking is ENABLED (sessions_config.py). A TOKEN
session is one sign-in (its ``origin_jti``) with its refresh grant at one app client: tokens.py opens
it when a new sign-in gets a refresh token, touches it on each refresh or rotation and forgets it
when the sign-in is revoked. An SSO session is a managed-login (hosted UI) sign-in; token sessions
that came through it name it in ``origin_session``.

Each user keeps their own records (``User.sessions``, ``User.session_of_sign_in``): no pool scans.
"""
from __future__ import annotations

import string

from ....errors import InvalidParameterException, OperationNotEnabledException, ResourceNotFoundException
from ...store import Env
from ..models import User, UserPool, UserSession
from .sessions_config import TRACKING_DISABLED

TOKEN, SSO = "TOKEN", "SSO"
_ID_CHARS = string.ascii_lowercase + string.digits
NOT_FOUND = "Session not found."                                     # guessed text
CURRENT = "You can't revoke the session that the calling access token belongs to."   # guessed text


def tracking(pool: UserPool) -> bool:
    """Is session tracking on? (Cheap: checked on every sign-in and refresh.)"""
    config = pool.sessions.config
    return config is not None and config.tracking


def require_tracking(pool: UserPool) -> None:
    if not tracking(pool):
        raise OperationNotEnabledException(TRACKING_DISABLED)


def _new_id(env: Env, kind: str) -> str:
    return ("tkn" if kind == TOKEN else "sso") + env.ids.chars(_ID_CHARS, 25)


# --- bookkeeping (called by tokens.py and the hosted UI) -------------------------------------------
def open_token_session(env: Env, pool: UserPool, client_id: str, user: User, origin_jti: str, expires_at: float,
                       origin_session: str | None = None) -> list[str]:
    """Open a new sign-in's token session. At MaxPerUser, the user's least recently used token
    sessions are evicted first, until the new one fits: returns their sign-ins (origin_jti), whose
    tokens the caller (tokens.py) revokes."""
    _drop_expired(env, user)
    held = [s for s in user.sessions.values() if s.kind == TOKEN]        # in creation order
    excess = len(held) - pool.sessions.config.max_per_user + 1
    evicted = sorted(held, key=lambda s: s.last_active)[:excess] if excess > 0 else []   # stable: older first
    for session in evicted:
        user.sessions.pop(session.id, None)
    now = env.clock.now_dt()
    if origin_session is not None and origin_session not in user.sessions:
        origin_session = None
    session = UserSession(_new_id(env, TOKEN), TOKEN, client_id, now, now, expires_at, origin_jti, origin_session)
    user.sessions[session.id] = session
    user.session_of_sign_in[origin_jti] = session.id
    return [s.origin_jti for s in evicted if s.origin_jti is not None]


def touch(env: Env, pool: UserPool, username: str, origin_jti: str, expires_at: float | None = None) -> None:
    """A refresh or rotation of ``origin_jti``: its token session was active now."""
    user = pool.users.get(pool.user_key(username))
    session_id = user.session_of_sign_in.get(origin_jti) if user is not None else None
    if session_id is None:
        return
    session = user.sessions[session_id]
    session.last_active = env.clock.now_dt()
    if expires_at is not None:
        session.expires_at = max(session.expires_at, expires_at)


def forget_sign_in(user: User, origin_jti: str) -> None:
    """The sign-in was revoked (RevokeToken, eviction, RevokeUserSession): drop its record."""
    session_id = user.session_of_sign_in.pop(origin_jti, None)
    if session_id is not None:
        user.sessions.pop(session_id, None)


def forget_token_sessions(user: User) -> None:
    """Every sign-in of the user was revoked ((Admin)GlobalSignOut, disabling)."""
    for session_id in user.session_of_sign_in.values():
        user.sessions.pop(session_id, None)
    user.session_of_sign_in.clear()


def open_sso(env: Env, user: User, client_id: str, expires_at: float) -> UserSession:
    """A managed-login sign-in's SSO session (the hosted UI's cookie names its id)."""
    now = env.clock.now_dt()
    session = UserSession(_new_id(env, SSO), SSO, client_id, now, now, expires_at)
    user.sessions[session.id] = session
    return session


def sso_alive(env: Env, user: User, session_id: str | None) -> bool:
    """May the cookie of SSO session ``session_id`` still sign the user in silently?"""
    session = user.sessions.get(session_id or "")
    return session is not None and session.kind == SSO and env.clock.now() < session.expires_at


def came_through(user: User, origin_jti: str, sso_id: str) -> None:
    """The token session of sign-in ``origin_jti`` (opened as its tokens were minted, before the
    managed login opened its SSO session) originated from SSO session ``sso_id``."""
    session = user.sessions.get(user.session_of_sign_in.get(origin_jti, ""))
    if session is not None and sso_id in user.sessions:
        session.origin_session = sso_id


def touch_sso(env: Env, user: User, session_id: str) -> None:
    """A token grant through SSO session ``session_id``: its LastActiveDate."""
    session = user.sessions.get(session_id)
    if session is not None and session.kind == SSO:
        session.last_active = env.clock.now_dt()


# --- the actions ---------------------------------------------------------------------------------
def active(env: Env, user: User) -> list[UserSession]:
    """The user's active sessions, oldest first (ties by id): the order pages are cut in."""
    _drop_expired(env, user)
    return sorted(user.sessions.values(), key=sort_key)


def sort_key(session: UserSession) -> list:
    return [session.created.timestamp(), session.id]


def find(user: User, session_id: str) -> UserSession:
    session = user.sessions.get(session_id)
    if session is None:
        raise ResourceNotFoundException(NOT_FOUND)
    return session


def revoke(env: Env, user: User, session_id: str, linked: bool,
           current_jti: str | None = None) -> list[str]:
    """Delete one session's record (``linked``: also the directly linked ones: a token session's
    parent SSO session, an SSO session's token sessions) and return the sign-ins (origin_jti) whose
    tokens the caller must revoke with tokens.revoke_sign_in (tokens.py calls into this module, so
    this module does not call back). ``current_jti``: the caller's own sign-in, never the target."""
    _drop_expired(env, user)
    target = find(user, session_id)
    if current_jti is not None and target.kind == TOKEN and target.origin_jti == current_jti:
        raise InvalidParameterException(CURRENT)
    doomed = [target]
    if linked and target.kind == TOKEN and target.origin_session in user.sessions:
        doomed.append(user.sessions[target.origin_session])
    elif linked and target.kind == SSO:
        doomed.extend(s for s in user.sessions.values() if s.kind == TOKEN and s.origin_session == target.id)
    for session in doomed:
        user.sessions.pop(session.id, None)
    return [s.origin_jti for s in doomed if s.kind == TOKEN and s.origin_jti is not None]


def _drop_expired(env: Env, user: User) -> None:
    now = env.clock.now()
    for session in [s for s in user.sessions.values() if s.expires_at <= now]:
        user.sessions.pop(session.id, None)
        if session.origin_jti is not None:
            user.session_of_sign_in.pop(session.origin_jti, None)
