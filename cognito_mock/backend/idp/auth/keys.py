"""Per-pool signing keys: one RSA-2048 key and kid per pool, made on first use, and the JWKS."""
from __future__ import annotations

import base64
import hashlib
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ..models import UserPool
from .models import SigningKey


def signing_key(pool: UserPool) -> SigningKey:
    """The pool's key, generated the first time a token is minted or the JWKS is asked for."""
    if pool.auth.signing_key is None:
        pool.auth.signing_key = new_key()
    return pool.auth.signing_key


def jwks(pool: UserPool) -> dict[str, list[dict[str, str]]]:
    """The pool's ``/.well-known/jwks.json`` document."""
    return {"keys": [dict(signing_key(pool).jwk)]}


def new_signing_key() -> SigningKey:
    """A fresh RSA-2048 key with its kid and JWK (a pool's, or an emulated identity provider's)."""
    return new_key()


def new_key() -> SigningKey:
    return key_of(rsa.generate_private_key(public_exponent=65537, key_size=2048))


def private_pem(key: SigningKey) -> str:
    """The key as unencrypted PKCS#8 PEM (a state file's ``SigningKey``, so an export keeps the JWKS)."""
    return key.private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()).decode()


def from_pem(text: str) -> SigningKey:
    """A key from ``private_pem``'s form; ValueError unless it is an RSA private key of 2048 bits or more."""
    private = serialization.load_pem_private_key(text.encode(), password=None)
    if not isinstance(private, rsa.RSAPrivateKey) or private.key_size < 2048:
        raise ValueError("not an RSA private key of 2048 bits or more")
    return key_of(private)


def key_of(private: rsa.RSAPrivateKey) -> SigningKey:
    public = private.public_key()
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    kid = base64.b64encode(hashlib.sha256(der).digest()).decode()   # Cognito kids are base64, 44 chars
    numbers = public.public_numbers()
    jwk = {"alg": "RS256", "e": _b64_int(numbers.e), "kid": kid, "kty": "RSA", "n": _b64_int(numbers.n), "use": "sig"}
    header = b64url(json.dumps({"kid": kid, "alg": "RS256"}, separators=(",", ":")).encode())
    return SigningKey(kid=kid, private_key=private, public_key=public, jwk=jwk, header=header)


def _b64_int(value: int) -> str:
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
