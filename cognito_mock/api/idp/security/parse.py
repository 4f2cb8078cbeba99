"""Request members -> domain settings for threat protection (the mirror image of views.py)."""
from __future__ import annotations

from typing import Any

from ....backend.idp.security.models import (AccountTakeover, CompromisedCredentials, NotifyEmail, RiskExceptions,
                                             TakeoverAction)

RISK_MEMBERS = ("CompromisedCredentialsRiskConfiguration", "AccountTakeoverRiskConfiguration",
                "RiskExceptionConfiguration")
_EMAILS = ("BlockEmail", "NoActionEmail", "MfaEmail")


def compromised_credentials(spec: dict[str, Any] | None) -> CompromisedCredentials | None:
    if spec is None:
        return None
    event_filter = spec.get("EventFilter")
    return CompromisedCredentials(event_filter=list(event_filter) if event_filter else None,
                                  block=(spec.get("Actions") or {}).get("EventAction") == "BLOCK")


def account_takeover(spec: dict[str, Any] | None) -> AccountTakeover | None:
    if spec is None:
        return None
    actions = {member.removesuffix("Action"): TakeoverAction(event_action=action.get("EventAction", "NO_ACTION"),
                                                             notify=bool(action.get("Notify")))
               for member, action in (spec.get("Actions") or {}).items() if action}
    notify = spec.get("NotifyConfiguration") or {}
    emails = {name: NotifyEmail(subject=notify[name].get("Subject"),
                                body=notify[name].get("TextBody") or notify[name].get("HtmlBody"))
              for name in _EMAILS if notify.get(name)}
    return AccountTakeover(actions=actions, source_arn=notify.get("SourceArn"), emails=emails)


def risk_exceptions(spec: dict[str, Any] | None) -> RiskExceptions | None:
    if spec is None:
        return None
    return RiskExceptions(blocked=list(spec.get("BlockedIPRangeList") or ()),
                          skipped=list(spec.get("SkippedIPRangeList") or ()))
