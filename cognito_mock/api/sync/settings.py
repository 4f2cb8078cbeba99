"""cognito-sync: usage, pool configuration, Cognito events, devices and subscriptions, bulk publish."""
from __future__ import annotations

from ...backend.sync import datasets, settings
from ...errors import InvalidParameterException
from ...support.paging import BadToken, page
from ..registry import SYNC, Context, action
from . import parse, views


@action(SYNC, "DescribeIdentityPoolUsage")
def describe_identity_pool_usage(ctx: Context, params: dict) -> dict:
    _, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    return {"IdentityPoolUsage": views.pool_usage(sync)}


@action(SYNC, "ListIdentityPoolUsage")
def list_identity_pool_usage(ctx: Context, params: dict) -> dict:
    state = ctx.state
    pool_ids = sorted(state.identity_pools)
    limit = params.get("MaxResults") or 60
    try:
        chunk, token = page(pool_ids, params.get("NextToken"), limit, key=str)
    except BadToken:
        raise InvalidParameterException("Invalid NextToken.") from None
    usages = [views.pool_usage(datasets.sync_pool(ctx.store, ctx.region, pool_id)[1]) for pool_id in chunk]
    return {"IdentityPoolUsages": usages, "MaxResults": limit, "Count": len(usages), "NextToken": token}


@action(SYNC, "DescribeIdentityUsage")
def describe_identity_usage(ctx: Context, params: dict) -> dict:
    _, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    datasets.check_identity(ctx.store, sync.pool_id, params["IdentityId"])
    return {"IdentityUsage": views.identity_usage(sync, params["IdentityId"])}


@action(SYNC, "GetIdentityPoolConfiguration")
def get_identity_pool_configuration(ctx: Context, params: dict) -> dict:
    return views.configuration(datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])[1])


@action(SYNC, "SetIdentityPoolConfiguration")
def set_identity_pool_configuration(ctx: Context, params: dict) -> dict:
    _, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    settings.configure(sync, parse.push_sync(params.get("PushSync")),
                       parse.cognito_streams(params.get("CognitoStreams")))
    return views.configuration(sync)


@action(SYNC, "SetCognitoEvents")
def set_cognito_events(ctx: Context, params: dict) -> dict:
    settings.set_events(datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])[1], params["Events"])
    return {}


@action(SYNC, "GetCognitoEvents")
def get_cognito_events(ctx: Context, params: dict) -> dict:
    return {"Events": dict(datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])[1].events)}


@action(SYNC, "RegisterDevice")
def register_device(ctx: Context, params: dict) -> dict:
    _, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    datasets.check_identity(ctx.store, sync.pool_id, params["IdentityId"])
    device = settings.register_device(ctx.env, sync, params["IdentityId"], params["Platform"], params["Token"])
    return {"DeviceId": device.id}


@action(SYNC, "SubscribeToDataset")
def subscribe_to_dataset(ctx: Context, params: dict) -> dict:
    _, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    settings.device(sync, params["IdentityId"], params["DeviceId"]).subscriptions.add(params["DatasetName"])
    return {}


@action(SYNC, "UnsubscribeFromDataset")
def unsubscribe_from_dataset(ctx: Context, params: dict) -> dict:
    _, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    settings.device(sync, params["IdentityId"], params["DeviceId"]).subscriptions.discard(params["DatasetName"])
    return {}


@action(SYNC, "BulkPublish")
def bulk_publish(ctx: Context, params: dict) -> dict:
    _, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    settings.bulk_publish(ctx.env, sync)
    return {"IdentityPoolId": sync.pool_id}


@action(SYNC, "GetBulkPublishDetails")
def get_bulk_publish_details(ctx: Context, params: dict) -> dict:
    _, sync = datasets.sync_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    status, started, completed = settings.bulk_publish_status(ctx.env, sync)
    return {"IdentityPoolId": sync.pool_id, "BulkPublishStatus": status,
            "BulkPublishStartTime": views.epoch(started), "BulkPublishCompleteTime": views.epoch(completed)}
