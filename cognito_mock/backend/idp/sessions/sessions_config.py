"""Session management settings: the pool's session tracking and token-session cap
(Set/GetUserPoolSessionConfiguration) and an app client's SSO session reuse window
(Set/GetUserPoolClientSessionConfiguration). Both Set actions replace the whole configuration."""
from __future__ import annotations

from ....errors import OperationNotEnabledException
from ..clients.models import AppClient
from ..models import UserPool
from ..pools.pools import require_tier
from .models import SessionConfig

FEATURE = "Session Management"                                                        # guessed name
TRACKING_DISABLED = "Session tracking is not enabled for this user pool."             # guessed text


def effective(pool: UserPool) -> SessionConfig:
    """The pool's configuration, or AWS's defaults (DISABLED, 20 per user) when never set."""
    return pool.sessions.config or SessionConfig()


def set_pool(pool: UserPool, tracking: bool, max_per_user: int) -> SessionConfig:
    require_tier(pool, FEATURE, "ESSENTIALS", "PLUS")
    pool.sessions.config = SessionConfig(tracking=tracking, max_per_user=max_per_user)
    return pool.sessions.config


def set_client(pool: UserPool, client: AppClient, max_validity_minutes: int) -> None:
    """Needs tracking on; while it is off, clients keep what they had (dormant)."""
    require_tier(pool, FEATURE, "ESSENTIALS", "PLUS")
    if not effective(pool).tracking:
        raise OperationNotEnabledException(TRACKING_DISABLED)
    client.sso_session_max_minutes = max_validity_minutes
