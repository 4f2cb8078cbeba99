"""The one post-authentication state machine (DESIGN rule 5).

Every path that has just verified a first factor calls ``next_step``; nothing else decides between
NEW_PASSWORD_REQUIRED, MFA_SETUP / SELECT_MFA_TYPE / an MFA challenge, device SRP and tokens; in a
CUSTOM_AUTH sign-in the DefineAuthChallenge trigger chooses (CUSTOM_CHALLENGE, PASSWORD_VERIFIER, tokens).
Answered MFA challenges (challenges.py) go on to ``mfa_challenge`` or ``issue_tokens``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ....errors import InvalidLambdaResponseException, NotAuthorizedException, UserNotFoundException
from ...store import Env
from ...triggers import UNRECOGNIZABLE
from .. import trigger_events
from ..clients.models import AppClient
from ..models import User, UserPool, UserStatus
from ..pools.schema import missing_required
from ..security import adaptive
from ..security.models import EventContext
from ..users import codes, messages, passwords, users
from . import devices, mfa, srp, tokens, sessions
from .models import ChallengeState, CustomAuth
from .tokens import Tokens

NEW_PASSWORD_REQUIRED = "NEW_PASSWORD_REQUIRED"
PASSWORD_VERIFIER = "PASSWORD_VERIFIER"
DEVICE_SRP_AUTH = "DEVICE_SRP_AUTH"
DEVICE_PASSWORD_VERIFIER = "DEVICE_PASSWORD_VERIFIER"
SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP = mfa.SMS, mfa.TOTP, mfa.EMAIL
SELECT_MFA_TYPE = "SELECT_MFA_TYPE"
MFA_SETUP = "MFA_SETUP"
CUSTOM_CHALLENGE = "CUSTOM_CHALLENGE"
INCORRECT = "Incorrect username or password."


@dataclass(slots=True)
class AuthRequest:
    """Who is signing in where: the pool, the client, the issuer to stamp on tokens, the endpoint."""

    env: Env
    pool: UserPool
    client: AppClient
    issuer: str
    admin: bool = False
    client_metadata: dict[str, str] = field(default_factory=dict)   # ClientMetadata, kept for triggers
    token_source: str = "TokenGeneration_Authentication"           # PreTokenGeneration's triggerSource
    context: EventContext | None = None  # what ContextData / UserContextData told (threat protection)
    auth_event: Any = None               # auth_events.AuthEvent of this sign-in (threat protection on)
    compromised: bool = False            # the password given is a compromised one (adaptive.py)


@dataclass(slots=True)
class Challenge:
    name: str
    session: str | None
    parameters: dict[str, str] = field(default_factory=dict)
    available: list[str] | None = None        # AvailableChallenges (SELECT_CHALLENGE of USER_AUTH)


Step = Challenge | Tokens


PASSWORDLESS = frozenset({"EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"})


def next_step(req: AuthRequest, user: User, *, device_key: str | None = None, custom: CustomAuth | None = None,
              first_factor: str = "PASSWORD") -> Step:
    """What a user who has just proved a first factor gets next.

    ``device_key``: the DEVICE_KEY the client sent; a confirmed device of the user must then prove
    itself with device SRP (DEVICE_SRP_AUTH) before tokens are issued.
    ``custom``: a CUSTOM_AUTH sign-in; its DefineAuthChallenge trigger decides the next challenge.
    ``first_factor``: PASSWORD (plain or SRP), or a passwordless factor of USER_AUTH (EMAIL_OTP,
    SMS_OTP, WEB_AUTHN): those are not followed by MFA (a passkey stands for both factors where it
    counts as MFA) nor by NEW_PASSWORD_REQUIRED, which only a temporary password calls for.
    """
    if custom is not None:
        return _custom(req, user, custom, device_key)
    risk = adaptive.assess(req, user, first_factor=first_factor) if req.pool.advanced_security_mode != "OFF" else None
    if risk is not None:
        if risk.block:
            raise NotAuthorizedException(risk.message)
        return _tagged(req, _next(req, user, device_key, first_factor, risk))
    return _next(req, user, device_key, first_factor, None)


def _next(req: AuthRequest, user: User, device_key: str | None, first_factor: str, risk) -> Step:
    """next_step's choice; ``risk``: adaptive authentication's Decision (None: threat protection off),
    whose ``mfa`` asks for an MFA challenge with its ``factors`` whatever the pool's MFA setting."""
    user.failed_sign_ins, user.locked_until = 0, 0.0
    passwordless = first_factor in PASSWORDLESS
    if user.status is UserStatus.FORCE_CHANGE_PASSWORD and not passwordless:
        return _new_password_required(req, user)
    device = devices.confirmed_device(user, device_key) if req.pool.device_tracking is not None else None
    if risk is not None and risk.mfa and not passwordless:
        return _mfa(req, user, device.key if device else None, list(risk.factors))
    if (req.pool.mfa_configuration != "OFF" and not passwordless
            and (device is None or device.remembered != "remembered")):
        step = _mfa(req, user, device.key if device else None)
        if step is not None:
            return step
    if device is not None:
        return _device_srp(req, user, device.key)
    return issue_tokens(req, user, device_key=None)


def _tagged(req: AuthRequest, step: Step) -> Step:
    """A challenge of a sign-in threat protection logs carries its event to the answer (challenges.respond)."""
    if isinstance(step, Challenge) and step.session and step.session in req.pool.auth.sessions:
        req.pool.auth.sessions[step.session].state.event_id = req.auth_event.id
    return step


def _mfa(req: AuthRequest, user: User, device_key: str | None, factors: list[str] | None = None) -> Challenge | None:
    """The MFA step of a pool with MFA ON or OPTIONAL (a remembered device skips it): the preferred
    or only factor, a choice between several, set-up when MFA is required and there is none.
    ``factors``: the ones a risky sign-in is challenged with (adaptive authentication)."""
    factors = factors or mfa.sign_in_factors(req.pool, user)
    if not factors:
        if req.pool.mfa_configuration != "ON":
            return None
        session = sessions.open_session(req.env, req.pool, req.client, user, MFA_SETUP,
                                        ChallengeState(device_key=device_key))
        return Challenge(MFA_SETUP, session, {"MFAS_CAN_SETUP": _json(mfa.pool_factors(req.pool))})
    chosen = mfa.preferred(user)
    if chosen not in factors:
        if len(factors) > 1:
            session = sessions.open_session(req.env, req.pool, req.client, user, SELECT_MFA_TYPE,
                                            ChallengeState(device_key=device_key, factors=factors))
            return Challenge(SELECT_MFA_TYPE, session, {"MFAS_CAN_CHOOSE": _json(factors)})
        chosen = factors[0]
    return mfa_challenge(req, user, chosen, device_key)


def mfa_challenge(req: AuthRequest, user: User, factor: str, device_key: str | None) -> Challenge:
    """SMS_MFA / EMAIL_OTP (a code sent through the outbox, valid as long as the session) or
    SOFTWARE_TOKEN_MFA."""
    event_id = req.auth_event.id if req.auth_event is not None else None
    draft = delivery = None
    if factor != SOFTWARE_TOKEN_MFA:        # the message first (CustomMessage), then the session and code
        delivery = mfa.delivery(user, factor)
        draft = messages.compose_mfa(req.env, req.pool, user, delivery, client_id=req.client.id,
                                     client_metadata=req.client_metadata)
        still_current(req, user)
    session = sessions.open_session(req.env, req.pool, req.client, user, factor,
                                    ChallengeState(device_key=device_key, event_id=event_id))
    if draft is None:
        parameters = {"FRIENDLY_DEVICE_NAME": user.mfa.totp_device_name if user.mfa else None,
                      "USER_ID_FOR_SRP": user.username}
        return Challenge(factor, session, {k: v for k, v in parameters.items() if v is not None})
    code = codes.issue(req.env, user, codes.MFA, lifetime=60 * req.client.auth_session_validity_minutes)
    messages.deliver(req.env, req.pool, user, draft, code)
    return Challenge(factor, session, {"CODE_DELIVERY_DELIVERY_MEDIUM": delivery.medium,
                                       "CODE_DELIVERY_DESTINATION": delivery.masked})


def still_current(req: AuthRequest, user: User) -> None:
    """After a trigger ran (the store's lock let go meanwhile): ``user`` is still the pool's user, as
    when the sign-in looked it up; another client, or the trigger itself, may have deleted it. A ghost
    (PreventUserExistenceErrors' unknown user, no sub) has nothing to lose."""
    if user.sub and req.pool.users.get(req.pool.user_key(user.username)) is not user:
        if req.client.prevent_user_existence_errors == "ENABLED":
            raise NotAuthorizedException(INCORRECT)
        raise UserNotFoundException(users.NOT_FOUND)


def _json(values: list[str]) -> str:
    return json.dumps(values, separators=(",", ":"))


def issue_tokens(req: AuthRequest, user: User, *, device_key: str | None) -> Tokens:
    """Tokens of a new sign-in; a device that has not proved itself gets NewDeviceMetadata.
    The PostAuthentication and PreTokenGeneration triggers run first (either may refuse)."""
    registering = device_key is None and req.pool.device_tracking is not None
    trigger_events.post_authentication(req.env, req.pool, req.client, user, client_metadata=req.client_metadata,
                                       new_device_used=registering)
    customize = pre_token_generation(req, user, req.token_source)
    still_current(req, user)            # re-check after the triggers, then write: nothing before them
    users.check_enabled(user)
    new_device = None
    if registering:
        device = devices.register(req.env, req.pool, user)
        device_key, new_device = device.key, (device.key, device.group_key)
    elif device_key is not None:
        user.devices[device_key].last_authenticated = req.env.clock.now_dt()
    sign_in = tokens.new_sign_in(req.env)
    if req.auth_event is not None:          # threat protection: the event passes, the tokens carry its id
        sign_in = adaptive.signed_in(req, sign_in)
    result = tokens.mint(req.env, req.pool, req.client, user, req.issuer, sign_in,
                         with_refresh=True, device_key=device_key, customize=customize)
    result.new_device = new_device
    return result


def _device_srp(req: AuthRequest, user: User, device_key: str) -> Challenge:
    session = sessions.open_session(req.env, req.pool, req.client, user, DEVICE_SRP_AUTH,
                                    ChallengeState(device_key=device_key))
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


def pre_token_generation(req: AuthRequest, user: User, source: str):
    """The PreTokenGeneration trigger's claim changes for ``tokens.mint(customize=...)`` (or None)."""
    return trigger_events.pre_token_generation(req.env, req.pool, req.client, user, source,
                                               client_metadata=req.client_metadata)

# --- CUSTOM_AUTH / CUSTOM_WITH_SRP ------------------------------------------------------------------


def _custom(req: AuthRequest, user: User, custom: CustomAuth, device_key: str | None) -> Step:
    """One round of custom authentication: DefineAuthChallenge chooses tokens, failure, a
    CUSTOM_CHALLENGE (made by CreateAuthChallenge) or, for CUSTOM_WITH_SRP, PASSWORD_VERIFIER."""
    meta = req.client_metadata
    define = trigger_events.define_auth_challenge(req.env, req.pool, req.client, user, custom.session,
                                                  client_metadata=meta, user_not_found=custom.user_not_found)
    still_current(req, user)
    if define.get("failAuthentication") or (define.get("issueTokens") and custom.user_not_found):
        raise NotAuthorizedException(INCORRECT)
    if define.get("issueTokens"):
        user.failed_sign_ins, user.locked_until = 0, 0.0
        return issue_tokens(req, user, device_key=device_key)
    name = define.get("challengeName")
    if name == CUSTOM_CHALLENGE:
        created = trigger_events.create_auth_challenge(req.env, req.pool, req.client, user, name, custom.session,
                                                       client_metadata=meta, user_not_found=custom.user_not_found)
        still_current(req, user)
        session = sessions.open_session(req.env, req.pool, req.client, user, CUSTOM_CHALLENGE, ChallengeState(
            custom=custom, device_key=device_key, metadata=created.get("challengeMetadata"),
            private=created.get("privateChallengeParameters") or {}))
        return Challenge(CUSTOM_CHALLENGE, session,
                         {**(created.get("publicChallengeParameters") or {}), "USERNAME": user.username})
    if name == PASSWORD_VERIFIER and custom.srp_a is not None:
        return password_verifier(req, user, custom.srp_a, device_key=device_key, custom=custom, with_session=True)
    raise InvalidLambdaResponseException(UNRECOGNIZABLE)          # guessed: a challenge we cannot pose


def password_verifier(req: AuthRequest, user: User, a_public: int, *, device_key: str | None,
                      custom: CustomAuth | None = None, with_session: bool = False) -> Challenge:
    """PASSWORD_VERIFIER: the SRP salt, B and secret block for ``user`` (USER_SRP_AUTH, CUSTOM_WITH_SRP)."""
    b = req.env.ids.randbits(256) | 1
    b_public = srp.server_public(passwords.srp_verifier(user), b)
    session = sessions.open_session(req.env, req.pool, req.client, user, PASSWORD_VERIFIER, ChallengeState(
        srp_a=a_public, srp_b=b, srp_b_public=b_public, ghost=not user.sub, device_key=device_key, custom=custom))
    block = sessions.secret_block(session)
    sessions.alias(req.pool, session, block)
    return Challenge(PASSWORD_VERIFIER, session if with_session else None, {
        "SALT": user.password_salt.hex(), "SECRET_BLOCK": block, "SRP_B": f"{b_public:x}",
        "USERNAME": user.username, "USER_ID_FOR_SRP": user.username})
