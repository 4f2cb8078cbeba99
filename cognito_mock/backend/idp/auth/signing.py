"""RS256 signatures of JWTs, and the tokens of one mint signed together when first asked for.

An RSA-2048 signature costs ~0.35 ms (OpenSSL's own bound on our machine: ``openssl speed rsa2048``)
and a sign-in makes two. cryptography lets go of the GIL while it signs, so the two are made at once
on two cores: one in the calling thread, the other in a helper thread when that thread is idle (under
load, when every core is busy anyway, the caller does not queue for it: it signs both itself).

``Jwts`` holds a mint's signing inputs; the API hands ``Jwts.later(i)`` to the transport, which signs
after it has let go of the store's lock (support/later.py), so a signing request does not hold up the
others. The hosted pages and OAuth endpoints read ``Jwts.token(i)`` at once.
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from ....support.later import Later
from .keys import b64url
from .models import SigningKey

PKCS1 = padding.PKCS1v15()       # RS256: PKCS#1 v1.5 padding over SHA-256 (signing here, verifying in tokens.py)
SHA256 = hashes.SHA256()


def sign(key: SigningKey, signing_input: str) -> str:
    """``signing_input`` ("header.payload", base64url) with its RS256 signature appended."""
    return f"{signing_input}.{b64url(key.private_key.sign(signing_input.encode(), PKCS1, SHA256))}"


class _Helper:
    """One helper thread, made on first use, forgotten in a forked child (its thread is not there)."""

    def __init__(self) -> None:
        self.idle = threading.Lock()
        self.executor: ThreadPoolExecutor | None = None

    def run(self, fn, *args):
        if self.executor is None:
            self.executor = ThreadPoolExecutor(1, thread_name_prefix="cognito-mock-signing")
        return self.executor.submit(fn, *args)


_helper = _Helper()


def _forget_helper() -> None:
    global _helper
    _helper = _Helper()


os.register_at_fork(after_in_child=_forget_helper)


def sign_all(key: SigningKey, inputs: list[str]) -> list[str]:
    """Every input signed; two at once when the helper thread is idle."""
    helper = _helper
    if len(inputs) == 2 and helper.idle.acquire(blocking=False):
        try:
            other = helper.run(sign, key, inputs[1])
            first = sign(key, inputs[0])
            return [first, other.result()]
        finally:
            helper.idle.release()
    return [sign(key, text) for text in inputs]


class Jwts:
    """The tokens of one mint: their signing inputs, signed together the first time one is asked for."""

    __slots__ = ("_key", "_inputs", "_tokens")

    def __init__(self, key: SigningKey, inputs: list[str], tokens: list[str] | None = None) -> None:
        self._key, self._inputs, self._tokens = key, inputs, tokens

    def token(self, index: int) -> str:
        if self._tokens is None:
            self._tokens = sign_all(self._key, self._inputs)
        return self._tokens[index]

    def later(self, index: int) -> "JwtLater":
        """The token as a response value signed after the store's lock is let go."""
        return JwtLater(self, index)


class JwtLater(Later):
    __slots__ = ("jwts", "index")

    def __init__(self, jwts: Jwts, index: int) -> None:
        super().__init__()
        self.jwts, self.index = jwts, index

    def value(self) -> str:
        return self.jwts.token(self.index)
