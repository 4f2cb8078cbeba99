"""All emulator state: accounts -> regions -> per-region state, plus global indexes.

Unauthenticated calls (InitiateAuth, SignUp, GetId...) carry no account or region, so they find
their object through the global indexes here, never by scanning regions. The function that
creates or deletes an object updates its index in the same step (DESIGN rule 7).
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from ..support.clock import Clock
from ..support.ids import Ids
from ..support.tracking import Looking
from .outbox import Outbox
from .triggers import Triggers

DEFAULT_ACCOUNT = "123456789012"


@dataclass(slots=True)
class Indexes:
    """Global lookups by key. Values are (account, region, ...) tuples."""

    user_pools: dict[str, tuple[str, str]] = field(default_factory=dict)          # pool id -> (acct, region)
    clients: dict[str, tuple[str, str, str]] = field(default_factory=dict)        # client id -> (acct, region, pool id)
    domains: dict[str, tuple[str, str, str]] = field(default_factory=dict)        # domain host -> (acct, region, pool id)
    identity_pools: dict[str, tuple[str, str]] = field(default_factory=dict)      # identity pool id -> (acct, region)
    identities: dict[str, tuple[str, str, str]] = field(default_factory=dict)     # identity id -> (acct, region, identity pool id)
    identity_keys: dict[str, Any] = field(default_factory=dict)                   # region -> cognito-identity signing key
    aws_credentials: dict[str, Any] = field(default_factory=dict)                 # access key id -> IssuedCredentials
    managed_secrets: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)  # Secrets Manager ARN -> (acct, region, pool id, client id)
    elb_keys: dict[str, Any] = field(default_factory=dict)                        # region -> ALB signing key (elb_keys.py)

    def clear(self) -> None:
        for f in self.__slots__:  # type: ignore[attr-defined]
            getattr(self, f).clear()


@dataclass(slots=True)
class RegionState:
    """What one account holds in one region: typed maps only (state of a pool lives on the pool)."""

    account: str
    region: str
    index: Indexes
    user_pools: dict[str, Any] = field(default_factory=dict)       # pool id -> UserPool
    identity_pools: dict[str, Any] = field(default_factory=dict)   # identity pool id -> IdentityPool
    sync: dict[str, Any] = field(default_factory=dict)             # identity pool id -> SyncPool (cognito-sync)
    provisioned_limits: dict[str, int] = field(default_factory=dict)  # API category -> provisioned RPS (limits.py)


@dataclass(slots=True)
class Env:
    """The injected services domain code may use: time, randomness, the outbox, Lambda triggers."""

    clock: Clock = field(default_factory=Clock)
    ids: Ids = field(default_factory=Ids)
    outbox: Outbox = field(default_factory=Outbox)
    triggers: Triggers = field(default_factory=Triggers)   # functions registered as Lambdas (triggers.py)
    provider_keys: dict[str, Any] = field(default_factory=dict)   # issuer -> fetched key set (identity/provider_keys.py)
    emulated_idps: dict[str, Any] = field(default_factory=dict)   # provider name -> EmulatedIdp (idp/federation/emulated.py)
    used_once: dict[str, float] = field(default_factory=dict)     # federation state / SAML ids seen -> expiry (replays)
    # what user code (a Lambda trigger) runs inside: the store's lock released (StoreLock.released)
    outside_lock: Callable[[], AbstractContextManager] = nullcontext
    # what a walk that reads many entities and changes none runs inside (Store.reading: persistence
    # does not look for changes in what it reads; what it writes through a map is still noted)
    only_looking: Callable[[], AbstractContextManager] = nullcontext
    # how many of those walks (and read-only actions) are open: a watched map's reads count for nothing
    # while any is (support/tracking.py; the point-in-time history images only what a write touches)
    looking: Looking = field(default_factory=Looking)


class StoreLock:
    """The store's one lock. A transport (dispatch, the WSGI app, the handle, the boto hooks, the edge)
    takes it once per request, around finding its resources and the whole action; nothing else does
    (tests/conformance/test_locking.py). Re-entrant, so an in-process call made while it is held (an
    http-hook request from backend code) does not deadlock.

    ``released()`` is the one way out before the request ends: the trigger invoker (triggers.py) runs
    user code inside it, so a trigger may call the emulator back from any thread, over boto3 or HTTP.
    The action around it re-checks, after, what it decided before (docs/architecture.md, Locking)."""

    __slots__ = ("_lock", "_depth", "on_release", "suspended")

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._depth = 0            # levels held by the owning thread
        # called, still holding the lock, when a transport lets go of it at the end of a request
        # (persistence's commit: the request's changes are on disk before it is answered)
        self.on_release: Callable[[], None] | None = None
        self.suspended = 0         # requests waiting, lock released, for user code (a trigger) to return

    def __enter__(self) -> "StoreLock":
        self._lock.acquire()
        self._depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._depth == 1 and self.on_release is not None:
                self.on_release()
        finally:
            self._depth -= 1
            self._lock.release()

    def held(self) -> bool:
        """Whether the calling thread holds the lock."""
        return self._lock._is_owned()      # type: ignore[attr-defined]  (what threading.Condition uses)

    @contextmanager
    def released(self) -> Iterator[None]:
        """Let go of the lock (every level the calling thread holds) for the block; take it back after,
        to the same depth. A no-op when the thread does not hold it (a fresh seeding store...)."""
        if not self.held():
            yield
            return
        depth, self._depth = self._depth, 0
        self.suspended += 1
        saved = self._lock._release_save()  # type: ignore[attr-defined]
        try:
            yield
        finally:
            self._lock._acquire_restore(saved)  # type: ignore[attr-defined]
            self._depth = depth
            self.suspended -= 1


class Store:
    def __init__(self) -> None:
        self.lock = StoreLock()
        self.env = Env(outside_lock=self.lock.released, only_looking=self.looking)
        self.index = Indexes()
        self._regions: dict[tuple[str, str], RegionState] = {}
        self.journal: Any = None    # persistence's Journal while the store is kept in a file

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Run a read-only action: what it looks at is not noted for writing (persistence)."""
        with self.looking():
            yield

    @contextmanager
    def looking(self) -> Iterator[None]:
        """Walk state only to look (``env.only_looking``): reads are not noted, writes still are."""
        looking, journal = self.env.looking, self.journal
        looking.depth += 1
        if journal is not None:
            journal.paused += 1
        try:
            yield
        finally:
            looking.depth -= 1
            if journal is not None:
                journal.paused -= 1

    def region(self, account: str, region: str) -> RegionState:
        key = (account, region)
        state = self._regions.get(key)
        if state is None:
            state = RegionState(account, region, self.index)
            if self.journal is None or not self.journal.paused:   # a read sees an empty region, keeps none
                self._regions[key] = state
        return state

    def locate_user_pool(self, pool_id: str) -> tuple[str, str] | None:
        return self.index.user_pools.get(pool_id)

    def reset(self) -> None:
        """Empty the state. The caller (a transport) holds the lock."""
        self._regions.clear()
        self.index.clear()
        self.env.outbox.clear()
        self.env.provider_keys.clear()
        self.env.emulated_idps.clear()
        self.env.used_once.clear()
        self.env.clock.reset()
