"""Giving memory back to the system after a bulk load.

A bulk load (a seed of a million users, an import job) grows and then frees large tables (a dict's
old table when it doubles, a sorted index's merge lists); glibc keeps such freed memory in its heap,
where it still counts in the process's RSS. ``malloc_trim(0)`` returns it (about an eighth of what a
million-user load leaves behind). Elsewhere than glibc (macOS, musl) this does nothing.
"""
from __future__ import annotations

import ctypes
from functools import lru_cache

BULK = 10_000        # users loaded at once from which the trim is worth its few milliseconds


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


def give_back(loaded: int) -> None:
    """After a bulk load of ``loaded`` users: hand freed heap memory back to the system."""
    trim = _malloc_trim() if loaded >= BULK else None
    if trim is not None:
        trim(0)
