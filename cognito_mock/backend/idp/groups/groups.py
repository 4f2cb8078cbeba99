"""User pool groups: create, read, update, delete (membership lives in membership.py)."""
from __future__ import annotations

from ....errors import GroupExistsException, LimitExceededException, ResourceNotFoundException
from ...store import Env
from ..models import UserPool
from .models import Group

MAX_GROUPS = 10000
NOT_FOUND = "Group not found."                       # AWS's text (amplify-cli#2214 quotes it)
EXISTS = "A group with the name already exists"      # AWS's text (amplify-backend#1781, moto): no name in it


def find(pool: UserPool, name: str) -> Group:
    group = pool.groups.by_name.get(name)
    if group is None:
        raise ResourceNotFoundException(NOT_FOUND)
    return group


def create(env: Env, pool: UserPool, name: str, description: str | None, role_arn: str | None,
           precedence: int | None) -> Group:
    if name in pool.groups.by_name:
        raise GroupExistsException(EXISTS)
    if len(pool.groups.by_name) >= MAX_GROUPS:
        raise LimitExceededException(f"The user pool already has the maximum of {MAX_GROUPS} groups.")
    now = env.clock.now_dt()
    group = Group(name=name, description=description, role_arn=role_arn, precedence=precedence,
                  created=now, modified=now)
    pool.groups.by_name[name] = group
    return group


_UNSET = object()


def update(env: Env, group: Group, *, description=_UNSET, role_arn=_UNSET, precedence=_UNSET) -> None:
    """UpdateGroup: the members given replace the group's; the others stay."""
    if description is not _UNSET:
        group.description = description
    if role_arn is not _UNSET:
        group.role_arn = role_arn
    if precedence is not _UNSET:
        group.precedence = precedence
    group.modified = env.clock.now_dt()


def delete(pool: UserPool, group: Group) -> None:
    """Drop the group and every membership in it (the users keep their other groups)."""
    del pool.groups.by_name[group.name]
    for user_key in pool.groups.members.pop(group.name, ()):
        user = pool.users.get(user_key)
        if user is not None:
            user.groups.discard(group.name)


def ordered(pool: UserPool) -> list[Group]:
    return sorted(pool.groups.by_name.values(), key=lambda g: g.name)
