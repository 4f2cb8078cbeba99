"""AWS JSON 1.1: decode a request body, encode a result or an error."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..errors import AwsError, SerializationException
from ..support.later import Later
from .model import error_status

CONTENT_TYPE = "application/x-amz-json-1.1"


def decode_body(body: bytes | str | None) -> dict[str, Any]:
    """The request body as a dict. An empty body is ``{}``; anything but a JSON object is refused."""
    if not body:
        return {}
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):   # RecursionError: nesting deeper than the stack
        raise SerializationException("Start of structure or map found where not expected.") from None
    if not isinstance(value, dict):
        raise SerializationException("Start of structure or map found where not expected.") from None
    return value


def _default(value: Any) -> Any:
    if isinstance(value, Later):        # computed now, outside the store's lock (support/later.py)
        return value.value()
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"cannot encode {type(value).__name__}")


def _strip_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_none(v) for v in value]
    return value


def encode_result(result: dict[str, Any] | None) -> bytes:
    """``None`` members are dropped at every depth; datetimes become epoch seconds."""
    if not result:
        return b"{}"
    return json.dumps(_strip_none(result), default=_default, separators=(",", ":")).encode()


def encode_error(service: str, err: AwsError) -> tuple[int, dict[str, str], bytes]:
    status = error_status(service, err.code) or err.status
    body = json.dumps({"__type": err.code, "message": err.message}).encode()
    return status, {"x-amzn-ErrorType": f"{err.code}:", "x-amzn-ErrorMessage": _header_safe(err.message)}, body


def _header_safe(text: str) -> str:
    return text.encode("ascii", "replace").decode().replace("\r", " ").replace("\n", " ")[:1024]
