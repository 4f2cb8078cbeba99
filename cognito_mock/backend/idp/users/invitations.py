"""AdminCreateUser: a user made by an administrator with a temporary password and invited by email
or SMS (MessageAction RESEND invites an existing FORCE_CHANGE_PASSWORD user again, SUPPRESS sends
nothing). The invitation is composed (CustomMessage) before the user is stored, and sent after: a
CustomMessage function that fails leaves no user, and no other client ever saw one."""
from __future__ import annotations

from typing import Any

from ....errors import UnsupportedUserStateException
from ...store import Env
from ..models import User, UserPool, UserStatus
from . import messages, passwords, users

# AWS's text: quoted alike by several emulators checked against AWS, and matched by apps calling AWS
RESEND_NOT_POSSIBLE = "Resend not possible. {username} status is not FORCE_CHANGE_PASSWORD"


def admin_create_user(env: Env, pool: UserPool, username: str, attributes: dict[str, str],
                      temporary_password: str | None, *, message_action: str | None, mediums: list[str],
                      force_alias: bool, client_metadata: dict[str, Any] | None,
                      validation_data: dict[str, str]) -> User:
    drafts: list[messages.Draft] = []

    def compose(user: User) -> None:          # CustomMessage runs before the user is stored
        if message_action != "SUPPRESS":
            drafts.extend(messages.compose_invitation(env, pool, user, mediums, client_metadata=client_metadata))

    if message_action == "RESEND":
        user = users.find(pool, username)
        if user.status is not UserStatus.FORCE_CHANGE_PASSWORD:
            raise UnsupportedUserStateException(RESEND_NOT_POSSIBLE.format(username=username))
        password = temporary_password or passwords.temporary_password(env.ids, pool.password_policy)
        passwords.check_policy(pool.password_policy, password)
        compose(user)
        user = users.find(pool, username)     # another client may have acted meanwhile: check again
        if user.status is not UserStatus.FORCE_CHANGE_PASSWORD:
            raise UnsupportedUserStateException(RESEND_NOT_POSSIBLE.format(username=username))
        users.change_password(env, pool, user, password)
    else:
        user, password = users.admin_create(env, pool, username, attributes, temporary_password,
                                            force_alias=force_alias, client_metadata=client_metadata,
                                            validation_data=validation_data, check=compose,
                                            invited=message_action != "SUPPRESS")
    for draft in drafts:
        messages.deliver(env, pool, user, draft, password)
    return user
