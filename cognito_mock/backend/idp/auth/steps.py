"""The one post-authentication state machine (DESIGN rule 5).

Every path that has just verified a first factor calls ``next_step``; nothing else decides between
NEW_PASSWORD_REQUIRED, (later) MFA_SETUP / SELECT_MFA_TYPE / an MFA or custom challenge, and tokens.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ...store import Env
from .. import tokens
from ..models import AppClient, User, UserPool, UserStatus
from ..schema import missing_required
from ..tokens import Tokens
from . import sessions

NEW_PASSWORD_REQUIRED = "NEW_PASSWORD_REQUIRED"


@dataclass(slots=True)
class AuthRequest:
    """Who is signing in where: the pool, the client, the issuer to stamp on tokens, the endpoint."""

    env: Env
    pool: UserPool
    client: AppClient
    issuer: str
    admin: bool = False


@dataclass(slots=True)
class Challenge:
    name: str
    session: str
    parameters: dict[str, str] = field(default_factory=dict)


Step = Challenge | Tokens


def next_step(req: AuthRequest, user: User) -> Step:
    """What a user who has just proved a first factor gets next."""
    if user.status is UserStatus.FORCE_CHANGE_PASSWORD:
        return _new_password_required(req, user)
    return tokens.mint(req.env, req.pool, req.client, user, req.issuer, tokens.new_sign_in(req.env),
                       with_refresh=True)


def _new_password_required(req: AuthRequest, user: User) -> Challenge:
    session = sessions.open_session(req.env, req.pool, req.client, user, NEW_PASSWORD_REQUIRED)
    shown = {name: value for name, value in user.attributes.items() if name != "sub"}
    required = [f"userAttributes.{name}" for name in missing_required(req.pool.schema, user.attributes)]
    return Challenge(NEW_PASSWORD_REQUIRED, session, {
        "USER_ID_FOR_SRP": user.username,
        "requiredAttributes": json.dumps(required, separators=(",", ":")),
        "userAttributes": json.dumps(shown, separators=(",", ":")),
    })
