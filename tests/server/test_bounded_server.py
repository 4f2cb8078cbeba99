"""The server you can leave running (web/httpd.py): keep-alive, a fixed worker pool that stalled
clients cannot exhaust, a read timeout, a body size limit, and AWS-shaped answers (JSON with
``__type``, never HTML or a 500) to what the server refuses before the app sees it."""
import http.client
import json
import socket
import threading
import urllib.request

import pytest

from cognito_mock.backend.store import Store
from cognito_mock.web import httpd
from cognito_mock.web.serving import BackgroundServer

TARGET = "AWSCognitoIdentityProviderService.ListUserPools"


@pytest.fixture
def server():
    running = BackgroundServer(Store()).start()
    yield running
    running.stop()


def port_of(server) -> int:
    return int(server.url.rpartition(":")[2])


def exchange(port: int, raw: bytes, *, half_close: bool = False) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Send ``raw`` bytes as they are; read the one HTTP response."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(raw)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.headers, response.read()


def api_request(port: int, body: bytes, length: int | None = None) -> bytes:
    return (f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Amz-Target: {TARGET}\r\n"
            f"Content-Type: application/x-amz-json-1.1\r\nContent-Length: {len(body) if length is None else length}"
            "\r\n\r\n").encode() + body


def test_connections_are_kept_alive(server):
    connection = http.client.HTTPConnection("127.0.0.1", port_of(server), timeout=10)
    answers, sockets = [], set()
    for _ in range(3):
        connection.request("POST", "/", body=b'{"MaxResults": 10}', headers={
            "X-Amz-Target": TARGET, "Content-Type": "application/x-amz-json-1.1"})
        response = connection.getresponse()
        answers.append((response.status, response.getheader("Connection"), json.loads(response.read())))
        sockets.add(connection.sock)
    connection.close()
    assert answers == [(200, None, {"UserPools": []})] * 3
    assert len(sockets) == 1            # one connection carried every request


def test_stalled_clients_hold_sockets_not_threads(server):
    """1,500 clients that send half a request: the server keeps its fixed workers and still answers."""
    port = port_of(server)
    threads_before = threading.active_count()
    stalled = []
    try:
        for _ in range(1500):
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(api_request(port, b'{"MaxRes', length=40))
            stalled.append(sock)
        with urllib.request.urlopen(server.url + "/_mock/health", timeout=20) as answer:
            assert json.load(answer)["status"] == "ok"
        assert threading.active_count() <= threads_before + httpd.THREADS
    finally:
        for sock in stalled:
            sock.close()


def test_a_stalled_request_is_dropped_after_the_read_timeout():
    server = BackgroundServer(Store(), read_timeout=1).start()
    try:
        with socket.create_connection(("127.0.0.1", port_of(server)), timeout=30) as sock:
            sock.sendall(api_request(port_of(server), b'{"Max', length=18))
            assert sock.recv(1024) == b""            # closed by the server, nothing answered
    finally:
        server.stop()


def test_a_body_over_the_limit_is_refused_aws_shaped(server):
    port = port_of(server)
    status, headers, body = exchange(port, api_request(port, b"", length=httpd.BODY_LIMIT + 1))
    assert status == 413
    assert headers["Content-Type"] == "application/x-amz-json-1.1"
    assert json.loads(body) == {"__type": "RequestEntityTooLargeException", "message":
                                f"Request must be smaller than {httpd.BODY_LIMIT} bytes for the ListUserPools operation"}


def test_a_body_at_the_limit_is_served(server):
    port = port_of(server)
    padded = b'{"MaxResults": 10}'.ljust(httpd.BODY_LIMIT, b" ")
    status, _, body = exchange(port, api_request(port, padded))
    assert (status, json.loads(body)) == (200, {"UserPools": []})


@pytest.mark.parametrize("raw, status, aws_type", [
    (b"GARBAGE\r\n\r\n", 400, "BadRequestException"),
    (b"get / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400, "BadRequestException"),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n", 400, "BadRequestException"),
    (b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414, "UriTooLongException"),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Big: " + b"b" * 70000 + b"\r\n\r\n", 431,
     "RequestHeaderFieldsTooLargeException"),
    (b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "NotImplementedException"),
], ids=["request-line", "lowercase-method", "header-line", "long-uri", "long-header", "transfer-encoding"])
def test_malformed_requests_are_answered_in_json(server, raw, status, aws_type):
    answered, headers, body = exchange(port_of(server), raw)
    assert (answered, headers["Content-Type"]) == (status, "application/x-amz-json-1.1")
    error = json.loads(body)
    assert error["__type"] == aws_type and error["message"]


def test_a_body_shorter_than_its_content_length_is_answered(server):
    port = port_of(server)
    status, _, body = exchange(port, api_request(port, b'{"MaxResults"', length=40), half_close=True)
    assert (status, json.loads(body)) == (400, {"__type": "SerializationException", "message":
                                                "The request body ended after 13 of its 40 bytes (Content-Length)."})


def test_the_request_log_names_refused_requests_too(server, caplog):
    caplog.set_level("INFO", logger="cognito_mock.server")
    port = port_of(server)
    exchange(port, b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n")
    exchange(port, api_request(port, b"{}"))
    lines = [record.getMessage() for record in caplog.records if record.name == "cognito_mock.server"]
    assert f"127.0.0.1 GET /{'a' * 199}... 414 UriTooLongException" in lines      # shortened
    assert "127.0.0.1 POST / 400 cognito-idp ListUserPools InvalidParameterException" in lines


def test_a_bug_in_the_app_is_a_json_internal_failure_without_a_traceback(server, monkeypatch):
    def broken(self, request):
        raise RuntimeError("secret detail")
    monkeypatch.setattr("cognito_mock.web.app.CognitoApp.on_health", broken)
    status, headers, body = exchange(port_of(server), b"GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert (status, headers["Content-Type"]) == (500, "application/x-amz-json-1.1")
    assert json.loads(body) == {"__type": "InternalFailure", "message": "The request processing has failed "
                                "because of an unknown error, exception or failure."}
