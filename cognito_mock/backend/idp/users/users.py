"""Users: create (admin and sign-up), look up (username, alias, sub), status, enable, delete.

Every change of a user goes through ``_commit`` which keeps the pool's indexes in the same step:
the alias index (sign-in by email / phone / preferred_username), the sub index and the sorted
ListUsers indexes (user_index.py). Checks run before anything changes, so a failing call leaves
the user as it was.
"""
from __future__ import annotations

from sys import intern

from ....errors import (AliasExistsException, InvalidParameterException, NotAuthorizedException,
                       UserNotFoundException, UsernameExistsException)
from ...store import Env
from .. import trigger_events
from ..models import User, UserPool, UserStatus
from ..pools.schema import check_user_attributes
from . import passwords, user_index

NOT_FOUND = "User does not exist."
EXISTS = "User already exists"
ADMIN_EXISTS = "User account already exists"
VERIFIED_FLAG = {"email": "email_verified", "phone_number": "phone_number_verified"}


def alias_taken(attribute: str) -> str:
    return f"An account with the given {attribute} already exists."


# --- look-ups --------------------------------------------------------------------------------

def lookup(pool: UserPool, username: str) -> User | None:
    """By username, then by alias (email, phone, preferred_username), then by sub."""
    user = pool.users.get(pool.user_key(username))
    if user is not None:
        return user
    for attribute in alias_attributes(pool):
        key = pool.aliases.get(_alias_key(pool, attribute, username))
        if key is not None:
            return pool.users[key]
    key = user_index.key_of_sub(pool, username)
    return pool.users[key] if key is not None else None


def find(pool: UserPool, username: str) -> User:
    user = lookup(pool, username)
    if user is None:
        raise UserNotFoundException(NOT_FOUND)
    return user


def alias_attributes(pool: UserPool) -> list[str]:
    return list(pool.username_attributes or pool.alias_attributes)


def is_verified(user: User, attribute: str) -> bool:
    flag = VERIFIED_FLAG.get(attribute)
    return flag is not None and user.attributes.get(flag, "").lower() == "true"


# --- creation --------------------------------------------------------------------------------

def new_user(env: Env, pool: UserPool, username: str, attributes: dict[str, str],
             status: UserStatus) -> User:
    """A user object for ``username`` (not stored yet). Pools that sign in with email or phone
    get a generated username (the sub), and the given username becomes that attribute."""
    if "sub" in attributes:
        raise InvalidParameterException("Cannot modify an immutable attribute: sub")
    sub = env.ids.uuid()
    attributes = interned(attributes)
    if pool.username_attributes:
        attributes[_username_attribute(pool, username)] = username
        username = sub
    check_user_attributes(pool.schema, attributes)
    now = env.clock.now_ms_dt()
    return User(username=username, sub=sub, attributes={"sub": sub, **attributes}, status=status,
                created=now, modified=now)


def interned(attributes: dict[str, str]) -> dict[str, str]:
    """A copy whose names are the one shared string each (a million users' "email" is one string)."""
    return {intern(name): value for name, value in attributes.items()}


def _username_attribute(pool: UserPool, username: str) -> str:
    allowed = pool.username_attributes
    if "email" in allowed and "@" in username:
        return "email"
    if "phone_number" in allowed and username.startswith("+"):
        return "phone_number"
    if allowed == ["email"]:
        raise InvalidParameterException("Username should be an email.")
    if allowed == ["phone_number"]:
        raise InvalidParameterException("Username should be a phone number.")
    raise InvalidParameterException("Username should be either an email or a phone number.")


def check_free(pool: UserPool, user: User, *, exists_message: str = EXISTS, force_alias: bool = False) -> list[str]:
    """That ``user`` (not stored yet) could be added: its username and aliases are free. Returns
    the aliases taken by others (which ``force_alias`` moves to it)."""
    if pool.user_key(user.username) in pool.users:
        raise UsernameExistsException(exists_message)
    taken = _taken(pool, None, _aliases(pool, user, user.attributes))
    if taken and not force_alias:
        raise UsernameExistsException(alias_taken(taken[0]))
    return taken


def add(pool: UserPool, user: User, *, exists_message: str, force_alias: bool = False,
        batch: user_index.Batch | None = None) -> None:
    """Store ``user`` after checking that its username and aliases are free (``batch``: a bulk
    load's, which sorts the ListUsers entries in once at its end; force_alias is not for one)."""
    claims = _aliases(pool, user, user.attributes)
    taken = check_free(pool, user, exists_message=exists_message, force_alias=force_alias)
    for attribute in taken:
        _release(pool, pool.users[pool.aliases[_alias_key(pool, attribute, claims[attribute])]], attribute)
    _commit(pool, user, None, batch)


def admin_create(env: Env, pool: UserPool, username: str, attributes: dict[str, str],
                 temporary_password: str | None, *, force_alias: bool = False, client_metadata: dict | None = None,
                 validation_data: dict | None = None, check=None, invited: bool = True) -> tuple[User, str | None]:
    """A FORCE_CHANGE_PASSWORD user with a temporary password; returns (user, the password).
    A PreSignUp trigger (PreSignUp_AdminCreateUser) may deny it or verify its email / phone;
    ``check(user)`` runs before the user is stored (e.g. composing the invitation).
    ``invited`` False (MessageAction SUPPRESS, no TemporaryPassword): the password Cognito would make
    is told to nobody, so none is made: no password signs the user in, as none would, and no unknowable
    password sits in the history after the first real one is set (None is returned)."""
    user = new_user(env, pool, username, attributes, UserStatus.FORCE_CHANGE_PASSWORD)
    if temporary_password is None:
        if invited:
            temporary_password = passwords.temporary_password(env.ids, pool.password_policy)
    else:
        passwords.check_policy(pool.password_policy, temporary_password)
    check_free(pool, user, exists_message=ADMIN_EXISTS, force_alias=force_alias)
    trigger_events.pre_sign_up(env, pool, "PreSignUp_AdminCreateUser", user, client_metadata=client_metadata,
                               validation_data=validation_data)
    if temporary_password is None:
        user.set_password_fields(b"", b"", env.clock.now())   # when the temporary one would have been set (its expiry)
    else:
        passwords.set_password(env.ids, pool.id, user, temporary_password, env.clock.now())
    if check is not None:
        check(user)
    add(pool, user, exists_message=ADMIN_EXISTS, force_alias=force_alias)
    return user, temporary_password


def migrate(env: Env, pool: UserPool, client, username: str, source: str, *, password: str | None = None,
            client_metadata: dict | None = None, check=None) -> User | None:
    """A user the pool does not know, brought in by its UserMigration trigger (None: no trigger, or
    the function gave no user). ``password`` becomes the user's (UserMigration_Authentication);
    ``check(user)`` runs before the user is stored (e.g. that a reset code can be delivered)."""
    response = trigger_events.user_migration(env, pool, client, username, source, password=password,
                                             client_metadata=client_metadata)
    if response is None:
        return None
    if response.get("userAttributes") is None:
        # the start is AWS's text (apps match messages that begin "Exception migrating user in app client");
        # the client id after it is guessed
        raise UserNotFoundException(f"Exception migrating user in app client {client.id}")
    attributes = {k: v for k, v in response["userAttributes"].items() if k not in ("username", "sub")}
    final = response.get("finalUserStatus") or "CONFIRMED"
    status = UserStatus.RESET_REQUIRED if password is None or final == "RESET_REQUIRED" else UserStatus.CONFIRMED
    user = new_user(env, pool, username, attributes, status)
    if password is not None:
        passwords.set_password(env.ids, pool.id, user, password, env.clock.now())
    if check is not None:
        check(user)
    add(pool, user, exists_message=EXISTS, force_alias=bool(response.get("forceAliasCreation")))
    return user


# --- changes ---------------------------------------------------------------------------------

def set_password(env: Env, pool: UserPool, user: User, password: str, *, permanent: bool) -> None:
    """AdminSetUserPassword: permanent -> CONFIRMED, else FORCE_CHANGE_PASSWORD (policy enforced)."""
    passwords.check_policy(pool.password_policy, password)
    if permanent:
        passwords.check_history(pool.password_policy, pool.id, user, password)
    change_password(env, pool, user, password)
    set_status(env, pool, user, UserStatus.CONFIRMED if permanent else UserStatus.FORCE_CHANGE_PASSWORD)


def change_password(env: Env, pool: UserPool, user: User, password: str) -> None:
    """Store a password already checked against policy and history; clears any lockout."""
    passwords.set_password(env.ids, pool.id, user, password, env.clock.now())
    user.failed_sign_ins, user.locked_until = 0, 0.0
    user.modified = env.clock.now_ms_dt()


def set_status(env: Env, pool: UserPool, user: User, status: UserStatus) -> None:
    before = user_index.keys_of(user)
    user.status = status
    user.modified = env.clock.now_ms_dt()
    _commit(pool, user, before)


def set_enabled(env: Env, pool: UserPool, user: User, enabled: bool) -> None:
    before = user_index.keys_of(user)
    user.enabled = enabled
    user.modified = env.clock.now_ms_dt()
    _commit(pool, user, before)


def replace_attributes(env: Env, pool: UserPool, user: User, attributes: dict[str, str],
                       *, force_alias: bool = False) -> None:
    """Give ``user`` exactly ``attributes`` (already schema-checked), keeping aliases unique."""
    claims = _aliases(pool, user, attributes)
    taken = _taken(pool, user, claims)
    if taken and not force_alias:
        raise AliasExistsException(alias_taken(taken[0]))
    for attribute in taken:
        _release(pool, pool.users[pool.aliases[_alias_key(pool, attribute, claims[attribute])]], attribute)
    before = user_index.keys_of(user)
    _drop_aliases(pool, user)
    user.attributes = interned(attributes)
    user.modified = env.clock.now_ms_dt()
    _commit(pool, user, before)


def delete(pool: UserPool, user: User) -> None:
    key = pool.user_key(user.username)
    before = user_index.keys_of(user)
    _drop_aliases(pool, user)
    del pool.users[key]
    user_index.update(pool, key, before, None)
    for device_key in user.devices:
        pool.devices.pop(device_key, None)
    pool.forget_user(key, user)       # group memberships, refresh grants, federated links


def unlist(pool: UserPool, user: User) -> None:
    """Take ``user`` out of the pool's user map and every user index (aliases, sub, ListUsers),
    leaving its memberships, devices and tokens alone: ``relist`` puts it back, changed
    (point-in-time recovery rewrites users this way, all out first, so no alias clashes)."""
    key = pool.user_key(user.username)
    before = user_index.keys_of(user)
    _drop_aliases(pool, user)
    pool.users.pop(key, None)
    user_index.update(pool, key, before, None)


def relist(pool: UserPool, user: User) -> None:
    _commit(pool, user, None)


def temporary_password_expired(env: Env, pool: UserPool, user: User) -> bool:
    days = pool.password_policy.temporary_password_validity_days
    return (user.status is UserStatus.FORCE_CHANGE_PASSWORD
            and env.clock.now() > user.password_set_at + days * 86400)


def check_enabled(user: User) -> None:
    if not user.enabled:
        raise NotAuthorizedException("User is disabled.")


# --- indexes ---------------------------------------------------------------------------------

def _alias_key(pool: UserPool, attribute: str, value: str) -> str:
    return f"{attribute}\0{pool.user_key(value) if attribute != 'phone_number' else value}"


def _aliases(pool: UserPool, user: User, attributes: dict[str, str]) -> dict[str, str]:
    """The aliases ``attributes`` would give: in email/phone-username pools every value, in alias
    pools verified email/phone and any preferred_username. Federated (EXTERNAL_PROVIDER) users
    claim none: their email may be a local user's too, as in AWS."""
    out: dict[str, str] = {}
    if user.status is UserStatus.EXTERNAL_PROVIDER:
        return out
    for attribute in alias_attributes(pool):
        value = attributes.get(attribute)
        if not value:
            continue
        flag = VERIFIED_FLAG.get(attribute)
        if pool.username_attributes or flag is None or attributes.get(flag, "").lower() == "true":
            out[attribute] = value
    return out


def _taken(pool: UserPool, user: User | None, claims: dict[str, str]) -> list[str]:
    mine = pool.user_key(user.username) if user else None
    return [attribute for attribute, value in claims.items()
            if pool.aliases.get(_alias_key(pool, attribute, value), mine) != mine]


def _release(pool: UserPool, owner: User, attribute: str) -> None:
    """ForceAliasCreation: the previous owner keeps the value but loses it as an alias."""
    flag = VERIFIED_FLAG.get(attribute)
    attributes = dict(owner.attributes)
    if flag:
        attributes[flag] = "false"
    else:
        attributes.pop(attribute, None)
    before = user_index.keys_of(owner)
    _drop_aliases(pool, owner)
    owner.attributes = interned(attributes)
    _commit(pool, owner, before)


def _drop_aliases(pool: UserPool, user: User) -> None:
    key = pool.user_key(user.username)
    for attribute, value in _aliases(pool, user, user.attributes).items():
        alias = _alias_key(pool, attribute, value)
        if pool.aliases.get(alias) == key:
            del pool.aliases[alias]


def _commit(pool: UserPool, user: User, before: dict[str, str] | None,
            batch: user_index.Batch | None = None) -> None:
    """Store ``user`` and bring every index in line with it (``before``: its old search keys)."""
    key = pool.user_key(user.username)
    pool.users[key] = user
    for attribute, value in _aliases(pool, user, user.attributes).items():
        pool.aliases[_alias_key(pool, attribute, value)] = key
    if batch is not None and before is None:
        batch.add(key, user)
    else:
        user_index.update(pool, key, before, user)
