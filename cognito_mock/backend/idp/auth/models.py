"""Sign-in entities: open challenges (AuthSession and its typed state), refresh grants, the pool's signing key."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
