"""Risk configuration, log delivery and auth events -> AWS-shaped dicts."""
from __future__ import annotations

import copy
from typing import Any

from ....backend.idp.security.models import AuthEvent, LogDeliveryTarget, RiskConfiguration


def risk_configuration(pool_id: str, risk: RiskConfiguration | None, client_id: str | None) -> dict[str, Any]:
    if risk is None:
        return {"UserPoolId": pool_id, "ClientId": client_id}
    return {
        "UserPoolId": pool_id,
        "ClientId": risk.client_id,
        **copy.deepcopy(risk.echo),
        "LastModifiedDate": risk.modified,
    }


_DESTINATION_MEMBER = {"cloudwatch": ("CloudWatchLogsConfiguration", "LogGroupArn"),
                       "s3": ("S3Configuration", "BucketArn"),
                       "firehose": ("FirehoseConfiguration", "StreamArn")}


def log_delivery(pool_id: str, targets: list[LogDeliveryTarget]) -> dict[str, Any]:
    configs = []
    for t in targets:
        member, arn_member = _DESTINATION_MEMBER[t.destination]
        configs.append({"LogLevel": t.log_level, "EventSource": t.event_source, member: {arn_member: t.arn}})
    return {"UserPoolId": pool_id, "LogConfigurations": configs}


def auth_event(e: AuthEvent) -> dict[str, Any]:
    c = e.context
    context = {"IpAddress": c.ip, "DeviceName": c.device_name, "Timezone": c.timezone, "City": c.city,
               "Country": c.country}
    return {
        "EventId": e.id,
        "EventType": e.type,
        "CreationDate": e.created,
        "EventResponse": e.response,
        "EventRisk": {"RiskDecision": e.risk_decision, "RiskLevel": e.risk_level,
                      "CompromisedCredentialsDetected": e.compromised},
        "ChallengeResponses": [{"ChallengeName": name, "ChallengeResponse": result} for name, result in e.challenges],
        "EventContextData": context if any(v is not None for v in context.values()) else None,
        "EventFeedback": ({"FeedbackValue": e.feedback_value, "Provider": e.feedback_provider,
                           "FeedbackDate": e.feedback_date} if e.feedback_value else None),
    }
