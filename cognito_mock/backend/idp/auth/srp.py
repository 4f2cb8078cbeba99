"""SRP-6a exactly as Cognito runs it (amazon-cognito-identity-js's AuthenticationHelper, server side).

3072-bit group of RFC 5054, g = 2, k = H(N | g), u = H(A | B), x = H(salt | H(realm user ":" password)),
session key = HKDF-SHA256(S, salt=u, info="Caldera Derived Key" 0x01)[:16], and the client proves it
with PASSWORD_CLAIM_SIGNATURE = HMAC-SHA256(key, realm | user | secret block | timestamp).
Integers travel as hex and are "padded" the way the JS client pads them (a leading 00 when the first
nibble is 8 or more), and every hash is over those padded bytes. Only the SRP flows pay for the
3072-bit exponentiations; the password flows compare x (two SHA-256) instead.

A sign-in costs one exponentiation of a client-chosen base, (A * v^u)^b; the others have the base g
and go through ``ARITHMETIC``'s fixed-base table: g^b for B, the verifier g^x, and v^u = g^(x*u)
since the server keeps x (support/modexp.py; gmpy2 when the ``fast`` extra is installed).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
from ....support.compare import same
from ....support.modexp import ModExp

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2
INFO = b"Caldera Derived Key\x01"
ARITHMETIC = ModExp(N, G)
_DAYS = "Mon|Tue|Wed|Thu|Fri|Sat|Sun"
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
# Cognito's TIMESTAMP: 'Sun Nov 2 01:02:03 UTC 2026' (day of month not zero-padded)
TIMESTAMP = re.compile(rf"^(?:{_DAYS}) (?:{_MONTHS}) (?:[1-9]|[12][0-9]|3[01]) \d\d:\d\d:\d\d UTC \d{{4}}$")


def pad_hex(value: int | str) -> str:
    text = value if isinstance(value, str) else f"{value:x}"
    if len(text) % 2:
        return "0" + text
    return "00" + text if text[0] in "89abcdefABCDEF" else text


def hash_hex(hex_text: str) -> str:
    return hashlib.sha256(bytes.fromhex(hex_text)).hexdigest()


K = int(hash_hex(pad_hex(N) + pad_hex(G)), 16)


def realm(pool_id: str) -> str:
    """The pool name without its region, which Cognito mixes into x and the signature."""
    return pool_id.split("_", 1)[1]


def private_value(salt_hex: str, identity: str, password: str) -> bytes:
    """x = H(pad(salt) | H(identity ":" password)); identity is realm+username or groupKey+deviceKey."""
    inner = hashlib.sha256(f"{identity}:{password}".encode()).hexdigest()
    return bytes.fromhex(hash_hex(pad_hex(salt_hex) + inner))


def verifier(x: bytes) -> int:
    return ARITHMETIC.generator_pow(int.from_bytes(x, "big"))


def server_public(v: int, b: int) -> int:
    """B = k*v + g^b mod N (never 0 mod N for b > 0)."""
    return (K * v + ARITHMETIC.generator_pow(b)) % N


def session_key(a_public: int, b_public: int, b: int, v: int, x: bytes | None = None) -> bytes:
    """S = (A * v^u)^b; with the private value ``x`` known (a user's password), v^u is g^(x*u)."""
    u = int(hash_hex(pad_hex(a_public) + pad_hex(b_public)), 16)
    v_u = ARITHMETIC.generator_pow(int.from_bytes(x, "big") * u) if x is not None else ARITHMETIC.pow(v, u)
    s = ARITHMETIC.pow(a_public * v_u % N, b)
    prk = hmac.new(bytes.fromhex(pad_hex(u)), bytes.fromhex(pad_hex(s)), hashlib.sha256).digest()
    return hmac.new(prk, INFO, hashlib.sha256).digest()[:16]


def signature(key: bytes, first: str, second: str, secret_block: bytes, timestamp: str) -> str:
    message = first.encode() + second.encode() + secret_block + timestamp.encode()
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def valid_a(a_hex: str) -> int | None:
    """SRP_A as an integer, or None when it is not hex or A mod N is 0 (the SRP safety check)."""
    try:
        value = int(a_hex, 16)
    except ValueError:
        return None
    return value if value % N else None


def signatures_match(given: str, expected: str) -> bool:
    return same(given, expected)
