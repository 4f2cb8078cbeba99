"""Passwords lost and changed: ForgotPassword, ConfirmForgotPassword, AdminResetUserPassword, ChangePassword."""
from __future__ import annotations

from ....errors import CodeMismatchException, NotAuthorizedException, UserNotFoundException
from ...store import Env
from .. import trigger_events
from ..clients.models import AppClient
from ..models import User, UserPool, UserStatus
from ..security import adaptive, auth_events
from ..security.models import EventContext
from . import codes, messages, passwords, users
from .messages import Delivery
from .signup import COMBINATION_NOT_FOUND

INCORRECT = "Incorrect username or password."


def _user(pool: UserPool, client: AppClient, username: str) -> User | None:
    user = users.lookup(pool, username)
    if user is None and client.prevent_user_existence_errors != "ENABLED":
        raise UserNotFoundException(COMBINATION_NOT_FOUND)
    return user


def forgot(env: Env, pool: UserPool, client: AppClient, username: str, *,
           client_metadata: dict | None = None, context: EventContext | None = None) -> Delivery:
    """A reset code for the user (``context``: UserContextData, for threat protection's event)."""
    user = users.lookup(pool, username)
    if user is None:              # a UserMigration trigger may bring the user in (RESET_REQUIRED)
        user = users.migrate(env, pool, client, username, "UserMigration_ForgotPassword",
                             client_metadata=client_metadata, check=lambda u: messages.recovery_delivery(pool, u))
    if user is None and client.prevent_user_existence_errors != "ENABLED":
        raise UserNotFoundException(COMBINATION_NOT_FOUND)
    if user is None:          # PreventUserExistenceErrors: a plausible answer, nothing sent
        return Delivery("EMAIL", "email", username if "@" in username else "user@example.com")
    users.check_enabled(user)
    require_resettable(user)
    delivery = send_reset_code(env, pool, user, client_id=client.id, client_metadata=client_metadata)
    adaptive.record_event(env, pool, user, auth_events.FORGOT_PASSWORD, context)
    return delivery


def require_resettable(user: User) -> None:
    """A user who still has to replace an administrator's temporary password cannot reset it
    (repost.aws knowledge-center/cognito-forgot-password; aws-amplify/amplify-flutter#3048)."""
    if user.status is UserStatus.FORCE_CHANGE_PASSWORD:
        raise NotAuthorizedException(messages.ADMIN_ONLY_RECOVERY)


def send_reset_code(env: Env, pool: UserPool, user: User, *, client_id: str | None = None,
                    client_metadata: dict | None = None) -> Delivery:
    """The message is composed (CustomMessage) before the code is issued: a failing function leaves
    the code sent before live."""
    delivery = messages.recovery_delivery(pool, user)
    draft = messages.compose_code(env, pool, user, delivery, "FORGOT_PASSWORD", client_id=client_id,
                                  client_metadata=client_metadata)
    messages.deliver(env, pool, user, draft, codes.issue(env, user, codes.FORGOT_PASSWORD))
    return delivery


def confirm_forgot(env: Env, pool: UserPool, client: AppClient, username: str, code: str, password: str, *,
                   client_metadata: dict | None = None) -> None:
    user = _user(pool, client, username)
    if user is None:
        raise CodeMismatchException(codes.MISMATCH)
    passwords.check_policy(pool.password_policy, password)
    codes.check(env, user, codes.FORGOT_PASSWORD, code)
    passwords.check_history(pool.password_policy, pool.id, user, password)
    codes.consume(user, codes.FORGOT_PASSWORD)
    users.change_password(env, pool, user, password)
    if user.status in (UserStatus.RESET_REQUIRED, UserStatus.FORCE_CHANGE_PASSWORD):
        users.set_status(env, pool, user, UserStatus.CONFIRMED)
    trigger_events.post_confirmation(env, pool, "PostConfirmation_ConfirmForgotPassword", user, client_id=client.id,
                                     client_metadata=client_metadata)


def admin_reset(env: Env, pool: UserPool, user: User, *, client_metadata: dict | None = None) -> None:
    """The password stops working (PasswordResetRequiredException) and a reset code goes out."""
    require_resettable(user)
    delivery = messages.recovery_delivery(pool, user)      # checked before anything changes
    draft = messages.compose_code(env, pool, user, delivery, "FORGOT_PASSWORD", client_metadata=client_metadata)
    require_resettable(user)                               # CustomMessage let other clients act: again
    code = codes.issue(env, user, codes.FORGOT_PASSWORD)
    users.set_status(env, pool, user, UserStatus.RESET_REQUIRED)
    messages.deliver(env, pool, user, draft, code)


def change(env: Env, pool: UserPool, user: User, previous: str | None, proposed: str) -> None:
    if previous is None or not passwords.matches(pool.id, user, previous):
        raise NotAuthorizedException(INCORRECT)
    passwords.check_policy(pool.password_policy, proposed)
    passwords.check_history(pool.password_policy, pool.id, user, proposed)
    users.change_password(env, pool, user, proposed)
