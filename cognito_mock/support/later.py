"""Values of a response that are computed after the store's lock is let go.

An action that would spend long on pure computation inside the lock (signing a JWT: ~0.35 ms of
RSA each) leaves a ``Later`` in its result instead; the transport asks for the value once it has
released the lock (the JSON encoder, ``settled`` for callers that take the raw result), so other
requests go on meanwhile. A Later reads only what it captured when it was made and never touches
the state, so nothing it computes can race with a request that changes the state.
"""
from __future__ import annotations

from typing import Any


class Later:
    """A response value computed on first ``value()``; subclasses say how."""

    __slots__ = ()
    made = 0                     # Laters made so far in this process: ``settled`` skips results made with none

    def __init__(self) -> None:
        Later.made += 1

    def value(self) -> Any:
        raise NotImplementedError


def settled(result: Any, made_before: int) -> Any:
    """``result`` with every Later in it replaced by its value (in place: results are fresh dicts and
    lists of a view); unchanged when no Later was made since ``made_before`` (``Later.made``)."""
    if Later.made == made_before:
        return result
    return _settle(result)


def _settle(value: Any) -> Any:
    if isinstance(value, Later):
        return value.value()
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (Later, dict, list)):
                value[key] = _settle(item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, (Later, dict, list)):
                value[i] = _settle(item)
    return value
