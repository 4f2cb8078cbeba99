"""The minimal urllib3-like body botocore reads an in-process answer from."""
from __future__ import annotations


class RawBody:
    __slots__ = ("_body",)

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_kwargs):
        yield self._body

    def read(self, *_args, **_kwargs) -> bytes:
        body, self._body = self._body, b""
        return body
