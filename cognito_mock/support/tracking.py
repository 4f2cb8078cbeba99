"""Which entries of the state a request may have changed: maps that note the keys they hand out.

A ``TrackedMap`` is a dict that, while a ``Journal`` is recording, notes every key it is asked for,
given, or loses (``d[k]``, ``d.get(k)``, ``d[k] = v``, ``del d[k]``, ``pop``, ``setdefault``...; a
walk over ``values()``/``items()`` notes every key). A value handed out may be changed in place by
the caller, so a read counts as a possible write. At the end of a request the store writes the noted
entries (those whose stored text really changed) and deletes the ones that are gone: the work is
proportional to what the request touched, not to the size of the state.

The persistence layer makes tracked maps (records.py, when a state is first written or loaded); domain
code sees plain dict behaviour. Read-only actions pause the journal (``Journal.paused``), so a ListUsers
page that walks the pool notes nothing.

A map may also have a ``watch``: an observer told of each key *before* it is handed out or changed
(``watch.read(key, value)``, ``watch.write(map, key)`` while the old value is still in place,
``watch.walk(map)`` for a walk over the values), with or without a journal. Point-in-time recovery
watches a pool's users so it can image a user when first touched (pools/point_in_time_images.py).
A watch decides itself whether reads count: ``Looking`` is the store's count of open walks that only
look (``Store.looking``, around every read-only action), which a watch consults.
"""
from __future__ import annotations

from typing import Any


class Looking:
    """How many walks that only look (``Store.looking``: read-only actions, ``env.only_looking``) are open."""

    __slots__ = ("depth",)

    def __init__(self) -> None:
        self.depth = 0


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
    """A dict stored as one record per entry at ``path``; notes keys into ``journal``; tells ``watch``."""

    __slots__ = ("path", "journal", "noted", "reads", "watch")

    def __init__(self, items: Any = (), *, path: str = "", journal: Journal | None = None,
                 reads: bool = True, watch: Any = None) -> None:
        dict.__init__(self, items)     # (a copy made by type(d)(...), as dataclasses.asdict does, notes nothing)
        self.path = path
        self.journal = journal
        self.noted: set = set()
        self.reads = reads             # False: values are replaced, never changed in place: reads note nothing
        self.watch = watch             # told before a key is handed out or changed (see the module's doc)

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

    def _handed_out(self, key, value):
        """``value`` leaves the map under ``key``: note it, tell the watch; returns it."""
        if self.journal is not None:
            self.note_read(key)
        watch = self.watch
        if watch is not None:
            watch.read(key, value)
        return value

    def __getitem__(self, key):
        return self._handed_out(key, dict.__getitem__(self, key))

    def get(self, key, default=None):
        value = dict.get(self, key, _MISSING)
        return default if value is _MISSING else self._handed_out(key, value)

    def __setitem__(self, key, value) -> None:
        if self.watch is not None:
            self.watch.write(self, key)
        dict.__setitem__(self, key, value)
        self.note(key)

    def __delitem__(self, key) -> None:
        if self.watch is not None:
            self.watch.write(self, key)
        dict.__delitem__(self, key)
        self.note(key)

    def pop(self, key, *default):
        if self.watch is not None:
            self.watch.write(self, key)
        value = dict.pop(self, key, *default)
        self.note(key)
        return value

    def popitem(self):
        if self.watch is not None and self:
            self.watch.write(self, next(reversed(dict.keys(self))))
        key, value = dict.popitem(self)
        self.note(key)
        return key, value

    def setdefault(self, key, default=None):
        if self.watch is not None:
            self.watch.write(self, key)
        value = dict.setdefault(self, key, default)
        self.note(key)                 # get-or-make, then change: always a write
        return value

    def clear(self) -> None:
        for key in dict.keys(self):
            if self.watch is not None:
                self.watch.write(self, key)
            self.note(key)
        dict.clear(self)

    def update(self, *args, **kwargs) -> None:
        other = dict(*args, **kwargs)
        if self.watch is not None:
            for key in other:
                self.watch.write(self, key)
        dict.update(self, other)
        for key in other:
            self.note(key)

    def __ior__(self, other):
        self.update(other)
        return self

    def _walked(self) -> None:
        self.note_all()
        if self.watch is not None:
            self.watch.walk(self)

    def values(self):
        self._walked()
        return dict.values(self)

    def items(self):
        self._walked()
        return dict.items(self)

    def copy(self) -> dict:
        self._walked()
        return dict(dict.items(self))
