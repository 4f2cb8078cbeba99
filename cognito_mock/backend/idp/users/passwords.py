"""Password policy (AWS's InvalidPasswordException texts), the stored secret, history, temporary passwords.

What a user's record keeps is Cognito's SRP private value x = H(salt | H(realm username ":" password))
(srp.py): two SHA-256, cheap enough for the password flows, and the SRP verifier g^x is derived from it
the first time the user signs in with SRP. The password itself is never stored.
"""
from __future__ import annotations

import string

from ....errors import InvalidPasswordException, PasswordHistoryPolicyViolationException
from ....support.compare import same
from ....support.ids import Ids
from ..auth import srp
from ..models import PasswordPolicy, User

MAX_HISTORY = 24        # PasswordHistorySize ranges 0..24
HISTORY_VIOLATION = "The password has been used before. Please choose a new password."   # guessed text

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


def set_password(ids: Ids, pool_id: str, user: User, password: str, now: float) -> None:
    """Store a new password (salt, x); the previous one moves to the history."""
    if user.password_hash:
        user.password_history = (user.password_history + [(user.password_salt, user.password_hash)])[-MAX_HISTORY:]
    salt = bytes([ids.token_bytes(1)[0] | 0x10]) + ids.token_bytes(15)   # no leading zero nibble (JS clients)
    user.set_password_fields(salt, srp.private_value(salt.hex(), srp.realm(pool_id) + user.username, password), now)
    user.srp_verifier = 0


def matches(pool_id: str, user: User, password: str) -> bool:
    return bool(user.password_hash) and _matches(pool_id, user, user.password_salt, user.password_hash, password)


def _matches(pool_id: str, user: User, salt: bytes, stored: bytes, password: str) -> bool:
    return same(stored, srp.private_value(salt.hex(), srp.realm(pool_id) + user.username, password))


def check_history(policy: PasswordPolicy, pool_id: str, user: User, password: str) -> None:
    """PasswordHistorySize n: the current password and the n-1 before it cannot be chosen again."""
    size = policy.password_history_size or 0
    if size <= 0 or not user.password_hash:
        return
    recent = [(user.password_salt, user.password_hash), *reversed(user.password_history)][:size]
    if any(_matches(pool_id, user, salt, stored, password) for salt, stored in recent):
        raise PasswordHistoryPolicyViolationException(HISTORY_VIOLATION)


def srp_verifier(user: User) -> int:
    """g^x mod N, computed once per password (only SRP sign-ins pay for it)."""
    if not user.srp_verifier:
        user.srp_verifier = srp.verifier(user.password_hash)
    return user.srp_verifier


def temporary_password(ids: Ids, policy: PasswordPolicy) -> str:
    """A random password that satisfies ``policy`` (one character of every class, shuffled)."""
    symbols = "^$*.[]{}()?!@#%&/,><:;|_~=+-"
    classes = [string.ascii_lowercase, string.ascii_uppercase, string.digits, symbols]
    length = max(policy.minimum_length, 12)
    chars = [ids.chars(alphabet, 1) for alphabet in classes]
    chars += list(ids.chars(string.ascii_letters + string.digits + symbols, length - len(chars)))
    order = sorted(range(len(chars)), key=lambda _: ids.randbits(32))
    return "".join(chars[i] for i in order)


# --- the stored form, as a state file carries it (seeding/: PasswordHash) ------------------------
STORED_SCHEME = "cognito-mock-srp-sha256"


def stored_form(user: User) -> str | None:
    """``cognito-mock-srp-sha256$<salt hex>$<x hex>``: what this emulator keeps for the user's password.
    It is bound to the pool id and the username (the SRP realm), so it works again only under both."""
    if not user.password_hash:
        return None
    return f"{STORED_SCHEME}${user.password_salt.hex()}${user.password_hash.hex()}"


def restore(user: User, stored: str, now: float) -> None:
    """Give ``user`` the password whose ``stored_form`` is ``stored``; ValueError when it is not one."""
    scheme, _, rest = stored.partition("$")
    salt_hex, _, hash_hex = rest.partition("$")
    try:
        salt, value = bytes.fromhex(salt_hex), bytes.fromhex(hash_hex)
    except ValueError:
        salt = value = b""
    if scheme != STORED_SCHEME or not salt or not 0 < len(value) <= 32:
        raise ValueError(f"not a password stored by cognito-mock (expected {STORED_SCHEME}$<salt hex>$<hash hex>)")
    user.set_password_fields(salt, value, now)
    user.srp_verifier = 0
