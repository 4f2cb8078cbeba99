"""What every concept's slice of pool state can be asked (``UserPool.forget_client``, ``forget``):
the one mechanism by which deleting an app client, a user or a pool reaches every concept.

A concept's state object (``ClientsState``, ``BrandingState``...; each in its concept's models.py)
subclasses ``ConceptState`` and overrides what it keeps: adding a concept is one more field of
``UserPool`` named in ``UserPool.CONCEPTS``, and nothing else has to know what it holds.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import Indexes
    from .users.user_models import User


class ConceptState:
    __slots__ = ()

    def forget_client(self, index: Indexes, client_id: str) -> None:
        """Drop what this concept keeps for app client ``client_id``, which is being deleted."""

    def forget_user(self, key: str, user: User) -> None:
        """Drop what this concept keeps for ``user`` (stored under ``key``), who is being deleted."""

    def forget_provider(self, name: str) -> None:
        """Drop what this concept keeps for identity provider ``name``, which is being deleted."""

    def forget_pool(self, index: Indexes, region: str) -> None:
        """Drop this concept's global index entries of a pool that is being deleted."""
