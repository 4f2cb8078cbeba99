"""Threaded HTTP serving of the app: one plain log line per request, and a background server
sharing a store (``cognito.server()``)."""
from __future__ import annotations

import logging
import threading
from urllib.parse import urlsplit

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from ..backend.store import Store
from .app import CognitoApp, host_name

log = logging.getLogger("cognito_mock.server")


class RequestLog(WSGIRequestHandler):
    """``127.0.0.1 POST / 400 cognito-idp InitiateAuth NotAuthorizedException``: the action, when
    there is one, and the AWS error code of a failed call."""

    def log_request(self, code="-", size="-") -> None:
        headers = getattr(self, "headers", None)            # None when the request line itself was bad
        target = headers.get("X-Amz-Target", "") if headers is not None else ""
        action = target.replace("AWSCognitoIdentityProviderService.", "cognito-idp ").replace(
            "AWSCognitoIdentityService.", "cognito-identity ")
        error = getattr(self, "environ", {}).get("cognito_mock.error", "")
        status = getattr(code, "value", code)
        log.info("%s %s %s %s %s", self.client_address[0], getattr(self, "command", "-"), getattr(self, "path", "-"),
                 status, " ".join(part for part in (action, error) if part))

    def log_error(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
        log.warning("%s %s", self.client_address[0], format % args)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        log.info("%s %s", self.client_address[0], format % args)


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARDS = ("0.0.0.0", "::", "")


def http_server(store: Store, host: str, port: int, public_url: str | None = None) -> BaseWSGIServer:
    """A threaded server bound to ``host:port``. Tokens' issuer is ``public_url``, by default the
    address it listens on (``http://127.0.0.1:PORT`` for a wildcard bind). It answers the loopback
    names, ``host`` and ``public_url``'s name; bound to a wildcard address it answers any Host."""
    app = CognitoApp(store)          # its public URL is known once the port is bound
    server = make_server(host, port, app, threaded=True, request_handler=RequestLog)
    bound = server.server_address[1]
    shown = "127.0.0.1" if host in WILDCARDS else host
    app.public_url = (public_url or f"http://{'[' + shown + ']' if ':' in shown else shown}:{bound}").rstrip("/")
    if host not in WILDCARDS:
        app.allowed_hosts = LOOPBACK_NAMES | {host.strip("[]").lower(), host_name(urlsplit(app.public_url).netloc)}
    return server


class BackgroundServer:
    """A threaded server on its own thread, sharing ``store``; ``stop()`` joins it."""

    def __init__(self, store: Store, host: str = "127.0.0.1", port: int = 0, public_url: str | None = None) -> None:
        self._server = http_server(store, host, port, public_url)
        self._thread = threading.Thread(target=self._server.serve_forever, name="cognito-mock-server", daemon=True)

    @property
    def url(self) -> str:
        return self._server.app.public_url

    def start(self) -> "BackgroundServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
