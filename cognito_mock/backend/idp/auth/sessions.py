"""Auth sessions: the opaque Session string of a challenge, valid AuthSessionValidity minutes."""
from __future__ import annotations

from ...store import Env
from ....errors import NotAuthorizedException
from ..keys import b64url
from ..models import AppClient, AuthSession, User, UserPool

INVALID = "Invalid session for the user."
EXPIRED = "Invalid session for the user, session is expired."


def open_session(env: Env, pool: UserPool, client: AppClient, user: User, challenge: str) -> str:
    session = b64url(env.ids.token_bytes(192))
    pool.sessions[session] = AuthSession(user.username, client.id, challenge,
                                         env.clock.now() + 60 * client.auth_session_validity_minutes)
    return session


def find(env: Env, pool: UserPool, client: AppClient, session: str | None, challenge: str) -> AuthSession:
    """The open session ``session`` of ``client`` waiting for ``challenge`` (not consumed)."""
    found = pool.sessions.get(session or "")
    if found is None or found.client_id != client.id or found.challenge != challenge:
        raise NotAuthorizedException(INVALID)
    if env.clock.now() >= found.expires_at:
        raise NotAuthorizedException(EXPIRED)
    return found


def close(pool: UserPool, session: str) -> None:
    pool.sessions.pop(session, None)
