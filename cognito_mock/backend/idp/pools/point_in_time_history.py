"""A pool's history of user data, for point-in-time recovery: record, look back, restore.

How history is kept (and what it costs). Every call that may change user data (dispatch names it
once, point_in_time_recovery.before_write) notes the clock second it runs in. Before the first
write of a *new* second, ``flush`` compares each user's and group's image with the one seen at the
previous flush and, for what differs, appends the old image to that entity's versions, labelled
with the second whose writes changed it. So ordinary writes cost O(1), one pass over the pool runs
per clock second with writes, and memory grows with what changed, not with time: versions older
than the longest recovery window (14 days) are pruned. The state at time T is, per entity, the
first version labelled after T, else the entity as it is now; writes within T's own second count
as before T (RestoreTimestamp is kept to the second).

What is restored (InitiatePointInTimeRecovery's documentation): users' profiles and attributes,
group memberships, passwords, MFA settings and passkeys, and groups; not the pool's configuration
(app clients, schema, ...). Users who changed their password after the recovery point keep it.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import fields

from ...store import Env
from ..groups import groups as groups_domain
from ..groups.models import Group
from ..federation.models import federated_key
from ..users.user_models import history_pack
from ..models import LinkedIdentity, Passkey, User, UserMfa, UserPool, UserStatus
from ..users import users
from .point_in_time_models import GroupImage, PoolHistory, Preview, UserImage

RETENTION = 14 * 86400            # the Plus plan's window, the longest a recovery can reach back
PRUNE_EVERY = 3600
ENTITIES = ("Users", "Groups", "User MFAs", "Passkeys")   # RestorePreviewType.Entity's documented values
_IDENTITY_FIELDS = tuple(f.name for f in fields(LinkedIdentity))
_PASSKEY_FIELDS = tuple(f.name for f in fields(Passkey) if f.name != "sign_count")
_RESET_STATUSES = (UserStatus.FORCE_CHANGE_PASSWORD, UserStatus.RESET_REQUIRED)


# --- images ----------------------------------------------------------------------------------

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
        _mfa_image(user.mfa),
        tuple(tuple(tuple(v) if isinstance(v, list) else v for v in (getattr(p, f) for f in _PASSKEY_FIELDS))
              for p in passkeys) if passkeys else ())


def _mfa_image(mfa: UserMfa | None) -> tuple | None:
    if mfa is None or not (mfa.enabled or mfa.preferred or mfa.totp_secret or mfa.webauthn_enabled or mfa.mfa_options):
        return None
    return (tuple(mfa.enabled), mfa.preferred, mfa.totp_secret, mfa.totp_device_name, mfa.webauthn_enabled,
            tuple(tuple(sorted(o.items())) for o in mfa.mfa_options or ()))


def _user_unchanged(user: User, image: UserImage) -> bool:
    """``user_image(user) == image``, decided without building an image (no allocation) for the
    common user: flushing a large pool stays a quick pass that leaves the garbage collector alone.
    (The password history only changes together with the password hash and its time.)"""
    password = image.password
    return (user.modified == image.modified and user.attributes == image.attributes and user.status is image.status
            and user.enabled is image.enabled and (user.peek("groups") or _NO_GROUPS) == image.groups
            and user.password_hash == password[1] and user.password_set_at == password[2]
            and user.password_sign_in_disabled is image.password_sign_in_disabled
            and not user.peek("identities") and not image.identities and not user.peek("passkeys")
            and not image.passkeys
            and (image.mfa is None if user.mfa is None else _mfa_image(user.mfa) == image.mfa))


def group_image(group: Group) -> GroupImage:
    return GroupImage(group.name, group.description, group.role_arn, group.precedence, group.created, group.modified)


# --- recording -------------------------------------------------------------------------------

def history_of(pool: UserPool) -> PoolHistory:
    """The pool's history, begun (with the pool as it is, valid since its creation) on first use."""
    if pool.recovery is None:
        since = pool.created.timestamp()
        pool.recovery = PoolHistory(since=since, tiers=[(since, pool.tier)],
                                    seen_users={k: user_image(u) for k, u in pool.users.items()},
                                    seen_groups={n: group_image(g) for n, g in pool.groups.by_name.items()})
    return pool.recovery


def note_write(env: Env, pool: UserPool) -> None:
    """A call that may change user data is about to run: flush the previous write second first."""
    history = history_of(pool)
    second = int(env.clock.now())
    if history.pending != second:
        if history.pending is not None:
            flush(env, pool)
        history.pending = second


def restart(pool: UserPool) -> None:
    """Begin again from the pool as it is (a state loaded from a file keeps the versions, not the
    images of the last flush): the images are taken now, so the before-images of the writes of a
    second not flushed when the file was last written are not kept."""
    history = pool.recovery
    history.seen_users = {k: user_image(u) for k, u in dict.items(pool.users)}
    history.seen_groups = {n: group_image(g) for n, g in dict.items(pool.groups.by_name)}


def flush(env: Env, pool: UserPool) -> None:
    """Record what changed since the last flush, as changed in the pending second."""
    history = history_of(pool)
    now = env.clock.now()
    label = history.pending if history.pending is not None else int(now)
    history.pending = None
    with env.only_looking():    # a walk over every user that changes none; the versions are appended after it
        seen_users, user_changes = _record(history.seen_users, pool.users, user_image, _user_unchanged)
        seen_groups, group_changes = _record(history.seen_groups, pool.groups.by_name, group_image, None)
    history.seen_users, history.seen_groups = seen_users, seen_groups
    appeared = (label, None)       # one tuple for every entity that appeared in that second
    for versions, changes in ((history.user_versions, user_changes), (history.group_versions, group_changes)):
        for key, old in changes:
            _append(versions, key, label, old, appeared)
    if pool.tier != history.tiers[-1][1]:
        history.tiers.append((float(label), pool.tier))
    if now - history.pruned_at >= PRUNE_EVERY:
        history.pruned_at = now
        _prune(history, now - RETENTION)


def _record(seen: dict, live: dict, image_of, unchanged) -> tuple[dict, list]:
    """The images of ``live`` (reusing the seen ones that still hold), and (key, previous image; None:
    it did not exist) for what changed, appeared or disappeared."""
    now, kept, changes = {}, 0, []
    for key, entity in live.items():
        old = seen.get(key)
        if old is not None:
            kept += 1
            if unchanged is not None and unchanged(entity, old):
                now[key] = old
                continue
        image = image_of(entity)
        if image == old:
            image = old
        else:
            changes.append((key, old))
        now[key] = image
    if kept < len(seen):
        changes.extend((key, seen[key]) for key in seen.keys() - now.keys())
    return now, changes


def _append(versions: dict, key: str, label: int, image, appeared: tuple | None = None) -> None:
    entries = versions.setdefault(key, [])
    if entries and entries[-1][0] >= label:
        return       # that second (or, the clock having gone back, a later one) already has an older image
    entries.append(appeared if image is None and appeared is not None else (label, image))


def _prune(history: PoolHistory, oldest: float) -> None:
    """Drop versions no recovery can reach (labelled before the longest window)."""
    for versions, seen in ((history.user_versions, history.seen_users), (history.group_versions, history.seen_groups)):
        for key in list(versions):
            entries = versions[key]
            cut = bisect_right(entries, oldest, key=lambda e: e[0])
            if cut:
                del entries[:cut]
            if not entries:
                del versions[key]
    history.tiers[:] = [t for i, t in enumerate(history.tiers)
                        if i + 1 == len(history.tiers) or history.tiers[i + 1][0] > oldest]


# --- looking back ----------------------------------------------------------------------------

def state_at(history: PoolHistory, when: float) -> tuple[dict[str, UserImage], dict[str, GroupImage]]:
    """Users and groups as they were at ``when`` (call ``flush`` first so history is complete)."""
    return (_at(history.user_versions, history.seen_users, when),
            _at(history.group_versions, history.seen_groups, when))


def _at(versions: dict, seen: dict, when: float) -> dict:
    out = {key: image for key, image in seen.items() if key not in versions}
    for key, entries in versions.items():
        at = bisect_right(entries, when, key=lambda e: e[0])
        image = _packed(entries[at][1]) if at < len(entries) else seen.get(key)
        if image is not None:
            out[key] = image
    return out


def _packed(image):
    """A version as images are made now (a store written before password histories were packed keeps
    them as tuples of pairs): equal images compare equal."""
    if type(image) is not UserImage or type(image.password[3]) is bytes:
        return image
    salt, hashed, set_at, past = image.password
    return image._replace(password=(salt, hashed, set_at, history_pack(past)))


def tiers_since(history: PoolHistory, when: float) -> set[str]:
    """The feature plans the pool was on from ``when`` until now."""
    return {tier for i, (start, tier) in enumerate(history.tiers)
            if i + 1 == len(history.tiers) or history.tiers[i + 1][0] > when}


def restored(then: UserImage, now: UserImage | None) -> UserImage:
    """The image a recovery gives a user: ``then``, but a user who changed their password after the
    recovery point keeps it (and the status that password change gave them)."""
    if now is None or now.password == then.password:
        return then
    status = now.status if then.status in _RESET_STATUSES else then.status
    return then._replace(password=now.password, status=status)


def preview(then: tuple[dict, dict], now: tuple[dict, dict]) -> list[Preview]:
    """RestorePreview: per entity type, how many the recovery creates, updates and deletes."""
    (users_then, groups_then), (users_now, groups_now) = then, now
    counts = {name: Preview(name) for name in ENTITIES}
    target = {key: restored(image, users_now.get(key)) for key, image in users_then.items()}
    _count(counts["Users"], {k: _profile(i) for k, i in target.items()}, {k: _profile(i) for k, i in users_now.items()})
    _count(counts["Groups"], groups_then, groups_now)
    _count(counts["User MFAs"], {k: i.mfa for k, i in target.items() if i.mfa is not None},
           {k: i.mfa for k, i in users_now.items() if i.mfa is not None})
    _count(counts["Passkeys"], _passkeys(target), _passkeys(users_now))
    return list(counts.values())


def _profile(image: UserImage) -> UserImage:
    return image._replace(mfa=None, passkeys=())


def _passkeys(images: dict[str, UserImage]) -> dict[tuple[str, str], tuple]:
    return {(key, passkey[0]): passkey for key, image in images.items() for passkey in image.passkeys}


def _count(entry: Preview, then: dict, now: dict) -> None:
    for key, image in then.items():
        current = now.get(key)
        if current is None:
            entry.create += 1
        elif current != image:
            entry.update += 1
    entry.delete += len(now.keys() - then.keys())


# --- restoring -------------------------------------------------------------------------------

def restore(env: Env, pool: UserPool, when: float) -> None:
    """Bring users, memberships and groups back to ``when``. Runs as one write of the current second."""
    note_write(env, pool)
    history = history_of(pool)
    users_then, groups_then = _complete_state(env, pool, history, when)
    for name in [n for n in pool.groups.by_name if n not in groups_then]:
        groups_domain.delete(pool, pool.groups.by_name[name])
    for name, image in groups_then.items():
        if history.seen_groups.get(name) != image:
            pool.groups.by_name[name] = Group(image.name, image.description, image.role_arn, image.precedence,
                                      image.created, image.modified)
    for key in [k for k in pool.users if k not in users_then]:
        users.delete(pool, pool.users[key])
    changed = {key: restored(image, history.seen_users.get(key)) for key, image in users_then.items()}
    changed = {key: image for key, image in changed.items() if history.seen_users.get(key) != image}
    for key in changed:
        if key in pool.users:
            _unlink(pool, pool.users[key])
            users.unlist(pool, pool.users[key])
    for key, image in changed.items():
        user = pool.users.get(key) or User(username=image.username, sub=image.sub, attributes={},
                                           status=image.status, created=image.created,
                                           modified=image.modified)
        _apply(user, image, pool.groups.by_name)
        users.relist(pool, user)
        _link(pool, user)
    pool.groups.members = _members(pool)


def _complete_state(env: Env, pool: UserPool, history: PoolHistory, when: float):
    pending = history.pending
    flush(env, pool)
    history.pending = pending
    return state_at(history, when)


def _apply(user: User, image: UserImage, pool_groups: dict) -> None:
    user.attributes = dict(image.attributes)
    user.status = image.status
    user.enabled, user.created, user.modified = image.enabled, image.created, image.modified
    user.groups = {name for name in image.groups if name in pool_groups}
    user.identities = [LinkedIdentity(*values) for values in image.identities]
    user.password_sign_in_disabled = image.password_sign_in_disabled
    salt, hashed, set_at, past = image.password
    if (salt, hashed) != (user.password_salt, user.password_hash):
        user.password_salt, user.password_hash, user.srp_verifier = salt, hashed, 0
    user.password_set_at, user.password_history = set_at, past
    user.mfa = _mfa(user.mfa, image.mfa)
    counters = {p.credential_id: p.sign_count for p in user.passkeys}
    user.passkeys = [Passkey(**dict(zip(_PASSKEY_FIELDS, values)), sign_count=counters.get(values[0], 0))
                     for values in image.passkeys]
    for passkey in user.passkeys:
        passkey.transports = list(passkey.transports)


def _mfa(current: UserMfa | None, image: tuple | None) -> UserMfa | None:
    if image is None:
        return None
    enabled, preferred, secret, device_name, webauthn, options = image
    last_step = current.totp_last_step if current is not None and current.totp_secret == secret else -1
    return UserMfa(enabled=list(enabled), preferred=preferred, totp_secret=secret, totp_device_name=device_name,
                   totp_last_step=last_step, webauthn_enabled=webauthn,
                   mfa_options=[dict(o) for o in options] or None)


def _unlink(pool: UserPool, user: User) -> None:
    for identity in user.identities:
        if not identity.primary:
            pool.federation.federated_links.pop(federated_key(identity.provider_name, identity.attribute_name,
                                                         identity.user_id), None)


def _link(pool: UserPool, user: User) -> None:
    for identity in user.identities:
        if not identity.primary:
            pool.federation.federated_links[federated_key(identity.provider_name, identity.attribute_name,
                                                     identity.user_id)] = pool.user_key(user.username)


def _members(pool: UserPool) -> dict[str, list[str]]:
    members: dict[str, list[str]] = {name: [] for name in pool.groups.by_name}
    for key, user in pool.users.items():
        for name in user.groups:
            members.setdefault(name, []).append(key)
    return {name: sorted(keys) for name, keys in members.items() if keys}
