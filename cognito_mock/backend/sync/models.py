"""cognito-sync entities: datasets of key/value records per identity, and per-pool settings."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class Record:
    key: str
    value: str | None               # None: removed (kept so other devices learn of the removal)
    sync_count: int
    modified: datetime
    modified_by: str
    device_modified: datetime | None = None

    @property
    def size(self) -> int:
        return len(self.key.encode()) + len((self.value or "").encode())


@dataclass(slots=True)
class Dataset:
    name: str
    identity_id: str
    created: datetime
    modified: datetime
    modified_by: str
    sync_count: int = 0
    records: dict[str, Record] = field(default_factory=dict)
    merge_root: str | None = None   # merged in from another identity: the dataset name it is reported under

    @property
    def live_records(self) -> int:
        return sum(1 for r in self.records.values() if r.value is not None)

    @property
    def storage(self) -> int:
        return sum(r.size for r in self.records.values() if r.value is not None)


@dataclass(slots=True)
class SyncSession:
    identity_id: str
    dataset: str
    expires_at: float


@dataclass(slots=True)
class PushDevice:
    id: str
    identity_id: str
    platform: str
    token: str
    subscriptions: set[str] = field(default_factory=set)    # dataset names


@dataclass(slots=True)
class BulkPublish:
    started: float
    completes: float


@dataclass(slots=True)
class PushSync:
    """SetIdentityPoolConfiguration's PushSync (a member left out: None)."""
    application_arns: list[str] | None = None
    role_arn: str | None = None


@dataclass(slots=True)
class CognitoStreams:
    """SetIdentityPoolConfiguration's CognitoStreams (a member left out: None; the status DISABLED)."""
    stream_name: str | None = None
    role_arn: str | None = None
    streaming_status: str = "DISABLED"


@dataclass(slots=True)
class SyncPool:
    """Everything cognito-sync holds for one identity pool."""

    pool_id: str
    datasets: dict[str, dict[str, Dataset]] = field(default_factory=dict)   # identity id -> name -> Dataset
    deleted: dict[str, dict[str, int]] = field(default_factory=dict)       # identity -> name -> sync count at deletion
    merged: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (identity, root name) -> merged names
    sessions: dict[str, SyncSession] = field(default_factory=dict)        # SyncSessionToken -> session
    identity_sessions: dict[str, set[str]] = field(default_factory=dict)  # identity -> its session tokens
    session_count: int = 0
    modified: datetime | None = None
    push_sync: PushSync | None = None
    cognito_streams: CognitoStreams | None = None
    events: dict[str, str] = field(default_factory=dict)
    devices: dict[str, PushDevice] = field(default_factory=dict)
    device_keys: dict[tuple[str, str, str], str] = field(default_factory=dict)   # (identity, platform, token) -> id
    identity_devices: dict[str, set[str]] = field(default_factory=dict)          # identity -> its device ids
    bulk_publish: BulkPublish | None = None
