#!/usr/bin/env python3
"""Throughput of ``cognito-mock serve`` against a canned-response server, under concurrent boto3 clients.

Both servers run in their own process on 127.0.0.1; the clients (``--threads`` boto3 clients in this
process) alternate AdminGetUser and InitiateAuth (USER_PASSWORD_AUTH) for ``--seconds``. The canned
server answers the very bodies cognito-mock answered (recorded first), so the difference is what the
emulator adds. ``--canned`` picks its stacks: ``serving`` (the same bounded server and request log
as cognito-mock serve, web/httpd.py: the emulator's own cost), ``serving-nolog`` (the same without
the log line), ``werkzeug`` (werkzeug's threaded development server with the log line, what serve
ran on before: it answers every request ``Connection: close``) and ``stdlib`` (http.server with
HTTP/1.1 keep-alive). Prints operations per second and latency percentiles for each, and the ratios.

    python scripts/bench_server.py [--threads 8] [--seconds 10] [--rounds 2] [--canned serving serving-nolog werkzeug stdlib]
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import boto3
from botocore.config import Config

PASSWORD = "Bench-Passw0rd!"
CREDENTIALS = {"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key": "benchsecret"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: list[str], port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
        except urllib.error.HTTPError:
            return proc
        except OSError:
            time.sleep(0.05)
            continue
        return proc
    proc.kill()
    raise RuntimeError(f"server on port {port} did not start: {args}")


def client(url: str, threads: int):
    return boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=url,
                        config=Config(max_pool_connections=threads, retries={"max_attempts": 1}), **CREDENTIALS)


def setup(url: str, users: int) -> tuple[str, str, list[str], dict[str, str]]:
    """A pool, a client and ``users`` users; returns their ids, the usernames and one recorded body
    per operation (for the canned server)."""
    idp = client(url, 1)
    recorded: dict[str, str] = {}
    idp.meta.events.register("after-call.cognito-identity-provider",
                             lambda http_response, model, **_: recorded.__setitem__(
                                 model.name, http_response.content.decode()))
    pool_id = idp.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="bench", ExplicitAuthFlows=[
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    names = [f"user{i}" for i in range(users)]
    for name in names:
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool_id, Username=name, Password=PASSWORD, Permanent=True)
    idp.admin_get_user(UserPoolId=pool_id, Username=names[0])
    idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                      AuthParameters={"USERNAME": names[0], "PASSWORD": PASSWORD})
    return pool_id, client_id, names, recorded


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux /proc)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load(url: str, pool_id: str, client_id: str, names: list[str], threads: int, seconds: float, pid: int) -> dict:
    latencies: list[list[float]] = [[] for _ in range(threads)]
    errors = [0] * threads
    barrier = threading.Barrier(threads + 1)
    stop_at = [0.0]

    def run(slot: int) -> None:
        idp = client(url, 1)
        idp.admin_get_user(UserPoolId=pool_id, Username=names[0])     # connection and endpoint warmed up
        barrier.wait()
        i = slot
        while time.perf_counter() < stop_at[0]:
            name = names[i % len(names)]
            for call in (lambda: idp.admin_get_user(UserPoolId=pool_id, Username=name),
                         lambda: idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                                   AuthParameters={"USERNAME": name, "PASSWORD": PASSWORD})):
                started = time.perf_counter()
                try:
                    call()
                except Exception:                # noqa: BLE001 (counted, reported)
                    errors[slot] += 1
                latencies[slot].append(time.perf_counter() - started)
            i += threads

    workers = [threading.Thread(target=run, args=(slot,)) for slot in range(threads)]
    for worker in workers:
        worker.start()
    stop_at[0] = time.perf_counter() + 3600
    barrier.wait()
    server_cpu, client_cpu = cpu_seconds(pid), cpu_seconds(os.getpid())
    began = time.perf_counter()
    stop_at[0] = began + seconds
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    every = sorted(x for per in latencies for x in per)
    return {"ops": len(every) / elapsed, "p50": every[len(every) // 2] * 1e3,
            "p99": every[int(len(every) * 0.99)] * 1e3, "errors": sum(errors),
            "server_cpu": (cpu_seconds(pid) - server_cpu) / len(every) * 1e6,
            "client_cpu": (cpu_seconds(os.getpid()) - client_cpu) / len(every) * 1e6}


def canned_app(bodies: dict[str, str]):
    by_target = {f"AWSCognitoIdentityProviderService.{name}": body.encode() for name, body in bodies.items()}

    def app(environ, start_response):
        body = by_target.get(environ.get("HTTP_X_AMZ_TARGET", ""), b"{}")
        environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        start_response("200 OK", [("Content-Type", "application/x-amz-json-1.1"), ("Content-Length", str(len(body)))])
        return [body]
    return app


def serve_canned(port: int, path: str, stack: str) -> None:
    with open(path) as handle:
        app = canned_app(json.load(handle))
    level = logging.WARNING if stack.endswith("-nolog") else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(message)s", stream=sys.stderr)
    if stack.startswith("serving"):        # the same server class and request log as cognito-mock serve
        from cognito_mock.web.httpd import Server
        from cognito_mock.web.serving import RequestLog
        Server(RequestLog(app), "127.0.0.1", port).serve_forever()
    if stack == "werkzeug":                # what cognito-mock serve ran on before web/httpd.py
        from werkzeug.serving import WSGIRequestHandler, make_server

        class Log(WSGIRequestHandler):
            def log_request(self, code="-", size="-") -> None:
                logging.getLogger("cognito_mock.server").info(
                    "%s %s %s %s %s", self.client_address[0], self.command, self.path, getattr(code, "value", code),
                    self.headers.get("X-Amz-Target", ""))
        make_server("127.0.0.1", port, app, threaded=True, request_handler=Log).serve_forever()
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    with open(path) as handle:
        by_target = {f"AWSCognitoIdentityProviderService.{name}": body.encode()
                     for name, body in json.load(handle).items()}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"        # keep-alive (werkzeug closes every connection)
        wbufsize = 65536                     # headers and body in one write (no Nagle/delayed-ACK stall)

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = by_target.get(self.headers.get("X-Amz-Target", ""), b"{}")
            self.send_response(200)
            self.send_header("Content-Type", "application/x-amz-json-1.1")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, *_args) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--canned", nargs="+", default=["serving"],
                        choices=["serving", "serving-nolog", "werkzeug", "stdlib"])
    parser.add_argument("--serve-canned", nargs=3, metavar=("PORT", "FILE", "STACK"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_canned:
        return serve_canned(int(args.serve_canned[0]), args.serve_canned[1], args.serve_canned[2])

    summary = measure(args.threads, args.seconds, args.rounds, args.users, args.canned)
    print(f"{args.threads} client threads, AdminGetUser + InitiateAuth, {args.rounds} rounds of {args.seconds:g} s "
          f"(median of rounds)")
    print(f"{'server':24} {'ops/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'server CPU us/op':>17} "
          f"{'client CPU us/op':>17}")
    for name, row in summary.items():
        print(f"{name:24} {row['ops']:8.0f} {row['p50']:8.1f} {row['p99']:8.1f} {row['errors']:7.0f} "
              f"{row['server_cpu']:17.0f} {row['client_cpu']:17.0f}")
    mock_row = summary["cognito-mock"]
    for name, row in summary.items():
        if name != "cognito-mock":
            print(f"cognito-mock / {name}: throughput {mock_row['ops'] / row['ops']:.2f}x, "
                  f"p99 {mock_row['p99'] / row['p99']:.2f}x")


def measure(threads: int = 8, seconds: float = 10, rounds: int = 2, users: int = 50,
            canned: tuple[str, ...] = ("serving",)) -> dict[str, dict[str, float]]:
    """The median over ``rounds`` of each server's figures: cognito-mock, then ``canned (<stack>)``."""
    port = free_port()
    mock = start(["-m", "cognito_mock", "serve", "--port", str(port)], port)
    url = f"http://127.0.0.1:{port}"
    servers = {}                                   # name: (process, url)
    with tempfile.TemporaryDirectory() as scratch:
        try:
            pool_id, client_id, names, bodies = setup(url, users)
            servers["cognito-mock"] = (mock, url)
            recorded = os.path.join(scratch, "bodies.json")
            with open(recorded, "w") as handle:
                json.dump(bodies, handle)
            for stack in canned:
                canned_port = free_port()
                proc = start([os.path.abspath(__file__), "--serve-canned", str(canned_port), recorded, stack],
                             canned_port)
                servers[f"canned ({stack})"] = (proc, f"http://127.0.0.1:{canned_port}")
            results: dict[str, list[dict]] = {name: [] for name in servers}
            for _ in range(rounds):
                for name, (proc, server_url) in servers.items():
                    results[name].append(load(server_url, pool_id, client_id, names, threads, seconds, proc.pid))
        finally:
            for proc in {mock, *(entry[0] for entry in servers.values())}:
                proc.terminate()
                proc.wait(timeout=10)
    keys = ("ops", "p50", "p99", "errors", "server_cpu", "client_cpu")
    return {name: {key: statistics.median(r[key] for r in runs) for key in keys} for name, runs in results.items()}


if __name__ == "__main__":
    main()
