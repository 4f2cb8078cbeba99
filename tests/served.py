"""``cognito-mock serve`` in a child process on a free 127.0.0.1 port, as a user starts it; shared by the
tests that need a real server process (a seed file, the CLI's exit codes, a browser and node against it)."""
from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(*options: str, cwd=None) -> tuple[str, subprocess.Popen]:
    """Start ``cognito-mock serve --port PORT *options``; return its URL once /_mock/health answers.
    Its output and log go to a temporary file (a pipe nobody reads would stall a busy server): read_log."""
    port = free_port()
    log = tempfile.TemporaryFile(mode="a+", encoding="utf-8")     # O_APPEND: reading never moves where it writes
    proc = subprocess.Popen([sys.executable, "-m", "cognito_mock", "serve", "--port", str(port), *options],
                            stdout=log, stderr=log, text=True, cwd=cwd)
    proc.log = log
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/_mock/health", timeout=1).close()
            return url, proc
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                stop(proc)
                pytest.fail("cognito-mock serve did not start: " + read_log(proc))
            time.sleep(0.05)


def read_log(proc: subprocess.Popen) -> str:
    proc.log.seek(0)
    return proc.log.read()


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait(5)
    proc.log.close()
