"""A threaded HTTP server on a background thread, sharing a store (``cognito.server()``)."""
from __future__ import annotations

import threading

from werkzeug.serving import make_server

from ..backend.store import Store
from .app import CognitoApp


class BackgroundServer:
    """A threaded server on its own thread, sharing ``store``; ``stop()`` joins it."""

    def __init__(self, store: Store, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = make_server(host, port, CognitoApp(store), threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, name="cognito-mock-server", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "BackgroundServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
