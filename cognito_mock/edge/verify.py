"""Verifying user pool JWTs at the edge: RS256 against the pool's served JWKS, with caches.

Keys are fetched from ``{issuer}/.well-known/jwks.json`` the first time a kid is seen and kept; a
token that verified once is kept too (its claims), so a repeated token costs a dict look-up and an
expiry check, as API Gateway caches an authorizer's result. Only configured issuers are ever asked
for keys: a token naming another issuer is refused before any fetch.
"""
from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

_PKCS1 = padding.PKCS1v15()
_SHA256 = hashes.SHA256()
MAX_CACHED = 10_000


class TokenError(Exception):
    """Why a token was refused: ``malformed``, ``issuer``, ``signature`` or ``expired``."""

    def __init__(self, reason: str, claims: dict | None = None) -> None:
        super().__init__(reason)
        self.reason, self.claims = reason, claims


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def unverified(token: str) -> tuple[dict, dict]:
    """(header, claims) of a compact JWS, unverified; TokenError("malformed") when unreadable."""
    try:
        header_b64, payload_b64, _ = token.split(".")
        header, claims = json.loads(b64url_decode(header_b64)), json.loads(b64url_decode(payload_b64))
    except (ValueError, UnicodeDecodeError):
        raise TokenError("malformed") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise TokenError("malformed")
    return header, claims


class Verifier:
    """Verifies tokens of ``issuers`` through ``cognito`` (an InProcess or Remote transport)."""

    def __init__(self, cognito, issuers: Iterable[str]) -> None:
        self.cognito = cognito
        self.issuers = frozenset(issuers)
        self._keys: dict[tuple[str, str], rsa.RSAPublicKey] = {}
        self._verified: dict[str, dict] = {}
        self._lock = threading.Lock()

    def verify(self, token: str) -> dict:
        """The claims of a token one of the issuers signed that has not expired; TokenError otherwise."""
        claims = self._verified.get(token)
        if claims is None:
            claims = self._verify_signature(token)
            with self._lock:
                if len(self._verified) >= MAX_CACHED:
                    self._verified.clear()
                self._verified[token] = claims
        exp = claims.get("exp")
        if not isinstance(exp, (int, float)) or self.cognito.now() >= exp:
            raise TokenError("expired", claims)
        return claims

    def _verify_signature(self, token: str) -> dict:
        header, claims = unverified(token)
        issuer = claims.get("iss")
        if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
            raise TokenError("malformed")
        if issuer not in self.issuers:
            raise TokenError("issuer")
        key = self._key(issuer, header["kid"])
        signing_input, _, signature = token.rpartition(".")
        try:
            key.verify(b64url_decode(signature), signing_input.encode(), _PKCS1, _SHA256)
        except (InvalidSignature, ValueError):
            raise TokenError("signature") from None
        return claims

    def _key(self, issuer: str, kid: str) -> rsa.RSAPublicKey:
        key = self._keys.get((issuer, kid))
        if key is None:
            for jwk in self._fetch(issuer):
                try:
                    public = rsa.RSAPublicNumbers(int.from_bytes(b64url_decode(jwk["e"]), "big"),
                                                  int.from_bytes(b64url_decode(jwk["n"]), "big")).public_key()
                except (KeyError, TypeError, ValueError):
                    continue
                self._keys[(issuer, str(jwk.get("kid")))] = public
            key = self._keys.get((issuer, kid))
        if key is None:
            raise TokenError("signature")
        return key

    def _fetch(self, issuer: str) -> list[dict]:
        status, _, body = self.cognito.http("GET", f"{issuer}/.well-known/jwks.json")
        if status != 200:
            return []
        try:
            return list(json.loads(body).get("keys", []))
        except (ValueError, AttributeError):
            return []
