"""Group entities."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(slots=True)
class Group:
    """A user pool group (CRUD in groups.py; membership in membership.py)."""

    name: str
    description: str | None
    role_arn: str | None
    precedence: int | None
    created: datetime
    modified: datetime
