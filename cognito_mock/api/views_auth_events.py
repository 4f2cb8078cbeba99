"""Auth events (threat protection) -> AuthEventType."""
from __future__ import annotations

from typing import Any

from ..backend.idp.auth_events import AuthEvent


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
