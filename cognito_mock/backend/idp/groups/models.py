"""Group entities."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..concept_state import ConceptState
from ..users.user_models import User


@dataclass(slots=True)
class Group:
    """A user pool group (CRUD in groups.py; membership in membership.py)."""

    name: str
    description: str | None
    role_arn: str | None
    precedence: int | None
    created: datetime
    modified: datetime


@dataclass(slots=True)
class GroupsState(ConceptState):
    """A pool's groups and their members (groups.py, membership.py; each user keeps its groups too)."""

    by_name: dict[str, Group] = field(default_factory=dict)          # group name -> Group
    members: dict[str, list[str]] = field(default_factory=dict)     # group name -> sorted user keys

    def forget_user(self, key: str, user: User) -> None:
        for group in user.groups:
            members = self.members.get(group)
            if members and key in members:
                members.remove(key)
