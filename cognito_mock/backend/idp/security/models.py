"""Threat protection entities: risk configuration, log delivery, the pool's security state."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


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
