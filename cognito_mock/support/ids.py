"""Identifier, secret and code generators. Seedable, so a test can get repeatable ids.

Everything random in the emulator comes from here (DESIGN rule 6). Unless a test seeds it, it draws
from the operating system's CSPRNG (``random.SystemRandom``, as ``secrets`` does): codes, refresh
tokens, client secrets and SRP values must not be predictable from other answers (a Mersenne
Twister's state can be rebuilt from a few hundred of its outputs). ``seed(n)`` switches to a
repeatable generator; ``seed(None)`` switches back.
"""
from __future__ import annotations

import hashlib
import hmac
import random
import string

_LOWER_ALNUM = string.ascii_lowercase + string.digits
_ALNUM = string.ascii_letters + string.digits
_HEX = "0123456789abcdef"


class Ids:
    __slots__ = ("_rng", "_secret")

    def __init__(self, seed: int | None = None) -> None:
        self.seed(seed)

    def seed(self, seed: int | None) -> None:
        self._rng: random.Random = random.SystemRandom() if seed is None else random.Random(seed)
        self._secret = self.token_bytes(32)

    def secret_state(self) -> bytes:
        """The secret behind ``stable_bytes`` (a saved state keeps it, so stable stays stable)."""
        return self._secret

    def restore_secret(self, secret: bytes) -> None:
        self._secret = secret

    def stable_bytes(self, label: str, n: int) -> bytes:
        """``n`` bytes that are the same for the same ``label`` for this emulator's lifetime and
        unpredictable without its secret (e.g. the salt answered for an unknown user)."""
        return hmac.new(self._secret, label.encode("utf-8", "surrogatepass"), hashlib.sha512).digest()[:n]

    # -- raw material ----------------------------------------------------------------------
    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self._rng.choices(alphabet, k=n))

    def token_bytes(self, n: int) -> bytes:
        return self._rng.getrandbits(8 * n).to_bytes(n, "big")

    def randbits(self, n: int) -> int:
        return self._rng.getrandbits(n)

    def digits(self, n: int) -> str:
        return self.chars(string.digits, n)

    def uuid(self) -> str:
        """A version-4 UUID string."""
        h = f"{self._rng.getrandbits(128):032x}"
        variant = _HEX[8 + (int(h[16], 16) & 3)]
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}"

    # -- Cognito shapes --------------------------------------------------------------------
    def user_pool_id(self, region: str) -> str:
        return f"{region}_{self.chars(_ALNUM, 9)}"

    def client_id(self) -> str:
        return self.chars(_LOWER_ALNUM, 26)

    def client_secret(self) -> str:
        return self.chars(_LOWER_ALNUM, 51)

    def identity_pool_id(self, region: str) -> str:
        return f"{region}:{self.uuid()}"

    def request_id(self) -> str:
        return self.uuid()
