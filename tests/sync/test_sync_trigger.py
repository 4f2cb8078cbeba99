"""Cognito Events: the SyncTrigger function runs on UpdateRecords and may rewrite what is stored."""
import copy

import boto3
import pytest
from botocore.exceptions import ClientError
from helpers import error_of as error

ARN = "arn:aws:lambda:us-east-1:123456789012:function:sync-trigger"


@pytest.fixture
def ids(mock, sync):
    identity = boto3.client("cognito-identity", region_name="us-east-1")
    pool_id = identity.create_identity_pool(IdentityPoolName="p", AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
    sync.set_cognito_events(IdentityPoolId=pool_id, Events={"SyncTrigger": ARN})
    return pool_id, identity.get_id(IdentityPoolId=pool_id)["IdentityId"]


def put(sync, ids, patches, dataset="game"):
    pool_id, identity_id = ids
    token = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName=dataset)["SyncSessionToken"]
    return sync.update_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName=dataset,
                               SyncSessionToken=token, RecordPatches=patches)["Records"]


def stored(sync, ids, dataset="game"):
    pool_id, identity_id = ids
    return {r["Key"]: r["Value"] for r in sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id,
                                                              DatasetName=dataset)["Records"]}


def test_the_function_receives_the_documented_event_and_may_rewrite_records(sync, ids, mock):
    pool_id, identity_id = ids
    events = []

    @mock.triggers.function("sync-trigger")
    def handler(event, context):
        events.append(copy.deepcopy(event))
        records = event["datasetRecords"]
        level = records.get("level", {})
        if level.get("newValue") == "10" and level.get("oldValue") != "10":
            records["badge"] = {"newValue": "gold", "op": "replace"}        # add a record
        if "cheat" in records:
            records["cheat"]["op"] = "remove"                               # drop the user's change
        records.pop("ignored", None)                                        # omitted: not updated
        return event

    first = put(sync, ids, [{"Op": "replace", "Key": "level", "Value": "1", "SyncCount": 0}])
    assert [(r["Key"], r["Value"], r["SyncCount"]) for r in first] == [("level", "1", 1)]
    assert events[0] == {"version": 2, "eventType": "SyncTrigger", "region": "us-east-1", "identityPoolId": pool_id,
                         "identityId": identity_id, "datasetName": "game",
                         "datasetRecords": {"level": {"newValue": "1", "op": "replace"}}}

    put(sync, ids, [{"Op": "replace", "Key": "level", "Value": "10", "SyncCount": 1},
                    {"Op": "replace", "Key": "cheat", "Value": "on", "SyncCount": 0},
                    {"Op": "replace", "Key": "ignored", "Value": "x", "SyncCount": 0}])
    assert events[1]["datasetRecords"] == {
        "level": {"oldValue": "1", "newValue": "10", "op": "replace"},
        "cheat": {"newValue": "on", "op": "replace"}, "ignored": {"newValue": "x", "op": "replace"}}
    assert stored(sync, ids) == {"level": "10", "badge": "gold"}
    assert mock.triggers.calls[-1].trigger == "SyncTrigger" and mock.triggers.calls[-1].function == ARN

    # every record present is sent; an untouched one is not rewritten unless the function changes it
    put(sync, ids, [{"Op": "remove", "Key": "badge", "SyncCount": 2}])
    assert events[2]["datasetRecords"] == {"level": {"oldValue": "10", "newValue": "10", "op": "replace"},
                                           "badge": {"oldValue": "gold", "op": "remove"}}
    listed = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="game", LastSyncCount=2)
    assert [(r["Key"], r.get("Value")) for r in listed["Records"]] == [("badge", None)]


def test_a_failing_function_fails_the_update_and_changes_nothing(sync, ids, mock):
    def broken(event, context):
        raise ValueError("no")

    mock.triggers.register(ARN, broken)
    with pytest.raises(ClientError) as exc:
        put(sync, ids, [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    assert error(exc)[0] == "InvalidLambdaFunctionOutputException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert stored(sync, ids) == {} and isinstance(mock.triggers.calls[-1].error, Exception)


@pytest.mark.parametrize("answer", [
    None, "text", {"datasetRecords": {}},                                   # not the event back
    lambda e: {**e, "identityId": "us-east-1:00000000-0000-0000-0000-000000000000"},   # read-only member changed
    lambda e: {**e, "datasetRecords": {"k": {"newValue": 5, "op": "replace"}}},       # value not a string
    lambda e: {**e, "datasetRecords": {"k": {"newValue": "v", "op": "upsert"}}},      # unknown op
])
def test_malformed_output_is_invalid_lambda_function_output(sync, ids, mock, answer):
    mock.triggers.register(ARN, lambda event, context: answer(event) if callable(answer) else answer)
    with pytest.raises(ClientError) as exc:
        put(sync, ids, [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    assert error(exc)[0] == "InvalidLambdaFunctionOutputException"
    assert stored(sync, ids) == {}


def test_throttled_function_and_missing_function(sync, ids, mock):
    class TooManyRequestsException(Exception):
        pass

    def throttled(event, context):
        raise TooManyRequestsException("Rate exceeded")

    mock.triggers.register(ARN, throttled)
    with pytest.raises(ClientError) as exc:
        put(sync, ids, [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    assert error(exc)[0] == "LambdaThrottledException"
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    mock.triggers.unregister(ARN)
    with pytest.raises(ClientError) as exc:
        put(sync, ids, [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    assert error(exc)[0] == "InvalidLambdaFunctionOutputException"
    assert stored(sync, ids) == {}


def test_conflicts_are_checked_before_the_function_runs_and_limits_after(sync, ids, mock):
    calls = []

    def grow(event, context):
        calls.append(event)
        event["datasetRecords"]["big"] = {"newValue": "x" * (1024 * 1024), "op": "replace"}
        return event

    mock.triggers.register(ARN, lambda e, c: e)
    put(sync, ids, [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    mock.triggers.register(ARN, grow)
    with pytest.raises(ClientError) as exc:
        put(sync, ids, [{"Op": "replace", "Key": "k", "Value": "w", "SyncCount": 0}])
    assert error(exc) == ("ResourceConflictException", "Current SyncCount for: k is: 1 not: 0")
    assert calls == []
    with pytest.raises(ClientError) as exc:
        put(sync, ids, [{"Op": "replace", "Key": "k", "Value": "w", "SyncCount": 1}])
    assert error(exc) == ("LimitExceededException", "The maximum dataset size (1 MB) has been exceeded.")
    assert stored(sync, ids) == {"k": "v"}


def test_removing_the_trigger_stops_it(sync, ids, mock):
    pool_id, _ = ids
    mock.triggers.register(ARN, lambda e, c: {**e, "datasetRecords": {}})
    sync.set_cognito_events(IdentityPoolId=pool_id, Events={"SyncTrigger": ""})
    put(sync, ids, [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    assert stored(sync, ids) == {"k": "v"} and mock.triggers.calls == []
