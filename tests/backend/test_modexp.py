"""SRP's modular arithmetic (support/modexp.py): both paths, gmpy2's and Python's, give pow's answers."""
import random

import pytest

from cognito_mock.backend.idp.auth import srp
from cognito_mock.support import modexp
from cognito_mock.support.modexp import ModExp

PATHS = [pytest.param(False, id="python"),
         pytest.param(True, id="gmpy2", marks=pytest.mark.skipif(not modexp.HAVE_GMPY2, reason="no gmpy2"))]


@pytest.fixture(scope="module")
def tables():
    """One table per path for the module (Python's takes about half a second to build)."""
    return {}


@pytest.mark.parametrize("fast", PATHS)
@pytest.mark.parametrize("bits", [0, 1, 7, 8, 9, 255, 256, 511, 512, 513, 3071])
def test_generator_pow_is_pow(tables, fast, bits):
    arithmetic = tables.setdefault(fast, ModExp(srp.N, srp.G, fast=fast))
    rng = random.Random(bits)
    for exponent in {(1 << bits) - 1, rng.getrandbits(bits) if bits else 0, 1 << max(bits - 1, 0)}:
        got = arithmetic.generator_pow(exponent)
        assert got == pow(srp.G, exponent, srp.N) and type(got) is int


@pytest.mark.parametrize("fast", PATHS)
def test_pow_is_pow(fast):
    arithmetic = ModExp(srp.N, srp.G, fast=fast, bits=16)
    rng = random.Random(7)
    for _ in range(5):
        base, exponent = rng.getrandbits(3072) % srp.N, rng.getrandbits(256)
        got = arithmetic.pow(base, exponent)
        assert got == pow(base, exponent, srp.N) and type(got) is int


def test_small_window_and_modulus():
    arithmetic = ModExp(1_000_003, 5, fast=False, bits=20, window=3)
    assert [arithmetic.generator_pow(e) for e in range(0, 1 << 21, 4099)] == \
           [pow(5, e, 1_000_003) for e in range(0, 1 << 21, 4099)]


@pytest.mark.skipif(modexp.HAVE_GMPY2, reason="gmpy2 is installed")
def test_fast_path_needs_gmpy2():
    with pytest.raises(RuntimeError, match="gmpy2 is not installed"):
        ModExp(srp.N, srp.G, fast=True)
