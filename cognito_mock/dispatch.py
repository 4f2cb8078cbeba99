"""Transport-neutral request handling: one request in, one response out.

Both transports (the in-process botocore hook and the HTTP server) build a WireRequest and call
``handle``. It finds the service and operation, decodes, validates against botocore's model,
and, under the store's lock (taken once, here, for the whole request), resolves account and region,
finds the resources and runs the handler; then encodes the result outside it.
"""
from __future__ import annotations

import base64
import json
import logging
import re
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from . import api  # noqa: F401  (registers every handler)
from .api.registry import ACTIONS, BEFORE, Context, read_only
from .backend.store import DEFAULT_ACCOUNT, Store
from .errors import AwsError, InternalErrorException, InternalFailure, UnknownOperationException
from .support.later import Later, settled
from .wire import json_protocol, rest_json
from .wire.model import IDENTITY, IDP, SYNC, resolve_target
from .wire.validate import validate

log = logging.getLogger("cognito_mock")

_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/,\s]+)/")
_HOST_REGION = re.compile(r"^cognito-(?:idp|identity|sync)(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com")
_ACCOUNT = re.compile(r"^\d{12}$")


@dataclass(slots=True)
class WireRequest:
    method: str = "POST"
    path: str = "/"
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)   # lower-case names
    body: bytes = b""
    host: str = ""
    base_url: str | None = None       # the server's own URL (server mode only)
    service: str | None = None        # known up front by some transports (botocore's event)
    operation: str | None = None


@dataclass(slots=True)
class WireResponse:
    status: int
    headers: dict[str, str]
    body: bytes


def handle(store: Store, req: WireRequest) -> WireResponse:
    request_id = str(uuid.uuid4())
    service = req.service or _service_of(req)
    try:
        operation, params = _decode(service, req)
        handler = ACTIONS[service].get(operation)
        if handler is None:
            raise InternalFailure(f"{operation} is not implemented by cognito-mock yet ({service}).")
        validate(service, operation, params)
        with store.lock:
            account, region = _locate(store, req, params)
            ctx = Context(store, service, operation, account, region, request_id, req.base_url)
            for hook in BEFORE:
                hook(ctx, params)
            if read_only(service, operation):
                with store.reading():
                    result = handler(ctx, params)
            else:
                result = handler(ctx, params)
        if service == SYNC:
            headers, body = rest_json.encode_result(operation, result)
            return _response(200, headers, body, request_id, "application/json")
        return _response(200, {}, json_protocol.encode_result(result), request_id)
    except AwsError as err:
        return _error(service, err, request_id)
    except Exception:  # a bug of ours: say so, never leak a traceback to the client
        log.exception("cognito-mock failed on %s %s", service, req.operation or req.headers.get("x-amz-target"))
        return _error(service, InternalErrorException("An internal error occurred in cognito-mock; see its log."), request_id)


def call(store: Store, service: str, action: str, params: dict[str, Any], *, account: str | None = DEFAULT_ACCOUNT,
         region: str | None = "us-east-1", base_url: str | None = None) -> dict[str, Any]:
    """Run one action directly (validation included) and return its raw result; raises AwsError.
    ``account=None, region=None``: where the resource named in ``params`` lives (else the defaults)."""
    handler = ACTIONS[service].get(action)
    if handler is None:
        raise InternalFailure(f"{action} is not implemented by cognito-mock yet ({service}).")
    validate(service, action, params)
    laters = Later.made
    with store.lock:
        if account is None or region is None:
            found = _resource_location(store, params) or (DEFAULT_ACCOUNT, "us-east-1")
            account, region = account or found[0], region or found[1]
        ctx = Context(store, service, action, account, region, str(uuid.uuid4()), base_url)
        for hook in BEFORE:
            hook(ctx, params)
        if read_only(service, action):
            with store.reading():
                result = handler(ctx, params)
        else:
            result = handler(ctx, params)
    return settled(result, laters)     # what the action left to compute outside the lock (tokens' signatures)


# -- pieces ----------------------------------------------------------------------------------
def _service_of(req: WireRequest) -> str:
    target = req.headers.get("x-amz-target")
    if target:
        return resolve_target_service(target)
    return SYNC if req.path.startswith("/identitypools") else IDP


def resolve_target_service(target: str) -> str:
    try:
        return resolve_target(target)[0]
    except UnknownOperationException:
        return IDENTITY if target.startswith("AWSCognitoIdentityService") else IDP


def _decode(service: str, req: WireRequest) -> tuple[str, dict[str, Any]]:
    if service == SYNC:
        routed = rest_json.route(req.method, req.path)
        if routed is None:
            raise UnknownOperationException(f"No cognito-sync operation at {req.method} {req.path}")
        operation, uri_params = routed
        return operation, rest_json.decode_request(operation, uri_params, parse_qs(req.query), req.headers, req.body)
    operation = req.operation or resolve_target(req.headers.get("x-amz-target", ""))[1]
    return operation, json_protocol.decode_body(req.body)


def _locate(store: Store, req: WireRequest, params: dict[str, Any]) -> tuple[str, str]:
    """(account, region): SigV4 scope, else the host, else the resource named in the request."""
    account = region = None
    scope = _SCOPE.search(req.headers.get("authorization", ""))
    if scope:
        key_id, region = scope.groups()
        account = key_id if _ACCOUNT.match(key_id) else DEFAULT_ACCOUNT
    else:
        host = _HOST_REGION.match(req.host)
        if host:
            region = host.group(1)
    if account is None or region is None:
        found = _resource_location(store, params)
        if found:
            account = account or found[0]
            region = region or found[1]
    return account or DEFAULT_ACCOUNT, region or _region_hint(params) or "us-east-1"


def _resource_location(store: Store, params: dict[str, Any]) -> tuple[str, str] | None:
    index = store.index
    client_id = params.get("ClientId")
    if isinstance(client_id, str) and client_id in index.clients:
        return index.clients[client_id][:2]
    pool_id = params.get("UserPoolId") or _token_pool(params.get("AccessToken"))
    if isinstance(pool_id, str) and pool_id in index.user_pools:
        return index.user_pools[pool_id]
    identity_pool = params.get("IdentityPoolId")
    if isinstance(identity_pool, str) and identity_pool in index.identity_pools:
        return index.identity_pools[identity_pool]
    return None


def _region_hint(params: dict[str, Any]) -> str | None:
    for key, sep in (("UserPoolId", "_"), ("IdentityPoolId", ":"), ("IdentityId", ":")):
        value = params.get(key)
        if isinstance(value, str) and sep in value:
            return value.split(sep, 1)[0]
    return None


def _token_pool(token: Any) -> str | None:
    """The pool id at the end of an unverified JWT's ``iss`` (only to route the call)."""
    if not isinstance(token, str) or token.count(".") != 2:
        return None
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return str(claims.get("iss", "")).rsplit("/", 1)[-1] or None
    except Exception:
        return None


def _response(status: int, headers: dict[str, str], body: bytes, request_id: str,
              content_type: str = json_protocol.CONTENT_TYPE) -> WireResponse:
    headers = {**headers, "Content-Type": content_type, "x-amzn-RequestId": request_id,
               "Content-Length": str(len(body))}
    return WireResponse(status, headers, body)


def _error(service: str, err: AwsError, request_id: str) -> WireResponse:
    status, headers, body = json_protocol.encode_error(service, err)
    return _response(status, headers, body, request_id,
                     "application/json" if service == SYNC else json_protocol.CONTENT_TYPE)
