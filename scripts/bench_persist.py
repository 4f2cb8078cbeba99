#!/usr/bin/env python3
"""Start-up of ``cognito-mock serve --persist`` with a large state: N users (email and password) in one
pool are made in memory, written to a fresh store file (its first commit), and the file is loaded
into a new store, as a restarted server does. Prints seconds for each and the file's size.

    python scripts/bench_persist.py [--users 100000]
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time

import boto3

from cognito_mock import mock_cognito
from cognito_mock.backend import persistence
from cognito_mock.backend.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "state.db")
        with mock_cognito() as cognito:
            idp = boto3.client("cognito-idp", region_name="us-east-1")
            pool = idp.create_user_pool(PoolName="big")["UserPool"]["Id"]
            started = time.perf_counter()
            for n in range(args.users):
                idp.admin_create_user(UserPoolId=pool, Username=f"user{n}", MessageAction="SUPPRESS",
                                      TemporaryPassword="Passw0rd!",
                                      UserAttributes=[{"Name": "email", "Value": f"user{n}@example.com"}])
            made = time.perf_counter() - started
            started = time.perf_counter()
            with cognito.store.lock:
                durable = persistence.attach(cognito.store, path)
                durable.close()
            written = time.perf_counter() - started
        size = os.path.getsize(path)
        store = Store()
        started = time.perf_counter()
        with store.lock:
            durable = persistence.attach(store, path)
        loaded = time.perf_counter() - started
        with store.lock:
            durable.close()
        print(f"{args.users} users: made in {made:.1f} s; first write {written:.2f} s; "
              f"start-up (load) {loaded:.2f} s; file {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
