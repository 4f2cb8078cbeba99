"""Threat protection entities: risk configuration, log delivery, the pool's security state."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..concept_state import ConceptState

if TYPE_CHECKING:
    from ...store import Indexes


@dataclass(slots=True)
class RiskConfiguration:
    client_id: str | None                 # None: the pool-wide configuration
    compromised_credentials: dict[str, Any] | None
    account_takeover: dict[str, Any] | None
    ip_ranges: dict[str, Any] | None
    modified: datetime


@dataclass(slots=True)
class LogDeliveryTarget:
    event_source: str                     # userNotification, userAuthEvents
    log_level: str                        # ERROR, INFO
    destination: str                      # cloudwatch, s3, firehose
    arn: str


@dataclass(slots=True)
class SecurityState(ConceptState):
    """A pool's threat protection settings (risk.py, adaptive.py)."""

    risk_configurations: dict[str, RiskConfiguration] = field(default_factory=dict)   # client id or "" -> its configuration
    log_delivery: list[LogDeliveryTarget] = field(default_factory=list)
    compromised_passwords: set[str] = field(default_factory=set)   # test hook: SHA-256 of "breached" passwords

    def forget_client(self, index: Indexes, client_id: str) -> None:
        self.risk_configurations.pop(client_id, None)
