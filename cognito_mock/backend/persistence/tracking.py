"""Which entries of the state a request may have changed: maps that note the keys they hand out.

A ``TrackedMap`` is a dict that, while a ``Journal`` is recording, notes every key it is asked for,
given, or loses (``d[k]``, ``d.get(k)``, ``d[k] = v``, ``del d[k]``, ``pop``, ``setdefault``...; a
walk over ``values()``/``items()`` notes every key). A value handed out may be changed in place by
the caller, so a read counts as a possible write. At the end of a request the store writes the noted
entries (those whose stored text really changed) and deletes the ones that are gone: the work is
proportional to what the request touched, not to the size of the state.

Only the persistence layer makes tracked maps (records.py, when a state is first written or loaded);
domain code sees plain dicts. Read-only actions pause the journal (``Journal.paused``), so a
ListUsers page that walks the pool notes nothing.
"""
from __future__ import annotations

from typing import Any


class Journal:
    """The maps with noted keys since the last commit."""

    __slots__ = ("dirty", "paused")

    def __init__(self) -> None:
        self.dirty: list[TrackedMap] = []
        self.paused = 0

    def take(self) -> list[tuple["TrackedMap", set]]:
        """The noted (map, keys) pairs, emptied."""
        out = []
        for tracked in self.dirty:
            out.append((tracked, tracked.noted))
            tracked.noted = set()
        self.dirty = []
        return out


_MISSING = object()


class TrackedMap(dict):
    """A dict stored as one record per entry at ``path``; notes keys into ``journal``."""

    __slots__ = ("path", "journal", "noted", "reads")

    def __init__(self, items: Any = (), *, path: str = "", journal: Journal | None = None,
                 reads: bool = True) -> None:
        dict.__init__(self, items)     # (a copy made by type(d)(...), as dataclasses.asdict does, notes nothing)
        self.path = path
        self.journal = journal
        self.noted: set = set()
        self.reads = reads             # False: values are replaced, never changed in place: reads note nothing

    def __reduce__(self):                      # copy.deepcopy / copy.copy of a tracked map: a plain dict
        return (dict, (dict(self),))

    def note(self, key: Any) -> None:
        """Note ``key`` as changed (always: a read-only action that inserts still inserts)."""
        journal = self.journal
        if journal is None:
            return
        noted = self.noted
        if not noted:
            journal.dirty.append(self)
        noted.add(key)

    def note_read(self, key: Any) -> None:
        """Note ``key`` as handed out (it may be changed in place), unless reads are paused."""
        journal = self.journal
        if journal is None or journal.paused or not self.reads:
            return
        noted = self.noted
        if not noted:
            journal.dirty.append(self)
        noted.add(key)

    def note_all(self) -> None:
        """Note every key as handed out (a walk over the values), unless reads are paused."""
        journal = self.journal
        if journal is None or journal.paused or not self.reads or not self:
            return
        if not self.noted:
            journal.dirty.append(self)
        self.noted.update(dict.keys(self))

    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        self.note_read(key)
        return value

    def get(self, key, default=None):
        value = dict.get(self, key, _MISSING)
        if value is _MISSING:
            return default
        self.note_read(key)
        return value

    def __setitem__(self, key, value) -> None:
        dict.__setitem__(self, key, value)
        self.note(key)

    def __delitem__(self, key) -> None:
        dict.__delitem__(self, key)
        self.note(key)

    def pop(self, key, *default):
        value = dict.pop(self, key, *default)
        self.note(key)
        return value

    def popitem(self):
        key, value = dict.popitem(self)
        self.note(key)
        return key, value

    def setdefault(self, key, default=None):
        value = dict.setdefault(self, key, default)
        self.note(key)                 # get-or-make, then change: always a write
        return value

    def clear(self) -> None:
        for key in dict.keys(self):
            self.note(key)
        dict.clear(self)

    def update(self, *args, **kwargs) -> None:
        other = dict(*args, **kwargs)
        dict.update(self, other)
        for key in other:
            self.note(key)

    def __ior__(self, other):
        self.update(other)
        return self

    def values(self):
        self.note_all()
        return dict.values(self)

    def items(self):
        self.note_all()
        return dict.items(self)

    def copy(self) -> dict:
        self.note_all()
        return dict(dict.items(self))
