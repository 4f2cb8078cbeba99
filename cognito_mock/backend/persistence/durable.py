"""One store kept in one file: load at start, write what each request touched when it ends."""
from __future__ import annotations

import json
import os
from typing import Any

from ...support.tracking import Journal, TrackedMap
from ..store import Store
from .codec import Encoder, FormatError
from .record_file import RecordFile
from .records import COMPACT, EXCLUDED, Layout, Reader, record_key, segment, walk_prefix

_MISSING = object()
OUTBOX = "outbox"


class _Discard(list):
    """The noted maps of a closed store: nobody will write them."""

    def append(self, _item: object) -> None:
        pass


class _Batch:
    """One commit's changes, and what it noted (to note again if it cannot be written)."""

    __slots__ = ("upserts", "deletes", "resets", "prefixes", "done", "renewed", "outbox_before")

    def __init__(self, outbox_before: int) -> None:
        self.upserts: list[tuple[str, str, str]] = []
        self.deletes: list[tuple[str, str]] = []
        self.resets: list[str] = []              # paths written anew (their old records removed first)
        self.prefixes: list[str] = []            # records below a gone entry
        self.done: list[tuple[TrackedMap, set]] = []
        self.renewed: list[TrackedMap] = []
        self.outbox_before = outbox_before


class Durable:
    """``store`` kept in the file at ``path``. ``open()`` loads or starts it; from then on the store's
    lock calls ``commit()`` each time a transport lets go of it."""

    def __init__(self, store: Store, path: str | os.PathLike, release: str) -> None:
        self.store = store
        self.path = path
        self.release = release
        self.journal = Journal()
        self.layout = Layout(self.journal)
        self.file: RecordFile | None = None
        self._written: dict[str, dict[str, int]] = {}   # path -> record key -> hash of the text on disk
        self._outbox = 0                                # messages on disk
        self._env_seen: tuple | None = None              # (clock state, secret) as last written

    # --- start and stop -----------------------------------------------------------------------
    def open(self) -> bool:
        """Open the file; True when it held a state (now loaded), False when it was new (the
        store's current state, perhaps seeded, is written to it)."""
        self.file = RecordFile(self.path, self.release)
        loaded = False
        if not self.file.new:
            rows = list(self.file.rows())
            if rows:
                try:
                    self._load(rows)
                except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
                    self.file.close()
                    if isinstance(exc, FormatError):
                        raise
                    raise FormatError(f"{type(exc).__name__}: {exc}") from None
                loaded = True
        self._track_roots()
        self.store.journal = self.journal
        self.commit()
        self.store.lock.on_release = self.commit
        return loaded

    def close(self) -> None:
        """Stop writing and close the file (the caller, a transport, holds the store's lock). The
        store goes on in memory; its maps note nothing any more."""
        store = self.store
        store.lock.on_release = None
        store.journal = None
        self.journal.dirty = _Discard()
        if self.file is not None:
            self.file.close()
            self.file = None

    def _track_roots(self) -> None:
        store = self.store
        if type(store._regions) is not TrackedMap:
            store._regions = TrackedMap(dict.items(store._regions), path="regions", journal=self.journal)
            self.layout.fresh.append(store._regions)
        self.layout.track(store.index, "index")
        self.layout.track(store.env, "env")

    # --- writing ------------------------------------------------------------------------------
    def commit(self) -> None:
        """Write every entry touched since the last commit (and the singles), in one transaction. If
        that fails (a full disk, an entity the codec cannot store), the request is answered with an
        error and what it would have written stays noted for the next commit: memory and file never
        drift apart for good."""
        self._track_roots()
        env = self.store.env
        env_now = (tuple(env.clock.state()), env.ids.secret_state())
        if (not self.journal.dirty and not self.layout.fresh and env_now == self._env_seen
                and len(env.outbox.messages) == self._outbox):
            return                                 # nothing noted, nothing moved: no transaction
        batch = _Batch(self._outbox)
        try:
            self._gather(batch, env_now)
            if batch.upserts or batch.deletes or batch.resets or batch.prefixes:
                self.file.write(prefixes=batch.prefixes, paths=batch.resets, deletes=batch.deletes,
                                upserts=batch.upserts)
        except BaseException:
            self._not_written(batch)
            raise

    def _gather(self, batch: "_Batch", env_now: tuple) -> None:
        """Encode what was noted into ``batch``: changed entries, gone ones, maps written anew."""
        store, layout = self.store, self.layout
        if layout.fresh or self._env_seen is None:       # the index record only holds references
            self._single("index", layout.text(store.index, "index"), batch.upserts)
        if env_now != self._env_seen:
            self._single("env", self._env_text(), batch.upserts)
            self._env_seen = env_now
        while True:
            work = self.journal.take()
            fresh, layout.fresh = layout.fresh, []
            batch.renewed.extend(fresh)
            for tracked in fresh:  # new, or replaced: its path's records are written anew
                batch.resets.append(tracked.path)
                self._written.pop(tracked.path, None)
                work.append((tracked, set(dict.keys(tracked))))
            if not work:
                break
            batch.done.extend(work)
            for tracked, keys in work:
                self._entries(tracked, keys, batch)
        self._outbox_rows(batch.upserts, batch.resets)
        for prefix in batch.prefixes:
            for path in [p for p in self._written if p.startswith(prefix)]:
                del self._written[path]
        if store.lock.suspended:
            # a request paused in user code (a trigger) may still change what it holds without asking a
            # map again: while one is, what is written stays noted, to be written again if it changes
            for tracked, keys in batch.done:
                for key in keys:
                    if dict.__contains__(tracked, key):
                        tracked.note(key)

    def _entries(self, tracked: TrackedMap, keys: set, batch: "_Batch") -> None:
        path = tracked.path
        written = self._written.setdefault(path, {})
        for key in keys:
            rk = record_key(key)
            value = dict.get(tracked, key, _MISSING)
            if value is _MISSING:
                written.pop(rk, None)
                batch.deletes.append((path, rk))
                batch.prefixes.append(walk_prefix(path, key))
                continue
            text = self.layout.text(value, f"{path}/{segment(key)}")
            digest = hash(text)
            if written.get(rk) != digest:
                written[rk] = digest
                batch.upserts.append((path, rk, text))

    def _not_written(self, batch: "_Batch") -> None:
        self._written.clear()                   # nothing known to be on disk: compare nothing, write all
        self._env_seen = None
        self._outbox = batch.outbox_before
        self.layout.fresh.extend(batch.renewed)
        for tracked, keys in batch.done:
            for key in keys:
                tracked.note(key)

    def _single(self, key: str, text: str, upserts: list) -> None:
        written = self._written.setdefault("", {})
        digest = hash(text)
        if written.get(key) != digest:
            written[key] = digest
            upserts.append(("", key, text))

    def _env_text(self) -> str:
        env = self.store.env
        return json.dumps(self.layout.encoder.encode(
            {"clock": env.clock.state(), "secret": env.ids.secret_state(), "env": env}), separators=(",", ":"))

    def _outbox_rows(self, upserts: list, resets: list) -> None:
        messages = self.store.env.outbox.messages
        if len(messages) < self._outbox:            # cleared (reset): write it again from the start
            resets.append(OUTBOX)
            self._outbox = 0
        encode = self.layout.encoder.encode
        for number in range(self._outbox, len(messages)):
            upserts.append((OUTBOX, f"{number:012d}", json.dumps(encode(messages[number]), separators=(",", ":"),
                                                                ensure_ascii=True)))
        self._outbox = len(messages)

    # --- reading ------------------------------------------------------------------------------
    def _load(self, rows: list[tuple[str, str, str]]) -> None:
        store = self.store
        reader = Reader(self.journal)
        singles: dict[str, Any] = {}
        reader.fill(rows, singles)
        regions = reader.maps.get("regions") or TrackedMap(path="regions", journal=self.journal)
        store._regions = regions
        index = singles.get("index")
        if index is not None:
            for name in type(index).__slots__:
                object.__setattr__(store.index, name, getattr(index, name))
        for region in dict.values(regions):
            region.index = store.index
            for pool in dict.values(region.user_pools):
                _rebuild_derived(store, pool)
        env = singles.get("env")
        if env is not None:
            store.env.clock.restore(env["clock"])
            store.env.ids.restore_secret(env["secret"])
            for name in ("emulated_idps", "used_once"):
                setattr(store.env, name, getattr(env["env"], name))
        outbox = reader.maps.get(OUTBOX, {})
        store.env.outbox.messages[:] = [outbox[key] for key in sorted(dict.keys(outbox))]
        self._outbox = len(store.env.outbox.messages)
        orphans = [path for path in reader.maps if path not in reader.referenced and path not in ("regions", OUTBOX)]
        if orphans:
            self.file.write(paths=orphans)
        for path, tracked in reader.maps.items():
            tracked.noted.clear()


def _rebuild_derived(store: Store, pool: Any) -> None:
    """What a pool's record leaves out: the search index, and its history's derived parts (begun again
    from the state as loaded: the before-images of the last second's writes before a crash are not kept)."""
    from ..idp.pools import point_in_time_history
    from ..idp.users import user_index
    user_index.rebuild(pool)
    if pool.recovery is not None:
        point_in_time_history.restart(store.env, pool)



def expected_rows(durable: Durable) -> dict[tuple[str, str], str]:
    """Every record the store's state makes now, encoded afresh (for checks: O(state))."""
    from .records import TRACKED
    store = durable.store
    encoder = Encoder(EXCLUDED, COMPACT)
    rows: dict[tuple[str, str], str] = {}

    def text(value: Any) -> str:
        return json.dumps(encoder.encode(value), separators=(",", ":"), ensure_ascii=True)

    def walk(holder: Any) -> None:
        for chain in TRACKED.get(type(holder).__name__, ()):
            target = holder
            for name in chain:
                target = getattr(target, name)
                if target is None:
                    break
            if target is None:
                continue
            if type(target) is not TrackedMap:
                raise AssertionError(f"{type(holder).__name__}.{'.'.join(chain)} is a plain {type(target).__name__} "
                                     "after a commit: a change nobody noted")
            for key, value in dict.items(target):
                rows[(target.path, record_key(key))] = text(value)
                walk(value)

    rows[("", "index")] = text(store.index)
    walk(store.index)
    walk(store.env)
    for key, value in dict.items(store._regions):
        rows[("regions", record_key(key))] = text(value)
        walk(value)
    for number, message in enumerate(store.env.outbox.messages):
        rows[(OUTBOX, f"{number:012d}")] = text(message)
    return rows


def check(durable: Durable) -> None:
    """Raise AssertionError when the file does not hold exactly the state in memory."""
    expected = expected_rows(durable)
    stored = {(path, key): body for path, key, body in durable.file.rows() if (path, key) != ("", "env")}
    if stored != expected:
        missing = sorted(set(expected) - set(stored))[:3]
        extra = sorted(set(stored) - set(expected))[:3]
        differ = sorted(k for k in set(expected) & set(stored) if expected[k] != stored[k])[:3]
        raise AssertionError(f"the store file differs from memory: not written {missing}, left over {extra}, "
                             f"stale {[(k, stored[k][:300], expected[k][:300]) for k in differ]}")
