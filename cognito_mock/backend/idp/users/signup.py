"""Self sign-up: SignUp, ConfirmSignUp, ResendConfirmationCode, AdminConfirmSignUp."""
from __future__ import annotations

from ....errors import (CodeMismatchException, InvalidParameterException, NotAuthorizedException,
                       UserNotFoundException)
from ...store import Env
from .. import trigger_events
from ..clients.models import AppClient
from ..models import User, UserPool, UserStatus
from ..security import adaptive, auth_events
from ..security.models import EventContext
from . import attributes, codes, messages, passwords, users
from .messages import Delivery

NOT_PERMITTED = "SignUp is not permitted for this user pool"
COMBINATION_NOT_FOUND = "Username/client id combination not found."
ALREADY_CONFIRMED = "User is already confirmed."


def cannot_confirm(user: User) -> str:
    return f"User cannot be confirmed. Current status is {user.status.value}"


def sign_up(env: Env, pool: UserPool, client: AppClient, username: str, password: str | None,
            given: dict[str, str], *, client_metadata: dict | None = None,
            validation_data: dict | None = None, context: EventContext | None = None) -> tuple[User, Delivery | None]:
    """A new UNCONFIRMED user and its confirmation code; a PreSignUp trigger may deny it (nothing is
    stored) or confirm it at once (no code). ``context``: UserContextData (threat protection's event)."""
    if pool.admin_create_user_only:
        raise NotAuthorizedException(NOT_PERMITTED)
    attributes.check_writable(pool, client, given)
    user = users.new_user(env, pool, username, given, UserStatus.UNCONFIRMED)
    attributes.check_required(pool, user.attributes)
    if password is None:
        raise InvalidParameterException("Missing required parameter PASSWORD")   # guessed text
    passwords.check_policy(pool.password_policy, password)
    users.check_free(pool, user)
    if trigger_events.pre_sign_up(env, pool, "PreSignUp_SignUp", user, client_id=client.id,
                                  client_metadata=client_metadata, validation_data=validation_data):
        user.status = UserStatus.CONFIRMED
    delivery = draft = None
    if user.status is not UserStatus.CONFIRMED:      # CustomMessage runs before the user is stored
        delivery, draft = _confirmation(env, pool, user, client_id=client.id, client_metadata=client_metadata)
    passwords.set_password(env.ids, pool.id, user, password, env.clock.now())
    users.add(pool, user, exists_message=users.EXISTS)       # the name may have been taken meanwhile
    if user.status is not UserStatus.CONFIRMED:
        _send(env, pool, user, draft)
    adaptive.record_event(env, pool, user, auth_events.SIGN_UP, context)
    return user, delivery


def _confirmation(env: Env, pool: UserPool, user: User, *, source: str | None = None, client_id: str | None = None,
                  client_metadata: dict | None = None) -> tuple[Delivery | None, messages.Draft | None]:
    delivery = messages.sign_up_delivery(pool, user)
    draft = None if delivery is None else messages.compose_code(
        env, pool, user, delivery, "SIGN_UP", source=source, client_id=client_id, client_metadata=client_metadata)
    return delivery, draft


def _send(env: Env, pool: UserPool, user: User, draft: messages.Draft | None) -> None:
    """A fresh confirmation code (the one sent before stops working), delivered where it goes."""
    code = codes.issue(env, user, codes.SIGN_UP)
    if draft is not None:
        messages.deliver(env, pool, user, draft, code)


def send_confirmation(env: Env, pool: UserPool, user: User, *, source: str | None = None,
                      client_id: str | None = None, client_metadata: dict | None = None) -> Delivery | None:
    delivery, draft = _confirmation(env, pool, user, source=source, client_id=client_id,
                                    client_metadata=client_metadata)
    _send(env, pool, user, draft)
    return delivery


def _self_service_user(pool: UserPool, client: AppClient, username: str) -> User | None:
    user = users.lookup(pool, username)
    if user is None and client.prevent_user_existence_errors != "ENABLED":
        raise UserNotFoundException(COMBINATION_NOT_FOUND)
    return user


def confirm(env: Env, pool: UserPool, client: AppClient, username: str, code: str, *, force_alias: bool,
            client_metadata: dict | None = None) -> None:
    user = _self_service_user(pool, client, username)
    if user is None:
        raise CodeMismatchException(codes.MISMATCH)
    if user.status is not UserStatus.UNCONFIRMED:
        raise NotAuthorizedException(cannot_confirm(user))
    codes.check(env, user, codes.SIGN_UP, code)
    delivery = messages.sign_up_delivery(pool, user)
    if delivery is not None:      # the channel the code went to is now verified (may claim an alias)
        verified = {**user.attributes, users.VERIFIED_FLAG[delivery.attribute]: "true"}
        users.replace_attributes(env, pool, user, verified, force_alias=force_alias)
    codes.consume(user, codes.SIGN_UP)
    users.set_status(env, pool, user, UserStatus.CONFIRMED)
    trigger_events.post_confirmation(env, pool, "PostConfirmation_ConfirmSignUp", user, client_id=client.id,
                                     client_metadata=client_metadata)


def resend(env: Env, pool: UserPool, client: AppClient, username: str, *,
           client_metadata: dict | None = None, context: EventContext | None = None) -> Delivery | None:
    user = _self_service_user(pool, client, username)
    if user is None:                # PreventUserExistenceErrors: answer as if a code went out
        return Delivery("EMAIL", "email", username if "@" in username else "user@example.com")
    if user.status is not UserStatus.UNCONFIRMED:
        raise InvalidParameterException(ALREADY_CONFIRMED)
    delivery = send_confirmation(env, pool, user, source="CustomMessage_ResendCode", client_id=client.id,
                                 client_metadata=client_metadata)
    adaptive.record_event(env, pool, user, auth_events.RESEND_CODE, context)
    return delivery


def admin_confirm(env: Env, pool: UserPool, username: str, *, client_metadata: dict | None = None) -> None:
    user = users.find(pool, username)
    if user.status is not UserStatus.UNCONFIRMED:
        raise NotAuthorizedException(cannot_confirm(user))
    codes.consume(user, codes.SIGN_UP)
    users.set_status(env, pool, user, UserStatus.CONFIRMED)
    trigger_events.post_confirmation(env, pool, "PostConfirmation_ConfirmSignUp", user,
                                     client_metadata=client_metadata)
