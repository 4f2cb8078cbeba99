"""The id, code and secret source: the OS CSPRNG unless a test seeds it."""
import random

from cognito_mock.support.ids import Ids


def test_unseeded_draws_from_the_operating_system():
    ids = Ids()
    assert isinstance(ids._rng, random.SystemRandom)
    assert len({ids.client_secret() for _ in range(50)}) == 50


def test_seeding_repeats_and_unseeding_returns_to_the_csprng():
    first, second = Ids(7), Ids()
    second.seed(7)
    assert [first.client_id(), first.digits(6), first.uuid()] == [second.client_id(), second.digits(6), second.uuid()]
    second.seed(None)
    assert isinstance(second._rng, random.SystemRandom)
