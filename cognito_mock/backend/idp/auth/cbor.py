"""A small CBOR (RFC 8949) decoder: what WebAuthn sends (attestation objects, COSE keys).

Unsigned and negative integers, byte and text strings, arrays, maps, false/true/null, definite
lengths only. Anything else is ``CborError``; nothing here trusts a length without checking it.
"""
from __future__ import annotations

from typing import Any

MAX_DEPTH = 16


class CborError(ValueError):
    """Bytes that are not the CBOR subset WebAuthn uses."""


def decode(data: bytes) -> Any:
    """The one item ``data`` holds (trailing bytes are an error)."""
    value, end = decode_prefix(data)
    if end != len(data):
        raise CborError("trailing bytes")
    return value


def decode_prefix(data: bytes, start: int = 0) -> tuple[Any, int]:
    """The item that starts at ``start`` and the offset just after it (authData carries a COSE key
    followed by extensions)."""
    return _item(data, start, 0)


def _argument(data: bytes, pos: int, info: int) -> tuple[int, int]:
    if info < 24:
        return info, pos
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None or pos + size > len(data):
        raise CborError("bad length")
    return int.from_bytes(data[pos:pos + size], "big"), pos + size


def _item(data: bytes, pos: int, depth: int) -> tuple[Any, int]:
    if depth > MAX_DEPTH:
        raise CborError("nested too deep")
    if pos >= len(data):
        raise CborError("truncated")
    major, info = data[pos] >> 5, data[pos] & 0x1F
    if major == 7:
        simple = {20: False, 21: True, 22: None}
        if info not in simple:
            raise CborError("unsupported simple value")
        return simple[info], pos + 1
    value, pos = _argument(data, pos + 1, info)
    if major == 0:
        return value, pos
    if major == 1:
        return -1 - value, pos
    if major in (2, 3):
        if pos + value > len(data):
            raise CborError("truncated string")
        raw = data[pos:pos + value]
        if major == 2:
            return bytes(raw), pos + value
        try:
            return raw.decode("utf-8"), pos + value
        except UnicodeDecodeError:
            raise CborError("bad text") from None
    if major == 4:
        out = []
        for _ in range(value):
            item, pos = _item(data, pos, depth + 1)
            out.append(item)
        return out, pos
    if major == 5:
        mapping: dict[Any, Any] = {}
        for _ in range(value):
            key, pos = _item(data, pos, depth + 1)
            if isinstance(key, (list, dict)):
                raise CborError("unhashable map key")
            mapping[key], pos = _item(data, pos, depth + 1)
        return mapping, pos
    raise CborError("unsupported major type")        # 6: tags
