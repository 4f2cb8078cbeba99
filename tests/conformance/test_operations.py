"""Every operation of the three models is handled or answers the well-formed 'not implemented'
error; every handled one answers bad input with a 400 and the modelled code, never a 500."""
import json

import pytest

from cognito_mock.api.registry import ACTIONS
from cognito_mock.backend.store import Store
from cognito_mock.dispatch import WireRequest, handle
from cognito_mock.wire.model import IDENTITY, IDP, SYNC, VALIDATION_ERROR, operation_model, operation_names
from cognito_mock.wire import rest_json

TARGET = {IDP: "AWSCognitoIdentityProviderService", IDENTITY: "AWSCognitoIdentityService"}
ALL = [(s, op) for s in (IDP, IDENTITY, SYNC) for op in sorted(operation_names(s))]


def request(service, op, body):
    if service == SYNC:
        http = operation_model(service, op).http
        path = http["requestUri"].split("?")[0]
        for member in operation_model(service, op).input_shape.members if operation_model(service, op).input_shape else []:
            path = path.replace("{%s}" % member, "us-east-1:00000000-0000-4000-8000-000000000000"
                                if member.startswith("Identity") else "name")
        return WireRequest(method=http["method"], path=path, body=json.dumps(body).encode(),
                           headers={"content-type": "application/json"})
    return WireRequest(headers={"x-amz-target": f"{TARGET[service]}.{op}",
                                "content-type": "application/x-amz-json-1.1"}, body=json.dumps(body).encode())


def answer(service, op, body):
    resp = handle(Store(), request(service, op, body))
    return resp.status, json.loads(resp.body or b"{}")


@pytest.mark.parametrize("service,op", ALL, ids=lambda v: v)
def test_operation_is_handled_or_says_not_implemented(service, op):
    status, body = answer(service, op, {})
    if op in ACTIONS[service]:
        assert status != 501
        assert status < 500, body
    else:
        assert status == 501
        assert body["__type"] == "InternalFailure"
        assert op in body["message"]


def wrong_types(shape):
    """A body whose every member has a value of the wrong JSON type."""
    wrong = {"string": 12345, "integer": "x", "long": "x", "boolean": "x", "structure": "x", "list": "x",
             "map": "x", "timestamp": "x", "blob": 12345, "double": "x", "float": "x"}
    return {name: wrong[member.type_name] for name, member in shape.members.items()
            if member.serialization.get("location") is None}


REGISTERED = [(s, op) for s, op in ALL if op in ACTIONS[s]]


@pytest.mark.parametrize("service,op", REGISTERED, ids=lambda v: v)
def test_bad_input_is_a_400_with_the_modelled_code(service, op):
    shape = operation_model(service, op).input_shape
    if shape is None:
        pytest.skip("no input")
    required = shape.required_members
    if required and service != SYNC:
        status, body = answer(service, op, {})
        assert status == 400, body
        assert body["__type"] == VALIDATION_ERROR[service]
        assert "Member must not be null" in body["message"]
    body_members = wrong_types(shape)
    if body_members:
        status, body = answer(service, op, body_members)
        assert status == 400, body
        assert body["__type"] in ("SerializationException", VALIDATION_ERROR[service])


def test_unknown_target_and_bad_json():
    store = Store()
    resp = handle(store, WireRequest(headers={"x-amz-target": "AWSCognitoIdentityProviderService.NoSuchThing"}))
    assert (resp.status, json.loads(resp.body)["__type"]) == (400, "UnknownOperationException")
    resp = handle(store, WireRequest(headers={"x-amz-target": "AWSCognitoIdentityProviderService.ListUserPools"},
                                     body=b"[1, 2]"))
    assert (resp.status, json.loads(resp.body)["__type"]) == (400, "SerializationException")
    resp = handle(store, WireRequest(headers={"x-amz-target": "AWSCognitoIdentityProviderService.ListUserPools"},
                                     body=b"{not json"))
    assert (resp.status, json.loads(resp.body)["__type"]) == (400, "SerializationException")
    assert resp.headers["x-amzn-ErrorType"] == "SerializationException:"
    assert resp.headers["Content-Type"] == "application/x-amz-json-1.1"
    assert resp.headers["x-amzn-RequestId"]


def test_deeply_nested_json_is_a_serialization_error():
    for body in (b"[" * 200_000 + b"]" * 200_000, b'{"PoolName": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"):
        resp = handle(Store(), WireRequest(headers={"x-amz-target": "AWSCognitoIdentityProviderService.CreateUserPool"},
                                           body=body))
        assert (resp.status, json.loads(resp.body)["__type"]) == (400, "SerializationException")


def test_sync_routes_every_operation_back_to_itself():
    for op in sorted(operation_names(SYNC)):
        req = request(SYNC, op, {})
        assert rest_json.route(req.method, req.path)[0] == op
