"""Request members -> domain settings for threat protection (the mirror image of views.py)."""
from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from ....backend.idp.security.models import (AccountTakeover, CompromisedCredentials, EventContext, NotifyEmail,
                                             RiskExceptions, TakeoverAction)
from ....backend.idp.security.risk import LogDeliveryRequest

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


def event_context(given: dict[str, Any] | None) -> EventContext | None:
    """IpAddress from ContextData / UserContextData; device name from the User-Agent header, or from
    the EncodedData the context-data collection library makes (base64 JSON with a ``payload``
    whose ``contextData`` has UserAgent / DevicePlatform / ClientTimezone -- read best effort).
    City and country would need a geolocation database: a test may set them (adaptive.RiskHooks)."""
    if not given:
        return None
    headers = {h.get("headerName", "").lower(): h.get("headerValue") for h in given.get("HttpHeaders") or ()}
    data = _encoded(given.get("EncodedData"))
    return EventContext(ip=given.get("IpAddress"),
                        device_name=data.get("DeviceName") or data.get("UserAgent") or headers.get("user-agent"),
                        timezone=data.get("ClientTimezone"))


def _encoded(value: str | None) -> dict[str, Any]:
    if not value:
        return {}
    try:
        outer = json.loads(base64.b64decode(value + "=" * (-len(value) % 4)))
        payload = outer.get("payload")
        inner = json.loads(payload) if isinstance(payload, str) else outer
        found = inner.get("contextData", inner)
        return found if isinstance(found, dict) else {}
    except (binascii.Error, ValueError, AttributeError, UnicodeDecodeError):
        return {}


# LogConfigurationType's destination members: kind -> (member, the member holding its ARN)
_DESTINATIONS = {"cloudwatch": ("CloudWatchLogsConfiguration", "LogGroupArn"), "s3": ("S3Configuration", "BucketArn"),
                 "firehose": ("FirehoseConfiguration", "StreamArn")}


def log_delivery(configurations: list[dict[str, Any]]) -> list[LogDeliveryRequest]:
    """SetLogDeliveryConfiguration's LogConfigurations (an empty destination member counts as left out)."""
    return [LogDeliveryRequest(spec["EventSource"], spec["LogLevel"],
                               {kind: spec[member].get(arn) for kind, (member, arn) in _DESTINATIONS.items()
                                if spec.get(member)})
            for spec in configurations]
