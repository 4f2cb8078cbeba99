"""Password policy (AWS's InvalidPasswordException texts), fast salted hashing, temporary passwords.

The hash is a single salted SHA-256 on purpose: this is an emulator on a hot path, not a vault.
"""
from __future__ import annotations

import hashlib
import hmac
import string

from ...errors import InvalidPasswordException
from ...support.ids import Ids
from .models import PasswordPolicy, User

# The special characters Cognito counts as symbols (the space included).
SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- "
_PREFIX = "Password did not conform with policy: "


def check_policy(policy: PasswordPolicy, password: str) -> None:
    """Raise InvalidPasswordException with AWS's text for the first rule ``password`` breaks."""
    if len(password) < policy.minimum_length:
        raise InvalidPasswordException(_PREFIX + "Password not long enough")
    rules = (
        (policy.require_lowercase, string.ascii_lowercase, "Password must have lowercase characters"),
        (policy.require_uppercase, string.ascii_uppercase, "Password must have uppercase characters"),
        (policy.require_numbers, string.digits, "Password must have numeric characters"),
        (policy.require_symbols, SYMBOLS, "Password must have symbol characters"),
    )
    for required, alphabet, message in rules:
        if required and not any(ch in alphabet for ch in password):
            raise InvalidPasswordException(_PREFIX + message)


def set_password(ids: Ids, user: User, password: str, now: float) -> None:
    salt = ids.token_bytes(16)
    user.password_salt = salt
    user.password_hash = _digest(salt, password)
    user.password_set_at = now


def matches(user: User, password: str) -> bool:
    return bool(user.password_hash) and hmac.compare_digest(user.password_hash, _digest(user.password_salt, password))


def _digest(salt: bytes, password: str) -> bytes:
    return hashlib.sha256(salt + password.encode()).digest()


def temporary_password(ids: Ids, policy: PasswordPolicy) -> str:
    """A random password that satisfies ``policy`` (one character of every class, shuffled)."""
    symbols = "^$*.[]{}()?!@#%&/,><:;|_~=+-"
    classes = [string.ascii_lowercase, string.ascii_uppercase, string.digits, symbols]
    length = max(policy.minimum_length, 12)
    chars = [ids.chars(alphabet, 1) for alphabet in classes]
    chars += list(ids.chars(string.ascii_letters + string.digits + symbols, length - len(chars)))
    order = sorted(range(len(chars)), key=lambda _: ids.randbits(32))
    return "".join(chars[i] for i in order)
