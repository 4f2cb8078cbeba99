"""Group membership: both directions kept in step (user.groups and the pool's sorted member lists)."""
from __future__ import annotations

from bisect import bisect_left, insort

from ..models import User, UserPool
from . import groups
from .models import Group


def add(pool: UserPool, user: User, name: str) -> None:
    group = groups.find(pool, name)
    if group.name in user.groups:
        return
    user.groups.add(group.name)
    insort(pool.groups.members.setdefault(group.name, []), pool.user_key(user.username))


def remove(pool: UserPool, user: User, name: str) -> None:
    group = groups.find(pool, name)
    if group.name not in user.groups:
        return
    user.groups.discard(group.name)
    members = pool.groups.members.get(group.name, [])
    key = pool.user_key(user.username)
    at = bisect_left(members, key)
    if at < len(members) and members[at] == key:
        del members[at]


def groups_of(pool: UserPool, user: User) -> list[Group]:
    return sorted((pool.groups.by_name[n] for n in user.groups if n in pool.groups.by_name), key=lambda g: g.name)


def members(pool: UserPool, name: str) -> list[str]:
    """Sorted user keys of group ``name`` (ResourceNotFoundException for an unknown group)."""
    groups.find(pool, name)
    return pool.groups.members.get(name, [])
