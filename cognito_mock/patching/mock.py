"""``mock_cognito``: decorator (function or class) and context manager; its handle.

Each outermost activation starts from an empty state; nested activations share the outer one.
While active, fake credentials are in the environment; the environment is restored exactly.
"""
from __future__ import annotations

import functools
import inspect
import os
import threading
import unittest

from .. import seeding
from ..backend.identity.credentials import credentials_info
from .idp_handle import Handle as EmulatedProvider
from ..backend.idp.security.adaptive import RiskHooks
from ..backend.outbox import Outbox
from ..backend.store import Store
from ..backend.triggers import Triggers
from ..support.clock import Clock
from ..web.serving import BackgroundServer
from . import botocore_hook
from .http_hook import HttpInterceptor

FAKE_ENV = {"AWS_ACCESS_KEY_ID": "FAKEACCESSKEYCOGNITO", "AWS_SECRET_ACCESS_KEY": "fake-secret-cognito-mock"}
UNSET_ENV = ("AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")

_lock = threading.RLock()
_depth = 0
_shared: "CognitoMock | None" = None


class CognitoMock:
    """The handle a test gets: state, outbox, clock, a live server, reset."""

    def __init__(self) -> None:
        self.store = Store()
        self._http = HttpInterceptor(self.store)
        self._saved_env: dict[str, str | None] = {}
        self._servers: list = []

    # -- what tests use ----------------------------------------------------------------------
    @property
    def outbox(self) -> Outbox:
        return self.store.env.outbox

    @property
    def clock(self) -> Clock:
        return self.store.env.clock

    @property
    def triggers(self) -> Triggers:
        """Python callables registered as Lambda functions: ``register(arn_or_name, fn)``,
        ``@function(name)``, ``unregister``, ``calls``. Pools' LambdaConfig decides when they run."""
        return self.store.env.triggers

    @property
    def risk(self) -> RiskHooks:
        """Threat protection test hooks: ``next(pool_id, username, "High")`` (risk of the user's next
        sign-in), ``compromise(pool_id, password)``, ``locate(pool_id, username, event_id, city=, country=)``."""
        return _Locked(RiskHooks(self.store), self.store.lock)    # type: ignore[return-value]

    def idp(self, name: str, issuer: str | None = None) -> EmulatedProvider:
        """The emulated identity provider ``name`` ("Google", "Facebook", "SignInWithApple",
        "LoginWithAmazon", or an OIDC/SAML ProviderName; ``issuer``: an OIDC one's ``oidc_issuer``):
        ``add_account(**claims)``, ``accounts``, ``id_token(sub, audience)``, ``access_token(sub, client_id)``."""
        with self.store.lock:
            handle = EmulatedProvider(self.store.env, name, issuer)
        return _Locked(handle, self.store.lock)  # type: ignore[return-value]

    def credentials_for(self, access_key_id: str) -> dict | None:
        """Which identity and role temporary credentials issued here belong to (None: not ours)."""
        with self.store.lock:
            return credentials_info(self.store, access_key_id)

    def seed(self, seed: int | None) -> None:
        """Make generated ids, secrets and codes repeatable."""
        self.store.env.ids.seed(seed)

    def load(self, source) -> dict:
        """Create the pools, clients, users and identity pools of a state file (a path to JSON or YAML,
        or its parsed dict) through the real API; all or nothing (``cognito_mock.seeding.SeedError``)."""
        with self.store.lock:
            return seeding.load(self.store, source)

    def dump(self) -> dict:
        """The state in the state-file format (secrets and password hashes included)."""
        with self.store.lock:
            return seeding.dump(self.store)

    def reset(self) -> None:
        with self.store.lock:
            self.store.reset()
            self.store.env.triggers.clear()

    def server(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Start a threaded HTTP server sharing this state; returns its base URL. Stopped on exit."""
        server = BackgroundServer(self.store, host, port)
        server.start()
        self._servers.append(server)
        return server.url

    # -- activation --------------------------------------------------------------------------
    def _start(self) -> None:
        self._saved_env = {k: os.environ.get(k) for k in (*FAKE_ENV, *UNSET_ENV)}
        os.environ.update(FAKE_ENV)
        for key in UNSET_ENV:
            os.environ.pop(key, None)
        botocore_hook.activate(self.store)
        self._http.start()

    def _stop(self) -> None:
        for server in self._servers:
            server.stop()
        self._servers.clear()
        self._http.stop()
        botocore_hook.deactivate()
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class _Locked:
    """``target``'s methods and properties, each run under ``lock`` (the handle is a transport: one
    acquisition a call)."""

    __slots__ = ("_target", "_lock")

    def __init__(self, target, lock) -> None:
        self._target, self._lock = target, lock

    def __getattr__(self, name: str):
        if isinstance(inspect.getattr_static(type(self._target), name, None), property):
            with self._lock:
                return getattr(self._target, name)
        found = getattr(self._target, name)
        if not callable(found):
            return found

        @functools.wraps(found)
        def locked(*args, **kwargs):
            with self._lock:
                return found(*args, **kwargs)
        return locked


class mock_cognito:
    """``@mock_cognito`` / ``@mock_cognito()`` on a function or class, or ``with mock_cognito() as cognito:``."""

    def __new__(cls, target=None):
        if target is None:
            return super().__new__(cls)
        return _decorate(target)

    def __call__(self, target):
        return _decorate(target)

    def __enter__(self) -> CognitoMock:
        global _depth, _shared
        with _lock:
            if _depth == 0:
                handle = CognitoMock()
                handle._start()
                _shared = handle
            _depth += 1
            return _shared

    def __exit__(self, *exc) -> None:
        global _depth, _shared
        with _lock:
            _depth -= 1
            if _depth == 0 and _shared is not None:
                handle, _shared = _shared, None
                handle._stop()


def _decorate(target):
    if inspect.isclass(target):
        for name, attr in list(vars(target).items()):
            if name.startswith("test") and callable(attr):
                setattr(target, name, _wrap(attr))
        if issubclass(target, unittest.TestCase):
            _mock_set_up(target)
        return target
    if callable(target):
        return _wrap(target)
    raise TypeError("mock_cognito decorates a function or a class")


def _mock_set_up(cls) -> None:
    """unittest: setUp, the test and tearDown share one activation (ended by a cleanup)."""
    original = cls.setUp

    @functools.wraps(original)
    def set_up(self, *args, **kwargs):
        activation = mock_cognito()
        activation.__enter__()
        self.addCleanup(activation.__exit__, None, None, None)
        return original(self, *args, **kwargs)

    cls.setUp = set_up


def _wrap(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with mock_cognito():
            return fn(*args, **kwargs)
    return wrapper
