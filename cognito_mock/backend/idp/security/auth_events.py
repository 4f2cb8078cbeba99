"""Threat protection's user event history: one AuthEvent per sign-in attempt of a user of a pool
whose threat protection (advanced security mode) is AUDIT or ENFORCED, newest first, indexed by
event id, bounded. AdminListUserAuthEvents lists it; (Admin)UpdateAuthEventFeedback annotates it.
Adaptive authentication (adaptive.py) fills in the risk and the challenges.
"""
from __future__ import annotations

from dataclasses import replace

from ....errors import NotAuthorizedException, ResourceNotFoundException, UserPoolAddOnNotEnabledException
from ....support.compare import same
from ....support.paging import page as _page
from ...store import Env
from ..auth.keys import b64url
from ..models import User, UserPool
from .models import AuthEvent, AuthEventLog, EventContext
from .risk import NOT_ENABLED

SIGN_IN, SIGN_UP, FORGOT_PASSWORD, PASSWORD_CHANGE, RESEND_CODE = (
    "SignIn", "SignUp", "ForgotPassword", "PasswordChange", "ResendCode")
PASS, FAIL, IN_PROGRESS = "Pass", "Fail", "InProgress"
NO_RISK, ACCOUNT_TAKEOVER, BLOCK = "NoRisk", "AccountTakeover", "Block"
PASSWORD, MFA = "Password", "Mfa"
SUCCESS, FAILURE = "Success", "Failure"
HISTORY = 1000              # guessed: how many events a user's history keeps (oldest dropped first)
PAGE = 60                   # MaxResults 0 or absent (botocore's documentation)
EVENT_NOT_FOUND = "Auth event not found."            # guessed text
BAD_FEEDBACK_TOKEN = "Invalid feedback token."        # guessed text


def enabled(pool: UserPool) -> bool:
    return pool.advanced_security_mode != "OFF"


def require_enabled(pool: UserPool) -> None:
    if not enabled(pool):
        raise UserPoolAddOnNotEnabledException(NOT_ENABLED)


def log_of(user: User) -> AuthEventLog:
    if user.auth_events is None:
        user.auth_events = AuthEventLog()
    return user.auth_events


def record(env: Env, user: User, event_type: str, context: EventContext | None) -> AuthEvent:
    """A new event at the head of the user's history (the oldest goes when it is full), with its own
    copy of the request's context (adaptive.py fills in the place)."""
    log = log_of(user)
    log.seq += 1
    event = AuthEvent(env.ids.uuid(), event_type, env.clock.now_dt(), log.seq,
                      b64url(env.ids.token_bytes(32)), replace(context) if context else EventContext())
    log.events.insert(0, event)
    log.by_id[event.id] = event
    if len(log.events) > HISTORY:
        del log.by_id[log.events.pop().id]
    return event


def find(user: User, event_id: str) -> AuthEvent:
    event = user.auth_events.by_id.get(event_id) if user.auth_events else None
    if event is None:
        raise ResourceNotFoundException(EVENT_NOT_FOUND)
    return event


def page(user: User, token: str | None, limit: int | None):
    """(events, next token) newest first; the paging helper wants ascending keys: -seq."""
    events = user.auth_events.events if user.auth_events else []
    return _page(events, token, limit or PAGE, key=lambda e: -e.seq)


def give_feedback(env: Env, user: User, event_id: str, value: str, provider: str,
                  token: str | None = None) -> AuthEvent:
    """(Admin)UpdateAuthEventFeedback. ``token``: the user's FeedbackToken (checked when given)."""
    event = find(user, event_id)
    if token is not None and not same(token, event.feedback_token):
        raise NotAuthorizedException(BAD_FEEDBACK_TOKEN)
    event.feedback_value, event.feedback_provider, event.feedback_date = value, provider, env.clock.now_dt()
    return event
