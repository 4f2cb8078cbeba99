"""cognito-sync: datasets and records of an identity."""
from __future__ import annotations

from datetime import datetime, timezone

from ...backend.sync import datasets
from ...errors import InvalidParameterException
from ...support.paging import BadToken, page
from ..registry import SYNC, Context, action
from . import views

DEFAULT_PAGE = 1024


def _page(items, params, key):
    try:
        return page(items, params.get("NextToken"), params.get("MaxResults") or DEFAULT_PAGE, key=key)
    except BadToken:
        raise InvalidParameterException("Invalid NextToken.") from None


@action(SYNC, "ListDatasets")
def list_datasets(ctx: Context, params: dict) -> dict:
    found = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"], must_exist=False)
    owned = datasets.datasets_of(found[1], params["IdentityId"]) if found else []
    chunk, token = _page(owned, params, key=lambda d: d.name)
    return {"Datasets": [views.dataset(d) for d in chunk], "Count": len(chunk), "NextToken": token}


@action(SYNC, "DescribeDataset")
def describe_dataset(ctx: Context, params: dict) -> dict:
    _, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    return {"Dataset": views.dataset(datasets.find(sync, params["IdentityId"], params["DatasetName"]))}


@action(SYNC, "DeleteDataset")
def delete_dataset(ctx: Context, params: dict) -> dict:
    _, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    return {"Dataset": views.dataset(datasets.delete(ctx.env, sync, params["IdentityId"], params["DatasetName"]))}


@action(SYNC, "ListRecords")
def list_records(ctx: Context, params: dict) -> dict:
    found = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"], must_exist=False)
    if found is None:
        raise InvalidParameterException(f"IdentityPool '{params['IdentityPoolId']}' not found.")
    sync, identity_id, name = found[1], params["IdentityId"], params["DatasetName"]
    last = params.get("LastSyncCount")
    chunk, token = _page(datasets.changes(sync, identity_id, name, last), params, key=lambda r: [r.sync_count, r.key])
    dataset = sync.datasets.get(identity_id, {}).get(name)
    return {"Records": [views.record(r) for r in chunk], "NextToken": token, "Count": len(chunk),
            "DatasetSyncCount": dataset.sync_count if dataset else 0,
            "LastModifiedBy": dataset.modified_by if dataset else None,
            "MergedDatasetNames": datasets.merged_names(sync, identity_id, name) or None,
            "DatasetExists": dataset is not None,
            "DatasetDeletedAfterRequestedSyncCount": datasets.deleted_after(sync, identity_id, name, last),
            "SyncSessionToken": datasets.open_session(ctx.env, sync, identity_id, name)}


@action(SYNC, "UpdateRecords")
def update_records(ctx: Context, params: dict) -> dict:
    state, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    identity_id = params["IdentityId"]
    datasets.check_identity(ctx.store, sync.pool_id, identity_id)
    patches = [datasets.Patch(p["Op"], p["Key"], p.get("Value"), p["SyncCount"], _when(p.get("DeviceLastModifiedDate")))
               for p in params.get("RecordPatches") or []]
    written = datasets.update(ctx.env, sync, identity_id, params["DatasetName"], params["SyncSessionToken"],
                              patches, modified_by=identity_id, region=state.region)
    return {"Records": [views.record(r) for r in written]}


def _when(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromtimestamp(float(value), tz=timezone.utc)
