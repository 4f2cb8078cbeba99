"""Sign-in entities: open challenges (AuthSession and its typed state), refresh grants, the pool's signing key."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..concept_state import ConceptState

if TYPE_CHECKING:
    from ...store import Indexes


@dataclass(slots=True)
class SigningKey:
    kid: str
    private_key: Any               # cryptography RSAPrivateKey
    public_key: Any                # cryptography RSAPublicKey
    jwk: dict[str, str]            # the public JWK (kty, alg, use, kid, n, e)
    header: str                    # the base64url JWT header every token of this key carries


@dataclass(slots=True)
class AuthSession:
    """An open challenge: the opaque Session string maps to one of these."""

    username: str
    client_id: str
    challenge: str
    expires_at: float
    state: dict[str, Any] = field(default_factory=dict)   # what the challenge needs (SRP b and B...)


@dataclass(slots=True)
class RefreshGrant:
    """What a refresh token stands for: who, for which client, from which sign-in."""

    username: str
    client_id: str
    origin_jti: str
    event_id: str
    auth_time: int
    expires_at: float
    superseded_at: float | None = None     # rotated away (GetTokensFromRefreshToken with rotation)


@dataclass(slots=True)
class AuthState(ConceptState):
    """A pool's sign-in state: open challenges (sessions.py), refresh grants and revoked sign-ins
    (tokens.py), the key tokens are signed with (keys.py)."""

    sessions: dict[str, AuthSession] = field(default_factory=dict)         # Session string -> open challenge
    refresh_tokens: dict[str, RefreshGrant] = field(default_factory=dict)  # refresh token -> grant
    revoked_origins: set[str] = field(default_factory=set)                 # origin_jti of revoked sign-ins
    signing_key: SigningKey | None = None                                  # made on first use

    def forget_client(self, index: Indexes, client_id: str) -> None:
        for token in [t for t, grant in self.refresh_tokens.items() if grant.client_id == client_id]:
            del self.refresh_tokens[token]
        for name in [n for n, session in self.sessions.items() if session.client_id == client_id]:
            del self.sessions[name]
