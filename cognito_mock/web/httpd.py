"""The bounded HTTP/1.1 server under ``cognito-mock serve`` and ``cognito.server()``, on waitress.

One I/O thread reads every connection and hands a *complete* request to a fixed pool of ``THREADS``
workers: a stalled or slow client holds a socket, never a thread, and excess requests wait in the
queue. Connections are kept alive (HTTP/1.1). A request whose bytes stall for ``READ_TIMEOUT`` seconds
is dropped; an idle keep-alive connection is closed after ``IDLE_TIMEOUT``. What the server itself
refuses (a bad request line, a body over its limit, a body shorter than its Content-Length, an
overlong URI or header section) is answered AWS-shaped: JSON with ``__type`` and ``message``, never
HTML. ``shutdown()`` stops accepting, answers every request already received, then returns.
"""
from __future__ import annotations

import json
import logging
import socket
import threading
import time

from waitress import wasyncore
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, WSGITask
from waitress.utilities import (BadRequest, Error, RequestEntityTooLarge, RequestHeaderFieldsTooLarge,
                                ServerNotImplemented)

log = logging.getLogger("cognito_mock.server")

THREADS = 16              # workers: requests beyond them queue, they never start a thread
READ_TIMEOUT = 30         # seconds a half-received request may go without a byte before it is dropped
IDLE_TIMEOUT = 60         # seconds an idle keep-alive connection is kept (an ALB's default idle timeout)
DRAIN_TIMEOUT = 30        # seconds stopping waits for the requests it has received to be answered
# guessed: Cognito's own limit is not published; API Gateway's REST APIs take 10 MB payloads
# (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html)
BODY_LIMIT = 10 * 1024 * 1024
# a user import job's CSV file: up to 100 MB (Cognito developer guide, "Creating the user import CSV file")
UPLOAD_LIMIT = 100 * 1024 * 1024
UPLOAD_PATH = "/_mock/user-import/"
# an Application Load Balancer's limits: request line 16K, whole header 64K (ELB user guide, "HTTP header limits")
REQUEST_LINE_LIMIT = 16 * 1024
HEADER_LIMIT = 64 * 1024
JSON_TYPE = "application/x-amz-json-1.1"


def connection_limit() -> int:
    """Open connections accepted at once (the rest wait in the listen backlog), below the file limit."""
    try:
        import resource
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, ValueError, OSError):
        return 1000
    return max(64, min(4096, (soft if soft > 0 else 4096) - 128))


class AwsError(Error):
    """A request the server refuses before the app sees it, answered as an AWS JSON error."""

    def __init__(self, code: int, reason: str, aws_type: str, message: str) -> None:
        super().__init__(message)
        self.code, self.reason, self.aws_type = code, reason, aws_type


def as_aws(error: Error, request: HTTPRequestParser) -> AwsError:
    """waitress's own refusals, in AWS's shape (the types and texts are guessed: AWS's front ends
    answer these before any service; searched: 'Request Entity Too Large' Cognito, API Gateway quotas)."""
    if isinstance(error, AwsError):
        return error
    if isinstance(error, RequestEntityTooLarge):
        return too_large(request, BODY_LIMIT)
    if isinstance(error, RequestHeaderFieldsTooLarge):
        return AwsError(431, "Request Header Fields Too Large", "RequestHeaderFieldsTooLargeException",
                        f"The request's header section must be smaller than {HEADER_LIMIT} bytes.")   # guessed
    if isinstance(error, ServerNotImplemented):
        return AwsError(501, "Not Implemented", "NotImplementedException", str(error.body))         # guessed
    if isinstance(error, BadRequest):
        return AwsError(400, "Bad Request", "BadRequestException", f"Malformed HTTP request: {error.body}")  # guessed
    # a bug of ours: AWS's common error for an internal failure (the body never carries a traceback)
    return AwsError(500, "Internal Server Error", "InternalFailure",
                    "The request processing has failed because of an unknown error, exception or failure.")


def too_large(request: HTTPRequestParser, limit: int) -> AwsError:
    target = request.headers.get("X_AMZ_TARGET", "")
    operation = f" for the {target.rpartition('.')[2]} operation" if target else ""
    # guessed: the text Lambda's front end answers ("Request must be smaller than 6291456 bytes for
    # the InvokeFunction operation"), with RequestEntityTooLargeException as its type
    return AwsError(413, "Request Entity Too Large", "RequestEntityTooLargeException",
                    f"Request must be smaller than {limit} bytes{operation}")


class Parser(HTTPRequestParser):
    """waitress's parser with the emulator's limits: 414 for an overlong request line, 413 (JSON) for
    a body over ``BODY_LIMIT`` (``UPLOAD_LIMIT`` for a user import file's PUT)."""

    def received(self, data: bytes) -> int:
        in_header = self.body_rcv is None and not self.completed
        head = self.header_plus + data if in_header else b""
        consumed = super().received(data)
        if in_header:
            line_end = head.find(b"\n")
            if line_end > REQUEST_LINE_LIMIT or (line_end < 0 and len(head) > REQUEST_LINE_LIMIT):
                self.error = AwsError(414, "URI Too Long", "UriTooLongException",     # guessed
                                      f"The request line must be shorter than {REQUEST_LINE_LIMIT} bytes.")
                self.completed = True
                return consumed
        if self.error is None and self.headers_finished:
            limit = self.body_limit()
            if (self.content_length or 0) > limit or self.body_bytes_received > limit:
                self.error = too_large(self, limit)
                self.completed = True
        return consumed

    def body_limit(self) -> int:
        uploading = getattr(self, "command", "") == "PUT" and getattr(self, "path", "").startswith(UPLOAD_PATH)
        return UPLOAD_LIMIT if uploading else BODY_LIMIT


class ErrorAnswer(ErrorTask):
    """A refused request's answer: JSON with ``__type`` and ``message``, CORS headers, one log line;
    the connection closes after it (what follows on it cannot be trusted)."""

    def execute(self) -> None:
        from .app import CORS_HEADERS
        error = as_aws(self.request.error, self.request)
        body = json.dumps({"__type": error.aws_type, "message": error.body}).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.extend([("Content-Type", JSON_TYPE), ("x-amzn-ErrorType", error.aws_type),
                                      *CORS_HEADERS.items()])
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)
        request = self.request
        uri = getattr(request, "request_uri", "") or "-"
        log.info("%s %s %s %s %s", self.channel.addr[0], getattr(request, "command", None) or "-",
                 uri if len(uri) <= 200 else uri[:200] + "...", error.code, error.aws_type)


class Answer(WSGITask):
    """The app's answer; while the server stops, it closes its connection after answering."""

    def build_response_header(self) -> bytes:
        if self.channel.server.stopping and not self.close_on_finish:
            self.set_close_on_finish()
        return super().build_response_header()


class Channel(HTTPChannel):
    task_class = Answer
    error_task_class = ErrorAnswer
    parser_class = Parser

    def handle_read(self) -> None:
        try:
            data = self.socket.recv(self.adj.recv_bytes)
        except OSError:
            self.handle_close()
            return
        if data:
            self.last_activity = time.time()
            self.received(data)
            return
        request = self.request
        if request is not None and request.headers_finished and not request.completed:
            # the client ended its side with the body shorter than its Content-Length: answer that
            request.error = AwsError(400, "Bad Request", "SerializationException",   # guessed
                                     f"The request body ended after {request.body_bytes_received} of its "
                                     f"{request.content_length} bytes (Content-Length).")
            request.completed = True
            with self.requests_lock:
                self.request = None
                self.requests.append(request)
                if len(self.requests) == 1:
                    self.server.add_task(self)
            return
        self.handle_close()

    def busy(self) -> bool:
        """A request received, in progress, or being answered (a partial request counts too)."""
        return bool(self.requests or self.total_outbufs_len or self.request is not None or self.has_unread())

    def has_unread(self) -> bool:
        try:
            return bool(self.socket.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT))
        except (BlockingIOError, InterruptedError):
            return False
        except (OSError, AttributeError):
            return False


class Server(TcpWSGIServer):
    """waitress's TCP server with the channel above, separate read and idle timeouts, and a
    ``serve_forever``/``shutdown``/``server_close`` life cycle that drains before it returns."""

    channel_class = Channel
    stopping = False
    abandoning = False          # a second stop: answer nothing more

    def __init__(self, app, host: str, port: int, *, threads: int = THREADS, read_timeout: float = READ_TIMEOUT,
                 idle_timeout: float = IDLE_TIMEOUT) -> None:
        self.read_timeout, self.idle_timeout = read_timeout, idle_timeout
        self._map: dict = {}
        self._stopped = threading.Event()
        self._running = False
        super().__init__(
            app, map=self._map, host=host, port=port, threads=threads, ident="cognito-mock",
            channel_timeout=max(read_timeout, idle_timeout), cleanup_interval=1, connection_limit=connection_limit(),
            max_request_header_size=HEADER_LIMIT, max_request_body_size=UPLOAD_LIMIT + 1, log_socket_errors=False,
            clear_untrusted_proxy_headers=False, asyncore_use_poll=True, asyncore_loop_timeout=1,
            backlog=1024, expose_tracebacks=False)
        self.server_address = (self.effective_host, self.effective_port)

    def maintenance(self, now: float) -> None:
        for channel in list(self.active_channels.values()):
            if channel.requests or channel.total_outbufs_len:
                continue                        # being answered: never cut
            limit = self.read_timeout if channel.request is not None else self.idle_timeout
            if channel.last_activity < now - limit or (self.stopping and not channel.busy()):
                channel.will_close = True

    def serve_forever(self) -> None:
        self._running = True
        deadline = None
        try:
            while True:
                if self.stopping:
                    if deadline is None:
                        deadline = time.monotonic() + DRAIN_TIMEOUT
                        self.stop_accepting()
                    self.maintenance(time.time())
                    channels = list(self.active_channels.values())
                    if (self.abandoning or time.monotonic() > deadline
                            or not any(channel.busy() for channel in channels)):
                        break
                    for channel in channels:            # the idle ones close now
                        if channel.will_close and not channel.busy():
                            channel.handle_close()
                wasyncore.loop(timeout=0.05 if self.stopping else 1, map=self._map, use_poll=True, count=1)
        finally:
            for channel in list(self.active_channels.values()):
                channel.handle_close()
            self._stopped.set()

    def stop_accepting(self) -> None:
        if self.accepting:
            wasyncore.dispatcher.close(self)        # the listening socket only (the trigger stays)

    def shutdown(self, *, drain: bool = True) -> None:
        """Stop accepting, answer what was received, and return once ``serve_forever`` has;
        ``drain=False`` (a second Ctrl-C): stop without waiting for the requests in progress."""
        self.abandoning = self.abandoning or not drain
        self.stopping = True
        try:
            self.trigger.pull_trigger()
        except OSError:
            pass
        if self._running:
            self._stopped.wait()

    def server_close(self) -> None:
        self.stopping = True
        if not self._running:
            self.stop_accepting()
        self.task_dispatcher.shutdown(cancel_pending=True, timeout=0.2 if self.abandoning else 5)
        for channel in list(self.active_channels.values()):
            channel.handle_close()
        try:
            self.trigger.close()
        except OSError:
            pass
