"""The one post-authentication state machine (DESIGN rule 5).

Every path that has just verified a first factor calls ``next_step``; nothing else decides between
NEW_PASSWORD_REQUIRED, MFA_SETUP / SELECT_MFA_TYPE / an MFA challenge, device SRP and tokens.
Answered MFA challenges (challenges.py) go on to ``mfa_challenge`` or ``issue_tokens``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ...store import Env
from .. import codes, devices, messages, mfa, tokens
from ..models import AppClient, User, UserPool, UserStatus
from ..schema import missing_required
from ..tokens import Tokens
from . import sessions

NEW_PASSWORD_REQUIRED = "NEW_PASSWORD_REQUIRED"
PASSWORD_VERIFIER = "PASSWORD_VERIFIER"
DEVICE_SRP_AUTH = "DEVICE_SRP_AUTH"
DEVICE_PASSWORD_VERIFIER = "DEVICE_PASSWORD_VERIFIER"
SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP = mfa.SMS, mfa.TOTP, mfa.EMAIL
SELECT_MFA_TYPE = "SELECT_MFA_TYPE"
MFA_SETUP = "MFA_SETUP"


@dataclass(slots=True)
class AuthRequest:
    """Who is signing in where: the pool, the client, the issuer to stamp on tokens, the endpoint."""

    env: Env
    pool: UserPool
    client: AppClient
    issuer: str
    admin: bool = False
    client_metadata: dict[str, str] = field(default_factory=dict)   # ClientMetadata, kept for triggers


@dataclass(slots=True)
class Challenge:
    name: str
    session: str | None
    parameters: dict[str, str] = field(default_factory=dict)


Step = Challenge | Tokens


def next_step(req: AuthRequest, user: User, *, device_key: str | None = None) -> Step:
    """What a user who has just proved a first factor gets next.

    ``device_key``: the DEVICE_KEY the client sent; a confirmed device of the user must then prove
    itself with device SRP (DEVICE_SRP_AUTH) before tokens are issued.
    """
    user.failed_sign_ins, user.locked_until = 0, 0.0
    if user.status is UserStatus.FORCE_CHANGE_PASSWORD:
        return _new_password_required(req, user)
    device = devices.confirmed_device(user, device_key) if devices.configuration(req.pool) is not None else None
    if req.pool.mfa_configuration != "OFF" and (device is None or device.remembered != "remembered"):
        step = _mfa(req, user, device.key if device else None)
        if step is not None:
            return step
    if device is not None:
        return _device_srp(req, user, device.key)
    return issue_tokens(req, user, device_key=None)


def _mfa(req: AuthRequest, user: User, device_key: str | None) -> Challenge | None:
    """The MFA step of a pool with MFA ON or OPTIONAL (a remembered device skips it): the preferred
    or only factor, a choice between several, set-up when MFA is required and there is none."""
    factors = mfa.sign_in_factors(req.pool, user)
    state = {"device_key": device_key}
    if not factors:
        if req.pool.mfa_configuration != "ON":
            return None
        session = sessions.open_session(req.env, req.pool, req.client, user, MFA_SETUP, state)
        return Challenge(MFA_SETUP, session, {"MFAS_CAN_SETUP": _json(mfa.pool_factors(req.pool))})
    chosen = mfa.preferred(user)
    if chosen not in factors:
        if len(factors) > 1:
            session = sessions.open_session(req.env, req.pool, req.client, user, SELECT_MFA_TYPE,
                                            {**state, "factors": factors})
            return Challenge(SELECT_MFA_TYPE, session, {"MFAS_CAN_CHOOSE": _json(factors)})
        chosen = factors[0]
    return mfa_challenge(req, user, chosen, state)


def mfa_challenge(req: AuthRequest, user: User, factor: str, state: dict) -> Challenge:
    """SMS_MFA / EMAIL_OTP (a code sent through the outbox, valid as long as the session) or
    SOFTWARE_TOKEN_MFA."""
    session = sessions.open_session(req.env, req.pool, req.client, user, factor, {**state, "attempts": 0})
    if factor == SOFTWARE_TOKEN_MFA:
        parameters = {"FRIENDLY_DEVICE_NAME": user.mfa.totp_device_name if user.mfa else None,
                      "USER_ID_FOR_SRP": user.username}
        return Challenge(factor, session, {k: v for k, v in parameters.items() if v is not None})
    delivery = mfa.delivery(user, factor)
    code = codes.issue(req.env, user, codes.MFA, lifetime=60 * req.client.auth_session_validity_minutes)
    messages.send_mfa_code(req.env, req.pool, user, delivery, code)
    return Challenge(factor, session, {"CODE_DELIVERY_DELIVERY_MEDIUM": delivery.medium,
                                       "CODE_DELIVERY_DESTINATION": delivery.masked})


def _json(values: list[str]) -> str:
    return json.dumps(values, separators=(",", ":"))


def issue_tokens(req: AuthRequest, user: User, *, device_key: str | None) -> Tokens:
    """Tokens of a new sign-in; a device that has not proved itself gets NewDeviceMetadata."""
    new_device = None
    if device_key is None and devices.configuration(req.pool) is not None:
        device = devices.register(req.env, req.pool, user)
        device_key, new_device = device.key, (device.key, device.group_key)
    elif device_key is not None:
        user.devices[device_key].last_authenticated = req.env.clock.now_dt()
    result = tokens.mint(req.env, req.pool, req.client, user, req.issuer, tokens.new_sign_in(req.env),
                         with_refresh=True, device_key=device_key)
    result.new_device = new_device
    return result


def _device_srp(req: AuthRequest, user: User, device_key: str) -> Challenge:
    session = sessions.open_session(req.env, req.pool, req.client, user, DEVICE_SRP_AUTH,
                                    {"device_key": device_key})
    sessions.alias(req.pool, session, f"device:{device_key}")
    return Challenge(DEVICE_SRP_AUTH, session, {})


def _new_password_required(req: AuthRequest, user: User) -> Challenge:
    session = sessions.open_session(req.env, req.pool, req.client, user, NEW_PASSWORD_REQUIRED)
    shown = {name: value for name, value in user.attributes.items() if name != "sub"}
    required = [f"userAttributes.{name}" for name in missing_required(req.pool.schema, user.attributes)]
    return Challenge(NEW_PASSWORD_REQUIRED, session, {
        "USER_ID_FOR_SRP": user.username,
        "requiredAttributes": json.dumps(required, separators=(",", ":")),
        "userAttributes": json.dumps(shown, separators=(",", ":")),
    })
