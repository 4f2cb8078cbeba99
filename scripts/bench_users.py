#!/usr/bin/env python3
"""Scale figures of issue 13, each beside its floor: memory per 10k users, bulk loading (a state file
through ``cognito.load``, a user import job), and AdminGetUser / a one-match ListUsers filter / a
ListUsers page as the pool grows (10k, 100k; 1M with --million).

    python scripts/bench_users.py [--sizes 10000 100000] [--million] [--repeat 300] [--import-users 100000]

Every size runs in a fresh process (so its RSS is its own): the pool is loaded through ``cognito.load``
with its users streamed from a generator (users with an email and a permanent password; what stays in
memory is the emulator's, not the input's), then each call is timed through boto3 in-process, and
the floor is the same boto3 call answered with the response cognito-mock gave (bench.py's floor).
Memory per 10k users is measured in its own process too, users made one call at a time through the
API (AdminCreateUser + AdminSetUserPassword): RSS growth, and what tracemalloc sees of it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

IDP = "cognito-idp"
PASSWORD = "Bench-Passw0rd!"
POOL_ID = "us-east-1_ScaleBench"
READS = ("admin_get_user", "list_users one-match filter", "list_users first page (60)")


def rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def spec(n: int, streamed: bool = False) -> dict:
    """A state file of ``n`` users with an email and a password (``streamed``: the users as a generator,
    as a test that needs a million of them passes them to ``cognito.load``)."""
    users = ({"Username": f"user{i:07d}", "Password": PASSWORD,
              "UserAttributes": [{"Name": "email", "Value": f"user{i:07d}@example.com"}]} for i in range(n))
    return {"UserPools": [{"Id": POOL_ID, "PoolName": "scale", "AutoVerifiedAttributes": ["email"],
                           "Users": users if streamed else list(users)}]}


# -- one size, in its own process -----------------------------------------------------------------
def run_size(n: int, repeat: int) -> dict:
    import gc
    import random

    import boto3
    from bench import fake_credentials

    from cognito_mock import mock_cognito
    out: dict = {"users": n}
    gc.collect()
    before = rss()
    with mock_cognito() as cognito:
        started = time.perf_counter()
        cognito.load(spec(n, streamed=True))      # the users streamed in: what stays is the emulator's
        out["seed_s"] = time.perf_counter() - started
        gc.collect()
        out["rss_load"] = rss() - before
        out["rss_total"] = rss()
        client = boto3.client(IDP, region_name="us-east-1")
        answers: dict[str, tuple[int, bytes]] = {}
        client.meta.events.register("after-call.cognito-identity-provider", lambda http_response, **_: answers.update(
            last=(http_response.status_code, http_response.content)))
        rng = random.Random(7)
        calls = {
            "admin_get_user": lambda: client.admin_get_user(
                UserPoolId=POOL_ID, Username=f"user{rng.randrange(n):07d}"),
            "list_users one-match filter": lambda: client.list_users(
                UserPoolId=POOL_ID, Filter=f'email = "user{rng.randrange(n):07d}@example.com"'),
            "list_users first page (60)": lambda: client.list_users(UserPoolId=POOL_ID, Limit=60),
        }
        out["mock"], canned = {}, {}
        for name, call in calls.items():
            out["mock"][name] = _median(call, repeat)
            canned[name] = answers["last"]
    with fake_credentials():
        out["floor"] = {}
        for name, call in calls.items():      # the same calls, answered with the response cognito-mock gave
            client = boto3.client(IDP, region_name="us-east-1")
            client.meta.events.register_first("before-send.cognito-identity-provider", _canned(*canned[name]))
            out["floor"][name] = _median(call, repeat)
    return out


def _canned(status: int, body: bytes):
    from bench import _Raw
    from botocore.awsrequest import AWSResponse

    def answer(request, **_kw):
        return AWSResponse(request.url, status, {"Content-Type": "application/x-amz-json-1.1"}, _Raw(body))
    return answer


def _median(call, repeat: int) -> float:
    for _ in range(min(20, repeat)):
        call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


# -- memory per user through the API, in its own process -------------------------------------------
def run_memory(n: int, traced: bool, seeded: bool) -> dict:
    """Users made through the API (``seeded``: loaded from a state file, the file's own memory not counted)."""
    import gc
    import tracemalloc

    from cognito_mock import seeding
    from cognito_mock.backend.store import Store
    from cognito_mock.dispatch import call
    store = Store()
    pool_id = call(store, IDP, "CreateUserPool", {"PoolName": "memory"})["UserPool"]["Id"]
    _api_users(store, pool_id, 0, 50)            # warm: modules, caches, the pool's history
    seeding.load(store, {"UserPools": [{"PoolName": "warm", "Users": [{"Username": "u", "Password": PASSWORD}]}]})
    gc.collect()
    if traced:
        tracemalloc.start()
    before = rss()
    if seeded:
        data = json.loads(json.dumps(spec(n)))      # as a state file is read (a string per value)
        if not traced:
            before = rss()
        seeding.load(store, data)
        del data
    else:
        _api_users(store, pool_id, 50, n + 50)
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] if traced else rss() - before
    return {"users": n, "bytes": grown}


def _api_users(store, pool_id: str, start: int, stop: int) -> None:
    from cognito_mock.dispatch import call
    for i in range(start, stop):
        name = f"user{i:07d}"
        call(store, IDP, "AdminCreateUser", {"UserPoolId": pool_id, "Username": name, "MessageAction": "SUPPRESS",
                                             "UserAttributes": [{"Name": "email", "Value": f"{name}@example.com"}]})
        call(store, IDP, "AdminSetUserPassword", {"UserPoolId": pool_id, "Username": name, "Password": PASSWORD,
                                                  "Permanent": True})


def run_moto_memory(n: int) -> dict:
    import gc

    import boto3
    from moto import mock_aws
    with mock_aws():
        client = boto3.client(IDP, region_name="us-east-1")
        pool_id = client.create_user_pool(PoolName="memory")["UserPool"]["Id"]
        gc.collect()
        before = rss()
        for i in range(n):
            name = f"user{i:07d}"
            client.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS",
                                     UserAttributes=[{"Name": "email", "Value": f"{name}@example.com"}])
            client.admin_set_user_password(UserPoolId=pool_id, Username=name, Password=PASSWORD, Permanent=True)
        gc.collect()
        return {"users": n, "bytes": rss() - before}


# -- an import job of n users -------------------------------------------------------------------------
def run_import(n: int) -> dict:
    import boto3
    import requests

    from cognito_mock import mock_cognito
    with mock_cognito():
        client = boto3.client(IDP, region_name="us-east-1")
        pool_id = client.create_user_pool(PoolName="import", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
        header = client.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
        column = {name: i for i, name in enumerate(header)}
        rows = [",".join(header)]
        blank = [""] * len(header)
        for i in range(n):
            row = list(blank)
            row[column["cognito:username"]], row[column["email"]] = f"user{i:07d}", f"user{i:07d}@example.com"
            row[column["email_verified"]], row[column["cognito:mfa_enabled"]] = "true", "false"
            rows.append(",".join(row))
        job = client.create_user_import_job(JobName="bench", UserPoolId=pool_id,
                                            CloudWatchLogsRoleArn="arn:aws:iam::123456789012:role/Import")
        requests.put(job["UserImportJob"]["PreSignedUrl"], data="\n".join(rows).encode(),
                     headers={"x-amz-server-side-encryption": "aws:kms"}).raise_for_status()
        started = time.perf_counter()
        client.start_user_import_job(UserPoolId=pool_id, JobId=job["UserImportJob"]["JobId"])
        elapsed = time.perf_counter() - started
        done = client.describe_user_import_job(UserPoolId=pool_id, JobId=job["UserImportJob"]["JobId"])
        assert done["UserImportJob"]["ImportedUsers"] == n, done
        return {"users": n, "seconds": elapsed}


def _child(*args: str) -> dict:
    result = subprocess.run([sys.executable, os.path.abspath(__file__), *args], capture_output=True, text=True,
                            check=False)
    if result.returncode:
        raise SystemExit(f"bench_users {' '.join(args)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- the rows of the table ----------------------------------------------------------------------------
def rows(sizes: list[int], million: bool, repeat: int, import_users: int, memory_users: int = 10000,
         moto: bool = False) -> list[tuple]:
    """(what, mock, floor, moto, unit, target, met) rows; floor / moto None where there is none."""
    out = []
    def per_10k(*flags: str) -> float:
        return _child("--memory", str(memory_users), *flags)["bytes"] / memory_users * 10000 / 1e6

    moto_mb = _child("--moto-memory", str(memory_users))["bytes"] / memory_users * 10000 / 1e6 if moto else None
    for label, flags in (("made through the API", ()), ("loaded from a state file", ("--seeded",))):
        used, traced = per_10k(*flags), per_10k("--traced", *flags)
        out.append((f"memory / 10k users (email+password), {label}: RSS", used, None,
                    moto_mb if not flags else None, "MB", "<= 8 MB", used <= 8))
        out.append(("  the same, tracemalloc", traced, None, None, "MB", "", None))
    runs = [_child("--size", str(n), "--repeat", str(repeat)) for n in sizes + ([1_000_000] if million else [])]
    biggest = runs[-1]
    rate = biggest["users"] / biggest["seed_s"]
    out.append((f"seed file (cognito.load), {biggest['users']:,} users", rate, None, None, "/s", ">= 20k/s",
                rate >= 20000))
    imported = _child("--import", str(import_users))
    rate = imported["users"] / imported["seconds"]
    out.append((f"user import job, {import_users:,} users", rate, None, None, "/s", ">= 20k/s", rate >= 20000))
    base = runs[0]
    for run in runs:
        n = run["users"]
        out.append((f"{n:,} users: seed time", run["seed_s"], None, None, "s", "", None))
        out.append((f"{n:,} users: RSS of the process, MB", run["rss_total"] / 1e6, None, None, "MB",
                    "<= 1 GB at 1M" if n >= 1_000_000 else "", run["rss_total"] <= 1e9 if n >= 1_000_000 else None))
        out.append(("  of which the load added (users streamed in)", run["rss_load"] / 1e6, None, None, "MB", "", None))
        for name in READS:
            mock, floor = run["mock"][name], run["floor"][name]
            growth = mock / base["mock"][name]
            target = f"{growth:.2f}x the {base['users'] // 1000}k cost (<= 1.5x at 1M)" if run is not base else ""
            out.append((f"{n:,} users: {name}", mock, floor, None, "us", target,
                        growth <= 1.5 if n >= 1_000_000 else None))
    return out


def print_rows(table: list[tuple], header: bool = True) -> None:
    """One table: cognito-mock, its floor and moto side by side, the ratios, the issue's target."""
    if header:
        print(f"{'what':56} {'cognito-mock':>13} {'floor':>8} {'moto':>8} {'/floor':>7} {'/moto':>6}  target: met?")

    def shown(value, unit: str) -> str:
        if value is None:
            return ""
        return f"{value:,.0f}" if unit in ("/s", "us") else f"{value:.2f}"

    for what, mock, floor, moto, unit, target, met in table:
        ratios = [f"{mock / other:.2f}x" if other else "" for other in (floor, moto)]
        verdict = {True: ": yes", False: ": NO", None: ""}[met]
        print(f"{what:56} {shown(mock, unit) + ' ' + unit:>13} {shown(floor, unit):>8} {shown(moto, unit):>8} "
              f"{ratios[0]:>7} {ratios[1]:>6}  {target}{verdict}".rstrip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--million", action="store_true", help="also a pool of 1,000,000 users (~1-2 min)")
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--import-users", type=int, default=100000)
    parser.add_argument("--moto", action="store_true", help="moto's memory per 10k users beside ours (slow)")
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--memory", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--moto-memory", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seeded", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--import", dest="import_n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.size:
        print(json.dumps(run_size(args.size, args.repeat)))
    elif args.memory:
        print(json.dumps(run_memory(args.memory, args.traced, args.seeded)))
    elif args.moto_memory:
        print(json.dumps(run_moto_memory(args.moto_memory)))
    elif args.import_n:
        print(json.dumps(run_import(args.import_n)))
    else:
        print_rows(rows(args.sizes, args.million, args.repeat, args.import_users, moto=args.moto))


if __name__ == "__main__":
    main()
