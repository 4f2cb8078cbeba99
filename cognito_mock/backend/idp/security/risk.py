"""Threat protection settings: risk configuration (pool-wide or per client) and log delivery.
Stored and validated here; adaptive authentication reads them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ....errors import InvalidParameterException, UserPoolAddOnNotEnabledException
from ...store import Env
from ..models import UserPool
from ..pools.pools import require_tier
from .models import (AccountTakeover, CompromisedCredentials, LogDeliveryTarget, RiskConfiguration,
                     RiskExceptions)

NOT_ENABLED = "Threat protection is not enabled for this user pool. Choose the Plus feature plan to use it."
NOTIFY_NEEDS_SOURCE = "NotifyConfiguration is required when a Notify action is enabled."
# event source -> (log level, destinations it can use)
_SOURCES = {"userNotification": ("ERROR", ("cloudwatch",)),
            "userAuthEvents": ("INFO", ("cloudwatch", "s3", "firehose"))}
_ARN_SERVICE = {"cloudwatch": ":logs:", "s3": ":s3:", "firehose": ":firehose:"}


def _require_threat_protection(pool: UserPool) -> None:
    if pool.tier != "PLUS" and pool.advanced_security_mode == "OFF":
        raise UserPoolAddOnNotEnabledException(NOT_ENABLED)


def find(pool: UserPool, client_id: str | None) -> RiskConfiguration | None:
    """DescribeRiskConfiguration: the client's own configuration, else the pool's."""
    _require_threat_protection(pool)
    if client_id and client_id in pool.security.risk_configurations:
        return pool.security.risk_configurations[client_id]
    return pool.security.risk_configurations.get("")


def set_configuration(env: Env, pool: UserPool, client_id: str | None, compromised: CompromisedCredentials | None,
                      takeover: AccountTakeover | None, exceptions: RiskExceptions | None,
                      echo: dict[str, Any]) -> RiskConfiguration:
    """``echo``: the configuration as given, for DescribeRiskConfiguration."""
    _require_threat_protection(pool)
    if takeover is not None and any(a.notify for a in takeover.actions.values()) and not takeover.source_arn:
        raise InvalidParameterException(NOTIFY_NEEDS_SOURCE)
    risk = RiskConfiguration(client_id=client_id, compromised=compromised, takeover=takeover, exceptions=exceptions,
                             modified=env.clock.now_dt(), echo=echo)
    pool.security.risk_configurations[client_id or ""] = risk
    return risk


@dataclass(slots=True)
class LogDeliveryRequest:
    """One LogConfigurationType: the source, its level, and the ARN of each destination given
    (``cloudwatch``, ``s3``, ``firehose``; None when the destination names none)."""
    event_source: str
    log_level: str
    destinations: dict[str, str | None]


def set_log_delivery(pool: UserPool, configurations: list[LogDeliveryRequest]) -> list[LogDeliveryTarget]:
    targets = [_target(pool, spec) for spec in configurations]
    sources = [t.event_source for t in targets]
    if len(set(sources)) != len(sources):
        raise InvalidParameterException("Only one log configuration per EventSource is allowed.")
    pool.security.log_delivery = targets
    return targets


def _target(pool: UserPool, spec: LogDeliveryRequest) -> LogDeliveryTarget:
    source, level = spec.event_source, spec.log_level
    expected_level, destinations = _SOURCES[source]
    if level != expected_level:
        raise InvalidParameterException(f"LogLevel {level} is not supported for EventSource {source}.")
    if source == "userAuthEvents":
        require_tier(pool, "User Auth Events Logging", "PLUS")
    if len(spec.destinations) != 1:
        raise InvalidParameterException("Exactly one log destination must be configured for each EventSource.")
    kind, arn = next(iter(spec.destinations.items()))
    if kind not in destinations:
        raise InvalidParameterException(f"EventSource {source} cannot be delivered to {kind}.")
    if not arn or _ARN_SERVICE[kind] not in arn:
        raise InvalidParameterException(f"Invalid destination ARN for EventSource {source}: {arn}")
    return LogDeliveryTarget(source, level, kind, arn)


def effective(pool: UserPool, client_id: str | None) -> RiskConfiguration | None:
    """The configuration adaptive authentication applies for ``client_id`` (its own, else the pool's)."""
    return pool.security.risk_configurations.get(client_id or "") or pool.security.risk_configurations.get("")
