"""Every implemented action, fed shape-valid requests full of plausible junk against a store that
holds a real pool, client, user, tokens and identity, answers an AWS error or a result: never a
500. (501 InternalFailure is the documented answer for paths not emulated yet.)"""
import json
import logging
import random

import pytest

from cognito_mock.api.registry import ACTIONS
from cognito_mock.backend.store import Store
from cognito_mock.dispatch import WireRequest, call, handle
from cognito_mock.wire.model import IDENTITY, IDP, operation_model

TARGET = {IDP: "AWSCognitoIdentityProviderService", IDENTITY: "AWSCognitoIdentityService"}
STRINGS = ["x", "abc", "Passw0rd!", "https://example.com", "123456", "a@b.co", "eyJ.eyJ.sig", ""]
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH",
         "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"]


def populated():
    store = Store()
    pool = call(store, IDP, "CreateUserPool", {"PoolName": "p"})["UserPool"]["Id"]
    client = call(store, IDP, "CreateUserPoolClient", {"UserPoolId": pool, "ClientName": "c",
                                                        "ExplicitAuthFlows": FLOWS})["UserPoolClient"]["ClientId"]
    call(store, IDP, "AdminCreateUser", {"UserPoolId": pool, "Username": "ana", "MessageAction": "SUPPRESS"})
    call(store, IDP, "AdminSetUserPassword", {"UserPoolId": pool, "Username": "ana", "Password": "Passw0rd!",
                                              "Permanent": True})
    tokens = call(store, IDP, "InitiateAuth", {"ClientId": client, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters":
                                               {"USERNAME": "ana", "PASSWORD": "Passw0rd!"}})["AuthenticationResult"]
    identity_pool = call(store, IDENTITY, "CreateIdentityPool", {"IdentityPoolName": "ip",
                                                                 "AllowUnauthenticatedIdentities": True})["IdentityPoolId"]
    identity = call(store, IDENTITY, "GetId", {"IdentityPoolId": identity_pool})["IdentityId"]
    known = {"UserPoolId": pool, "ClientId": client, "Username": "ana", "AccessToken": tokens["AccessToken"],
             "RefreshToken": tokens["RefreshToken"], "IdentityPoolId": identity_pool, "IdentityId": identity,
             "ResourceArn": f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{pool}"}
    return store, known


def junk(rng, name, shape, known, depth=0):
    kind = shape.type_name
    if kind == "string":
        if name in known and rng.random() < 0.8:
            return known[name]
        return rng.choice(shape.enum) if shape.enum else rng.choice(STRINGS)
    if kind in ("integer", "long"):
        return shape.metadata.get("min", 1)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "structure":
        return {} if depth > 3 else {k: junk(rng, k, m, known, depth + 1) for k, m in shape.members.items()
                                     if k in shape.required_members or rng.random() < 0.5}
    if kind == "list":
        return [] if depth > 3 else [junk(rng, name, shape.member, known, depth + 1)]
    if kind == "map":
        return {} if depth > 3 else {"k": junk(rng, name, shape.value, known, depth + 1)}
    return 1700000000 if kind == "timestamp" else "aGVsbG8="


ALL = [(s, op) for s in (IDP, IDENTITY) for op in sorted(ACTIONS[s])]


@pytest.fixture(scope="module")
def world():
    return populated()


@pytest.mark.parametrize("service,op", ALL, ids=lambda v: v)
def test_never_a_500(service, op, world):
    store, known = world
    rng = random.Random(f"{service}:{op}")
    shape = operation_model(service, op).input_shape
    logging.disable(logging.CRITICAL)
    try:
        for _ in range(12):
            body = junk(rng, op, shape, known) if shape else {}
            resp = handle(store, WireRequest(headers={"x-amz-target": f"{TARGET[service]}.{op}"},
                                             body=json.dumps(body).encode()))
            answer = json.loads(resp.body or b"{}")
            assert resp.status < 500 or (resp.status == 501 and answer["__type"] == "InternalFailure"), (body, answer)
    finally:
        logging.disable(logging.NOTSET)
