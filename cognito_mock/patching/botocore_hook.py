"""Answer botocore requests for the Cognito services from the emulator, in-process.

Two seams, both inert unless a store is active:
- a ``before-send`` handler registered FIRST for the Cognito service ids in botocore's builtin
  handlers, so every client created after this module is imported asks us before anything else
  (moto's catch-all handler included);
- while active, a wrapper around ``Endpoint._send`` catches clients created before this module
  was imported (their event emitters predate our handler).
Every other service passes through untouched.
"""
from __future__ import annotations

from urllib.parse import urlsplit

import botocore.endpoint
import botocore.handlers
import botocore.signers
from botocore.credentials import Credentials
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from ..backend.store import Store
from ..dispatch import WireRequest, handle
from ..wire.model import SERVICE_BY_EVENT_ID, SERVICES

_active: list[Store] = []            # the store answering calls; a stack of one while active
_original_send = botocore.endpoint.Endpoint._send
_original_sign = botocore.signers.RequestSigner.sign
_FAKE_CREDENTIALS = Credentials("FAKEACCESSKEYCOGNITO", "fake-secret-cognito-mock")


class _RawBody:
    """The minimal urllib3-like body botocore reads a response from."""

    __slots__ = ("_body",)

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_kwargs):
        yield self._body

    def read(self, *_args, **_kwargs) -> bytes:
        body, self._body = self._body, b""
        return body


def _answer(store: Store, request: AWSPreparedRequest, service: str | None, operation: str | None) -> AWSResponse:
    url = urlsplit(request.url)
    body = request.body
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode()
    headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
    wire = WireRequest(method=request.method, path=url.path or "/", query=url.query, headers=headers,
                       body=body or b"", host=url.netloc, service=service, operation=operation)
    resp = handle(store, wire)
    return AWSResponse(request.url, resp.status, resp.headers, _RawBody(resp.body))


def before_send(request: AWSPreparedRequest, event_name: str = "", **_kwargs):
    """botocore ``before-send.<service-id>.<Operation>`` handler; None lets the real call go."""
    if not _active:
        return None
    _, service_id, operation = (event_name.split(".") + ["", ""])[:3]
    service = SERVICE_BY_EVENT_ID.get(service_id)
    if service is None:
        return None
    return _answer(_active[-1], request, service, operation or None)


def _send(self: botocore.endpoint.Endpoint, request: AWSPreparedRequest):
    if _active and getattr(self, "_endpoint_prefix", None) in SERVICES:
        return _answer(_active[-1], request, self._endpoint_prefix, None)
    return _original_send(self, request)


def _sign(self: botocore.signers.RequestSigner, operation_name, request, *args, **kwargs):
    """A Cognito client created before activation, with no credentials, signs with fake ones."""
    if _active and self._credentials is None and self._service_id.hyphenize() in SERVICE_BY_EVENT_ID:
        self._credentials = _FAKE_CREDENTIALS
        try:
            return _original_sign(self, operation_name, request, *args, **kwargs)
        finally:
            self._credentials = None
    return _original_sign(self, operation_name, request, *args, **kwargs)


def _register_builtin() -> None:
    for event_id in SERVICE_BY_EVENT_ID:
        spec = (f"before-send.{event_id}", before_send, botocore.handlers.REGISTER_FIRST)
        if spec not in botocore.handlers.BUILTIN_HANDLERS:
            botocore.handlers.BUILTIN_HANDLERS.append(spec)


def patch_client(client) -> None:
    """Make an existing client (created before this import) ask us first, too."""
    event_id = client.meta.service_model.service_id.hyphenize()
    if event_id in SERVICE_BY_EVENT_ID:
        client.meta.events.register_first(f"before-send.{event_id}", before_send)


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
