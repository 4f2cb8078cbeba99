"""cognito-sync's REST-JSON: routes from the model, requests as botocore sends them, results it parses."""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import botocore.parsers
import botocore.serialize
import pytest

from cognito_mock.errors import SerializationException
from cognito_mock.wire import rest_json
from cognito_mock.wire.model import SYNC, service_model
from cognito_mock.wire.validate import validate

MODEL = service_model(SYNC)
SAMPLES = {"IdentityPoolId": "us-east-1:0000aaaa-1111-2222-3333-444455556666",
           "IdentityId": "us-east-1:77778888-9999-aaaa-bbbb-ccccddddeeee",
           "DatasetName": "my.dataset_1", "DeviceId": "device-1"}
DATASET = {k: SAMPLES[k] for k in ("IdentityPoolId", "IdentityId", "DatasetName")}


def botocore_request(operation: str, params: dict) -> dict:
    """The request botocore itself would send."""
    return botocore.serialize.create_serializer("rest-json").serialize_to_request(
        params, MODEL.operation_model(operation))


def decode(operation: str, params: dict) -> dict:
    """botocore serializes ``params``; route() and decode_request() read them back."""
    sent = botocore_request(operation, params)
    routed = rest_json.route(sent["method"], sent["url_path"])
    assert routed is not None and routed[0] == operation
    query = {k: [str(v)] for k, v in sent["query_string"].items()}
    headers = {k.lower(): v for k, v in sent["headers"].items()}
    return rest_json.decode_request(operation, routed[1], query, headers, sent["body"])


# -- routing ----------------------------------------------------------------------------------
@pytest.mark.parametrize("operation", sorted(MODEL.operation_names))
def test_every_uri_template_routes_back_to_its_operation(operation):
    method, template = rest_json.operation_for(operation)
    path = re.sub(r"\{(\w+)\+?\}", lambda m: SAMPLES[m.group(1)].replace(":", "%3A"), template)
    assert rest_json.route(method, path) == (
        operation, {name: SAMPLES[name] for name in re.findall(r"\{(\w+)\+?\}", template)})


@pytest.mark.parametrize("method, operation", [
    ("GET", "DescribeDataset"), ("DELETE", "DeleteDataset"), ("POST", "UpdateRecords")])
def test_one_path_three_methods(method, operation):
    path = "/identitypools/p/identities/i/datasets/d"
    assert rest_json.route(method, path) == (
        operation, {"IdentityPoolId": "p", "IdentityId": "i", "DatasetName": "d"})


def test_literal_segments_win_over_placeholders():
    # /identitypools/{IdentityPoolId}/events must not be read as DescribeIdentityUsage-like paths.
    assert rest_json.route("GET", "/identitypools/p/events")[0] == "GetCognitoEvents"
    assert rest_json.route("GET", "/identitypools/p/configuration")[0] == "GetIdentityPoolConfiguration"
    assert rest_json.route("GET", "/identitypools/p/identities/i")[0] == "DescribeIdentityUsage"
    assert rest_json.route("GET", "/identitypools/p")[0] == "DescribeIdentityPoolUsage"
    assert rest_json.route("GET", "/identitypools")[0] == "ListIdentityPoolUsage"
    assert rest_json.route("GET", "/identitypools/")[0] == "ListIdentityPoolUsage"


@pytest.mark.parametrize("method, path", [
    ("GET", "/"), ("GET", "/nothing"), ("PUT", "/identitypools/p"), ("GET", "/identitypools/p/unknown"),
    ("GET", "/identitypools/p/identities/i/datasets/d/records/extra"), ("GET", "/identitypools//identities/i")])
def test_unknown_routes(method, path):
    assert rest_json.route(method, path) is None


# -- decoding ---------------------------------------------------------------------------------
def test_list_records_query_members_are_typed():
    params = decode("ListRecords", {**DATASET, "LastSyncCount": 5, "MaxResults": 10, "NextToken": "n t",
                                    "SyncSessionToken": "s"})
    assert params == {"IdentityPoolId": SAMPLES["IdentityPoolId"], "IdentityId": SAMPLES["IdentityId"],
                      "DatasetName": SAMPLES["DatasetName"], "LastSyncCount": 5, "MaxResults": 10,
                      "NextToken": "n t", "SyncSessionToken": "s"}
    validate(SYNC, "ListRecords", params)


def test_update_records_body_and_client_context_header():
    patches = [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0,
                "DeviceLastModifiedDate": datetime(2024, 1, 2, tzinfo=timezone.utc)}]
    params = decode("UpdateRecords", {**DATASET, "DeviceId": "device-1", "SyncSessionToken": "tok",
                                      "ClientContext": "Y3R4", "RecordPatches": patches})
    assert params["ClientContext"] == "Y3R4"
    assert params["SyncSessionToken"] == "tok" and params["DeviceId"] == "device-1"
    assert params["RecordPatches"] == [{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0,
                                        "DeviceLastModifiedDate": 1704153600}]
    validate(SYNC, "UpdateRecords", params)


def test_header_names_are_case_insensitive_and_raw_query_strings_work():
    params = rest_json.decode_request("ListRecords", {"IdentityPoolId": "p", "IdentityId": "i", "DatasetName": "d"},
                                      {"maxResults": ["3"], "lastSyncCount": ["0"]}, {}, b"")
    assert params["MaxResults"] == 3 and params["LastSyncCount"] == 0
    params = rest_json.decode_request("UpdateRecords", {}, {}, {"X-AMZ-CLIENT-CONTEXT": "c"},
                                      b'{"SyncSessionToken": "t"}')
    assert params == {"ClientContext": "c", "SyncSessionToken": "t"}


def test_body_cannot_override_uri_members():
    params = rest_json.decode_request("RegisterDevice", {"IdentityPoolId": "p", "IdentityId": "i"}, {}, {},
                                      b'{"IdentityPoolId": "other", "Platform": "GCM", "Token": "t"}')
    assert params == {"IdentityPoolId": "p", "IdentityId": "i", "Platform": "GCM", "Token": "t"}


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"text"'])
def test_bad_json_body(body):
    with pytest.raises(SerializationException):
        rest_json.decode_request("RegisterDevice", {"IdentityPoolId": "p", "IdentityId": "i"}, {}, {}, body)


def test_bad_integer_in_query():
    with pytest.raises(SerializationException):
        rest_json.decode_request("ListIdentityPoolUsage", {}, {"maxResults": ["ten"]}, {}, b"")


def test_set_cognito_events_map_body():
    events = {"SyncTrigger": "arn:aws:lambda:us-east-1:123456789012:function:f"}
    params = decode("SetCognitoEvents", {"IdentityPoolId": SAMPLES["IdentityPoolId"], "Events": events})
    assert params["Events"] == events


# -- encoding ---------------------------------------------------------------------------------
def test_encode_result_is_what_botocore_parses():
    when = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)
    result = {"Records": [{"Key": "k", "Value": "v", "SyncCount": 1, "LastModifiedDate": when,
                           "LastModifiedBy": None, "DeviceLastModifiedDate": when}],
              "NextToken": None, "Count": 1, "DatasetSyncCount": 1, "DatasetExists": True,
              "DatasetDeletedAfterRequestedSyncCount": False, "MergedDatasetNames": [], "SyncSessionToken": "s"}
    headers, body = rest_json.encode_result("ListRecords", result)
    assert headers == {}
    document = json.loads(body)
    assert "NextToken" not in document and "LastModifiedBy" not in document["Records"][0]
    assert document["Records"][0]["LastModifiedDate"] == when.timestamp()
    parsed = botocore.parsers.create_parser("rest-json").parse(
        {"status_code": 200, "headers": headers, "body": body},
        MODEL.operation_model("ListRecords").output_shape)
    assert parsed["Records"][0]["LastModifiedDate"] == when
    assert parsed["Count"] == 1 and parsed["DatasetExists"] is True and parsed["SyncSessionToken"] == "s"


def test_encode_empty_result():
    assert rest_json.encode_result("DeleteDataset", None) == ({}, b"{}")
    assert rest_json.encode_result("UnsubscribeFromDataset", {}) == ({}, b"{}")


def test_operation_for():
    assert rest_json.operation_for("ListRecords") == (
        "GET", "/identitypools/{IdentityPoolId}/identities/{IdentityId}/datasets/{DatasetName}/records")
