"""``cognito-mock serve --persist PATH``: every change on disk before its answer is sent.

``attach(store, path)`` opens (or makes) the store file, loads what it holds into ``store`` (or, for a
new file, writes the state ``store`` already has, e.g. from ``--seed``) and hooks ``commit`` to the
store's lock: when a transport lets go of the lock at the end of a request, the entries that request
touched are written in one transaction (support/tracking.py says how they are found, records.py how state
maps to records, record_file.py is the file). Read-only actions pause the tracking
(``Store.reading``), so reads cost what they cost without persistence.

There is no pickle: records are JSON (codec.py), and a class is only ever found by name among the
backend's own dataclasses and enums, so a crafted file cannot run anything.
"""
from __future__ import annotations

import os

from ..store import Store
from .codec import FormatError
from .durable import Durable
from .record_file import StoreFileError, check_location

__all__ = ["attach", "holds_state", "Durable", "FormatError", "StoreFileError", "check_location"]


def holds_state(path: str | os.PathLike) -> bool:
    """Whether ``path`` is a store file that holds a state (StoreFileError when it is not a store)."""
    from .record_file import RecordFile
    if not os.path.exists(path):
        return False
    file = RecordFile(path, "check")
    try:
        return next(file.rows(), None) is not None
    finally:
        file.close()


def attach(store: Store, path: str | os.PathLike) -> Durable:
    """Open ``path`` and keep ``store`` in it from now on; raises StoreFileError (file untouched)."""
    from importlib.metadata import PackageNotFoundError, version
    try:
        release = version("cognito-mock")
    except PackageNotFoundError:      # a source tree that is not installed
        release = "unknown"
    durable = Durable(store, path, release)
    durable.open()
    return durable
