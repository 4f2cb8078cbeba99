"""HTTP serving of the app (a bounded server, web/httpd.py): one plain log line per request, and a background server
sharing a store (``cognito.server()``)."""
from __future__ import annotations

import logging
import threading
from urllib.parse import urlsplit

from ..backend.store import Store
from .app import CognitoApp, host_name
from .httpd import IDLE_TIMEOUT, READ_TIMEOUT, THREADS, Server

log = logging.getLogger("cognito_mock.server")
logging.getLogger("waitress.queue").setLevel(logging.ERROR)   # requests beyond the workers wait: by design


class RequestLog:
    """The WSGI app with one log line per request: ``127.0.0.1 POST / 400 cognito-idp InitiateAuth
    NotAuthorizedException`` (the action, when there is one, and the AWS error code of a failed call).
    Requests the server refuses itself are logged the same way (web/httpd.py)."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        status = ["-"]

        def record(line, headers, exc_info=None):
            status[0] = line.split(" ", 1)[0]
            return start_response(line, headers, exc_info)

        try:
            return self.app(environ, record)
        except Exception:
            status[0] = "500"           # answered by the server (web/httpd.py), logged with the traceback
            raise
        finally:
            target = environ.get("HTTP_X_AMZ_TARGET", "")
            action = target.replace("AWSCognitoIdentityProviderService.", "cognito-idp ").replace(
                "AWSCognitoIdentityService.", "cognito-identity ")
            error = environ.get("cognito_mock.error", "")
            log.info("%s %s %s %s %s", environ.get("REMOTE_ADDR", "-"), environ.get("REQUEST_METHOD", "-"),
                     environ.get("REQUEST_URI") or environ.get("PATH_INFO", "-"), status[0],
                     " ".join(part for part in (action, error) if part))


LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
WILDCARDS = ("0.0.0.0", "::", "")


def http_server(store: Store, host: str, port: int, public_url: str | None = None, *, threads: int = THREADS,
                read_timeout: float = READ_TIMEOUT, idle_timeout: float = IDLE_TIMEOUT) -> Server:
    """A bounded server (web/httpd.py: ``threads`` workers, keep-alive, timeouts, size limits) bound to
    ``host:port``. Tokens' issuer is ``public_url``, by default the address it listens on (``http://127.0.0.1:PORT`` for a wildcard bind). It answers the loopback
    names, ``host`` and ``public_url``'s name; bound to a wildcard address it answers any Host."""
    app = CognitoApp(store)          # its public URL is known once the port is bound
    server = Server(RequestLog(app), host, port, threads=threads, read_timeout=read_timeout,
                    idle_timeout=idle_timeout)
    server.app = app
    bound = server.server_address[1]
    shown = "127.0.0.1" if host in WILDCARDS else host
    app.public_url = (public_url or f"http://{'[' + shown + ']' if ':' in shown else shown}:{bound}").rstrip("/")
    if host not in WILDCARDS:
        app.allowed_hosts = LOOPBACK_NAMES | {host.strip("[]").lower(), host_name(urlsplit(app.public_url).netloc)}
    return server


class BackgroundServer:
    """The server on its own thread, sharing ``store``; ``stop()`` answers what it received, then joins it.
    ``options``: ``threads``, ``read_timeout``, ``idle_timeout`` (``http_server``)."""

    def __init__(self, store: Store, host: str = "127.0.0.1", port: int = 0, public_url: str | None = None,
                 **options) -> None:
        self._server = http_server(store, host, port, public_url, **options)
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
