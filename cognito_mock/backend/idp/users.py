"""Users: create (admin path), look up, set password, delete."""
from __future__ import annotations

from ...errors import InvalidParameterException, UserNotFoundException, UsernameExistsException
from ..store import Env
from . import passwords
from .models import User, UserPool, UserStatus
from .schema import check_user_attributes

NOT_FOUND = "User does not exist."


def find(pool: UserPool, username: str) -> User:
    user = pool.users.get(pool.user_key(username))
    if user is None:
        raise UserNotFoundException(NOT_FOUND)
    return user


def lookup(pool: UserPool, username: str) -> User | None:
    return pool.users.get(pool.user_key(username))


def admin_create(env: Env, pool: UserPool, username: str, attributes: dict[str, str],
                 temporary_password: str | None) -> tuple[User, str]:
    """A FORCE_CHANGE_PASSWORD user with a temporary password; returns (user, the password)."""
    if pool.user_key(username) in pool.users:
        raise UsernameExistsException("User account already exists")
    if "sub" in attributes:
        raise InvalidParameterException("Cannot modify an immutable attribute: sub")
    check_user_attributes(pool.schema, attributes)
    if temporary_password is None:
        temporary_password = passwords.temporary_password(env.ids, pool.password_policy)
    else:
        passwords.check_policy(pool.password_policy, temporary_password)
    now = env.clock.now_dt()
    sub = env.ids.uuid()
    user = User(username=username, sub=sub, attributes={"sub": sub, **attributes},
                status=UserStatus.FORCE_CHANGE_PASSWORD, created=now, modified=now)
    passwords.set_password(env.ids, user, temporary_password, env.clock.now())
    pool.users[pool.user_key(username)] = user
    return user, temporary_password


def set_password(env: Env, pool: UserPool, user: User, password: str, *, permanent: bool) -> None:
    """AdminSetUserPassword: permanent -> CONFIRMED, else FORCE_CHANGE_PASSWORD (policy enforced)."""
    passwords.check_policy(pool.password_policy, password)
    passwords.set_password(env.ids, user, password, env.clock.now())
    user.status = UserStatus.CONFIRMED if permanent else UserStatus.FORCE_CHANGE_PASSWORD
    user.modified = env.clock.now_dt()


def delete(pool: UserPool, user: User) -> None:
    del pool.users[pool.user_key(user.username)]
    for token in [t for t, grant in pool.refresh_tokens.items() if grant.username == user.username]:
        del pool.refresh_tokens[token]


def temporary_password_expired(env: Env, pool: UserPool, user: User) -> bool:
    days = pool.password_policy.temporary_password_validity_days
    return (user.status is UserStatus.FORCE_CHANGE_PASSWORD
            and env.clock.now() > user.password_set_at + days * 86400)
