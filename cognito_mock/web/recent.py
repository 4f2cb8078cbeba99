"""The last API requests a server answered (time, service, action, status, error code), for the
dashboard: a bounded ring per store, kept in memory by the web layer only."""
from __future__ import annotations

import threading
import weakref
from collections import deque
from typing import Any

from ..backend.store import Store

SIZE = 200

_rings: "weakref.WeakKeyDictionary[Store, deque]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def record(store: Store, service: str, action: str, status: int, error: str | None) -> None:
    entry = {"time": store.env.clock.now(), "service": service, "action": action, "status": status,
             "error": error or None}
    with _lock:
        ring = _rings.get(store)
        if ring is None:
            ring = _rings[store] = deque(maxlen=SIZE)
        ring.append(entry)


TARGETS = {"AWSCognitoIdentityProviderService": "cognito-idp", "AWSCognitoIdentityService": "cognito-identity"}


def record_call(store: Store, target: str, method: str, path: str, status: int, error: str | None) -> None:
    """One ``POST /`` (by its X-Amz-Target) or cognito-sync REST call (by method and path)."""
    prefix, _, action = target.partition(".")
    if action:
        record(store, TARGETS.get(prefix, prefix), action, status, error)
    else:
        record(store, "cognito-sync" if path != "/" else "unknown", f"{method} {path}", status, error)


def latest(store: Store) -> list[dict[str, Any]]:
    """Newest first."""
    with _lock:
        return list(reversed(_rings.get(store, ())))


def clear(store: Store) -> None:
    with _lock:
        _rings.pop(store, None)
