"""The one place a user pool's token issuer (``iss``) is formed (DESIGN 1).

In-process it is AWS's, ``https://cognito-idp.{region}.amazonaws.com/{poolId}``; a server answers
with its public URL (``--public-url``, default ``http://127.0.0.1:PORT``) + ``/{poolId}``, the same
whatever Host header a request used, so tokens, discovery and JWKS always agree.
"""
from __future__ import annotations


def issuer(pool_id: str, public_url: str | None = None) -> str:
    if public_url:
        return f"{public_url.rstrip('/')}/{pool_id}"
    region = pool_id.split("_", 1)[0]
    return f"https://cognito-idp.{region}.amazonaws.com/{pool_id}"
