"""Threat protection entities: risk configuration, log delivery, the pool's security state."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..concept_state import ConceptState

if TYPE_CHECKING:
    from ...store import Indexes


@dataclass(slots=True)
class CompromisedCredentials:
    """CompromisedCredentialsRiskConfiguration: for which events, and whether to block."""

    event_filter: list[str] | None = None    # SIGN_IN, SIGN_UP, PASSWORD_CHANGE; None: not given (each check's default)
    block: bool = False                      # Actions.EventAction BLOCK (else NO_ACTION)


@dataclass(slots=True)
class TakeoverAction:
    """What adaptive authentication does at one risk level (AccountTakeoverActionType)."""

    event_action: str = "NO_ACTION"          # BLOCK, MFA_IF_CONFIGURED, MFA_REQUIRED, NO_ACTION
    notify: bool = False


@dataclass(slots=True)
class NotifyEmail:
    """One of NotifyConfiguration's templates (BlockEmail, NoActionEmail, MfaEmail)."""

    subject: str | None = None
    body: str | None = None                  # TextBody, else HtmlBody


@dataclass(slots=True)
class AccountTakeover:
    """AccountTakeoverRiskConfiguration: an action per risk level and the notification emails."""

    actions: dict[str, TakeoverAction] = field(default_factory=dict)   # Low, Medium, High -> action
    source_arn: str | None = None                                       # NotifyConfiguration.SourceArn
    emails: dict[str, NotifyEmail] = field(default_factory=dict)       # BlockEmail, NoActionEmail, MfaEmail


@dataclass(slots=True)
class RiskExceptions:
    """RiskExceptionConfiguration: IP ranges (CIDR) always blocked, and never assessed."""

    blocked: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


@dataclass(slots=True)
class RiskConfiguration:
    client_id: str | None                 # None: the pool-wide configuration
    compromised: CompromisedCredentials | None
    takeover: AccountTakeover | None
    exceptions: RiskExceptions | None
    modified: datetime
    echo: dict[str, Any] = field(default_factory=dict)   # the three members as given, for DescribeRiskConfiguration


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


@dataclass(slots=True)
class EventContext:
    """EventContextData: what the request's ContextData / UserContextData told about the client."""

    ip: str | None = None
    device_name: str | None = None
    timezone: str | None = None
    city: str | None = None
    country: str | None = None


@dataclass(slots=True)
class AuthEvent:
    id: str
    type: str
    created: datetime
    seq: int                                   # position in the user's history (newest is highest)
    feedback_token: str                        # what the notification email's links carry
    context: EventContext
    response: str = "InProgress"              # auth_events: Pass, Fail, InProgress
    risk_decision: str = "NoRisk"             # auth_events: NoRisk, AccountTakeover, Block
    risk_level: str | None = None
    compromised: bool = False
    challenges: list[tuple[str, str]] = field(default_factory=list)   # (Password|Mfa, Success|Failure)
    action: str = "allow"                      # what adaptive authentication decided (adaptive.py)
    feedback_value: str | None = None
    feedback_provider: str | None = None
    feedback_date: datetime | None = None


@dataclass(slots=True)
class AuthEventLog:
    """A user's history: ``events`` newest first, ``by_id`` their index; ``next_risk``: the risk
    level a test set for the next sign-in (adaptive.RiskHooks)."""

    events: list[AuthEvent] = field(default_factory=list)
    by_id: dict[str, AuthEvent] = field(default_factory=dict)
    seq: int = 0
    next_risk: str | None = None
