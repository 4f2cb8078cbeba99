"""``COGNITO_MOCK_CHECK_PERSISTENCE=1 python -m pytest tests/api ...``: run tests with every store kept
in a file, and after every request compare the file with a fresh encoding of the whole state in
memory (and, around every read-only action, the state before and after). A change the tracking
missed, or a "read" that writes, fails the test that made it. O(state) per request: a check mode,
not a way to run the suite every day (tests/conformance/test_persistence_*.py run the same checks
on chosen scenarios)."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager

from cognito_mock.backend import persistence
from cognito_mock.backend.persistence import durable as durable_module
from cognito_mock.backend.store import Store

_plain_init = Store.__init__


def kept_in_a_file(store: Store) -> persistence.Durable:
    """Attach a file to ``store`` that checks itself after every commit."""
    path = os.path.join(tempfile.mkdtemp(prefix="cognito-mock-check-"), "state.db")
    with store.lock:
        durable = persistence.attach(store, path)

    def commit_and_check() -> None:
        durable.commit()
        durable_module.check(durable)

    store.lock.on_release = commit_and_check
    store._check_durable = durable           # type: ignore[attr-defined]
    return durable


def _init(self: Store) -> None:
    _plain_init(self)
    kept_in_a_file(self)


@contextmanager
def _reading(self: Store):
    durable = getattr(self, "_check_durable", None)
    if durable is None or durable.file is None:
        with self.looking():
            yield
        return
    before = durable_module.expected_rows(durable)
    with self.looking():
        yield
    try:
        after = durable_module.expected_rows(durable)
    except AssertionError as exc:
        raise AssertionError(f"a read-only action changed the state ({exc}): add it to registry.CHANGES_STATE")
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))[:3]
    assert not changed, f"a read-only action changed the state: {changed} (add it to registry.CHANGES_STATE)"


def install() -> None:
    Store.__init__ = _init                   # type: ignore[method-assign]
    Store.reading = _reading                 # type: ignore[method-assign]
