"""A pool's history of user data, for point-in-time recovery: record, look back, restore.

What history means. Every call that may change user data (named once, in
api/idp/pools/point_in_time_recovery.pause_and_record, then ``guard``) notes the clock second it runs in. Before the first write of a
*new* second, ``flush`` records, for each user and group that changed, its image before that
second's writes, labelled with that second. The state at time T is, per entity, the first version
labelled after T, else the entity as it is now; writes within T's own second count as before T
(RestoreTimestamp is kept to the second). Versions older than the longest recovery window (14
days) are pruned.

How history is kept (and what it costs): copy-on-touch. A user can only change after ``pool.users``
handed it out during the request (read, set or deleted it; persistence relies on the same rule).
``pool.users`` is watched (point_in_time_images.Touches): the first time a write hands a user out
after a flush, its image as it is then goes into ``history.touched`` (None: no user had that key).
The flush compares just those with the users now and appends a version only for what changed or
disappeared; a user that appeared costs no version of its own but one key in that second's entry of
``appeared`` (merged in when a recovery looks back, O(pool) then, which is rare). So a user no write
touched costs nothing, reads image nothing (read-only actions and walks that only look are exempt),
ordinary writes cost O(1) plus one image per user first touched in a second, and a flush costs
O(users touched) + O(groups) (groups, few, are compared whole against their images at the last
flush). ``touched`` and the group images are derived: after a state file is loaded, history goes
on from the state as loaded (``restart``).

What is restored (InitiatePointInTimeRecovery's documentation): users' profiles and attributes,
group memberships, passwords, MFA settings and passkeys, and groups; not the pool's configuration
(app clients, schema, ...). Users who changed their password after the recovery point keep it.
"""
from __future__ import annotations

from bisect import bisect_right

from ...store import Env
from ..federation.models import federated_key
from ..groups import groups as groups_domain
from ..groups.models import Group
from ..models import LinkedIdentity, Passkey, User, UserMfa, UserPool, UserStatus
from ..users import users
from ..users.user_models import history_pack
from .point_in_time_images import PASSKEY_FIELDS, current_users, group_image, unchanged, user_image, watch
from .point_in_time_models import GroupImage, PoolHistory, Preview, UserImage

RETENTION = 14 * 86400            # the Plus plan's window, the longest a recovery can reach back
PRUNE_EVERY = 3600
ENTITIES = ("Users", "Groups", "User MFAs", "Passkeys")   # RestorePreviewType.Entity's documented values
_RESET_STATUSES = (UserStatus.FORCE_CHANGE_PASSWORD, UserStatus.RESET_REQUIRED)


# --- recording -------------------------------------------------------------------------------

def history_of(env: Env, pool: UserPool) -> PoolHistory:
    """The pool's history, begun (with the pool as it is, valid since its creation) on first use."""
    if pool.recovery is None:
        since = pool.created.timestamp()
        pool.recovery = PoolHistory(since=since, tiers=[(since, pool.tier)],
                                    seen_groups={n: group_image(g) for n, g in dict.items(pool.groups.by_name)})
        watch(pool, pool.recovery, env.looking)
    return pool.recovery


def note_write(env: Env, pool: UserPool) -> None:
    """A call that may change user data is about to run: flush the previous write second first."""
    history = history_of(env, pool)
    watch(pool, history, env.looking)           # (a no-op but when pool.users was replaced or reloaded)
    second = int(env.clock.now())
    if history.pending != second:
        if history.pending is not None:
            flush(env, pool)
        history.pending = second


def restart(env: Env, pool: UserPool) -> None:
    """Go on from the pool as it is (a state loaded from a file keeps the versions, not the derived
    images): what the writes of a second not flushed when the file was last written changed is not kept."""
    history = pool.recovery
    history.touched = {}
    history.seen_groups = {n: group_image(g) for n, g in dict.items(pool.groups.by_name)}
    watch(pool, history, env.looking)


def flush(env: Env, pool: UserPool) -> None:
    """Record what changed since the last flush, as changed in the pending second."""
    history = history_of(env, pool)
    now = env.clock.now()
    label = history.pending if history.pending is not None else int(now)
    history.pending = None
    touched, history.touched = history.touched, {}
    with env.only_looking():    # a walk over every group that changes none; the versions are appended after it
        history.seen_groups, group_changes = _record_groups(history.seen_groups, pool.groups.by_name)
    appeared = (label, None)       # one tuple for every group that appeared in that second
    for key, old in group_changes:
        _append(history.group_versions, key, label, old, appeared)
    if touched:
        _record_users(history, pool.users, touched, label)
    if pool.tier != history.tiers[-1][1]:
        history.tiers.append((float(label), pool.tier))
    if now - history.pruned_at >= PRUNE_EVERY:
        history.pruned_at = now
        _prune(history, now - RETENTION)


def _record_users(history: PoolHistory, live: dict, touched: dict, label: int) -> None:
    """Versions for the touched users that changed or disappeared; the keys of those that appeared."""
    versions, new = history.user_versions, []
    later = _appeared_from(history, label) if history.appeared_until >= label else frozenset()
    for key, old in touched.items():
        user = dict.get(live, key)
        if user is None:
            if old is None:
                continue                                   # appeared and went within the second
        elif old is not None and (unchanged(user, old) or user_image(user) == old):
            continue
        entries = dict.get(versions, key)
        if key in later or (entries and entries[-1][0] >= label):
            continue       # that second (or, the clock having gone back, a later one) already has an older image
        if old is None:
            new.append(key)
        else:
            _append(versions, key, label, old)
    if new:
        log = history.appeared
        prior = dict.get(log, label)
        log[label] = prior + new if prior else new
        history.appeared_until = max(history.appeared_until, label)


def _appeared_from(history: PoolHistory, label: int) -> set[str]:
    """The keys of the users that appeared in ``label`` or later (a second flushed again, or the clock
    gone back: rare)."""
    return {key for second, keys in dict.items(history.appeared) if second >= label for key in keys}


def _record_groups(seen: dict, live: dict) -> tuple[dict, list]:
    """The images of ``live`` (reusing the seen ones that still hold), and (key, previous image; None:
    it did not exist) for what changed, appeared or disappeared."""
    now, kept, changes = {}, 0, []
    for key, entity in live.items():
        old = seen.get(key)
        if old is not None:
            kept += 1
        image = group_image(entity)
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
    for versions in (history.user_versions, history.group_versions):
        for key in list(versions):
            entries = versions[key]
            cut = bisect_right(entries, oldest, key=_label)
            if cut:
                del entries[:cut]
            if not entries:
                del versions[key]
    for second in [s for s in history.appeared if s <= oldest]:
        del history.appeared[second]
    history.tiers[:] = [t for i, t in enumerate(history.tiers)
                        if i + 1 == len(history.tiers) or history.tiers[i + 1][0] > oldest]


def _label(entry: tuple) -> int:
    return entry[0]


# --- looking back ----------------------------------------------------------------------------

def present(pool: UserPool, history: PoolHistory) -> tuple[dict[str, UserImage], dict[str, GroupImage]]:
    """Users and groups as they are now (call ``flush`` first: the group images are the last flush's)."""
    return current_users(pool), history.seen_groups


def state_at(history: PoolHistory, now: tuple[dict, dict], when: float) -> tuple[dict[str, UserImage],
                                                                                  dict[str, GroupImage]]:
    """Users and groups as they were at ``when``, given them ``now`` (``present``, after a ``flush``)."""
    return (_at(history.user_versions, now[0], when, _first_appearances(history.appeared, when)),
            _at(history.group_versions, now[1], when, {}))


def _first_appearances(appeared: dict, when: float) -> dict[str, int]:
    """Per user key, the first second after ``when`` in which that user appeared."""
    first: dict[str, int] = {}
    for second, keys in dict.items(appeared):
        if second > when:
            for key in keys:
                if second < first.get(key, second + 1):
                    first[key] = second
    return first


def _at(versions: dict, now: dict, when: float, appearances: dict) -> dict:
    """Per entity, its first version after ``when`` (an appearance being a version "did not exist"),
    else as it is ``now``."""
    out = {key: image for key, image in now.items() if key not in versions and key not in appearances}
    for key in [*versions.keys(), *(k for k in appearances if k not in versions)]:
        entries = dict.get(versions, key) or ()
        at = bisect_right(entries, when, key=_label)
        version = entries[at] if at < len(entries) else None
        appeared = appearances.get(key)
        if appeared is not None and (version is None or appeared < version[0]):
            continue                                        # it did not exist then
        image = _packed(version[1]) if version is not None else now.get(key)
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
    history = history_of(env, pool)
    pending = history.pending
    flush(env, pool)                  # history complete up to now; the pending second stays this write's
    history.pending = pending
    users_now, groups_now = now = present(pool, history)
    users_then, groups_then = state_at(history, now, when)
    for name in [n for n in pool.groups.by_name if n not in groups_then]:
        groups_domain.delete(pool, pool.groups.by_name[name])
    for name, image in groups_then.items():
        if groups_now.get(name) != image:
            pool.groups.by_name[name] = Group(image.name, image.description, image.role_arn, image.precedence,
                                      image.created, image.modified)
    for key in [k for k in pool.users if k not in users_then]:
        users.delete(pool, pool.users[key])
    changed = {key: restored(image, users_now.get(key)) for key, image in users_then.items()}
    changed = {key: image for key, image in changed.items() if users_now.get(key) != image}
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


def _apply(user: User, image: UserImage, pool_groups: dict) -> None:
    user.attributes = dict(image.attributes)
    user.status = image.status
    user.enabled, user.created, user.modified = image.enabled, image.created, image.modified
    user.groups = {name for name in image.groups if name in pool_groups}
    user.identities = [LinkedIdentity(*values) for values in image.identities]
    user.password_sign_in_disabled = image.password_sign_in_disabled
    salt, hashed, set_at, past = image.password
    if (salt, hashed) != (user.password_salt, user.password_hash):
        user.srp_verifier = 0
    user.set_password_fields(salt, hashed, set_at)
    user.password_history = past
    user.mfa = _mfa(user.mfa, image.mfa)
    counters = {p.credential_id: p.sign_count for p in user.passkeys}
    user.passkeys = [Passkey(**dict(zip(PASSKEY_FIELDS, values)), sign_count=counters.get(values[0], 0))
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
    for key, user in dict.items(pool.users):      # (looks only: a walk through the map would image every user)
        for name in user.groups:
            members.setdefault(name, []).append(key)
    return {name: sorted(keys) for name, keys in members.items() if keys}
