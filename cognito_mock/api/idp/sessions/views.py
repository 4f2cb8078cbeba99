"""User sessions and session configuration -> AWS-shaped dicts."""
from __future__ import annotations

from typing import Any

from ....backend.idp.clients.models import AppClient
from ....backend.idp.models import UserSession
from ....backend.idp.sessions.models import SessionConfig


def user_session(s: UserSession, current_jti: str | None) -> dict[str, Any]:
    """SessionDescriptionType; IsCurrentSession for the caller's own sign-in (never for Admin*)."""
    return {"SessionId": s.id, "SessionType": s.kind, "ClientId": s.client_id, "CreateDate": s.created,
            "LastActiveDate": s.last_active, "DeviceType": s.device_type, "LastIPAddress": s.last_ip,
            "OriginSessionId": s.origin_session if s.kind == "TOKEN" else None,
            "IsCurrentSession": current_jti is not None and s.origin_jti == current_jti}


def pool_session_configuration(pool_id: str, config: SessionConfig) -> dict[str, Any]:
    return {"UserPoolId": pool_id, "UserSessionTracking": "ENABLED" if config.tracking else "DISABLED",
            "TokenSession": {"MaxPerUser": config.max_per_user}}


def client_session_configuration(pool_id: str, client: AppClient) -> dict[str, Any]:
    return {"UserPoolId": pool_id, "ClientId": client.id,
            "SSOSession": {"MaxValidityMinutes": client.sso_session_max_minutes}}
