"""cognito-sync: usage, configuration, Cognito events, devices and subscriptions, bulk publish."""
import boto3
import pytest
from botocore.exceptions import ClientError
from helpers import error_of as error


MISSING_POOL = "us-east-1:00000000-0000-4000-8000-000000000000"


@pytest.fixture
def ids(mock):
    identity = boto3.client("cognito-identity", region_name="us-east-1")
    pool_id = identity.create_identity_pool(IdentityPoolName="p", AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
    return pool_id, identity.get_id(IdentityPoolId=pool_id)["IdentityId"]


def test_usage(sync, ids):
    pool_id, identity_id = ids
    token = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="d")["SyncSessionToken"]
    sync.update_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="d", SyncSessionToken=token,
                        RecordPatches=[{"Op": "replace", "Key": "k", "Value": "vv", "SyncCount": 0}])
    usage = sync.describe_identity_pool_usage(IdentityPoolId=pool_id)["IdentityPoolUsage"]
    assert usage["IdentityPoolId"] == pool_id and usage["DataStorage"] == 3 and usage["SyncSessionsCount"] == 1
    mine = sync.describe_identity_usage(IdentityPoolId=pool_id, IdentityId=identity_id)["IdentityUsage"]
    assert mine["DatasetCount"] == 1 and mine["DataStorage"] == 3
    listed = sync.list_identity_pool_usage(MaxResults=10)
    assert listed["Count"] == 1 and listed["IdentityPoolUsages"][0]["IdentityPoolId"] == pool_id
    with pytest.raises(ClientError) as exc:
        sync.describe_identity_pool_usage(IdentityPoolId=MISSING_POOL)
    assert error(exc) == ("ResourceNotFoundException", f"IdentityPool '{MISSING_POOL}' not found.")


def test_configuration_and_events(sync, ids):
    pool_id, _ = ids
    assert "PushSync" not in sync.get_identity_pool_configuration(IdentityPoolId=pool_id)
    streams = {"StreamName": "s", "RoleArn": "arn:aws:iam::123456789012:role/streams", "StreamingStatus": "ENABLED"}
    push = {"ApplicationArns": ["arn:aws:sns:us-east-1:123456789012:app/GCM/app"], "RoleArn": "arn:aws:iam::123456789012:role/push"}
    got = sync.set_identity_pool_configuration(IdentityPoolId=pool_id, PushSync=push, CognitoStreams=streams)
    assert got["PushSync"] == push and got["CognitoStreams"] == streams
    assert sync.get_identity_pool_configuration(IdentityPoolId=pool_id)["CognitoStreams"] == streams
    sync.set_cognito_events(IdentityPoolId=pool_id, Events={"SyncTrigger": "arn:aws:lambda:us-east-1:123456789012:function:f"})
    assert sync.get_cognito_events(IdentityPoolId=pool_id)["Events"] == {
        "SyncTrigger": "arn:aws:lambda:us-east-1:123456789012:function:f"}
    with pytest.raises(ClientError) as exc:
        sync.set_cognito_events(IdentityPoolId=pool_id, Events={"Unknown": "x"})
    assert error(exc)[0] == "InvalidParameterException"


def test_devices_and_subscriptions(sync, ids):
    pool_id, identity_id = ids
    with pytest.raises(ClientError) as exc:
        sync.register_device(IdentityPoolId=pool_id, IdentityId=identity_id, Platform="GCM", Token="t")
    assert error(exc)[0] == "InvalidConfigurationException"
    sync.set_identity_pool_configuration(IdentityPoolId=pool_id, PushSync={
        "ApplicationArns": ["arn:aws:sns:us-east-1:123456789012:app/GCM/app"], "RoleArn": "arn:aws:iam::123456789012:role/push"})
    device = sync.register_device(IdentityPoolId=pool_id, IdentityId=identity_id, Platform="GCM", Token="t")["DeviceId"]
    assert sync.register_device(IdentityPoolId=pool_id, IdentityId=identity_id, Platform="GCM", Token="t")["DeviceId"] == device
    sync.subscribe_to_dataset(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="d", DeviceId=device)
    sync.unsubscribe_from_dataset(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="d", DeviceId=device)
    with pytest.raises(ClientError) as exc:
        sync.subscribe_to_dataset(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="d", DeviceId="nope")
    assert error(exc)[0] == "ResourceNotFoundException"


def test_bulk_publish_runs_to_succeeded(sync, ids, mock):
    pool_id, _ = ids
    mock.clock.freeze()
    assert sync.get_bulk_publish_details(IdentityPoolId=pool_id)["BulkPublishStatus"] == "NOT_STARTED"
    sync.set_identity_pool_configuration(IdentityPoolId=pool_id, CognitoStreams={
        "StreamName": "s", "RoleArn": "arn:aws:iam::123456789012:role/streams", "StreamingStatus": "ENABLED"})
    assert sync.bulk_publish(IdentityPoolId=pool_id)["IdentityPoolId"] == pool_id
    assert sync.get_bulk_publish_details(IdentityPoolId=pool_id)["BulkPublishStatus"] == "IN_PROGRESS"
    with pytest.raises(ClientError) as exc:
        sync.bulk_publish(IdentityPoolId=pool_id)
    assert error(exc)[0] == "DuplicateRequestException"
    mock.clock.advance(seconds=2)
    details = sync.get_bulk_publish_details(IdentityPoolId=pool_id)
    assert details["BulkPublishStatus"] == "SUCCEEDED" and "BulkPublishCompleteTime" in details
    with pytest.raises(ClientError) as exc:
        sync.bulk_publish(IdentityPoolId=pool_id)
    assert error(exc)[0] == "AlreadyStreamedException"
