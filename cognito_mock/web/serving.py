"""Threaded HTTP serving of the app: one plain log line per request, and a background server
sharing a store (``cognito.server()``)."""
from __future__ import annotations

import logging
import threading

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from ..backend.store import Store
from .app import CognitoApp

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


def http_server(store: Store, host: str, port: int) -> BaseWSGIServer:
    return make_server(host, port, CognitoApp(store), threaded=True, request_handler=RequestLog)


class BackgroundServer:
    """A threaded server on its own thread, sharing ``store``; ``stop()`` joins it."""

    def __init__(self, store: Store, host: str = "127.0.0.1", port: int = 0) -> None:
        self._server = http_server(store, host, port)
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
