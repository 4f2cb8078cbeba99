"""Per-pool cognito-sync settings: push sync and streams configuration, Cognito events, devices
and their subscriptions, bulk publish (IN_PROGRESS for one second of clock time, then SUCCEEDED)."""
from __future__ import annotations


from ...errors import (AlreadyStreamedException, DuplicateRequestException, InvalidConfigurationException,
                       InvalidParameterException, ResourceNotFoundException)
from ..store import Env
from .models import BulkPublish, CognitoStreams, PushDevice, PushSync, SyncPool

EVENT_TYPES = frozenset({"SyncTrigger"})
BULK_PUBLISH_SECONDS = 1
STREAM_AGAIN_AFTER = 24 * 3600


def configure(sync: SyncPool, push_sync: PushSync | None, cognito_streams: CognitoStreams | None) -> None:
    if cognito_streams is not None:
        streams = cognito_streams
        if streams.streaming_status == "ENABLED" and not (streams.stream_name and streams.role_arn):
            raise InvalidParameterException("StreamName and RoleArn are required to enable Cognito Streams.")
        sync.cognito_streams = cognito_streams
    if push_sync is not None:
        sync.push_sync = push_sync


def set_events(sync: SyncPool, events: dict[str, str]) -> None:
    unknown = sorted(set(events) - EVENT_TYPES)
    if unknown:
        raise InvalidParameterException(f"Invalid event type: {unknown[0]}")
    sync.events = {k: v for k, v in events.items() if v}


def register_device(env: Env, sync: SyncPool, identity_id: str, platform: str, token: str) -> PushDevice:
    if not (sync.push_sync and sync.push_sync.application_arns):
        raise InvalidConfigurationException("Push sync is not configured for this identity pool.")
    key = (identity_id, platform, token)
    device_id = sync.device_keys.get(key)
    if device_id is None:
        device_id = sync.device_keys[key] = env.ids.uuid()
        sync.devices[device_id] = PushDevice(device_id, identity_id, platform, token)
        sync.identity_devices.setdefault(identity_id, set()).add(device_id)
    return sync.devices[device_id]


def device(sync: SyncPool, identity_id: str, device_id: str) -> PushDevice:
    found = sync.devices.get(device_id)
    if found is None or found.identity_id != identity_id:
        raise ResourceNotFoundException(f"Device '{device_id}' not found.")
    return found


def bulk_publish(env: Env, sync: SyncPool) -> None:
    now = env.clock.now()
    current = sync.bulk_publish
    if current is not None and now < current.completes:
        raise DuplicateRequestException("A bulk publish operation is already in progress for this identity pool.")
    if current is not None and now < current.completes + STREAM_AGAIN_AFTER:
        raise AlreadyStreamedException("A bulk publish operation completed less than 24 hours ago for this identity pool.")
    if not (sync.cognito_streams and sync.cognito_streams.stream_name):
        raise InvalidParameterException("Cognito Streams is not configured for this identity pool.")
    sync.bulk_publish = BulkPublish(now, now + BULK_PUBLISH_SECONDS)


def bulk_publish_status(env: Env, sync: SyncPool) -> tuple[str, float | None, float | None]:
    """(status, start, completion): NOT_STARTED, IN_PROGRESS or SUCCEEDED."""
    current = sync.bulk_publish
    if current is None:
        return "NOT_STARTED", None, None
    if env.clock.now() < current.completes:
        return "IN_PROGRESS", current.started, None
    return "SUCCEEDED", current.started, current.completes
