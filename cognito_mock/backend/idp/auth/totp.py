"""RFC 6238 time-based one-time passwords as Cognito uses them: SHA-1, six digits, 30-second
steps, the adjacent step on either side accepted. Secrets are per user, drawn from env.ids."""
from __future__ import annotations

import base64
import hashlib
import hmac
import struct

from ....support.compare import same
from ....support.ids import Ids

STEP = 30
DIGITS = 6
WINDOW = 1            # steps accepted either side of now (clock drift), as AWS does
SECRET_BYTES = 32     # base32 without padding: 52 characters, like AWS's SecretCode


def new_secret(ids: Ids) -> str:
    return base64.b32encode(ids.token_bytes(SECRET_BYTES)).decode().rstrip("=")


def code_at(secret: str, step: int) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** DIGITS).zfill(DIGITS)


def matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step ``code`` belongs to (now or an adjacent one), or None."""
    current = int(now) // STEP
    for step in (current, current - WINDOW, current + WINDOW):
        if same(code_at(secret, step), code):
            return step
    return None
