"""ListUsers: parse ``Filter`` (``name = "v"`` / ``name ^= "v"``) and read one page from the indexes.

The page costs a bisect plus the page itself, whatever the size of the pool (user_index.py).
"""
from __future__ import annotations

import re
from itertools import islice

from ....errors import InvalidParameterException
from ....support.paging import BadToken, decode_token, encode_token
from ..models import User, UserPool
from . import user_index

PARSE_ERROR = "Error while parsing filter"
# AWS's text (aws/aws-sdk-js#3705: "Paging marker CAIS... is invalid for request adaa2d40-...")
BAD_TOKEN = "Paging marker {token} is invalid for request {request_id}"
_FILTER = re.compile(r'^\s*([\w:.-]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$')


def parse(text: str | None) -> tuple[str, bool, str] | None:
    """(attribute, prefix?, value) or None for 'every user'."""
    if text is None or not text.strip():
        return None
    match = _FILTER.match(text)
    if not match:
        raise InvalidParameterException(PARSE_ERROR)
    name, operator, value = match.groups()
    if name not in user_index.SEARCHABLE:
        raise InvalidParameterException(f"Invalid search attribute: {name}")
    return name, operator == "^=", re.sub(r"\\(.)", r"\1", value)


def page(pool: UserPool, text: str | None, limit: int, token: str | None,
         request_id: str = "") -> tuple[list[User], str | None]:
    condition = parse(text)
    after = None
    if token:
        try:
            saved = decode_token(token)
            if saved["f"] != (list(condition) if condition else None):
                raise BadToken(token)
            after = tuple(saved["a"])
        except (BadToken, KeyError, TypeError):
            raise InvalidParameterException(BAD_TOKEN.format(token=token, request_id=request_id)) from None
    if condition is None:
        entries = user_index.every(pool, after)
    else:
        entries = user_index.matches(pool, condition[0], condition[1], condition[2], after)
    chunk = list(islice(entries, limit + 1))
    more = len(chunk) > limit
    chunk = chunk[:limit]
    next_token = (encode_token({"f": list(condition) if condition else None, "a": list(chunk[-1])})
                  if more else None)
    return [pool.users[key] for _, key in chunk], next_token
