"""The first factor, as every flow and challenge checks it: the user (or a ghost that answers like one), the
lockout, the password and what may follow a correct one (temporary password, status)."""
from __future__ import annotations

from ....errors import (InvalidParameterException, NotAuthorizedException, PasswordResetRequiredException,
                        UserNotConfirmedException, UserNotFoundException)
from .. import trigger_events
from ..models import User, UserStatus
from ..security import adaptive
from ..users import passwords, users
from ..users.user_models import password_pack
from .steps import AuthRequest, still_current


INCORRECT = "Incorrect username or password."


def require(params: dict[str, str], name: str) -> str:
    value = params.get(name)
    if not value:
        raise InvalidParameterException(f"Missing required parameter {name}")
    return value


def ghost(req: AuthRequest, username: str, user: User | None = None) -> User:
    """A stand-in for an unknown user (or one without a password) that answers like a real user,
    then fails: no sub, and a salt and verifier that are the same on every call for the same
    username (a fresh salt each time would tell an unknown user from a real one)."""
    label = f"ghost:{req.pool.id}:{username}"
    return User(username, "", {}, UserStatus.CONFIRMED, None, None, enabled=user.enabled if user else True,
                _password=password_pack(req.env.ids.stable_bytes(label + ":salt", 16),
                                        req.env.ids.stable_bytes(label + ":verifier", 32), 0.0))


LOCKED = "Password attempts exceeded"


FREE_ATTEMPTS = 5            # AWS: lockout after five consecutive failures,


MAX_LOCKOUT = 15 * 60        # one second doubling per further failure, up to about 15 minutes


def check_lockout(req: AuthRequest, user: User) -> None:
    if req.env.clock.now() < user.locked_until:
        raise NotAuthorizedException(LOCKED)


def record_failure(req: AuthRequest, user: User) -> None:
    if req.pool.advanced_security_mode != "OFF":
        adaptive.password_failed(req, user)
    user.failed_sign_ins += 1
    if user.failed_sign_ins >= FREE_ATTEMPTS:
        delay = min(2 ** (user.failed_sign_ins - FREE_ATTEMPTS), MAX_LOCKOUT)
        user.locked_until = req.env.clock.now() + delay


def verify_password(req: AuthRequest, username: str, password: str) -> User:
    """The first factor of every password flow, with AWS's errors in AWS's order."""
    user = users.lookup(req.pool, username)
    if user is None:
        user = _migrated(req, username, password)
        if user is not None:                 # the UserMigration trigger vouched for the password
            return password_verified(req, user)
        if req.client.prevent_user_existence_errors == "ENABLED":
            raise NotAuthorizedException(INCORRECT)
        raise UserNotFoundException(users.NOT_FOUND)
    users.check_enabled(user)
    check_lockout(req, user)
    trigger_events.pre_authentication(req.env, req.pool, req.client, user, client_metadata=req.client_metadata)
    recheck(req, user)
    return check_password(req, user, password)


def recheck(req: AuthRequest, user: User) -> None:
    """After PreAuthentication (the store's lock let go while it ran): what the sign-in checked
    before it, again, before anything is written."""
    still_current(req, user)
    users.check_enabled(user)
    check_lockout(req, user)


def require_reset_if_passwordless(req: AuthRequest, user: User) -> None:
    """An imported (or migrated-by-ForgotPassword) user has no password until it resets one: AWS
    answers PasswordResetRequiredException, or the generic error when existence is hidden."""
    if user.status is UserStatus.RESET_REQUIRED and not user.password_hash:
        if req.client.prevent_user_existence_errors == "ENABLED":
            raise NotAuthorizedException(INCORRECT)
        raise PasswordResetRequiredException("Password reset required for the user")


def check_password(req: AuthRequest, user: User, password: str) -> User:
    """The password of a known, enabled user (a wrong one counts towards the lockout)."""
    require_reset_if_passwordless(req, user)
    if not has_password(user) or not passwords.matches(req.pool.id, user, password):
        record_failure(req, user)
        raise NotAuthorizedException(INCORRECT)
    if req.pool.advanced_security_mode != "OFF":
        req.compromised = adaptive.is_compromised(req.pool, password)
    return password_verified(req, user)


def _migrated(req: AuthRequest, username: str, password: str) -> User | None:
    """UserMigration_Authentication: the user the pool's migration function brings in with this password."""
    try:
        return users.migrate(req.env, req.pool, req.client, username, "UserMigration_Authentication",
                             password=password, client_metadata=req.client_metadata)
    except UserNotFoundException:
        if req.client.prevent_user_existence_errors == "ENABLED":
            raise NotAuthorizedException(INCORRECT) from None
        raise


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
    return check_status(req, user)


def check_status(req: AuthRequest, user: User) -> User:
    if user.status is UserStatus.UNCONFIRMED:
        raise UserNotConfirmedException("User is not confirmed.")
    if user.status is UserStatus.RESET_REQUIRED:
        raise PasswordResetRequiredException("Password reset required for the user")
    return user
