"""Request members -> domain values for cognito-sync (the mirror image of views.py)."""
from __future__ import annotations

from typing import Any

from ...backend.sync.models import CognitoStreams, PushSync


def push_sync(spec: dict[str, Any] | None) -> PushSync | None:
    if spec is None:
        return None
    arns = spec.get("ApplicationArns")
    return PushSync(None if arns is None else list(arns), spec.get("RoleArn"))


def cognito_streams(spec: dict[str, Any] | None) -> CognitoStreams | None:
    if spec is None:
        return None
    return CognitoStreams(spec.get("StreamName"), spec.get("RoleArn"), spec.get("StreamingStatus") or "DISABLED")
