"""Session management entities: the pool's session configuration."""
from __future__ import annotations

from dataclasses import dataclass

from ..concept_state import ConceptState


@dataclass(slots=True)
class SessionConfig:
    """SetUserPoolSessionConfiguration: server-side session tracking and the token sessions a
    user may hold. A pool that never set it has these defaults."""

    tracking: bool = False                # UserSessionTracking ENABLED / DISABLED
    max_per_user: int = 20                # TokenSession.MaxPerUser


@dataclass(slots=True)
class SessionsState(ConceptState):
    """A pool's session management settings (the sessions themselves are kept by each user)."""

    config: SessionConfig | None = None   # SetUserPoolSessionConfiguration; None: never set (defaults)
