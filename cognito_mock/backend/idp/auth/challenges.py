"""One class per challenge answered through (Admin)RespondToAuthChallenge."""
from __future__ import annotations

import base64
from typing import ClassVar

from ....errors import CodeMismatchException, InternalFailure, InvalidParameterException, NotAuthorizedException
from .. import trigger_events
from ..clients import clients
from ..models import UserStatus
from .models import AuthSession, ChallengeState
from ..pools.schema import check_mutable, check_user_attributes, missing_required
from ..security import adaptive
from ..users import codes, passwords, users
from . import devices, mfa, srp, choice, sessions
from .first_factor import INCORRECT, check_lockout, ghost, password_verified, record_failure, require
from .steps import (CUSTOM_CHALLENGE, DEVICE_PASSWORD_VERIFIER, DEVICE_SRP_AUTH, EMAIL_OTP, MFA_SETUP,
                    NEW_PASSWORD_REQUIRED, PASSWORD_VERIFIER, SELECT_MFA_TYPE, SMS_MFA, SOFTWARE_TOKEN_MFA, AuthRequest,
                    Challenge, Step, issue_tokens, mfa_challenge, next_step, still_current)

WRONG_CODE = "Invalid code or auth state for the user."   # confirmed: aws-amplify/amplify-js#3066, #11069
MFA_ATTEMPTS = codes.MAX_ATTEMPTS                          # guessed: wrong codes before the session dies
TOTP_NOT_VERIFIED = "User has not verified software token mfa"   # Amplify's constant for Cognito's text
INVALID_ANSWER = "Invalid ANSWER for SELECT_MFA_TYPE."          # guessed text


class Responder:
    name: ClassVar[str]

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        raise NotImplementedError


class NewPasswordRequired(Responder):
    """NEW_PASSWORD (+ any ``userAttributes.*``) replaces a temporary password."""

    name = NEW_PASSWORD_REQUIRED

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        username = require(answers, "USERNAME")
        clients.check_secret_hash(req.client, username, answers.get("SECRET_HASH"))
        open_session = sessions.find(req.env, req.pool, req.client, session, self.name)
        user = users.find(req.pool, username)
        if user.username != open_session.username:
            raise NotAuthorizedException(sessions.INVALID)
        new_password = require(answers, "NEW_PASSWORD")
        attributes = {k.removeprefix("userAttributes."): v for k, v in answers.items()
                      if k.startswith("userAttributes.")}
        _check_attributes(req, user.attributes | attributes, attributes)
        passwords.check_policy(req.pool.password_policy, new_password)
        passwords.check_history(req.pool.password_policy, req.pool.id, user, new_password)
        # everything checked: change the user, close the session, move on
        if attributes:
            users.replace_attributes(req.env, req.pool, user, {**user.attributes, **attributes})
        users.change_password(req.env, req.pool, user, new_password)
        users.set_status(req.env, req.pool, user, UserStatus.CONFIRMED)
        sessions.close(req.pool, session)
        req.token_source = "TokenGeneration_NewPasswordChallenge"
        return next_step(req, user, device_key=open_session.state.device_key)


def _check_attributes(req: AuthRequest, merged: dict[str, str], given: dict[str, str]) -> None:
    check_user_attributes(req.pool.schema, given)
    check_mutable(req.pool.schema, given)
    missing = missing_required(req.pool.schema, merged)
    if missing:
        raise InvalidParameterException(f"Invalid attributes given, {missing[0]} is missing")


class SrpVerifier(Responder):
    """Shared by PASSWORD_VERIFIER and DEVICE_PASSWORD_VERIFIER: find the SRP state by the Session
    or by the echoed secret block, check TIMESTAMP's format and the HMAC signature."""

    def verify(self, req: AuthRequest, session: str | None, answers: dict[str, str], username: str) -> AuthSession:
        block = require(answers, "PASSWORD_CLAIM_SECRET_BLOCK")
        require(answers, "PASSWORD_CLAIM_SIGNATURE")       # compared by each subclass against expected()
        timestamp = require(answers, "TIMESTAMP")
        clients.check_secret_hash(req.client, username, answers.get("SECRET_HASH"))
        key = session if session and session in req.pool.auth.sessions else block
        open_session = sessions.find(req.env, req.pool, req.client, key, self.name)
        if sessions.secret_block(open_session.id) != block:
            raise NotAuthorizedException(sessions.INVALID)
        if not srp.TIMESTAMP.match(timestamp):
            # AWS's text (amazon-archives/amazon-cognito-identity-js#683)
            raise InvalidParameterException("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")
        return open_session

    def expected(self, state: ChallengeState, verifier: int, first: str, second: str, block: str,
                 timestamp: str, x: bytes | None = None) -> str:
        secret = srp.session_key(state.srp_a, state.srp_b_public, state.srp_b, verifier, x)
        return srp.signature(secret, first, second, base64.b64decode(block), timestamp)


class PasswordVerifier(SrpVerifier):
    name = PASSWORD_VERIFIER

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        username = require(answers, "USERNAME")
        open_session = self.verify(req, session, answers, username)
        state = open_session.state
        user = users.lookup(req.pool, username)
        if state.ghost or user is None or user.username != open_session.username:
            raise NotAuthorizedException(INCORRECT)
        users.check_enabled(user)
        check_lockout(req, user)
        expected = self.expected(state, 0, srp.realm(req.pool.id), user.username,
                                 answers["PASSWORD_CLAIM_SECRET_BLOCK"], answers["TIMESTAMP"], x=user.password_hash)
        if not srp.signatures_match(answers["PASSWORD_CLAIM_SIGNATURE"], expected):
            record_failure(req, user)
            sessions.close(req.pool, open_session.id)
            raise NotAuthorizedException(INCORRECT)
        password_verified(req, user)
        sessions.close(req.pool, open_session.id)
        custom = state.custom            # CUSTOM_WITH_SRP: back to DefineAuthChallenge
        return next_step(req, user, device_key=answers.get("DEVICE_KEY") or state.device_key,
                         custom=custom.answered(PASSWORD_VERIFIER, True) if custom else None)


class DeviceSrpAuth(Responder):
    """The device's SRP_A; answered with DEVICE_PASSWORD_VERIFIER (salt and B of the device)."""

    name = DEVICE_SRP_AUTH

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        username, device_key = require(answers, "USERNAME"), require(answers, "DEVICE_KEY")
        a_public = srp.valid_a(require(answers, "SRP_A"))
        clients.check_secret_hash(req.client, username, answers.get("SECRET_HASH"))
        key = session if session and session in req.pool.auth.sessions else f"device:{device_key}"
        open_session = sessions.find(req.env, req.pool, req.client, key, self.name)
        user = users.lookup(req.pool, username)
        if user is None or user.username != open_session.username or open_session.state.device_key != device_key:
            raise NotAuthorizedException(sessions.INVALID)
        if a_public is None:
            raise InvalidParameterException("Invalid SRP_A")                  # guessed text
        device = devices.find(user, device_key)
        b = req.env.ids.randbits(256) | 1
        b_public = srp.server_public(device.verifier, b)
        sessions.close(req.pool, open_session.id)
        next_session = sessions.open_session(req.env, req.pool, req.client, user, DEVICE_PASSWORD_VERIFIER,
                                             ChallengeState(srp_a=a_public, srp_b=b, srp_b_public=b_public,
                                                            device_key=device_key,
                                                            event_id=open_session.state.event_id))
        block = sessions.secret_block(next_session)
        sessions.alias(req.pool, next_session, block)
        return Challenge(DEVICE_PASSWORD_VERIFIER, next_session, {
            "DEVICE_KEY": device_key, "SALT": device.salt.hex(), "SECRET_BLOCK": block,
            "SRP_B": f"{b_public:x}", "USERNAME": user.username})


class DevicePasswordVerifier(SrpVerifier):
    name = DEVICE_PASSWORD_VERIFIER

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        username, device_key = require(answers, "USERNAME"), require(answers, "DEVICE_KEY")
        open_session = self.verify(req, session, answers, username)
        state = open_session.state
        user = users.lookup(req.pool, username)
        if user is None or user.username != open_session.username or state.device_key != device_key:
            raise NotAuthorizedException(sessions.INVALID)
        device = devices.find(user, device_key)
        expected = self.expected(state, device.verifier, device.group_key, device.key,
                                 answers["PASSWORD_CLAIM_SECRET_BLOCK"], answers["TIMESTAMP"])
        sessions.close(req.pool, open_session.id)
        if not srp.signatures_match(answers["PASSWORD_CLAIM_SIGNATURE"], expected):
            raise NotAuthorizedException(INCORRECT)
        users.check_enabled(user)
        req.token_source = "TokenGeneration_AuthenticateDevice"
        return issue_tokens(req, user, device_key=device_key)


def _session_user(req: AuthRequest, session: str | None, answers: dict[str, str], challenge: str):
    """The open session waiting for ``challenge`` and its user, checked against USERNAME."""
    username = require(answers, "USERNAME")
    clients.check_secret_hash(req.client, username, answers.get("SECRET_HASH"))
    open_session = sessions.find(req.env, req.pool, req.client, session, challenge)
    user = users.lookup(req.pool, username)
    if user is None or user.username != open_session.username:
        raise NotAuthorizedException(sessions.INVALID)
    users.check_enabled(user)
    return open_session, user


class MfaCode(Responder):
    """SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SMS_OTP: the right code gives tokens; a wrong one counts,
    and after MFA_ATTEMPTS of them the session is gone. EMAIL_OTP and SMS_OTP are also the
    passwordless first factors of USER_AUTH (session state ``first_factor``): then next_step follows."""

    answer: ClassVar[str]

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        open_session, user = _session_user(req, session, answers, self.name)
        state = open_session.state
        purpose = codes.SIGN_IN if state.first_factor else codes.MFA
        if not self.accepts(req, user, require(answers, self.answer), purpose):
            state.attempts += 1
            if state.attempts >= MFA_ATTEMPTS:
                sessions.close(req.pool, open_session.id)
                self.spent(user, purpose)
            adaptive.mfa_answered(req, False, exhausted=state.attempts >= MFA_ATTEMPTS)
            raise CodeMismatchException(WRONG_CODE)
        self.passed(req, user, purpose)
        adaptive.mfa_answered(req, True)
        sessions.close(req.pool, open_session.id)
        if state.first_factor:
            return next_step(req, user, device_key=answers.get("DEVICE_KEY") or state.device_key,
                             first_factor=self.name)
        return issue_tokens(req, user, device_key=state.device_key)

    def accepts(self, req: AuthRequest, user, code: str, purpose: str) -> bool:
        return codes.matches(req.env, user, purpose, code)

    def passed(self, req: AuthRequest, user, purpose: str) -> None:
        if purpose == codes.MFA:
            mfa.code_factor_passed(req.env, req.pool, user, self.name)
        codes.consume(user, purpose)

    def spent(self, user, purpose: str) -> None:
        codes.consume(user, purpose)


class SmsMfa(MfaCode):
    name = SMS_MFA
    answer = "SMS_MFA_CODE"


class EmailOtp(MfaCode):
    name = EMAIL_OTP
    answer = "EMAIL_OTP_CODE"


class SmsOtp(MfaCode):
    """Passwordless sign-in with a code sent by SMS (USER_AUTH only)."""

    name = "SMS_OTP"
    answer = "SMS_OTP_CODE"


class SoftwareTokenMfa(MfaCode):
    name = SOFTWARE_TOKEN_MFA
    answer = "SOFTWARE_TOKEN_MFA_CODE"

    def accepts(self, req: AuthRequest, user, code: str, purpose: str) -> bool:
        return mfa.check_totp(req.env, user, code)

    def passed(self, req: AuthRequest, user, purpose: str) -> None:
        pass

    def spent(self, user, purpose: str) -> None:
        pass


class SelectMfaType(Responder):
    """ANSWER names one of MFAS_CAN_CHOOSE; that factor's challenge follows."""

    name = SELECT_MFA_TYPE
    ANSWERS = {"SMS_MFA": SMS_MFA, "SOFTWARE_TOKEN_MFA": SOFTWARE_TOKEN_MFA, "EMAIL_OTP": EMAIL_OTP,
               "EMAIL_MFA": EMAIL_OTP}

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        open_session, user = _session_user(req, session, answers, self.name)
        factor = self.ANSWERS.get(require(answers, "ANSWER"))
        if factor not in open_session.state.factors:
            raise InvalidParameterException(INVALID_ANSWER)
        sessions.close(req.pool, open_session.id)
        return mfa_challenge(req, user, factor, open_session.state.device_key)


class MfaSetup(Responder):
    """After AssociateSoftwareToken and VerifySoftwareToken with the session: TOTP on, tokens."""

    name = MFA_SETUP

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        open_session, user = _session_user(req, session, answers, self.name)
        if not open_session.state.verified:
            raise InvalidParameterException(TOTP_NOT_VERIFIED)
        mfa.totp_set_up(user)
        sessions.close(req.pool, open_session.id)
        return issue_tokens(req, user, device_key=open_session.state.device_key)


class CustomChallenge(Responder):
    """ANSWER to a CUSTOM_CHALLENGE: VerifyAuthChallengeResponse judges it, the result joins the
    session list, and DefineAuthChallenge decides again (next_step)."""

    name = CUSTOM_CHALLENGE

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        username = require(answers, "USERNAME")
        clients.check_secret_hash(req.client, username, answers.get("SECRET_HASH"))
        open_session = sessions.find(req.env, req.pool, req.client, session, self.name)
        state, custom = open_session.state, open_session.state.custom
        user = ghost(req, open_session.username) if custom.user_not_found else users.lookup(req.pool, username)
        if user is None or user.username != open_session.username or (custom.user_not_found
                                                                      and username != open_session.username):
            raise NotAuthorizedException(sessions.INVALID)
        if not custom.user_not_found:
            users.check_enabled(user)
        answer = require(answers, "ANSWER")
        correct = trigger_events.verify_auth_challenge(req.env, req.pool, req.client, user, state.private, answer,
                                                       client_metadata=req.client_metadata,
                                                       user_not_found=custom.user_not_found)
        if sessions.find(req.env, req.pool, req.client, session, self.name) is not open_session:
            raise NotAuthorizedException(sessions.INVALID)   # answered by another call while the trigger ran
        still_current(req, user)
        sessions.close(req.pool, open_session.id)
        return next_step(req, user, device_key=state.device_key,
                         custom=custom.answered(CUSTOM_CHALLENGE, correct, state.metadata))


RESPONDERS: dict[str, Responder] = {r.name: r for r in (
    NewPasswordRequired(), PasswordVerifier(), DeviceSrpAuth(), DevicePasswordVerifier(),
    SmsMfa(), EmailOtp(), SmsOtp(), SoftwareTokenMfa(), SelectMfaType(), MfaSetup(), CustomChallenge(),
    *choice.RESPONDERS)}


def respond(req: AuthRequest, challenge: str, session: str | None, answers: dict[str, str]) -> Step:
    responder = RESPONDERS.get(challenge)
    if responder is None:
        raise InternalFailure(f"cognito-mock does not emulate the {challenge} challenge yet")
    if req.pool.advanced_security_mode != "OFF":      # the sign-in's auth event, when it has one
        waiting = req.pool.auth.sessions.get(session or "")
        if waiting is not None and waiting.client_id == req.client.id:
            req.auth_event = adaptive.resume(req.pool, waiting.username, waiting.state.event_id)
    return responder.respond(req, session, answers)
