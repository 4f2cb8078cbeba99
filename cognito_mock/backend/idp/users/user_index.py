"""The per-pool user indexes ListUsers searches (DESIGN rule 7): no scan of the pool, ever.

For every attribute AWS lets ListUsers filter on, ``pool.search[attr]`` is a sorted list of
(value, user key). ``=`` and ``^=`` are a bisect to the first candidate and a walk of one page.
``users.py`` calls ``update`` in the same step as every change of a user (create, attributes,
status, enable/disable, delete), so the indexes never drift. A bulk load (seeding, an import job)
adds its new users through a ``Batch``: their entries are appended and each list sorted once at the
end (one insort per user would move half the list each time: hours at a million users).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator

from ..models import User, UserPool

# attribute -> whether AWS matches it case-sensitively (the API reference marks username and
# cognito:user_status case-sensitive and status case-insensitive; the rest fold case here)
SEARCHABLE: dict[str, bool] = {
    "username": True, "email": False, "phone_number": False, "name": False, "given_name": False,
    "family_name": False, "preferred_username": False, "cognito:user_status": True, "status": False,
    "sub": True,
}


_FOLDED = ("email", "phone_number", "name", "given_name", "family_name", "preferred_username")


def keys_of(user: User) -> dict[str, str]:
    """The value of each searchable attribute of ``user`` as stored in the index (the user's own
    string when case folding leaves it as it is, so the index holds no copy)."""
    out = {"username": user.username, "cognito:user_status": user.status.value,
           "status": "enabled" if user.enabled else "disabled", "sub": user.sub}
    attributes = user.attributes
    for name in _FOLDED:
        value = attributes.get(name)
        if value is not None:
            folded = value.lower()
            out[name] = value if folded == value else folded
    return out


class Batch:
    """New users' index entries, appended and sorted in once by ``close`` (a bulk load's own helper,
    alive for one call only, never kept in pool state). Nothing may search the pool before ``close``."""

    __slots__ = ("pool", "pending")

    def __init__(self, pool: UserPool) -> None:
        self.pool, self.pending = pool, {}

    def add(self, key: str, user: User) -> None:
        pending = self.pending
        for name, value in keys_of(user).items():
            entries = pending.get(name)
            if entries is None:
                entries = pending[name] = []
            entries.append((value, key))

    def close(self) -> None:
        """Sort the pending entries into the pool's lists (safe to call more than once)."""
        for name, new in self.pending.items():
            entries = self.pool.search.setdefault(name, [])
            if len(new) < 16:
                for entry in new:
                    insort(entries, entry)
            else:
                entries.extend(new)
                entries.sort()
        self.pending = {}


def update(pool: UserPool, key: str, before: dict[str, str] | None, user: User | None) -> None:
    """Move ``key``'s entries from ``before`` (None: new user) to ``user``'s values (None: deleted)."""
    after = keys_of(user) if user is not None else {}
    for name in set(before or ()) | set(after):
        old, new = (before or {}).get(name), after.get(name)
        if old == new:
            continue
        entries = pool.search.setdefault(name, [])
        if old is not None:
            at = bisect_left(entries, (old, key))
            if at < len(entries) and entries[at] == (old, key):
                del entries[at]
        if new is not None:
            insort(entries, (new, key))


def matches(pool: UserPool, attribute: str, prefix: bool, value: str,
            after: tuple[str, str] | None) -> Iterator[tuple[str, str]]:
    """Entries (value, key) equal to / starting with ``value``, from just past ``after``."""
    entries = pool.search.get(attribute, [])
    if not SEARCHABLE[attribute]:
        value = value.lower()
    start = bisect_right(entries, tuple(after)) if after else bisect_left(entries, (value, ""))
    for at in range(start, len(entries)):
        entry = entries[at]
        if not (entry[0].startswith(value) if prefix else entry[0] == value):
            return                      # matches are contiguous in a sorted list
        yield entry


def every(pool: UserPool, after: tuple[str, str] | None) -> Iterator[tuple[str, str]]:
    """All users in username order (ListUsers without a filter)."""
    entries = pool.search.get("username", [])
    start = bisect_right(entries, tuple(after)) if after else 0
    for at in range(start, len(entries)):
        yield entries[at]
