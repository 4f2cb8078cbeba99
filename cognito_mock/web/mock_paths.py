"""The emulator-only paths under /_mock/ (nothing else is invented). The caller (web/app.py) holds
the store's lock."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from ..version import __version__
from ..backend.store import Store
from . import recent


def health() -> dict[str, Any]:
    return {"status": "ok", "version": __version__}


def reset(store: Store) -> dict[str, Any]:
    store.reset()
    recent.clear(store)
    return {"status": "reset"}


def messages(store: Store, args: Mapping[str, str]) -> dict[str, Any]:
    found = store.env.outbox.filter(to=args.get("destination") or args.get("to"), kind=args.get("kind"),
                                    pool_id=args.get("pool") or args.get("pool_id"), username=args.get("username"))
    return {"messages": [asdict(m) for m in found]}


def clear_messages(store: Store) -> dict[str, Any]:
    store.env.outbox.clear()
    return {"status": "cleared"}
