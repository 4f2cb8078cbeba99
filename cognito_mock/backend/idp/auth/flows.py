"""One class per AuthFlow. ``initiate`` picks the class; each checks that the endpoint and the
client allow it, verifies its first factor, and hands over to ``steps.next_step``."""
from __future__ import annotations

from typing import ClassVar

from ....errors import (InternalFailure, InvalidParameterException, NotAuthorizedException,
                        PasswordResetRequiredException, UserNotConfirmedException, UserNotFoundException)
from .. import clients, passwords, srp, tokens, users
from ..models import User, UserStatus
from . import sessions
from .steps import PASSWORD_VERIFIER, AuthRequest, Challenge, Step, next_step

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
        grant = tokens.redeem_refresh_token(req.env, req.pool, req.client, require(params, "REFRESH_TOKEN"))
        user = users.lookup(req.pool, grant.username)
        if user is None:
            raise NotAuthorizedException("Invalid Refresh Token")
        _check_refresh_secret(req, user, params.get("SECRET_HASH"))
        users.check_enabled(user)
        sign_in = tokens.SignIn(grant.origin_jti, grant.event_id, grant.auth_time)
        return tokens.mint(req.env, req.pool, req.client, user, req.issuer, sign_in, with_refresh=False)


def _check_refresh_secret(req: AuthRequest, user: User, given: str | None) -> None:
    """SDKs hash the username, or the sub in pools that sign in by email/phone: accept either."""
    client = req.client
    if client.secret is not None and given and clients.secret_matches(client, user.sub, given):
        return
    clients.check_secret_hash(client, user.username, given)


class UserSrpAuth(Flow):
    """USERNAME + SRP_A; answered with a PASSWORD_VERIFIER challenge (challenges.PasswordVerifier)."""

    names = ("USER_SRP_AUTH",)
    endpoints = frozenset({"user", "admin"})
    client_flags = frozenset({"ALLOW_USER_SRP_AUTH"})
    # wording seen in aws-samples/aws-serverless-workshops#277; the final period is guessed text
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
        if user is None or not has_password(user):
            user = User(username, "", {}, UserStatus.CONFIRMED, None, None,   # answers like a real user,
                        enabled=user.enabled if user else True,              # then fails the signature
                        password_salt=req.env.ids.token_bytes(16), password_hash=req.env.ids.token_bytes(32))
        users.check_enabled(user)
        check_lockout(req, user)
        b = req.env.ids.randbits(256) | 1
        b_public = srp.server_public(passwords.srp_verifier(user), b)
        session = sessions.open_session(req.env, req.pool, req.client, user, PASSWORD_VERIFIER, {
            "a": a_public, "b": b, "B": b_public, "device_key": params.get("DEVICE_KEY"),
            "ghost": not user.sub})
        block = sessions.secret_block(session)
        sessions.alias(req.pool, session, block)
        return Challenge(PASSWORD_VERIFIER, None, {
            "SALT": user.password_salt.hex(), "SECRET_BLOCK": block, "SRP_B": f"{b_public:x}",
            "USERNAME": user.username, "USER_ID_FOR_SRP": user.username})


class NotYetEmulated(Flow):
    names = ("CUSTOM_AUTH", "USER_AUTH")
    endpoints = frozenset({"user", "admin"})
    client_flags = frozenset()
    not_enabled = ""

    def allowed(self, req: AuthRequest) -> None:
        pass

    def start(self, req: AuthRequest, params: dict[str, str]) -> Step:
        raise InternalFailure("cognito-mock does not emulate this AuthFlow yet")


FLOWS: dict[str, Flow] = {name: flow for flow in (UserPasswordAuth(), AdminUserPasswordAuth(),
                                                   RefreshTokenAuth(), UserSrpAuth(), NotYetEmulated())
                          for name in flow.names}


def initiate(req: AuthRequest, auth_flow: str, params: dict[str, str]) -> Step:
    flow = FLOWS[auth_flow]
    flow.allowed(req)
    return flow.start(req, params)


LOCKED = "Password attempts exceeded"
FREE_ATTEMPTS = 5            # AWS: lockout after five consecutive failures,
MAX_LOCKOUT = 15 * 60        # one second doubling per further failure, up to about 15 minutes


def check_lockout(req: AuthRequest, user: User) -> None:
    if req.env.clock.now() < user.locked_until:
        raise NotAuthorizedException(LOCKED)


def record_failure(req: AuthRequest, user: User) -> None:
    user.failed_sign_ins += 1
    if user.failed_sign_ins >= FREE_ATTEMPTS:
        delay = min(2 ** (user.failed_sign_ins - FREE_ATTEMPTS), MAX_LOCKOUT)
        user.locked_until = req.env.clock.now() + delay


def verify_password(req: AuthRequest, username: str, password: str) -> User:
    """The first factor of every password flow, with AWS's errors in AWS's order."""
    user = users.lookup(req.pool, username)
    if user is None:
        if req.client.prevent_user_existence_errors == "ENABLED":
            raise NotAuthorizedException(INCORRECT)
        raise UserNotFoundException(users.NOT_FOUND)
    users.check_enabled(user)
    check_lockout(req, user)
    if not has_password(user) or not passwords.matches(req.pool.id, user, password):
        record_failure(req, user)
        raise NotAuthorizedException(INCORRECT)
    return password_verified(req, user)


def has_password(user: User) -> bool:
    """Whether ``user`` may sign in with a password: not a federated (EXTERNAL_PROVIDER) user, nor a
    local user whose Cognito sign-in AdminDisableProviderForUser turned off (then, as for a wrong
    password: "Incorrect username or password." -- guessed behaviour)."""
    return (bool(user.password_hash) and user.status is not UserStatus.EXTERNAL_PROVIDER
            and not user.password_sign_in_disabled)


def password_verified(req: AuthRequest, user: User) -> User:
    """The checks after a correct password (plain or SRP), before next_step."""
    if users.temporary_password_expired(req.env, req.pool, user):
        raise NotAuthorizedException("Temporary password has expired and must be reset by an administrator.")
    if user.status is UserStatus.UNCONFIRMED:
        raise UserNotConfirmedException("User is not confirmed.")
    if user.status is UserStatus.RESET_REQUIRED:
        raise PasswordResetRequiredException("Password reset required for the user")
    return user
