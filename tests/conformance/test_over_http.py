"""Every operation of the three installed models, called with a real botocore client pointed at the
HTTP server (``cognito.server()``), reaches its handler: the answer is a result or an AWS error the
model documents for that operation (or the service's input-validation error), never a routing
404/405/308, never a 5xx (501 InternalFailure stays the documented answer for an operation a newer
botocore adds before it is implemented). The in-process hook bypasses the server's routing; this
test does not."""
from datetime import datetime, timezone

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from cognito_mock.api.registry import ACTIONS
from cognito_mock.wire.model import IDENTITY, IDP, SYNC, VALIDATION_ERROR, operation_model, operation_names

ALL = [(s, op) for s in (IDP, IDENTITY, SYNC) for op in sorted(operation_names(s))]
COMMON = {"SerializationException", "UnknownOperationException", "AccessDeniedException"}


def minimal(name, shape, known, depth=0):
    """The smallest value botocore's client-side validation accepts, preferring real ids."""
    kind = shape.type_name
    if kind == "string":
        if name in known:
            return known[name]
        if shape.enum:
            return shape.enum[0]
        return "x" * max(int(shape.metadata.get("min", 1)), 1)
    if kind in ("integer", "long"):
        return int(shape.metadata.get("min", 1))
    if kind in ("double", "float"):
        return float(shape.metadata.get("min", 1))
    if kind == "boolean":
        return False
    if kind == "timestamp":
        return datetime(2026, 1, 1, tzinfo=timezone.utc)
    if kind == "blob":
        return b"x"
    if kind == "structure":
        return {k: minimal(k, m, known, depth + 1) for k, m in shape.members.items() if k in shape.required_members}
    if kind == "list":
        return [minimal(name, shape.member, known, depth + 1) for _ in range(int(shape.metadata.get("min", 0)))]
    if kind == "map":
        return {}
    raise AssertionError(f"no minimal value for {kind}")


@pytest.fixture(scope="module")
def world():
    """A server sharing an active mock that holds a pool, client, user, tokens and an identity."""
    from cognito_mock import mock_cognito
    with mock_cognito() as cognito:
        url = cognito.server()
        clients = {s: boto3.client(s, region_name="us-east-1", endpoint_url=url, aws_access_key_id="test",
                                   aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}))
                   for s in (IDP, IDENTITY, SYNC)}
        idp, identity = clients[IDP], clients[IDENTITY]
        pool = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
        client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c", ExplicitAuthFlows=[
            "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
        idp.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool, Username="ana", Password="Passw0rd!", Permanent=True)
        tokens = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
            "USERNAME": "ana", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]
        identity_pool = identity.create_identity_pool(IdentityPoolName="ip",
                                                      AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
        known = {"UserPoolId": pool, "ClientId": client, "Username": "ana", "AccessToken": tokens["AccessToken"],
                 "RefreshToken": tokens["RefreshToken"], "IdentityPoolId": identity_pool,
                 "IdentityId": identity.get_id(IdentityPoolId=identity_pool)["IdentityId"],
                 "DatasetName": "settings", "DeviceId": "device-1",
                 "ResourceArn": f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{pool}"}
        yield clients, known


@pytest.mark.parametrize("service,op", ALL, ids=lambda v: v)
def test_every_operation_reaches_its_handler_over_http(service, op, world):
    clients, known = world
    model = operation_model(service, op)
    params = minimal(op, model.input_shape, known) if model.input_shape else {}
    method = getattr(clients[service], clients[service].meta.method_to_api_mapping and
                     {v: k for k, v in clients[service].meta.method_to_api_mapping.items()}[op])
    try:
        method(**params)
    except ClientError as error:
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        code = error.response["Error"]["Code"]
        if op not in ACTIONS[service]:
            assert (status, code) == (501, "InternalFailure"), error.response
            return
        documented = {shape.name for shape in model.error_shapes} | {VALIDATION_ERROR[service]} | COMMON
        assert status < 500 and code in documented, (status, error.response)
