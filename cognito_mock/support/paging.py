"""Opaque pagination tokens and the one page helper every List* action uses."""
from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


class BadToken(ValueError):
    """The pagination token was not one we issued; handlers turn it into their AWS error."""


def encode_token(key: Any) -> str:
    raw = json.dumps({"k": key}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> Any:
    try:
        padded = token + "=" * (-len(token) % 4)
        return json.loads(base64.urlsafe_b64decode(padded.encode()))["k"]
    except Exception as exc:  # any tampering
        raise BadToken(token) from exc


def page(items: Sequence[T], token: str | None, limit: int, key: Callable[[T], Any]) -> tuple[list[T], str | None]:
    """Return (the page after ``token``, next token or None). ``items`` must be sorted by ``key``.

    The token carries the last key returned, so inserts and deletes between calls do not skip
    or repeat items. Raises BadToken for a token we did not issue.
    """
    start = 0
    if token:
        last = decode_token(token)
        lo, hi = 0, len(items)
        while lo < hi:  # first item whose key is greater than ``last``
            mid = (lo + hi) // 2
            if _lt_eq(key(items[mid]), last):
                lo = mid + 1
            else:
                hi = mid
        start = lo
    chunk = list(items[start:start + limit])
    more = start + limit < len(items)
    return chunk, (encode_token(key(chunk[-1])) if more and chunk else None)


def _lt_eq(a: Any, b: Any) -> bool:
    try:
        return a <= b
    except TypeError as exc:
        raise BadToken(str(b)) from exc
