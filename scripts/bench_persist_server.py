#!/usr/bin/env python3
"""The cost of ``--persist`` as a client of ``cognito-mock serve`` sees it: the same calls, one at a
time over HTTP, against a server keeping its state in memory and one keeping it in an SQLite file
(every change written before the answer). Issue 10's target: a mutating call at most 1.5x the
in-memory server's, reads the same.

    python scripts/bench_persist_server.py [--calls 300] [--rounds 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_server import client, free_port, start  # noqa: E402

PASSWORD = "Bench-Passw0rd!"
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def workload(url: str, calls: int, timings: dict[str, list[float]]) -> None:
    idp = client(url, 1)
    pool = idp.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    app = idp.create_user_pool_client(UserPoolId=pool, ClientName="c", ExplicitAuthFlows=FLOWS)["UserPoolClient"]

    def timed(phase: str, calls_made, fn) -> None:
        started = time.perf_counter()
        for n in range(calls_made):
            fn(n)
        timings[phase].append((time.perf_counter() - started) / calls_made * 1e6)

    timed("admin_create_user (write)", calls, lambda n: idp.admin_create_user(
        UserPoolId=pool, Username=f"u{n}", MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": f"u{n}@example.com"}]))
    timed("admin_set_user_password (write)", calls, lambda n: idp.admin_set_user_password(
        UserPoolId=pool, Username=f"u{n}", Password=PASSWORD, Permanent=True))
    timed("admin_update_user_attributes (write)", calls, lambda n: idp.admin_update_user_attributes(
        UserPoolId=pool, Username=f"u{n}", UserAttributes=[{"Name": "name", "Value": f"n{n}"}]))
    timed("initiate_auth (write: a sign-in)", calls, lambda n: idp.initiate_auth(
        ClientId=app["ClientId"], AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": f"u{n}",
                                                                                 "PASSWORD": PASSWORD}))
    timed("admin_get_user (read)", calls, lambda n: idp.admin_get_user(UserPoolId=pool, Username=f"u{n}"))
    timed("list_users page of 60 (read)", max(calls // 10, 1), lambda n: idp.list_users(UserPoolId=pool, Limit=60))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, dict[str, list[float]]] = {"memory": {}, "persist": {}}
    with tempfile.TemporaryDirectory() as folder:
        for round_no in range(args.rounds):
            for mode in ("memory", "persist"):
                port = free_port()
                extra = ["--persist", f"{folder}/state-{round_no}.db"] if mode == "persist" else []
                proc = start(["-m", "cognito_mock", "serve", "--port", str(port), *extra], port)
                try:
                    collected: dict[str, list[float]] = defaultdict(list)
                    workload(f"http://127.0.0.1:{port}", args.calls, collected)
                    for phase, values in collected.items():
                        results[mode].setdefault(phase, []).extend(values)
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
    print(f"median microseconds per call over HTTP, one client ({args.rounds} rounds, {args.calls} users)")
    print(f"{'call':40} {'in memory':>10} {'--persist':>10} {'ratio':>7}  target")
    for phase in results["memory"]:
        memory = statistics.median(results["memory"][phase])
        kept = statistics.median(results["persist"][phase])
        read = "(read)" in phase
        target = "~1.0x" if read else "<= 1.5x"
        met = "" if read else (": yes" if kept / memory <= 1.5 else ": NO")
        print(f"{phase:40} {memory:10.0f} {kept:10.0f} {kept / memory:6.2f}x  {target}{met}")


if __name__ == "__main__":
    main()
