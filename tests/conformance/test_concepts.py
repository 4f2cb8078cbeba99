"""One concept, one name in every layer: each action's handler lives in ``api/<service>/<concept>/``
(or ``api/<service>/`` for the smaller services) and a backend package of the same name exists."""
import pathlib

import pytest

from cognito_mock.api.registry import ACTIONS

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "cognito_mock"
ALL = [(service, op) for service in ACTIONS for op in sorted(ACTIONS[service])]


@pytest.mark.parametrize("service,op", ALL, ids=lambda v: v)
def test_the_api_module_and_the_backend_package_share_the_concepts_name(service, op):
    module = ACTIONS[service][op].__module__.split(".")          # cognito_mock.api.idp.users.recovery
    assert module[:2] == ["cognito_mock", "api"]
    concept = module[2:-1]                                       # ["idp", "users"], ["identity"], ["sync"]
    assert (PACKAGE / "backend" / pathlib.Path(*concept)).is_dir(), f"{op}: no backend package {'/'.join(concept)}"
