"""Modular exponentiation in one fixed group (SRP's 3072-bit prime): the cost of every SRP sign-in.

Two speed-ups, neither of which changes a result:
- gmpy2 (GMP) when the optional extra is installed (``pip install 'cognito-mock[fast]'``), about 8x
  Python's ``pow`` at 3072 bits; Python's own integers otherwise.
- a fixed-base table for the generator: ``g^e`` for an exponent of up to ``bits`` bits is the product
  of one precomputed power per ``window`` bits of ``e`` (``g^(d * 2^(window*i))``), so 64 modular
  multiplications instead of ~600 for a 512-bit exponent. 64 rows of 256 numbers of 3072 bits: about
  7 MB, built once per process on first use (~70 ms with gmpy2, ~0.5 s without).
"""
from __future__ import annotations

from typing import Any

try:
    import gmpy2
except ImportError:          # the optional extra: the pure-Python path is complete without it
    gmpy2 = None

HAVE_GMPY2 = gmpy2 is not None


class ModExp:
    """``pow(base, exp, modulus)`` and ``generator^exp`` for one modulus; ``fast`` picks gmpy2."""

    def __init__(self, modulus: int, generator: int, *, fast: bool = HAVE_GMPY2, bits: int = 512,
                 window: int = 8) -> None:
        if fast and gmpy2 is None:
            raise RuntimeError("gmpy2 is not installed (pip install 'cognito-mock[fast]')")
        self.fast = fast
        self.modulus, self.generator = modulus, generator
        self.bits, self.window = bits, window
        self._mod: Any = gmpy2.mpz(modulus) if fast else modulus
        self._table: list[list[Any]] | None = None

    def pow(self, base: int, exp: int) -> int:
        if self.fast:
            return int(gmpy2.powmod(base, exp, self._mod))
        return pow(base, exp, self.modulus)

    def generator_pow(self, exp: int) -> int:
        """``generator^exp mod modulus`` for ``0 <= exp``; through the table when ``exp`` fits."""
        if exp.bit_length() > self.bits:
            return self.pow(self.generator, exp)
        table = self._table or self._build()
        mod, mask, result = self._mod, (1 << self.window) - 1, None
        row = 0
        while exp:
            digit = exp & mask
            if digit:
                factor = table[row][digit]
                result = factor if result is None else result * factor % mod
            exp >>= self.window
            row += 1
        return 1 if result is None else int(result)

    def _build(self) -> list[list[Any]]:
        mod = self._mod
        base = gmpy2.mpz(self.generator) if self.fast else self.generator
        table = []
        for _ in range(-(-self.bits // self.window)):
            row = [1, base]
            for _ in range((1 << self.window) - 2):
                row.append(row[-1] * base % mod)
            table.append(row)
            base = row[-1] * base % mod            # generator^(2^(window*(i+1)))
        self._table = table                        # two threads building at once make the same table
        return table
