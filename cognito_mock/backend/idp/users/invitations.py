"""AdminCreateUser: a user made by an administrator with a temporary password and invited by email
or SMS (MessageAction RESEND invites an existing FORCE_CHANGE_PASSWORD user again, SUPPRESS sends
nothing). A failed invitation (a CustomMessage trigger refusing) leaves no user behind."""
from __future__ import annotations

from typing import Any

from ....errors import AwsError, UnsupportedUserStateException
from ...store import Env
from ..models import User, UserPool, UserStatus
from . import messages, passwords, users

# AWS's text: quoted alike by several emulators checked against AWS, and matched by apps calling AWS
RESEND_NOT_POSSIBLE = "Resend not possible. {username} status is not FORCE_CHANGE_PASSWORD"


def admin_create_user(env: Env, pool: UserPool, username: str, attributes: dict[str, str],
                      temporary_password: str | None, *, message_action: str | None, mediums: list[str],
                      force_alias: bool, client_metadata: dict[str, Any] | None,
                      validation_data: dict[str, str]) -> User:
    if message_action == "RESEND":
        user = users.find(pool, username)
        if user.status is not UserStatus.FORCE_CHANGE_PASSWORD:
            raise UnsupportedUserStateException(RESEND_NOT_POSSIBLE.format(username=username))
        password = temporary_password or passwords.temporary_password(env.ids, pool.password_policy)
        passwords.check_policy(pool.password_policy, password)
        users.change_password(env, pool, user, password)
    else:
        user, password = users.admin_create(env, pool, username, attributes, temporary_password,
                                            force_alias=force_alias, client_metadata=client_metadata,
                                            validation_data=validation_data)
    if message_action != "SUPPRESS":
        try:
            messages.send_invitation(env, pool, user, password, mediums, client_metadata=client_metadata)
        except AwsError:        # a CustomMessage trigger failed: no user was created
            if message_action != "RESEND":
                users.delete(pool, user)
            raise
    return user
