"""cognito-sync entities as AWS dicts."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...backend.sync.models import Dataset, Record, SyncPool


def dataset(d: Dataset) -> dict[str, Any]:
    return {"IdentityId": d.identity_id, "DatasetName": d.name, "CreationDate": d.created,
            "LastModifiedDate": d.modified, "LastModifiedBy": d.modified_by, "DataStorage": d.storage,
            "NumRecords": d.live_records}


def record(r: Record) -> dict[str, Any]:
    return {"Key": r.key, "Value": r.value, "SyncCount": r.sync_count, "LastModifiedDate": r.modified,
            "LastModifiedBy": r.modified_by, "DeviceLastModifiedDate": r.device_modified}


def pool_usage(sync: SyncPool) -> dict[str, Any]:
    storage = sum(d.storage for owned in sync.datasets.values() for d in owned.values())
    return {"IdentityPoolId": sync.pool_id, "SyncSessionsCount": sync.session_count, "DataStorage": storage,
            "LastModifiedDate": sync.modified}


def identity_usage(sync: SyncPool, identity_id: str) -> dict[str, Any]:
    owned = list(sync.datasets.get(identity_id, {}).values())
    modified = max((d.modified for d in owned), default=None)
    return {"IdentityId": identity_id, "IdentityPoolId": sync.pool_id, "LastModifiedDate": modified,
            "DatasetCount": len(owned), "DataStorage": sum(d.storage for d in owned)}


def configuration(sync: SyncPool) -> dict[str, Any]:
    push, streams = sync.push_sync, sync.cognito_streams
    return {"IdentityPoolId": sync.pool_id,
            "PushSync": None if push is None else _given({"ApplicationArns": push.application_arns,
                                                          "RoleArn": push.role_arn}),
            "CognitoStreams": None if streams is None else _given({
                "StreamName": streams.stream_name, "RoleArn": streams.role_arn,
                "StreamingStatus": streams.streaming_status})}


def _given(members: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in members.items() if v is not None}


def epoch(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=timezone.utc)
