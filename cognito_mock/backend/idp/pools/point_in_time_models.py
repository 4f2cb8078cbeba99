"""Point-in-time recovery entities: a pool's history of user data (immutable images of users and
groups, versioned by the emulator-clock second in which they changed) and its recoveries.

Images are tuples, so history never changes when the live objects do. No I/O, no AWS names.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple


class RestoreStatus(StrEnum):
    PREVIEW_GENERATING = "PREVIEW_GENERATING"
    PREVIEW_GENERATED = "PREVIEW_GENERATED"
    PREVIEW_CANCELLED = "PREVIEW_CANCELLED"
    PREVIEW_GENERATION_FAILED = "PREVIEW_GENERATION_FAILED"
    PREVIEW_EXPIRED = "PREVIEW_EXPIRED"
    RESTORING = "RESTORING"
    RESTORE_COMPLETED = "RESTORE_COMPLETED"


# the statuses during which AWS keeps the pool's writes paused (RestoreStatusType's documentation)
ACTIVE = frozenset({RestoreStatus.PREVIEW_GENERATING, RestoreStatus.PREVIEW_GENERATED, RestoreStatus.RESTORING})


class UserImage(NamedTuple):
    """What a recovery restores of one user: profile and attributes, status, group memberships,
    linked identities, password, MFA settings and passkeys. Tuples (and one private dict) all
    through, so an image never changes, compares at C speed and takes a few microseconds."""

    username: str
    sub: str
    attributes: dict[str, str]                         # the user's own dict (replaced, never changed in place)
    status: Any                                        # UserStatus
    enabled: bool
    created: datetime
    modified: datetime
    groups: frozenset[str]
    identities: tuple[tuple[Any, ...], ...]           # LinkedIdentity fields, in order
    password_sign_in_disabled: bool
    password: tuple[Any, ...]                          # salt, hash, set_at, history
    mfa: tuple[Any, ...] | None                        # UserMfa's settings; None: none set
    passkeys: tuple[tuple[Any, ...], ...]              # Passkey fields but the signature counter


class GroupImage(NamedTuple):
    name: str
    description: str | None
    role_arn: str | None
    precedence: int | None
    created: datetime
    modified: datetime


@dataclass(slots=True)
class Preview:
    """One RestorePreview entry: how many entities of one type the recovery creates, updates, deletes."""

    entity: str
    create: int = 0
    update: int = 0
    delete: int = 0


@dataclass(slots=True)
class Recovery:
    id: str
    restore_at: float                 # RestoreTimestamp
    triggered_at: float               # TriggerTimestamp: when it was initiated
    status: RestoreStatus = RestoreStatus.PREVIEW_GENERATING
    preview: list[Preview] | None = None
    completed_at: float | None = None


@dataclass(slots=True, weakref_slot=True)
class PoolHistory:
    """A pool's user data through time (point_in_time_history.py) and its recoveries.

    ``*_versions`` map an entity key to [(second, image before that second's writes, or None: it did
    not exist)], oldest first; a user's appearances are not there but in ``appeared`` (second -> the
    keys of the users that appeared in it), merged in when a recovery looks back. ``touched`` holds
    the image of each user a write handed out since the last flush, as it was then (None: no user
    had that key): a flush compares only those. ``seen_groups``: every group's image at the last
    flush (groups are few). ``touched`` and ``seen_groups`` are derived: not stored, begun again
    from the state loaded (``restart``).
    """

    since: float                                             # tracking began (the pool's creation)
    seen_groups: dict[str, GroupImage] = field(default_factory=dict)
    touched: dict[str, UserImage | None] = field(default_factory=dict)
    user_versions: dict[str, list[tuple[int, UserImage | None]]] = field(default_factory=dict)
    group_versions: dict[str, list[tuple[int, GroupImage | None]]] = field(default_factory=dict)
    appeared: dict[int, list[str]] = field(default_factory=dict)   # second -> keys of the users that appeared
    appeared_until: int = 0                                  # no key in ``appeared`` is later (may be stale-high)
    tiers: list[tuple[float, str]] = field(default_factory=list)   # (from when, feature plan)
    pending: int | None = None                               # the write second not flushed yet
    pruned_at: float = 0.0
    recoveries: dict[str, Recovery] = field(default_factory=dict)  # restore id -> Recovery, oldest first
    active: str | None = None                                # the restore id that pauses writes
