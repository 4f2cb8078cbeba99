"""cognito-sync: datasets and records, SyncSessionToken and SyncCount conflicts, limits."""
import boto3
import pytest
from botocore.exceptions import ClientError
from helpers import error_of as error


@pytest.fixture
def ids(mock):
    identity = boto3.client("cognito-identity", region_name="us-east-1")
    pool_id = identity.create_identity_pool(IdentityPoolName="p", AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
    return pool_id, identity.get_id(IdentityPoolId=pool_id)["IdentityId"]


def put(sync, ids, dataset, patches):
    pool_id, identity_id = ids
    token = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName=dataset)["SyncSessionToken"]
    return sync.update_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName=dataset,
                               SyncSessionToken=token, RecordPatches=patches)["Records"]


def test_first_sync_creates_the_dataset(sync, ids):
    pool_id, identity_id = ids
    listed = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="prefs")
    assert listed["DatasetExists"] is False and listed["DatasetSyncCount"] == 0 and listed["Records"] == []
    records = put(sync, ids, "prefs", [{"Op": "replace", "Key": "theme", "Value": "dark", "SyncCount": 0},
                                       {"Op": "replace", "Key": "lang", "Value": "en", "SyncCount": 0}])
    assert [(r["Key"], r["Value"], r["SyncCount"]) for r in records] == [("theme", "dark", 1), ("lang", "en", 1)]
    dataset = sync.describe_dataset(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="prefs")["Dataset"]
    assert dataset["NumRecords"] == 2 and dataset["DataStorage"] == len("themedarklangen")
    listed = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="prefs")
    assert listed["DatasetExists"] is True and listed["DatasetSyncCount"] == 1 and listed["Count"] == 2
    assert [d["DatasetName"] for d in sync.list_datasets(IdentityPoolId=pool_id, IdentityId=identity_id)["Datasets"]] == ["prefs"]


def test_stale_sync_count_is_a_conflict_and_changes_nothing(sync, ids):
    pool_id, identity_id = ids
    put(sync, ids, "prefs", [{"Op": "replace", "Key": "user", "Value": "a", "SyncCount": 0}])
    with pytest.raises(ClientError) as exc:
        put(sync, ids, "prefs", [{"Op": "replace", "Key": "other", "Value": "x", "SyncCount": 0},
                                 {"Op": "replace", "Key": "user", "Value": "b", "SyncCount": 0}])
    assert error(exc) == ("ResourceConflictException", "Current SyncCount for: user is: 1 not: 0")
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    listed = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="prefs")
    assert [(r["Key"], r["Value"]) for r in listed["Records"]] == [("user", "a")] and listed["DatasetSyncCount"] == 1


def test_changes_since_last_sync_count_and_removals(sync, ids):
    pool_id, identity_id = ids
    put(sync, ids, "d", [{"Op": "replace", "Key": "a", "Value": "1", "SyncCount": 0},
                         {"Op": "replace", "Key": "b", "Value": "2", "SyncCount": 0}])
    put(sync, ids, "d", [{"Op": "remove", "Key": "a", "SyncCount": 1}])
    since = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="d", LastSyncCount=1)
    assert [(r["Key"], r.get("Value"), r["SyncCount"]) for r in since["Records"]] == [("a", None, 2)]
    full = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="d")
    assert [r["Key"] for r in full["Records"]] == ["b"]


def test_sync_session_token_must_match(sync, ids):
    pool_id, identity_id = ids
    token = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="one")["SyncSessionToken"]
    with pytest.raises(ClientError) as exc:
        sync.update_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="two", SyncSessionToken=token,
                            RecordPatches=[{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    assert error(exc) == ("InvalidParameterException", "SyncSessionToken not valid for these inputs")


def test_delete_dataset(sync, ids):
    pool_id, identity_id = ids
    put(sync, ids, "gone", [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    deleted = sync.delete_dataset(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="gone")["Dataset"]
    assert deleted["DatasetName"] == "gone"
    with pytest.raises(ClientError) as exc:
        sync.describe_dataset(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="gone")
    assert error(exc)[0] == "ResourceNotFoundException"
    listed = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="gone", LastSyncCount=1)
    assert listed["DatasetExists"] is False and listed["DatasetDeletedAfterRequestedSyncCount"] is True


def test_limits(sync, ids):
    for i in range(20):
        put(sync, ids, f"d{i}", [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    with pytest.raises(ClientError) as exc:
        put(sync, ids, "d20", [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    assert error(exc)[0] == "LimitExceededException"
    with pytest.raises(ClientError) as exc:   # 1 MB per dataset
        put(sync, ids, "d0", [{"Op": "replace", "Key": f"big{i}", "Value": "x" * 300_000, "SyncCount": 0} for i in range(4)])
    assert error(exc)[0] == "LimitExceededException"


def test_record_count_limit():
    from cognito_mock.backend.store import Store
    from cognito_mock.dispatch import call
    store = Store()
    pool_id = call(store, "cognito-identity", "CreateIdentityPool",
                   {"IdentityPoolName": "p", "AllowUnauthenticatedIdentities": True})["IdentityPoolId"]
    identity_id = call(store, "cognito-identity", "GetId", {"IdentityPoolId": pool_id})["IdentityId"]
    where = {"IdentityPoolId": pool_id, "IdentityId": identity_id, "DatasetName": "many"}
    for start in range(0, 1024, 512):
        token = call(store, "cognito-sync", "ListRecords", where)["SyncSessionToken"]
        call(store, "cognito-sync", "UpdateRecords", {**where, "SyncSessionToken": token, "RecordPatches": [
            {"Op": "replace", "Key": f"k{i}", "Value": "v", "SyncCount": 0} for i in range(start, start + 512)]})
    token = call(store, "cognito-sync", "ListRecords", where)["SyncSessionToken"]
    with pytest.raises(Exception) as exc:
        call(store, "cognito-sync", "UpdateRecords", {**where, "SyncSessionToken": token, "RecordPatches": [
            {"Op": "replace", "Key": "one-more", "Value": "v", "SyncCount": 0}]})
    assert exc.value.code == "LimitExceededException"
