"""Every implemented operation, fed malformed, invalid, oversized and wrong-typed input against a store
holding real objects, answers 4xx with an error code its model documents (or a common one), never a 5xx.
(test_plausible_junk.py sends shape-valid junk; this sends what the shapes forbid too.)"""
import json
import logging
import random

import pytest

from cognito_mock.api.registry import ACTIONS
from cognito_mock.dispatch import WireRequest, handle
from cognito_mock.wire.model import IDENTITY, IDP, VALIDATION_ERROR, operation_model
from test_plausible_junk import TARGET, junk, populated

COMMON = {"SerializationException", "UnknownOperationException", "InternalFailure"}
HOSTILE = ["", " ", "\x00", "é" * 3, "\ud800", "a" * 5000, "../../etc/passwd", "<script>", "%s%n", "null", "-1",
           "1e400", "🔑" * 10, "us-east-1_", "us-east-1_" + "A" * 60]
WRONG = [None, True, 0, -1, 2 ** 70, 1.5, "x", [], {}, [None], {"": None}]


def mutate(rng, value, depth=0):
    """``value`` with one of its leaves (or itself) replaced by something hostile or of the wrong type."""
    if isinstance(value, dict) and value and depth < 4 and rng.random() < 0.7:
        key = rng.choice(list(value))
        return {**value, key: mutate(rng, value[key], depth + 1)}
    if isinstance(value, list) and value and depth < 4 and rng.random() < 0.7:
        return [mutate(rng, value[0], depth + 1)] * rng.choice([1, 2, 101])
    return rng.choice(HOSTILE + WRONG)


ALL = [(s, op) for s in (IDP, IDENTITY) for op in sorted(ACTIONS[s])]


@pytest.fixture(scope="module")
def world():
    return populated()


@pytest.mark.parametrize("service,op", ALL, ids=lambda v: v)
def test_hostile_input_gets_a_documented_4xx(service, op, world):
    store, known = world
    rng = random.Random(f"fuzz:{service}:{op}")
    model = operation_model(service, op)
    documented = {shape.name for shape in model.error_shapes} | {VALIDATION_ERROR[service]} | COMMON
    logging.disable(logging.CRITICAL)
    try:
        for _ in range(25):
            body = mutate(rng, junk(rng, op, model.input_shape, known)) if model.input_shape else {}
            raw = json.dumps(body) if rng.random() < 0.9 else json.dumps(body)[: rng.randint(0, 20)]
            resp = handle(store, WireRequest(headers={"x-amz-target": f"{TARGET[service]}.{op}"}, body=raw.encode()))
            answer = json.loads(resp.body or b"{}")
            assert resp.status < 500 or (resp.status == 501 and answer["__type"] == "InternalFailure"), (body, answer)
            if resp.status >= 400:
                assert answer["__type"] in documented, (body, answer)
    finally:
        logging.disable(logging.NOTSET)
