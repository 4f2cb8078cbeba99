"""One class per AuthFlow. ``initiate`` picks the class; each checks that the endpoint and the
client allow it, verifies its first factor, and hands over to ``steps.next_step``."""
from __future__ import annotations

from typing import ClassVar

from ....errors import (InternalFailure, InvalidParameterException, NotAuthorizedException,
                        PasswordResetRequiredException, UserNotConfirmedException, UserNotFoundException)
from .. import clients, passwords, tokens, users
from ..models import User, UserStatus
from .steps import AuthRequest, Step, next_step

INCORRECT = "Incorrect username or password."
UNSUPPORTED = "Initiate Auth method not supported."


def require(params: dict[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise InvalidParameterException(f"Missing required parameter {name}")
    return value


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
        return next_step(req, user)


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
        grant = tokens.redeem_refresh_token(req.env, req.pool, req.client, require(params, "REFRESH_TOKEN"))
        user = users.lookup(req.pool, grant.username)
        if user is None:
            raise NotAuthorizedException("Invalid Refresh Token")
        _check_refresh_secret(req, user, params.get("SECRET_HASH"))
        if not user.enabled:
            raise NotAuthorizedException("User is disabled.")
        sign_in = tokens.SignIn(grant.origin_jti, grant.event_id, grant.auth_time)
        return tokens.mint(req.env, req.pool, req.client, user, req.issuer, sign_in, with_refresh=False)


def _check_refresh_secret(req: AuthRequest, user: User, given: str | None) -> None:
    """SDKs hash the username, or the sub in pools that sign in by email/phone: accept either."""
    client = req.client
    if client.secret is not None and given == clients.secret_hash(user.sub, client.id, client.secret):
        return
    clients.check_secret_hash(client, user.username, given)


class NotYetEmulated(Flow):
    names = ("USER_SRP_AUTH", "CUSTOM_AUTH", "USER_AUTH")
    endpoints = frozenset({"user", "admin"})
    client_flags = frozenset()
    not_enabled = ""

    def allowed(self, req: AuthRequest) -> None:
        pass

    def start(self, req: AuthRequest, params: dict[str, str]) -> Step:
        raise InternalFailure("cognito-mock does not emulate this AuthFlow yet")


FLOWS: dict[str, Flow] = {name: flow for flow in (UserPasswordAuth(), AdminUserPasswordAuth(),
                                                   RefreshTokenAuth(), NotYetEmulated())
                          for name in flow.names}


def initiate(req: AuthRequest, auth_flow: str, params: dict[str, str]) -> Step:
    flow = FLOWS[auth_flow]
    if auth_flow == "USER_SRP_AUTH" and req.admin:
        raise InvalidParameterException(UNSUPPORTED)
    flow.allowed(req)
    return flow.start(req, params)


def verify_password(req: AuthRequest, username: str, password: str) -> User:
    """The first factor of every password flow, with AWS's errors in AWS's order."""
    user = users.lookup(req.pool, username)
    if user is None:
        if req.client.prevent_user_existence_errors == "ENABLED":
            raise NotAuthorizedException(INCORRECT)
        raise UserNotFoundException(users.NOT_FOUND)
    if not user.enabled:
        raise NotAuthorizedException("User is disabled.")
    if not passwords.matches(user, password):
        raise NotAuthorizedException(INCORRECT)
    if users.temporary_password_expired(req.env, req.pool, user):
        raise NotAuthorizedException("Temporary password has expired and must be reset by an administrator.")
    if user.status is UserStatus.UNCONFIRMED:
        raise UserNotConfirmedException("User is not confirmed.")
    if user.status is UserStatus.RESET_REQUIRED:
        raise PasswordResetRequiredException("Password reset required for the user")
    return user
