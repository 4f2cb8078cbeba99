#!/usr/bin/env python3
"""Per-call cost of cognito-mock against boto3's own floor and moto, on one fixed workload.

Three ways run in one process, alternating round by round:
  cognito-mock  the emulator, in-process (@mock_cognito)
  floor         a before-send handler answering canned responses: what boto3 alone costs
  moto          moto's mock_aws, if moto is installed
Prints the median microseconds per call for each phase and the ratios to floor and to moto.

    python scripts/bench.py [--users 200] [--auths 200] [--pools 20] [--srp 50] [--rounds 3] [--pure-python]
                           [--server SECONDS] [--scale [--million]] [--persist]

--persist adds a column: the emulator with its state kept in an SQLite file (``serve --persist``),
every write on disk before its answer; the last column is its ratio to the in-memory emulator.

--scale adds scripts/bench_users.py's rows (memory per 10k users, bulk loading, reads at 10k and 100k
users; --million: and at 1M) to the same table, so every figure of issue 13 is in one run.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from contextlib import contextmanager

import boto3
from botocore.awsrequest import AWSResponse

from cognito_mock import mock_cognito

REGION = "us-east-1"
PASSWORD = "Bench-Passw0rd!"
# the target for each phase (ratio to floor; None: keep what it is)
TARGETS = {"create_user_pool": 3.0, "initiate_auth": 2.0, "srp_handshake (2 calls)": 3.0}
PHASES = ["create_user_pool", "create_user_pool_client", "admin_create+set_password", "admin_get_user",
          "initiate_auth", "get_user", "srp_handshake (2 calls)"]
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
         "ALLOW_USER_SRP_AUTH"]


def workload(client, n_users: int, n_auths: int, n_pools: int, timings: dict[str, list[float]],
             n_srp: int = 0) -> None:
    def timed(phase: str, fn, calls: int = 1):
        start = time.perf_counter()
        result = fn()
        timings[phase].append((time.perf_counter() - start) / calls * 1e6)
        return result

    pool_id = client_id = None
    for i in range(n_pools):
        pool_id = timed("create_user_pool", lambda: client.create_user_pool(PoolName=f"bench-{i}"))["UserPool"]["Id"]
        client_id = timed("create_user_pool_client", lambda: client.create_user_pool_client(
            UserPoolId=pool_id, ClientName="bench", ExplicitAuthFlows=FLOWS))["UserPoolClient"]["ClientId"]
    for i in range(n_users):
        def create_user():
            client.admin_create_user(UserPoolId=pool_id, Username=f"user{i}", MessageAction="SUPPRESS")
            client.admin_set_user_password(UserPoolId=pool_id, Username=f"user{i}", Password=PASSWORD, Permanent=True)
        timed("admin_create+set_password", create_user, calls=2)
    for i in range(n_users):
        timed("admin_get_user", lambda: client.admin_get_user(UserPoolId=pool_id, Username=f"user{i}"))
    token = None
    for i in range(n_auths):
        result = timed("initiate_auth", lambda: client.initiate_auth(
            ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": f"user{i % n_users}", "PASSWORD": PASSWORD}))
        token = result["AuthenticationResult"]["AccessToken"]
    for _ in range(n_auths):
        timed("get_user", lambda: client.get_user(AccessToken=token))
    for i in range(n_srp):
        srp_handshake(client, pool_id, client_id, f"user{i % n_users}", timings)


def srp_handshake(client, pool_id: str, client_id: str, username: str, timings: dict[str, list[float]]) -> None:
    """USER_SRP_AUTH as pycognito runs it; only the two calls are timed, not the client's own
    3072-bit arithmetic (which the floor would pay as well)."""
    from pycognito.aws_srp import AWSSRP
    aws = AWSSRP(username=username, password=PASSWORD, pool_id=pool_id, client_id=client_id, client=client)
    params = aws.get_auth_params()
    start = time.perf_counter()
    challenge = client.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=params)
    elapsed = time.perf_counter() - start
    answer = aws.process_challenge(challenge["ChallengeParameters"], params)
    start = time.perf_counter()
    result = client.respond_to_auth_challenge(ClientId=client_id, ChallengeName="PASSWORD_VERIFIER",
                                              ChallengeResponses=answer)
    elapsed += time.perf_counter() - start
    assert "AuthenticationResult" in result
    timings["srp_handshake (2 calls)"].append(elapsed * 1e6)


def _answer_key(operation: str, body) -> str:
    """InitiateAuth answers tokens or a challenge depending on its AuthFlow: one recording each."""
    flow = json.loads(body or b"{}").get("AuthFlow", "") if operation == "InitiateAuth" else ""
    return f"{operation}:{flow}"


class Recorder:
    """Keeps the last raw response body of each operation, to replay as the floor's answers."""

    def __init__(self) -> None:
        self.bodies: dict[str, tuple[int, bytes]] = {}
        self.key = ""

    def before_call(self, params, model, **_kw):
        self.key = _answer_key(model.name, json.dumps(params))

    def after_call(self, http_response, model, **_kw):
        self.bodies[self.key] = (http_response.status_code, http_response.content)


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_kw):
        yield self.body


def floor_client(recorded: Recorder):
    client = boto3.client("cognito-idp", region_name=REGION)

    def answer(request, event_name, **_kw):
        status, body = recorded.bodies[_answer_key(event_name.rsplit(".", 1)[1], request.body)]
        return AWSResponse(request.url, status, {"Content-Type": "application/x-amz-json-1.1"}, _Raw(body))

    client.meta.events.register_first("before-send.cognito-identity-provider", answer)
    return client


@contextmanager
def fake_credentials():
    import os
    saved = {k: os.environ.get(k) for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")}
    os.environ.update(AWS_ACCESS_KEY_ID="benchkey", AWS_SECRET_ACCESS_KEY="benchsecret")
    try:
        yield
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)


@contextmanager
def kept_in_a_file(store):
    """``store`` kept in a fresh SQLite file for the block (what ``serve --persist`` does)."""
    import tempfile
    from cognito_mock.backend import persistence
    with tempfile.TemporaryDirectory() as folder:
        with store.lock:
            durable = persistence.attach(store, f"{folder}/state.db")
        try:
            yield durable
        finally:
            with store.lock:
                durable.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--auths", type=int, default=200)
    parser.add_argument("--pools", type=int, default=20)
    parser.add_argument("--srp", type=int, default=50, help="SRP handshakes per round (pycognito's client)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pure-python", action="store_true", help="SRP arithmetic without gmpy2 even if installed")
    parser.add_argument("--scale", action="store_true", help="also the scale rows of scripts/bench_users.py")
    parser.add_argument("--million", action="store_true", help="with --scale: also a pool of 1M users")
    parser.add_argument("--server", type=float, default=0, metavar="SECONDS",
                        help="also run scripts/bench_server.py for SECONDS per server and round: cognito-mock serve "
                             "against a canned-response server on the same server stack, 8 client threads")
    parser.add_argument("--persist", action="store_true",
                        help="also run the emulator with its state kept in a file (cognito-mock serve --persist)")
    args = parser.parse_args()
    from cognito_mock.backend.idp.auth import srp
    if args.pure_python:
        from cognito_mock.support.modexp import ModExp
        srp.ARITHMETIC = ModExp(srp.N, srp.G, fast=False)
    arithmetic = getattr(srp, "ARITHMETIC", None)
    try:
        from moto import mock_aws
    except ImportError:
        mock_aws = None

    recorder = Recorder()
    with mock_cognito():  # warm-up, and the floor's recorded answers
        client = boto3.client("cognito-idp", region_name=REGION)
        client.meta.events.register("before-parameter-build.cognito-identity-provider", recorder.before_call)
        client.meta.events.register("after-call.cognito-identity-provider", recorder.after_call)
        workload(client, 5, 5, 2, defaultdict(list), n_srp=1)

    results: dict[str, dict[str, list[float]]] = {w: defaultdict(list)
                                                  for w in ("cognito-mock", "floor", "moto", "persist")}
    for _ in range(args.rounds):
        with mock_cognito():
            workload(boto3.client("cognito-idp", region_name=REGION), args.users, args.auths, args.pools,
                     results["cognito-mock"], args.srp)
        if args.persist:
            with mock_cognito() as cognito, kept_in_a_file(cognito.store):
                workload(boto3.client("cognito-idp", region_name=REGION), args.users, args.auths, args.pools,
                         results["persist"], args.srp)
        with fake_credentials():
            workload(floor_client(recorder), args.users, args.auths, args.pools, results["floor"], args.srp)
        if mock_aws is not None:
            with mock_aws():
                workload(boto3.client("cognito-idp", region_name=REGION), args.users, args.auths, args.pools,
                         results["moto"])

    print(f"median microseconds per call ({args.rounds} rounds, {args.users} users, {args.auths} auths, "
          f"{args.pools} pools, {args.srp} SRP handshakes; SRP arithmetic: "
          f"{'gmpy2' if arithmetic and arithmetic.fast else 'pure Python'})")
    import bench_users
    table = []
    for phase in PHASES:
        mock = statistics.median(results["cognito-mock"][phase])
        floor = statistics.median(results["floor"][phase])
        moto = statistics.median(results["moto"][phase]) if results["moto"][phase] else None
        if phase.startswith("srp"):
            moto = None         # moto's SRP answers a fixed stub, not SRP-6a: not comparable
        limit = TARGETS.get(phase)
        table.append((phase, mock, floor, moto, "us", f"<= {limit}x floor" if limit else "keep",
                      mock / floor <= limit if limit else None))
    if args.persist:                 # issue 10: writes at most 1.5x the in-memory emulator, reads the same
        for phase in PHASES:
            mock = statistics.median(results["cognito-mock"][phase])
            kept = statistics.median(results["persist"][phase])
            read = phase in ("admin_get_user", "get_user")
            # in-process the file's cost weighs more than over HTTP; issue 10's target (writes <= 1.5x, reads
            # the same) is per server call: scripts/bench_persist_server.py measures that
            table.append((f"{phase}, --persist (floor: in memory)", kept, mock, None, "us",
                          "~1.0x floor" if read else "in-process; per server call: bench_persist_server.py", None))
    if args.server:
        import bench_server
        served = bench_server.measure(8, args.server, args.rounds)
        mock, floor = served["cognito-mock"], served["canned (serving)"]
        table.append(("server ops/s, 8 threads (floor: canned, same server)", mock["ops"], floor["ops"], None, "/s",
                      ">= 0.85x floor", mock["ops"] / floor["ops"] >= 0.85))
        table.append(("server p99 ms, 8 threads", mock["p99"], floor["p99"], None, "ms", "<= 1.2x floor",
                      mock["p99"] / floor["p99"] <= 1.2))
    if args.scale:
        table += bench_users.rows([10000, 100000], args.million, 300, 100000)
    bench_users.print_rows(table)


if __name__ == "__main__":
    main()
