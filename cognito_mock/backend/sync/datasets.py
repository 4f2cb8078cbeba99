"""Datasets and records: sync sessions, conflict detection by SyncCount, AWS's limits.

A dataset's SyncCount goes up by one with each UpdateRecords that changes it; every record it
changes takes the new count. A patch names the SyncCount it was based on (0 for a new record);
any other value is a conflict, and the whole call changes nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ...errors import (InvalidParameterException, LimitExceededException, ResourceConflictException,
                       ResourceNotFoundException)
from ..store import Env, RegionState, Store
from . import events
from .models import Dataset, Record, SyncPool, SyncSession

MAX_DATASETS = 20                 # per identity
MAX_RECORDS = 1024                # per dataset
MAX_STORAGE = 1024 * 1024         # bytes per dataset
SESSION_SECONDS = 3600
BAD_SESSION = "SyncSessionToken not valid for these inputs"


@dataclass(slots=True, frozen=True)
class Patch:
    op: str                       # replace | remove
    key: str
    value: str | None
    sync_count: int
    device_modified: datetime | None = None


def sync_pool(store: Store, region: str, pool_id: str, *, must_exist: bool = True) -> tuple[RegionState, SyncPool] | None:
    """The sync state of an identity pool (found through the index, in the caller's region)."""
    where = store.index.identity_pools.get(pool_id)
    if where is None or where[1] != region:
        if must_exist:
            raise ResourceNotFoundException(f"IdentityPool '{pool_id}' not found.")
        return None
    state = store.region(*where)
    return state, state.sync.setdefault(pool_id, SyncPool(pool_id))


def check_identity(store: Store, pool_id: str, identity_id: str) -> None:
    where = store.index.identities.get(identity_id)
    if where is None or where[2] != pool_id:
        raise ResourceNotFoundException(f"Identity '{identity_id}' not found.")


def datasets_of(sync: SyncPool, identity_id: str) -> list[Dataset]:
    return sorted(sync.datasets.get(identity_id, {}).values(), key=lambda d: d.name)


def find(sync: SyncPool, identity_id: str, name: str) -> Dataset:
    dataset = sync.datasets.get(identity_id, {}).get(name)
    if dataset is None:
        raise ResourceNotFoundException(f"Dataset '{name}' not found.")
    return dataset


def delete(env: Env, sync: SyncPool, identity_id: str, name: str) -> Dataset:
    """DeleteDataset; a dataset merged into another identity's stops being reported as a merge."""
    dataset = find(sync, identity_id, name)
    del sync.datasets[identity_id][name]
    if dataset.merge_root is not None:
        merged = sync.merged.get((identity_id, dataset.merge_root), [])
        if name in merged:
            merged.remove(name)
        if not merged:
            sync.merged.pop((identity_id, dataset.merge_root), None)
    sync.deleted.setdefault(identity_id, {})[name] = dataset.sync_count
    sync.modified = env.clock.now_dt()
    return dataset


def merged_names(sync: SyncPool, identity_id: str, name: str) -> list[str]:
    """ListRecords' MergedDatasetNames: datasets of merged-away identities reported under ``name``."""
    return sorted(sync.merged.get((identity_id, name), []))


def open_session(env: Env, sync: SyncPool, identity_id: str, name: str) -> str:
    token = env.ids.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 44)
    now = env.clock.now()
    for old in [t for t, s in sync.sessions.items() if s.expires_at <= now]:
        expired = sync.sessions.pop(old)
        sync.identity_sessions.get(expired.identity_id, set()).discard(old)
    sync.sessions[token] = SyncSession(identity_id, name, now + SESSION_SECONDS)
    sync.identity_sessions.setdefault(identity_id, set()).add(token)
    sync.session_count += 1
    return token


def changes(sync: SyncPool, identity_id: str, name: str, last_sync_count: int | None) -> list[Record]:
    """Records changed after ``last_sync_count`` (removals included only for a client that has
    synced before), in SyncCount order."""
    dataset = sync.datasets.get(identity_id, {}).get(name)
    if dataset is None:
        return []
    since = last_sync_count or 0
    found = [r for r in dataset.records.values()
             if r.sync_count > since and (r.value is not None or last_sync_count is not None)]
    return sorted(found, key=lambda r: (r.sync_count, r.key))


def deleted_after(sync: SyncPool, identity_id: str, name: str, last_sync_count: int | None) -> bool:
    at = sync.deleted.get(identity_id, {}).get(name)
    return at is not None and last_sync_count is not None and last_sync_count > 0 and name not in sync.datasets.get(identity_id, {})


def update(env: Env, sync: SyncPool, identity_id: str, name: str, session_token: str, patches: list[Patch],
           modified_by: str, region: str = "") -> list[Record]:
    """UpdateRecords: every conflict and limit is checked, then the pool's SyncTrigger (if any) may
    rewrite the change, then the result is checked again and stored in one step."""
    session = sync.sessions.get(session_token)
    if (session is None or session.identity_id != identity_id or session.dataset != name
            or env.clock.now() >= session.expires_at):
        raise InvalidParameterException(BAD_SESSION)
    owned = sync.datasets.get(identity_id, {})
    dataset = owned.get(name)
    _check(patches, dataset, len(owned))
    if not patches:
        return []
    devices = {p.key: p.device_modified for p in patches}
    writes = {p.key: (p.value if p.op == "replace" else None) for p in patches}
    trigger = sync.events.get(events.SYNC_TRIGGER)
    if trigger:
        writes = events.run(env, trigger, region=region, pool_id=sync.pool_id, identity_id=identity_id, name=name,
                            dataset=dataset, patches=patches)
        _check_limits({**{k: r.value for k, r in (dataset.records if dataset else {}).items()}, **writes},
                      dataset is None and bool(writes), len(owned))
        if not writes:
            return []
    now = env.clock.now_dt()
    if dataset is None:
        dataset = sync.datasets.setdefault(identity_id, {})[name] = Dataset(name, identity_id, now, now, modified_by)
        sync.deleted.get(identity_id, {}).pop(name, None)
    dataset.sync_count += 1
    written = []
    for key, value in writes.items():
        record = Record(key, value, dataset.sync_count, now, modified_by, devices.get(key))
        dataset.records[key] = record
        written.append(record)
    dataset.modified, dataset.modified_by = now, modified_by
    sync.modified = now
    return written


def _check(patches: list[Patch], dataset: Dataset | None, dataset_count: int) -> None:
    """Every conflict and limit, before anything changes."""
    records = {k: r.value for k, r in dataset.records.items()} if dataset else {}
    for patch in patches:
        if patch.op == "replace" and patch.value is None:
            raise InvalidParameterException(f"Value is required to replace record {patch.key}")
        current = dataset.records[patch.key].sync_count if dataset and patch.key in dataset.records else 0
        if patch.sync_count != current:
            raise ResourceConflictException(f"Current SyncCount for: {patch.key} is: {current} not: {patch.sync_count}")
        records[patch.key] = patch.value if patch.op == "replace" else None
    _check_limits(records, dataset is None and bool(patches), dataset_count)


def _check_limits(values: dict[str, str | None], creates: bool, dataset_count: int) -> None:
    """The limits on a dataset holding ``values`` (key -> value, None: removed)."""
    if creates and dataset_count >= MAX_DATASETS:
        raise LimitExceededException(f"The maximum number of datasets per identity ({MAX_DATASETS}) has been reached.")
    live = {k: v for k, v in values.items() if v is not None}
    if len(live) > MAX_RECORDS:
        raise LimitExceededException(f"The maximum number of records per dataset ({MAX_RECORDS}) has been exceeded.")
    if sum(len(k.encode()) + len(v.encode()) for k, v in live.items()) > MAX_STORAGE:
        raise LimitExceededException("The maximum dataset size (1 MB) has been exceeded.")


# -- identities that go away ---------------------------------------------------------------------

def merge_identity(sync: SyncPool, source_id: str, destination_id: str) -> None:
    """``source_id`` was merged into ``destination_id``: its datasets move over as
    ``{name}.{source_id}``, reported under their root name as MergedDatasetNames; the rest of its
    sync data (tombstones, sessions, devices and subscriptions) goes with the source identity."""
    moved = sync.datasets.pop(source_id, {})
    target = sync.datasets.setdefault(destination_id, {}) if moved else {}
    for dataset in moved.values():
        root = dataset.merge_root or dataset.name
        sync.merged.pop((source_id, root), None)
        dataset.name, dataset.identity_id, dataset.merge_root = f"{dataset.name}.{source_id}", destination_id, root
        target[dataset.name] = dataset
        names = sync.merged.setdefault((destination_id, root), [])
        if dataset.name not in names:
            names.append(dataset.name)
    forget_identity(sync, source_id)


def forget_identity(sync: SyncPool, identity_id: str) -> None:
    """Everything cognito-sync holds for a deleted identity, with every index that points at it."""
    for dataset in sync.datasets.pop(identity_id, {}).values():
        if dataset.merge_root is not None:
            sync.merged.pop((identity_id, dataset.merge_root), None)
    sync.deleted.pop(identity_id, None)
    for token in sync.identity_sessions.pop(identity_id, set()):
        sync.sessions.pop(token, None)
    for device_id in sync.identity_devices.pop(identity_id, set()):
        device = sync.devices.pop(device_id, None)
        if device is not None:
            sync.device_keys.pop((identity_id, device.platform, device.token), None)
