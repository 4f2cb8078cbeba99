"""One class per AuthFlow. ``initiate`` picks the class; each checks that the endpoint and the
client allow it, verifies its first factor, and hands over to ``steps.next_step``."""
from __future__ import annotations

from typing import ClassVar

from ....errors import InvalidParameterException, NotAuthorizedException, UserNotFoundException
from ... import triggers
from .. import trigger_events
from ..clients import clients
from ..models import User
from ..users import users
from . import srp, tokens, choice
from .first_factor import (check_lockout, check_status, ghost, has_password, recheck, require,
                           require_reset_if_passwordless, verify_password)
from .models import CustomAuth
from .steps import AuthRequest, Step, next_step, password_verifier, pre_token_generation, still_current

UNSUPPORTED = "Initiate Auth method not supported."
NO_CUSTOM_TRIGGER = "Custom auth lambda trigger is not configured for the user pool."   # confirmed text


class Flow:
    names: ClassVar[tuple[str, ...]]
    endpoints: ClassVar[frozenset[str]]         # "user" (InitiateAuth), "admin" (AdminInitiateAuth)
    client_flags: ClassVar[frozenset[str]]      # ExplicitAuthFlows values that enable the flow
    not_enabled: ClassVar[str]

    def allowed(self, req: AuthRequest) -> None:
        if ("admin" if req.admin else "user") not in self.endpoints:
            raise InvalidParameterException(UNSUPPORTED)
        if not self.client_flags.intersection(req.client.explicit_auth_flows):
            raise InvalidParameterException(self.not_enabled)

    def start(self, req: AuthRequest, params: dict[str, str]) -> Step:
        raise NotImplementedError


class PasswordFlow(Flow):
    """USERNAME + PASSWORD sent in the clear (no SRP)."""

    def start(self, req: AuthRequest, params: dict[str, str]) -> Step:
        username, password = require(params, "USERNAME"), require(params, "PASSWORD")
        clients.check_secret_hash(req.client, username, params.get("SECRET_HASH"))
        user = verify_password(req, username, password)
        return next_step(req, user, device_key=params.get("DEVICE_KEY"))


class UserPasswordAuth(PasswordFlow):
    names = ("USER_PASSWORD_AUTH",)
    endpoints = frozenset({"user"})
    client_flags = frozenset({"ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"})
    not_enabled = "USER_PASSWORD_AUTH flow not enabled for this client"


class AdminUserPasswordAuth(PasswordFlow):
    names = ("ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH")
    endpoints = frozenset({"admin"})
    client_flags = frozenset({"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"})
    not_enabled = "Auth flow not enabled for this client"


class RefreshTokenAuth(Flow):
    """A refresh token buys new ID and access tokens (no new refresh token, no challenge)."""

    names = ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN")
    endpoints = frozenset({"user", "admin"})
    client_flags = frozenset({"ALLOW_REFRESH_TOKEN_AUTH"})
    not_enabled = "Refresh Token auth flow not enabled for this client"

    def allowed(self, req: AuthRequest) -> None:
        if not clients.uses_legacy_flows(req.client):   # legacy clients may always refresh
            super().allowed(req)

    def start(self, req: AuthRequest, params: dict[str, str]) -> Step:
        return refresh(req, require(params, "REFRESH_TOKEN"), params.get("SECRET_HASH"), check_secret_hash=True)


def refresh(req: AuthRequest, token: str, secret_hash: str | None = None, *, check_secret_hash: bool,
            rotate: bool = False) -> tokens.Tokens:
    """New ID and access tokens for a refresh token: REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken
    (which authenticates the client by its ClientSecret instead of a SECRET_HASH, and returns a new
    refresh token when the client rotates them)."""
    grant = tokens.redeem_refresh_token(req.env, req.pool, req.client, token)
    user = users.lookup(req.pool, grant.username)
    if user is None:
        raise NotAuthorizedException(tokens.INVALID_REFRESH_TOKEN)
    if check_secret_hash:
        _check_refresh_secret(req, user, secret_hash)
    users.check_enabled(user)
    sign_in = tokens.SignIn(grant.origin_jti, grant.event_id, grant.auth_time)
    customize = pre_token_generation(req, user, "TokenGeneration_RefreshTokens")
    if users.lookup(req.pool, grant.username) is not user:     # deleted while the trigger ran
        raise NotAuthorizedException(tokens.INVALID_REFRESH_TOKEN)
    users.check_enabled(user)
    result = tokens.mint(req.env, req.pool, req.client, user, req.issuer, sign_in, with_refresh=False,
                         customize=customize)
    if rotate and req.client.refresh_rotation:
        result.refresh_token = tokens.rotate(req.env, req.pool, req.client, user, token, grant)
    return result


def _check_refresh_secret(req: AuthRequest, user: User, given: str | None) -> None:
    """SDKs hash the username, or the sub in pools that sign in by email/phone: accept either."""
    client = req.client
    if client.secret is not None and clients.secret_matches(client, given, username=user.sub):
        return
    clients.check_secret_hash(client, user.username, given)


class UserSrpAuth(Flow):
    """USERNAME + SRP_A; answered with a PASSWORD_VERIFIER challenge (challenges.PasswordVerifier)."""

    names = ("USER_SRP_AUTH",)
    endpoints = frozenset({"user", "admin"})
    client_flags = frozenset({"ALLOW_USER_SRP_AUTH"})
    # AWS: aws-samples/aws-serverless-workshops#277; third-party notes quote it with the final period
    not_enabled = "USER_SRP_AUTH is not enabled for the client."

    def allowed(self, req: AuthRequest) -> None:
        if not clients.uses_legacy_flows(req.client):   # legacy clients always allow SRP
            super().allowed(req)

    def start(self, req: AuthRequest, params: dict[str, str]) -> Step:
        username, a_hex = require(params, "USERNAME"), require(params, "SRP_A")
        clients.check_secret_hash(req.client, username, params.get("SECRET_HASH"))
        a_public = srp.valid_a(a_hex)
        if a_public is None:
            raise InvalidParameterException("Invalid SRP_A")              # guessed text
        user = users.lookup(req.pool, username)
        if user is None and req.client.prevent_user_existence_errors != "ENABLED":
            raise UserNotFoundException(users.NOT_FOUND)
        if user is not None:
            trigger_events.pre_authentication(req.env, req.pool, req.client, user, client_metadata=req.client_metadata)
            still_current(req, user)            # enabled and lockout are checked below, after it
            require_reset_if_passwordless(req, user)
        if user is None or not has_password(user):
            user = ghost(req, username, user)
        users.check_enabled(user)
        check_lockout(req, user)
        return password_verifier(req, user, a_public, device_key=params.get("DEVICE_KEY"))


class CustomAuthFlow(Flow):
    """CUSTOM_AUTH (and CUSTOM_WITH_SRP: SRP_A with CHALLENGE_NAME=SRP_A): the pool's
    DefineAuthChallenge / CreateAuthChallenge / VerifyAuthChallengeResponse triggers run it."""

    names = ("CUSTOM_AUTH",)
    endpoints = frozenset({"user", "admin"})
    client_flags = frozenset({"ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"})
    not_enabled = "Custom auth flow not enabled for this client"          # guessed text

    def allowed(self, req: AuthRequest) -> None:
        if not clients.uses_legacy_flows(req.client):   # clients without ExplicitAuthFlows allow it
            super().allowed(req)

    def start(self, req: AuthRequest, params: dict[str, str]) -> Step:
        if triggers.configured(req.pool, trigger_events.DEFINE) is None:
            raise InvalidParameterException(NO_CUSTOM_TRIGGER)
        username = require(params, "USERNAME")
        clients.check_secret_hash(req.client, username, params.get("SECRET_HASH"))
        a_public = None
        if params.get("CHALLENGE_NAME") == "SRP_A" or params.get("SRP_A"):
            a_public = srp.valid_a(require(params, "SRP_A"))
            if a_public is None:
                raise InvalidParameterException("Invalid SRP_A")              # guessed text
        user = users.lookup(req.pool, username)
        if user is None and req.client.prevent_user_existence_errors != "ENABLED":
            raise UserNotFoundException(users.NOT_FOUND)
        not_found = user is None
        if user is None:
            user = ghost(req, username)
        else:
            users.check_enabled(user)
            check_lockout(req, user)
            check_status(req, user)
        trigger_events.pre_authentication(req.env, req.pool, req.client, user, client_metadata=req.client_metadata,
                                          user_not_found=not_found)
        if not not_found:
            recheck(req, user)
            check_status(req, user)
        custom = CustomAuth([], not_found, a_public)
        if a_public is not None:
            custom = custom.answered("SRP_A", True)
        return next_step(req, user, device_key=params.get("DEVICE_KEY"), custom=custom)


class UserAuth(Flow):
    """USER_AUTH, choice-based sign-in: PREFERRED_CHALLENGE when the user can use it, else
    SELECT_CHALLENGE with AvailableChallenges (auth/choice.py poses and answers them)."""

    names = ("USER_AUTH",)
    endpoints = frozenset({"user", "admin"})
    client_flags = frozenset({"ALLOW_USER_AUTH"})
    not_enabled = "USER_AUTH flow not enabled for this client"   # guessed text; third-party troubleshooting docs quote it

    def start(self, req: AuthRequest, params: dict[str, str]) -> Step:
        return choice.start(req, params)


FLOWS: dict[str, Flow] = {name: flow for flow in (UserPasswordAuth(), AdminUserPasswordAuth(), RefreshTokenAuth(),
                                                   UserSrpAuth(), CustomAuthFlow(), UserAuth())
                          for name in flow.names}


def initiate(req: AuthRequest, auth_flow: str, params: dict[str, str]) -> Step:
    flow = FLOWS[auth_flow]
    flow.allowed(req)
    return flow.start(req, params)
