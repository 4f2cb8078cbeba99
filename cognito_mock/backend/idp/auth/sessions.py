"""Auth sessions: the opaque Session string of a challenge, valid AuthSessionValidity minutes."""
from __future__ import annotations

import base64
from ....errors import NotAuthorizedException
from ...store import Env
from ..clients.models import AppClient
from ..models import User, UserPool
from .models import AuthSession, ChallengeState
from .keys import b64url, b64url_decode

INVALID = "Invalid session for the user."
EXPIRED = "Invalid session for the user, session is expired."


def open_session(env: Env, pool: UserPool, client: AppClient, user: User, challenge: str,
                 state: ChallengeState | None = None) -> str:
    tag = pool.id.encode() + b"\0"      # lets Session-only calls (AssociateSoftwareToken) find the pool
    session = b64url(tag + env.ids.token_bytes(192 - len(tag)))
    pool.auth.sessions[session] = AuthSession(session, user.username, client.id, challenge,
                                              env.clock.now() + 60 * client.auth_session_validity_minutes,
                                              state or ChallengeState())
    return session


def pool_id_of(session: str) -> str | None:
    """The pool a Session string was issued by (its opaque bytes start with the pool id)."""
    try:
        pool_id, sep, _ = b64url_decode(session).partition(b"\0")
        return pool_id.decode("ascii") if sep and len(pool_id) < 64 else None
    except (ValueError, UnicodeDecodeError):
        return None


def find_any(env: Env, pool: UserPool, session: str | None, challenge: str) -> AuthSession:
    """Like ``find``, for calls that name no client (AssociateSoftwareToken, VerifySoftwareToken)."""
    found = pool.auth.sessions.get(session or "")
    if found is None or found.challenge != challenge:
        raise NotAuthorizedException(INVALID)
    if env.clock.now() >= found.expires_at:
        raise NotAuthorizedException(EXPIRED)
    return found


def alias(pool: UserPool, session: str, name: str) -> None:
    """Let a client that does not echo the Session find it by ``name`` (SRP secret block, device)."""
    pool.auth.sessions[name] = pool.auth.sessions[session]
    pool.auth.sessions[session].aliases.append(name)


def secret_block(session: str) -> str:
    """SECRET_BLOCK: the session's bytes in standard base64 (opaque to clients, echoed back)."""
    return base64.b64encode(b64url_decode(session)).decode()


def find(env: Env, pool: UserPool, client: AppClient, session: str | None, challenge: str) -> AuthSession:
    """The open session ``session`` of ``client`` waiting for ``challenge`` (not consumed)."""
    found = pool.auth.sessions.get(session or "")
    if found is None or found.client_id != client.id or found.challenge != challenge:
        raise NotAuthorizedException(INVALID)
    if env.clock.now() >= found.expires_at:
        raise NotAuthorizedException(EXPIRED)
    return found


def close(pool: UserPool, session: str) -> None:
    found = pool.auth.sessions.pop(session, None)
    if found is not None:
        for name in (found.id, *found.aliases):
            pool.auth.sessions.pop(name, None)
