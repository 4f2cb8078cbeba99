"""Passwords lost and changed: ForgotPassword, ConfirmForgotPassword, AdminResetUserPassword, ChangePassword."""
from __future__ import annotations

from ...errors import CodeMismatchException, NotAuthorizedException, UserNotFoundException
from ..store import Env
from . import codes, messages, passwords, users
from .messages import Delivery
from .models import AppClient, User, UserPool, UserStatus
from .signup import COMBINATION_NOT_FOUND

INCORRECT = "Incorrect username or password."


def _user(pool: UserPool, client: AppClient, username: str) -> User | None:
    user = users.lookup(pool, username)
    if user is None and client.prevent_user_existence_errors != "ENABLED":
        raise UserNotFoundException(COMBINATION_NOT_FOUND)
    return user


def forgot(env: Env, pool: UserPool, client: AppClient, username: str) -> Delivery:
    user = _user(pool, client, username)
    if user is None:          # PreventUserExistenceErrors: a plausible answer, nothing sent
        return Delivery("EMAIL", "email", username if "@" in username else "user@example.com")
    users.check_enabled(user)
    return send_reset_code(env, pool, user)


def send_reset_code(env: Env, pool: UserPool, user: User) -> Delivery:
    delivery = messages.recovery_delivery(pool, user)
    messages.send_code(env, pool, user, delivery, "FORGOT_PASSWORD", codes.issue(env, user, codes.FORGOT_PASSWORD))
    return delivery


def confirm_forgot(env: Env, pool: UserPool, client: AppClient, username: str, code: str, password: str) -> None:
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


def admin_reset(env: Env, pool: UserPool, user: User) -> None:
    """The password stops working (PasswordResetRequiredException) and a reset code goes out."""
    delivery = messages.recovery_delivery(pool, user)      # checked before anything changes
    users.set_status(env, pool, user, UserStatus.RESET_REQUIRED)
    messages.send_code(env, pool, user, delivery, "FORGOT_PASSWORD", codes.issue(env, user, codes.FORGOT_PASSWORD))


def change(env: Env, pool: UserPool, user: User, previous: str | None, proposed: str) -> None:
    if previous is None or not passwords.matches(pool.id, user, previous):
        raise NotAuthorizedException(INCORRECT)
    passwords.check_policy(pool.password_policy, proposed)
    passwords.check_history(pool.password_policy, pool.id, user, proposed)
    users.change_password(env, pool, user, proposed)
