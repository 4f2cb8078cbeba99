"""Answer botocore calls to the Cognito services from the emulator, in-process.

Two seams, both inert unless a store is active, and both only for AWS's own endpoints (a client
given another ``endpoint_url`` reaches it):
- a ``before-call`` handler registered FIRST for the Cognito service ids in botocore's builtin
  handlers, so every client created after this module is imported asks us first. botocore stops
  at the first answer to ``before-call`` (it emits ``before-send`` to every handler, so there a
  catch-all such as moto's would run the same call a second time in its own backend), and the
  request is neither signed nor sent: a client without credentials works too.
- while active, a wrapper around ``Endpoint._send`` catches clients created before this module
  was imported (their event emitters predate our handler).
STS answers only AssumeRoleWithWebIdentity / GetCallerIdentity for tokens and credentials this
emulator issued (sts_hook.py), Secrets Manager only GetSecretValue of the app client secrets it
manages (secrets_hook.py); every other service passes through untouched.
"""
from __future__ import annotations

import sys
from urllib.parse import urlencode, urlsplit

import botocore.endpoint
import botocore.handlers
import botocore.parsers
import botocore.signers
from botocore.credentials import Credentials
from botocore.awsrequest import AWSPreparedRequest, AWSResponse, HeadersDict

from ..backend.store import Store
from ..dispatch import WireRequest, WireResponse, handle
from ..wire.model import SERVICE_BY_EVENT_ID, SERVICES
from . import secrets_hook, sts_hook
from .raw_body import RawBody

_active: list[Store] = []            # the store answering calls; non-empty while active
_original_send = botocore.endpoint.Endpoint._send
_original_sign = botocore.signers.RequestSigner.sign
_FAKE_CREDENTIALS = Credentials("FAKEACCESSKEYCOGNITO", "fake-secret-cognito-mock")
_parsers: dict[str, botocore.parsers.ResponseParser] = {}
# other services' endpoint prefix -> the hook answering (only) what this emulator issued
_SIDE_SERVICES = {"sts": sts_hook.answer, "secretsmanager": secrets_hook.answer}




def _aws_host(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host.endswith((".amazonaws.com", ".amazonaws.com.cn", ".api.aws"))


def _as_bytes(body) -> bytes:
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode()
    return body or b""


def _credential_scope(request_signer, region: str, signing_name: str) -> str:
    """The ``Authorization`` header dispatch reads the account and region from, without signing."""
    credentials = getattr(request_signer, "_credentials", None)
    key = credentials.access_key if credentials is not None else "anonymous"
    return f"AWS4-HMAC-SHA256 Credential={key}/20000101/{region}/{signing_name}/aws4_request"


def before_call(model, params, request_signer=None, context=None, **_kwargs):
    """botocore ``before-call.<service-id>.<Operation>``: (http response, parsed) or None."""
    if not _active or not _aws_host(params["url"]):
        return None
    service = model.service_model.endpoint_prefix
    url = urlsplit(params["url"])
    headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in params["headers"].items()}
    if model.auth_type != "none" and request_signer is not None:
        headers["authorization"] = _credential_scope(request_signer, (context or {}).get("client_region")
                                                     or request_signer.region_name, service)
    query = params.get("query_string")
    wire = WireRequest(method=params["method"], path=url.path or "/",
                       query=urlencode(query, doseq=True) if isinstance(query, dict) else (url.query or ""),
                       headers=headers, body=_as_bytes(params.get("body")), host=url.netloc,
                       service=service, operation=model.name)
    resp = handle(_active[-1], wire)
    return _http_response(params["url"], resp), _parse(model, resp)


def _http_response(url: str, resp: WireResponse) -> AWSResponse:
    return AWSResponse(url, resp.status, resp.headers, RawBody(resp.body))


def _parse(model, resp: WireResponse) -> dict:
    """Parse our answer exactly as botocore parses a real one (errors included)."""
    protocol = model.service_model.protocol
    parser = _parsers.get(protocol) or _parsers.setdefault(protocol, botocore.parsers.create_parser(protocol))
    response = {"headers": HeadersDict(resp.headers), "status_code": resp.status,
                "body": resp.body, "context": {"operation_name": model.name}}
    parsed = parser.parse(response, model.output_shape)
    if resp.status >= 300:
        error_shape = model.service_model.shape_for_error_code(parsed.get("Error", {}).get("Code"))
        if error_shape is not None:
            parsed.update(parser.parse(response, error_shape))
    parsed.setdefault("ResponseMetadata", {})["RetryAttempts"] = 0
    return parsed


def _send(self: botocore.endpoint.Endpoint, request: AWSPreparedRequest):
    prefix = getattr(self, "_endpoint_prefix", None)
    if _active and prefix in _SIDE_SERVICES:  # answers only for what we issued
        return _SIDE_SERVICES[prefix](_active[-1], request) or _original_send(self, request)
    if not (_active and prefix in SERVICES and _aws_host(request.url)):
        return _original_send(self, request)
    url = urlsplit(request.url)
    headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
    wire = WireRequest(method=request.method, path=url.path or "/", query=url.query, headers=headers,
                       body=_as_bytes(request.body), host=url.netloc, service=prefix)
    return _http_response(request.url, handle(_active[-1], wire))


def _sign(self: botocore.signers.RequestSigner, operation_name, request, *args, **kwargs):
    """A Cognito client made before our import with no credentials signs with fake ones."""
    if _active and self._credentials is None and self._service_id.hyphenize() in SERVICE_BY_EVENT_ID:
        self._credentials = _FAKE_CREDENTIALS
        try:
            return _original_sign(self, operation_name, request, *args, **kwargs)
        finally:
            self._credentials = None
    return _original_sign(self, operation_name, request, *args, **kwargs)


def _register_builtin() -> None:
    """Every botocore session made from now on gives its clients our handler first; so does a
    boto3 default session that already exists (its clients copy the session's handlers)."""
    for event_id in SERVICE_BY_EVENT_ID:
        spec = (f"before-call.{event_id}", before_call, botocore.handlers.REGISTER_FIRST)
        if spec not in botocore.handlers.BUILTIN_HANDLERS:
            botocore.handlers.BUILTIN_HANDLERS.append(spec)
    boto3 = sys.modules.get("boto3")
    default = getattr(boto3, "DEFAULT_SESSION", None) if boto3 else None
    if default is not None:
        events = default._session.get_component("event_emitter")
        for event_id in SERVICE_BY_EVENT_ID:
            events.register_first(f"before-call.{event_id}", before_call, unique_id=f"cognito-mock-{event_id}")


def activate(store: Store) -> None:
    _active.append(store)
    botocore.endpoint.Endpoint._send = _send
    botocore.signers.RequestSigner.sign = _sign


def deactivate() -> None:
    _active.pop()
    if not _active:
        botocore.endpoint.Endpoint._send = _original_send
        botocore.signers.RequestSigner.sign = _original_sign


_register_builtin()
sts_hook.register(lambda: _active[-1] if _active else None)
secrets_hook.register(lambda: _active[-1] if _active else None)
