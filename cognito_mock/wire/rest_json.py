"""cognito-sync's REST-JSON protocol: route a method + path, decode a request, encode a result.

Routes and member locations come from botocore's model (``http.requestUri`` and each member's
``location``), compiled once.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any
from urllib.parse import unquote

from ..errors import SerializationException
from . import json_protocol
from .model import SYNC, operation_model, service_model


def operation_for(operation: str) -> tuple[str, str]:
    """(HTTP method, URI template) of a cognito-sync operation."""
    http = operation_model(SYNC, operation).http
    return http["method"], http["requestUri"].split("?", 1)[0]


@lru_cache(maxsize=None)
def _routes() -> dict[str, list[tuple[int, str, tuple[tuple[str, str | None], ...], bool]]]:
    """method -> [(literal segment count, operation, segments, greedy)], most specific first.

    A segment is (literal, None) or ("", member name) for a ``{Placeholder}``."""
    table: dict[str, list] = {}
    for name in service_model(SYNC).operation_names:
        method, template = operation_for(name)
        placeholders = {m.serialization.get("name", k): k for k, m in _members(name)
                        if m.serialization.get("location") == "uri"}
        segments, greedy = [], False
        for part in template.strip("/").split("/") if template.strip("/") else []:
            if part.startswith("{") and part.endswith("}"):
                label = part[1:-1]
                greedy = label.endswith("+")
                label = label.rstrip("+")
                segments.append(("", placeholders.get(label, label)))
            else:
                segments.append((part, None))
        literals = sum(1 for _, member in segments if member is None)
        table.setdefault(method.upper(), []).append((literals, name, tuple(segments), greedy))
    for routes in table.values():
        routes.sort(key=lambda route: -route[0])
    return table


def path_roots() -> list[str]:
    """The first path segment of every cognito-sync operation's URI (``identitypools``): the server
    sends every path under these to dispatch, so no operation of the installed model is unreachable."""
    return sorted({operation_for(name)[1].strip("/").split("/", 1)[0] for name in service_model(SYNC).operation_names})


def route(method: str, path: str) -> tuple[str, dict[str, str]] | None:
    """The operation a method + path (no query string) names, and its URI members, url-decoded."""
    stripped = path.split("?", 1)[0].strip("/")
    parts = stripped.split("/") if stripped else []
    for _, name, segments, greedy in _routes().get(method.upper(), ()):
        if len(parts) != len(segments) and not (greedy and len(parts) >= len(segments)):
            continue
        found: dict[str, str] = {}
        for i, (literal, member) in enumerate(segments):
            if member is None:
                if parts[i] != literal:
                    break
            elif greedy and i == len(segments) - 1:
                found[member] = unquote("/".join(parts[i:]))
            elif not parts[i]:
                break
            else:
                found[member] = unquote(parts[i])
        else:
            return name, found
    return None


def decode_request(operation: str, uri_params: dict[str, str], query: dict[str, list[str]],
                   headers: dict[str, str], body: bytes) -> dict[str, Any]:
    """The operation's input params from the URI, the query string, the headers and the JSON body."""
    lowered = {k.lower(): v for k, v in headers.items()}
    located = {key for key, member in _members(operation) if member.serialization.get("location")}
    document = json_protocol.decode_body(body)
    params: dict[str, Any] = {k: v for k, v in document.items() if k not in located}
    for key, member in _members(operation):
        where, wire_name = member.serialization.get("location"), member.serialization.get("name", key)
        if where == "uri" and key in uri_params:
            params[key] = uri_params[key]
        elif where == "querystring" and wire_name in query:
            values = query[wire_name]
            params[key] = [_scalar(member.member, v, wire_name) for v in values] \
                if member.type_name == "list" else _scalar(member, values[0], wire_name)
        elif where == "header" and wire_name.lower() in lowered:
            params[key] = _scalar(member, lowered[wire_name.lower()], wire_name)
        elif where == "headers":
            prefix = wire_name.lower()
            found = {k[len(prefix):]: v for k, v in lowered.items() if k.startswith(prefix)}
            if found:
                params[key] = found
    return params


def encode_result(operation: str, result: dict[str, Any] | None) -> tuple[dict[str, str], bytes]:
    """(headers, JSON body): output members located in headers go there, the rest in the body."""
    result = dict(result or {})
    headers: dict[str, str] = {}
    shape = operation_model(SYNC, operation).output_shape
    for key, member in (shape.members.items() if shape is not None else ()):
        where = member.serialization.get("location")
        if where and key in result:
            value = result.pop(key)
            if where == "header" and value is not None:
                headers[member.serialization.get("name", key)] = _header_text(value)
            elif where == "headers" and value:
                prefix = member.serialization.get("name", "")
                headers.update({prefix + k: str(v) for k, v in value.items()})
    return headers, json_protocol.encode_result(result)


# -- helpers ---------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _members(operation: str) -> tuple:
    shape = operation_model(SYNC, operation).input_shape
    return tuple(shape.members.items()) if shape is not None else ()


def _scalar(shape, text: str, wire_name: str) -> Any:
    """A query-string or header value converted to its shape's type."""
    kind = shape.type_name
    if kind in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            raise SerializationException(f"Value '{text}' for '{wire_name}' is not a valid {kind}") from None
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            raise SerializationException(f"Value '{text}' for '{wire_name}' is not a valid boolean")
        return text.lower() == "true"
    if kind in ("float", "double"):
        try:
            return float(text)
        except ValueError:
            raise SerializationException(f"Value '{text}' for '{wire_name}' is not a valid {kind}") from None
    return text


def _header_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "timestamp"):
        return str(int(value.timestamp()))
    return str(value)
