"""``cognito-mock proxy``: the edge as a reverse proxy in front of any local HTTP app, in any language.

A threaded stdlib HTTP server (127.0.0.1 by default) applies the edge (API Gateway authorizer or
ALB) and forwards admitted requests to ``upstream``. The upstream gets what the real service adds:
ALB's ``x-amzn-oidc-*`` headers; for API Gateway the request context in ``x-amzn-request-context``
(JSON, the header AWS Lambda Web Adapter hands an app; ``authorizer.claims`` or ``authorizer.jwt``
inside), and ``X-Forwarded-For/Proto/Port``. The ALB key's public half is served at
``/_mock/elb-public-keys/{region}/{kid}``.
"""
from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .events import EdgeRequest
from .gateway import Forward, Respond
from .wsgi import edge_of

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
                        "transfer-encoding", "upgrade", "host", "content-length"})
KEYS_PATH = "/_mock/elb-public-keys/"


class EdgeProxy:
    def __init__(self, edge, upstream: str | None, host: str = "127.0.0.1", port: int = 0, *, routes=None,
                 scopes=(), timeout: float = 30.0) -> None:
        self.edge = edge_of(edge, routes, scopes)
        parts = urlsplit(upstream or "")
        if upstream is not None and (parts.scheme not in ("http", "https") or not parts.hostname):
            raise ValueError(f"--upstream {upstream!r} is not an http(s) URL")
        self.upstream, self.timeout = parts, timeout
        self.server = ThreadingHTTPServer((host, port), _handler(self))
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "EdgeProxy":
        self._thread = threading.Thread(target=self.server.serve_forever, name="cognito-mock-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def public_key(self, path: str) -> bytes | None:
        region, _, kid = path[len(KEYS_PATH):].partition("/")
        cognito = getattr(self.edge, "cognito", None)
        if cognito is None or not hasattr(cognito, "elb_key"):
            return None
        key = cognito.elb_key(region) if region else None
        return key.pem if key is not None and key.kid == kid else None

    def deliver(self, request: EdgeRequest, decided: Forward, port: int) -> tuple[int, list[tuple[str, str]], bytes]:
        """An admitted request: forwarded to the upstream with what the service adds."""
        headers = decided.apply(request.headers)
        headers += [("X-Forwarded-For", request.source_ip), ("X-Forwarded-Proto", "http"), ("X-Forwarded-Port", str(port))]
        if decided.event is not None:
            headers.append(("x-amzn-request-context", json.dumps(decided.event["requestContext"])))
        return self.forward(request, headers)

    def forward(self, request: EdgeRequest, headers: list[tuple[str, str]]) -> tuple[int, list[tuple[str, str]], bytes]:
        parts = self.upstream
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.hostname, parts.port, timeout=self.timeout)
        path = (parts.path.rstrip("/") + request.path) + (f"?{request.query}" if request.query else "")
        try:
            connection.putrequest(request.method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", request.host)
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP:
                    connection.putheader(name, value)
            connection.putheader("Content-Length", str(len(request.body)))
            connection.endheaders(request.body)
            answer = connection.getresponse()
            return answer.status, [(k, v) for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP], answer.read()
        except OSError as error:
            return 502, [("Content-Type", "application/json")], json.dumps(
                {"message": f"upstream unreachable: {error}"}).encode()
        finally:
            connection.close()


def _handler(proxy: EdgeProxy):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _any(self) -> None:
            path, _, query = self.path.partition("?")
            length = int(self.headers.get("Content-Length") or 0)
            request = EdgeRequest(self.command, path, query, list(self.headers.items()),
                                  self.rfile.read(length) if length else b"", self.client_address[0],
                                  self.headers.get("Host") or "localhost", self.request_version)
            if path.startswith(KEYS_PATH) and self.command == "GET":
                pem = proxy.public_key(path)
                return self._send(200 if pem else 404, [("Content-Type", "application/x-pem-file")], pem or b"")
            decided = proxy.edge.admit(request)
            if isinstance(decided, Respond):
                return self._send(decided.status, decided.headers, decided.body)
            status, answer_headers, body = proxy.deliver(request, decided, self.server.server_address[1])
            self._send(status, answer_headers + [("Set-Cookie", c) for c in decided.set_cookies], body)

        def _send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers:
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _any

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (the base class's name)
            pass
    return Handler
