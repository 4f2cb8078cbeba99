"""Images for point-in-time recovery: what a recovery restores of a user or a group, as immutable
tuples, and the watch on a pool's users that images a user when a write first touches it.

Copy-on-touch: a user is changed only after ``pool.users`` handed it out (read it, set it or
deleted it) in the same request: the rule persistence relies on too (support/tracking.py; its
check mode verifies it over the suite). So ``Touches``, the watch of ``pool.users``, keeps the
image of each user as it was when first handed out since the last flush (None: it did not exist),
and the flush compares only those. A read counts only outside walks that only look (read-only
actions run inside ``Store.reading``, walks inside ``env.only_looking``): they image nothing.
"""
from __future__ import annotations

from dataclasses import fields

from ....support.tracking import Looking, TrackedMap
from ..groups.models import Group
from ..models import LinkedIdentity, Passkey, User, UserMfa, UserPool
from .point_in_time_models import GroupImage, PoolHistory, UserImage

_IDENTITY_FIELDS = tuple(f.name for f in fields(LinkedIdentity))
PASSKEY_FIELDS = tuple(f.name for f in fields(Passkey) if f.name != "sign_count")
_NO_GROUPS: frozenset[str] = frozenset()


def user_image(user: User) -> UserImage:
    # (peek: reading a user's containers here must not make the ones it never had; the attributes dict
    # is shared, not copied: a stored user's attributes are replaced, never changed in place (User))
    groups, identities, passkeys = user.peek("groups"), user.peek("identities"), user.peek("passkeys")
    return UserImage(
        user.username, user.sub, user.attributes, user.status, user.enabled, user.created, user.modified,
        frozenset(groups) if groups else _NO_GROUPS,
        tuple(tuple(getattr(i, f) for f in _IDENTITY_FIELDS) for i in identities) if identities else (),
        user.password_sign_in_disabled,
        (user.password_salt, user.password_hash, user.password_set_at, user.peek("password_history") or b""),
        mfa_image(user.mfa),
        tuple(tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(p, f) for f in PASSKEY_FIELDS))
              for p in passkeys) if passkeys else ())


def mfa_image(mfa: UserMfa | None) -> tuple | None:
    if mfa is None or not (mfa.enabled or mfa.preferred or mfa.totp_secret or mfa.webauthn_enabled or mfa.mfa_options):
        return None
    return (tuple(mfa.enabled), mfa.preferred, mfa.totp_secret, mfa.totp_device_name, mfa.webauthn_enabled,
            tuple(tuple(sorted(o.items())) for o in mfa.mfa_options or ()))


def unchanged(user: User, image: UserImage) -> bool:
    """``user_image(user) == image``, decided without building an image (no allocation) for the
    common user. (The password history only changes together with the password hash and its time.)"""
    password = image.password
    return (user.modified == image.modified and user.attributes == image.attributes and user.status is image.status
            and user.enabled is image.enabled and (user.peek("groups") or _NO_GROUPS) == image.groups
            and user.password_hash == password[1] and user.password_set_at == password[2]
            and user.password_sign_in_disabled is image.password_sign_in_disabled
            and not user.peek("identities") and not image.identities and not user.peek("passkeys")
            and not image.passkeys
            and (image.mfa is None if user.mfa is None else mfa_image(user.mfa) == image.mfa))


def group_image(group: Group) -> GroupImage:
    return GroupImage(group.name, group.description, group.role_arn, group.precedence, group.created, group.modified)


def current_users(pool: UserPool) -> dict[str, UserImage]:
    """Every user's image now (a recovery's preview and restore: O(pool), rare). Looks, hands nothing out."""
    return {key: user_image(user) for key, user in dict.items(pool.users)}


# --- the watch -------------------------------------------------------------------------------

class Touches:
    """``pool.users``' watch (support/tracking.py): the image of each user first handed out since the
    last flush goes into ``history.touched`` (None for a key that had no user), before any change."""

    __slots__ = ("history", "looking")

    def __init__(self, history: PoolHistory, looking: Looking) -> None:
        self.history = history
        self.looking = looking

    def read(self, key: str, user: User) -> None:
        if self.looking.depth:
            return                   # a read-only action or a walk that only looks: nothing will change
        touched = self.history.touched
        if key not in touched:
            touched[key] = user_image(user)

    def write(self, users: dict, key: str) -> None:
        touched = self.history.touched
        if key not in touched:
            user = dict.get(users, key)
            touched[key] = None if user is None else user_image(user)

    def walk(self, users: dict) -> None:
        """A walk over every user in a write (none does now): every user may change, image them all."""
        if self.looking.depth:
            return
        touched = self.history.touched
        for key, user in dict.items(users):
            if key not in touched:
                touched[key] = user_image(user)


def watch(pool: UserPool, history: PoolHistory, looking: Looking) -> None:
    """Make ``pool.users`` a map that tells ``history`` what it hands out (a plain dict becomes a
    TrackedMap with no journal; persistence's own map gets the watch in place). Cheap when done."""
    users = pool.users
    current = users.watch if type(users) is TrackedMap else None
    if current is not None and current.history is history and current.looking is looking:
        return
    if type(users) is not TrackedMap:
        users = pool.users = TrackedMap(dict.items(users))
    users.watch = Touches(history, looking)
