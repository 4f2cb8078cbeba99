"""The one time source. Domain code asks the clock; tests freeze and advance it."""
from __future__ import annotations

import time
from datetime import datetime, timezone


class Clock:
    """Real time plus an offset; ``freeze()`` pins it, ``advance()`` moves it either way."""

    __slots__ = ("_frozen_at", "_offset", "_frozen_dt", "_last_dt")

    def __init__(self) -> None:
        self._frozen_at: float | None = None
        self._offset = 0.0
        self._frozen_dt: tuple[float, datetime] | None = None   # (frozen instant, its now_dt()), made once
        self._last_dt: tuple[int, datetime] | None = None       # (millisecond, its now_dt()) of a running clock

    def now(self) -> float:
        """Seconds since the epoch (float)."""
        if self._frozen_at is not None:
            return self._frozen_at
        return time.time() + self._offset

    def now_dt(self) -> datetime:
        """The time as an aware datetime; while frozen, one object for the instant (datetimes are
        immutable: a million users seeded at one instant share it instead of holding one each)."""
        frozen = self._frozen_at
        if frozen is None:
            return datetime.fromtimestamp(time.time() + self._offset, tz=timezone.utc)
        return self._frozen()

    def now_ms_dt(self) -> datetime:
        """``now_dt`` to the millisecond, as Cognito shows a user's dates (``1689980857.949``), one object
        a millisecond: for what is made by the thousand (users), which then share it. (Listings ordered
        by creation time keep ``now_dt``'s microseconds: ties within a millisecond would reorder them.)"""
        if self._frozen_at is not None:
            return self._frozen()
        ms = int((time.time() + self._offset) * 1000)
        last = self._last_dt
        if last is None or last[0] != ms:
            last = self._last_dt = (ms, datetime.fromtimestamp(ms / 1000, tz=timezone.utc))
        return last[1]

    def _frozen(self) -> datetime:
        frozen = self._frozen_at
        shared = self._frozen_dt
        if shared is None or shared[0] != frozen:
            shared = self._frozen_dt = (frozen, datetime.fromtimestamp(frozen, tz=timezone.utc))
        return shared[1]

    def freeze(self, at: float | datetime | None = None) -> "Clock":
        if isinstance(at, datetime):
            at = at.timestamp()
        self._frozen_at = self.now() if at is None else float(at)
        return self

    def unfreeze(self) -> "Clock":
        if self._frozen_at is not None:
            self._offset = self._frozen_at - time.time()
            self._frozen_at = None
        return self

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0, days: float = 0) -> "Clock":
        delta = seconds + 60 * minutes + 3600 * hours + 86400 * days
        if self._frozen_at is not None:
            self._frozen_at += delta
        else:
            self._offset += delta
        return self

    def state(self) -> list:
        """What a saved state keeps of the clock: [frozen at or None, offset from real time]."""
        return [self._frozen_at, self._offset]

    def restore(self, state: list) -> None:
        self._frozen_at, self._offset = state[0], float(state[1])

    def reset(self) -> None:
        self._frozen_at = None
        self._offset = 0.0
