"""Small helpers shared by the test packages (tests/ is on sys.path through tests/conftest.py)."""
from __future__ import annotations

import threading

import botocore
import pytest
from botocore.exceptions import ClientError

from cognito_mock.wire.model import IDP, service_model


def error_of(raised):
    """(Code, Message) of the ClientError a ``pytest.raises`` block caught."""
    err = raised.value.response["Error"]
    return err["Code"], err["Message"]


def model_has(name: str, service: str = IDP) -> bool:
    """Whether the installed botocore's model has ``name``: an operation (``GetDerivedToken``), a
    structure member (``CreateUserPoolRequest.DcrConfiguration``) or an enum value
    (``ExplicitAuthFlowsType.ALLOW_TOKEN_EXCHANGE_DELEGATION``)."""
    model = service_model(service)
    shape_name, _, member = name.partition(".")
    if not member:
        return shape_name in model.operation_names
    if shape_name not in model.shape_names:
        return False
    shape = model.shape_for(shape_name)
    if shape.type_name == "structure":
        return member in shape.members
    return member in (getattr(shape, "enum", None) or [])


def requires(*names: str, service: str = IDP):
    """Skip a test (or, as ``pytestmark``, a module) on a botocore release whose model lacks any of
    ``names``: the emulator does not offer what the installed model does not describe."""
    missing = [n for n in names if not model_has(n, service)]
    return pytest.mark.skipif(bool(missing), reason=f"botocore {botocore.__version__}'s {service} model "
                                                    f"lacks {', '.join(missing)}")


def csrf(browser) -> dict[str, str]:
    """The hidden ``_csrf`` field a hosted page's form carries: the browser's XSRF-TOKEN cookie
    (a ``requests.Session``); the hosted UI and the edge's tests both post it."""
    return {"_csrf": browser.cookies.get("XSRF-TOKEN", "")}


# only a guard against a hang: each wait of a race test returns as soon as the other side is there
WAIT = 30


def in_thread(fn, *args, **kwargs):
    """Run ``fn`` in a thread; returns a function that joins it and gives ('ok', result) or ('error', ClientError)."""
    out = {}

    def run():
        try:
            out["value"] = ("ok", fn(*args, **kwargs))
        except ClientError as exc:
            out["value"] = ("error", exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def join():
        thread.join(WAIT)
        assert not thread.is_alive()
        return out["value"]
    return join
