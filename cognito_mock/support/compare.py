"""Constant-time comparison of secrets given as text or bytes.

``hmac.compare_digest`` raises TypeError on a ``str`` holding non-ASCII characters, which a caller
controls (SECRET_HASH, client_secret, PKCE verifiers, codes, cookies): compare UTF-8 bytes instead,
so such input is simply "not equal", never an HTTP 500.
"""
from __future__ import annotations

import hmac


def same(given: str | bytes, expected: str | bytes) -> bool:
    a = given.encode("utf-8", "surrogatepass") if isinstance(given, str) else given
    b = expected.encode("utf-8", "surrogatepass") if isinstance(expected, str) else expected
    return hmac.compare_digest(a, b)
