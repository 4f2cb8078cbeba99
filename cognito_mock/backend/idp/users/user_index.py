"""The per-pool user indexes ListUsers searches (DESIGN rule 7): no scan of the pool, ever.

For every attribute AWS lets ListUsers filter on, ``pool.search[attr]`` is a ``SortedIndex``: the
(value, user key) pairs in order, kept as two parallel lists (16 bytes a user, no tuple each). ``=`` and ``^=`` are a bisect to the first candidate and a walk of one page.
``users.py`` calls ``update`` in the same step as every change of a user (create, attributes,
status, enable/disable, delete), so the indexes never drift. A bulk load (seeding, an import job)
adds its new users through a ``Batch``: their entries are appended and each list sorted once at the
end (one insort per user would move half the list each time: hours at a million users).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator

from ..models import User, UserPool
from .user_models import SortedIndex

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
                entries = pending[name] = SortedIndex()
            entries.values.append(value)
            entries.keys.append(key)

    def close(self) -> None:
        """Sort the pending entries into the pool's indexes (safe to call more than once)."""
        for name, new in self.pending.items():
            index = _index(self.pool, name)
            if len(new.values) < 16:
                for value, key in zip(new.values, new.keys):
                    _insert(index, value, key)
            else:
                index.values, index.keys = _sorted(index.values + new.values, index.keys + new.keys)
        self.pending = {}


def _sorted(values: list[str], keys: list[str]) -> tuple[list[str], list[str]]:
    """The pairs in (value, key) order, without making a tuple a pair: by value, then each run of equal
    values (a status, a family name) by key."""
    order = sorted(range(len(values)), key=values.__getitem__)
    values, keys = [values[i] for i in order], [keys[i] for i in order]
    del order
    at, end = 0, len(values)
    while at < end:
        stop = bisect_right(values, values[at], at)
        if stop - at > 1:
            keys[at:stop] = sorted(keys[at:stop])
        at = stop
    return values, keys


def update(pool: UserPool, key: str, before: dict[str, str] | None, user: User | None) -> None:
    """Move ``key``'s entries from ``before`` (None: new user) to ``user``'s values (None: deleted)."""
    after = keys_of(user) if user is not None else {}
    for name in set(before or ()) | set(after):
        old, new = (before or {}).get(name), after.get(name)
        if old == new:
            continue
        index = _index(pool, name)
        if old is not None:
            at = _left(index, old, key)
            if at < len(index.values) and index.values[at] == old and index.keys[at] == key:
                del index.values[at]
                del index.keys[at]
        if new is not None:
            _insert(index, new, key)


def key_of_sub(pool: UserPool, sub: str) -> str | None:
    """The key of the user whose ``sub`` it is (a look-up by sub: the ``sub`` index, subs being unique;
    a bulk load's users are found once its batch is closed)."""
    index = pool.search.get("sub")
    if index is None:
        return None
    values = index.values
    at = bisect_left(values, sub)
    return index.keys[at] if at < len(values) and values[at] == sub else None


def matches(pool: UserPool, attribute: str, prefix: bool, value: str,
            after: tuple[str, str] | None) -> Iterator[tuple[str, str]]:
    """Entries (value, key) equal to / starting with ``value``, from just past ``after``."""
    index = pool.search.get(attribute)
    if index is None:
        return
    if not SEARCHABLE[attribute]:
        value = value.lower()
    values, keys = index.values, index.keys
    start = _past(index, after) if after else bisect_left(values, value)
    for at in range(start, len(values)):
        found = values[at]
        if not (found.startswith(value) if prefix else found == value):
            return                      # matches are contiguous in sorted order
        yield found, keys[at]


def every(pool: UserPool, after: tuple[str, str] | None) -> Iterator[tuple[str, str]]:
    """All users in username order (ListUsers without a filter)."""
    index = pool.search.get("username")
    if index is None:
        return
    values, keys = index.values, index.keys
    for at in range(_past(index, after) if after else 0, len(values)):
        yield values[at], keys[at]


def _index(pool: UserPool, name: str) -> SortedIndex:
    index = pool.search.get(name)
    if index is None:
        index = pool.search[name] = SortedIndex()
    return index


def _left(index: SortedIndex, value: str, key: str) -> int:
    """Where (value, key) is, or would go, in pair order (bisect_left of the pair)."""
    lo = bisect_left(index.values, value)
    return bisect_left(index.keys, key, lo, bisect_right(index.values, value, lo))


def _past(index: SortedIndex, after) -> int:
    """Just past the pair ``after`` (a page token's last entry) in pair order (bisect_right of the pair)."""
    value, key = (*map(str, after), "", "")[:2]
    lo = bisect_left(index.values, value)
    return bisect_right(index.keys, key, lo, bisect_right(index.values, value, lo))


def _insert(index: SortedIndex, value: str, key: str) -> None:
    at = _left(index, value, key)
    index.values.insert(at, value)
    index.keys.insert(at, key)


def rebuild(pool: UserPool) -> None:
    """Make ``pool.search`` anew from its users (a state loaded from a file does not keep it)."""
    pool.search = {}
    batch = Batch(pool)
    for key, user in dict.items(pool.users):
        batch.add(key, user)
    batch.close()
