"""Sign-in entities: open challenges (AuthSession and its typed state), refresh grants, the pool's signing key."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..concept_state import ConceptState

if TYPE_CHECKING:
    from ...store import Indexes
    from ..users.user_models import User


@dataclass(slots=True)
class SigningKey:
    kid: str
    private_key: Any               # cryptography RSAPrivateKey
    public_key: Any                # cryptography RSAPublicKey
    jwk: dict[str, str]            # the public JWK (kty, alg, use, kid, n, e)
    header: str                    # the base64url JWT header every token of this key carries


@dataclass(slots=True)
class CustomAuth:
    """Where a CUSTOM_AUTH sign-in stands: the challenges answered so far (DefineAuthChallenge's
    ``session``), whether the user is unknown (PreventUserExistenceErrors), the SRP_A of CUSTOM_WITH_SRP."""

    session: list[dict] = field(default_factory=list)
    user_not_found: bool = False
    srp_a: int | None = None

    def answered(self, challenge: str, result: bool, metadata: str | None = None) -> CustomAuth:
        entry = {"challengeName": challenge, "challengeResult": result, "challengeMetadata": metadata}
        return CustomAuth([*self.session, entry], self.user_not_found, self.srp_a)


@dataclass(slots=True)
class ChallengeState:
    """What an open challenge carries to its answer. One record for every challenge: each sets the
    fields its answer reads (the comments name the challenges)."""

    device_key: str | None = None         # every challenge: the DEVICE_KEY the sign-in came with
    ghost: bool = False                   # a made-up user (PreventUserExistenceErrors): the answer fails
    event_id: str | None = None           # threat protection: the sign-in's auth event (adaptive.resume)
    offered: list[str] = field(default_factory=list)   # SELECT_CHALLENGE: the first factors offered
    factors: list[str] = field(default_factory=list)   # SELECT_MFA_TYPE: the MFA factors to choose from
    srp_a: int = 0                        # PASSWORD_VERIFIER, DEVICE_PASSWORD_VERIFIER: the client's A,
    srp_b: int = 0                        # the server's secret b
    srp_b_public: int = 0                 # and B
    attempts: int = 0                     # SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SMS_OTP: wrong codes so far
    first_factor: bool = False            # EMAIL_OTP, SMS_OTP: a passwordless sign-in code, not an MFA code
    verified: bool = False                # MFA_SETUP: VerifySoftwareToken succeeded
    webauthn_challenge: str | None = None   # WEB_AUTHN: the challenge of CREDENTIAL_REQUEST_OPTIONS
    custom: CustomAuth | None = None      # CUSTOM_CHALLENGE, and PASSWORD_VERIFIER of CUSTOM_WITH_SRP
    metadata: str | None = None           # CUSTOM_CHALLENGE: CreateAuthChallenge's challengeMetadata
    private: dict[str, Any] = field(default_factory=dict)   # CUSTOM_CHALLENGE: privateChallengeParameters


@dataclass(slots=True)
class AuthSession:
    """An open challenge: the opaque Session string ``id`` (and its ``aliases``: the SRP secret block,
    ``device:<key>``) maps to one of these."""

    id: str
    username: str
    client_id: str
    challenge: str
    expires_at: float
    state: ChallengeState = field(default_factory=ChallengeState)
    aliases: list[str] = field(default_factory=list)


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

    def forget_user(self, key: str, user: User) -> None:
        for token in [t for t, grant in self.refresh_tokens.items() if grant.username == user.username]:
            del self.refresh_tokens[token]
