"""USER_AUTH, choice-based sign-in: the first factors a user may choose, and one class per
first-factor challenge (SELECT_CHALLENGE, PASSWORD, PASSWORD_SRP, WEB_AUTHN; the one-time password
challenges EMAIL_OTP / SMS_OTP are answered in challenges.py). Every verified first factor goes on
through steps.next_step.

A factor is begun with the proof when the request carries it (PASSWORD with PASSWORD, PASSWORD_SRP
with SRP_A), else its challenge is posed. Unknown users, when the client prevents user-existence
errors, get the choice a user with a password would get, and every proof then fails.
"""
from __future__ import annotations

import json
from typing import ClassVar

from ....errors import InvalidParameterException, NotAuthorizedException, UserNotFoundException
from .. import trigger_events
from ..clients import clients
from ..models import User
from .models import AuthSession, ChallengeState
from ..users import users
from . import passwordless, srp, webauthn, sessions
from .first_factor import (INCORRECT, check_lockout, check_password, check_status, ghost, has_password, recheck,
                           require)
from .passwordless import OTP_ATTRIBUTE, PASSWORD, PASSWORD_SRP, WEB_AUTHN
from .steps import AuthRequest, Challenge, Step, next_step, password_verifier

SELECT_CHALLENGE = "SELECT_CHALLENGE"
INVALID_ANSWER = "Invalid ANSWER for SELECT_CHALLENGE."          # guessed text
INVALID_SRP_A = "Invalid SRP_A"                                   # guessed text (as USER_SRP_AUTH)


def start(req: AuthRequest, params: dict[str, str]) -> Step:
    """InitiateAuth USER_AUTH: PREFERRED_CHALLENGE when the user may use it, else the choice."""
    username = require(params, "USERNAME")
    clients.check_secret_hash(req.client, username, params.get("SECRET_HASH"))
    device_key = params.get("DEVICE_KEY")
    user = users.lookup(req.pool, username)
    if user is None:
        if req.client.prevent_user_existence_errors != "ENABLED":
            raise UserNotFoundException(users.NOT_FOUND)
        user = ghost(req, username)
        offered = [PASSWORD, PASSWORD_SRP] if PASSWORD in req.pool.first_auth_factors else []
    else:
        users.check_enabled(user)
        check_lockout(req, user)
        trigger_events.pre_authentication(req.env, req.pool, req.client, user, client_metadata=req.client_metadata)
        recheck(req, user)
        offered = passwordless.available(req.pool, user, has_password(user))
    preferred = params.get("PREFERRED_CHALLENGE")
    if preferred in offered:
        return begin(req, user, preferred, params, device_key)
    session = sessions.open_session(req.env, req.pool, req.client, user, SELECT_CHALLENGE,
                                    ChallengeState(device_key=device_key, offered=offered, ghost=not user.sub))
    return Challenge(SELECT_CHALLENGE, session, {}, available=offered)


def begin(req: AuthRequest, user: User, factor: str, params: dict[str, str], device_key: str | None) -> Step:
    """Verify ``factor`` at once when ``params`` prove it, else pose its challenge."""
    posed_device_key = device_key
    device_key = params.get("DEVICE_KEY") or device_key
    if factor == PASSWORD:
        if not params.get("PASSWORD"):
            return _pose(req, user, PASSWORD, posed_device_key)
        if not user.sub:
            raise NotAuthorizedException(INCORRECT)
        check_password(req, user, params["PASSWORD"])
        return next_step(req, user, device_key=device_key)
    if factor == PASSWORD_SRP:
        if not params.get("SRP_A"):
            return _pose(req, user, PASSWORD_SRP, posed_device_key)
        a_public = srp.valid_a(params["SRP_A"])
        if a_public is None:
            raise InvalidParameterException(INVALID_SRP_A)
        return password_verifier(req, user, a_public, device_key=device_key, with_session=True)
    check_status(req, user)
    if factor in OTP_ATTRIBUTE:
        delivery = passwordless.send_code(req.env, req.pool, req.client, user, factor, req.client_metadata)
        session = sessions.open_session(req.env, req.pool, req.client, user, factor,
                                        ChallengeState(device_key=device_key, first_factor=True))
        return Challenge(factor, session, {"CODE_DELIVERY_DELIVERY_MEDIUM": delivery.medium,
                                           "CODE_DELIVERY_DESTINATION": delivery.masked})
    challenge, options = webauthn.request_options(req.env, req.pool, user)
    session = sessions.open_session(req.env, req.pool, req.client, user, WEB_AUTHN,
                                    ChallengeState(device_key=device_key, webauthn_challenge=challenge))
    return Challenge(WEB_AUTHN, session, {"CREDENTIAL_REQUEST_OPTIONS": json.dumps(options, separators=(",", ":"))})


def _pose(req: AuthRequest, user: User, factor: str, device_key: str | None) -> Challenge:
    """PASSWORD / PASSWORD_SRP asked for, to be answered with the password or SRP_A."""
    session = sessions.open_session(req.env, req.pool, req.client, user, factor,
                                    ChallengeState(device_key=device_key, ghost=not user.sub))
    return Challenge(factor, session, {})


def _session_user(req: AuthRequest, session: str | None, answers: dict[str, str],
                  challenge: str) -> tuple[AuthSession, User]:
    username = require(answers, "USERNAME")
    clients.check_secret_hash(req.client, username, answers.get("SECRET_HASH"))
    open_session = sessions.find(req.env, req.pool, req.client, session, challenge)
    if open_session.state.ghost:
        if username != open_session.username:
            raise NotAuthorizedException(sessions.INVALID)
        return open_session, ghost(req, username)
    user = users.lookup(req.pool, username)
    if user is None or user.username != open_session.username:
        raise NotAuthorizedException(sessions.INVALID)
    users.check_enabled(user)
    return open_session, user


class FirstFactor:
    name: ClassVar[str]

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        open_session, user = _session_user(req, session, answers, self.name)
        step = self.answer(req, user, open_session.state, answers)
        sessions.close(req.pool, open_session.id)     # spent only once answered
        return step

    def answer(self, req: AuthRequest, user: User, state: ChallengeState, answers: dict[str, str]) -> Step:
        raise NotImplementedError


class SelectChallenge(FirstFactor):
    """ANSWER names one of AvailableChallenges; PASSWORD, PASSWORD_SRP may carry their proof."""

    name = SELECT_CHALLENGE

    def answer(self, req: AuthRequest, user: User, state: ChallengeState, answers: dict[str, str]) -> Step:
        factor = require(answers, "ANSWER")
        if factor not in state.offered:
            raise InvalidParameterException(INVALID_ANSWER)
        return begin(req, user, factor, answers, state.device_key)


class PasswordChallenge(FirstFactor):
    name = PASSWORD

    def answer(self, req: AuthRequest, user: User, state: ChallengeState, answers: dict[str, str]) -> Step:
        return begin(req, user, PASSWORD, {**answers, "PASSWORD": require(answers, "PASSWORD")}, state.device_key)


class PasswordSrpChallenge(FirstFactor):
    name = PASSWORD_SRP

    def answer(self, req: AuthRequest, user: User, state: ChallengeState, answers: dict[str, str]) -> Step:
        return begin(req, user, PASSWORD_SRP, {**answers, "SRP_A": require(answers, "SRP_A")}, state.device_key)


class WebAuthnChallenge(FirstFactor):
    """CREDENTIAL: the passkey's assertion over the challenge of CREDENTIAL_REQUEST_OPTIONS."""

    name = WEB_AUTHN

    def answer(self, req: AuthRequest, user: User, state: ChallengeState, answers: dict[str, str]) -> Step:
        credential = require(answers, "CREDENTIAL")
        webauthn.verify_assertion(req.pool, user, state.webauthn_challenge, credential,
                                  require_uv=passwordless.passkey_is_mfa(req.pool, user))
        return next_step(req, user, device_key=answers.get("DEVICE_KEY") or state.device_key,
                         first_factor=WEB_AUTHN)


RESPONDERS = (SelectChallenge(), PasswordChallenge(), PasswordSrpChallenge(), WebAuthnChallenge())
