"""The per-pool user indexes ListUsers searches (DESIGN rule 7): no scan of the pool, ever.

For every attribute AWS lets ListUsers filter on, ``pool.search[attr]`` is a sorted list of
(value, user key). ``=`` and ``^=`` are a bisect to the first candidate and a walk of one page.
``users.py`` calls ``update`` in the same step as every change of a user (create, attributes,
status, enable/disable, delete), so the indexes never drift.
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


def keys_of(user: User) -> dict[str, str]:
    """The value of each searchable attribute of ``user`` as stored in the index."""
    out = {"username": user.username, "cognito:user_status": user.status.value,
           "status": "enabled" if user.enabled else "disabled", "sub": user.sub}
    for name in ("email", "phone_number", "name", "given_name", "family_name", "preferred_username"):
        value = user.attributes.get(name)
        if value is not None:
            out[name] = value
    return {name: value if SEARCHABLE[name] else value.lower() for name, value in out.items()}


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


def rebuild(pool: UserPool) -> None:
    """Make ``pool.search`` anew from its users (a state loaded from a file does not keep it)."""
    search: dict[str, list[tuple[str, str]]] = {}
    for key, user in dict.items(pool.users):
        for name, value in keys_of(user).items():
            search.setdefault(name, []).append((value, key))
    for entries in search.values():
        entries.sort()
    pool.search = search
