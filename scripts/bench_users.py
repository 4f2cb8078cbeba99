"""ListUsers with a Filter: first page on a pool of 1k users vs 100k users (DESIGN rule 7).

    python3 scripts/bench_users.py [--sizes 1000 100000] [--repeat 200]

Users are created through the API (AdminCreateUser, MessageAction=SUPPRESS) so the indexes are
the ones the handlers maintain; the timing is the whole dispatch.call of ListUsers.
"""
from __future__ import annotations

import argparse
import statistics
import time

from cognito_mock.backend.store import Store
from cognito_mock.dispatch import call

IDP = "cognito-idp"


def build(size: int) -> tuple[Store, str, float]:
    store = Store()
    pool_id = call(store, IDP, "CreateUserPool", {"PoolName": f"bench-{size}"})["UserPool"]["Id"]
    started = time.perf_counter()
    for i in range(size):
        call(store, IDP, "AdminCreateUser", {
            "UserPoolId": pool_id, "Username": f"user{i:07d}", "MessageAction": "SUPPRESS",
            "UserAttributes": [{"Name": "email", "Value": f"user{i:07d}@example.com"},
                               {"Name": "family_name", "Value": f"family{i % 1000:04d}"}]})
    return store, pool_id, time.perf_counter() - started


def timed(store: Store, pool_id: str, filter_text: str, repeat: int) -> tuple[float, int]:
    samples, found = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        result = call(store, IDP, "ListUsers", {"UserPoolId": pool_id, "Filter": filter_text, "Limit": 60})
        samples.append(time.perf_counter() - started)
        found = len(result["Users"])
    return statistics.median(samples) * 1e6, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    filters = ['email = "user0000500@example.com"', 'email ^= "user00005"', 'family_name = "family0042"',
               'cognito:user_status = "FORCE_CHANGE_PASSWORD"', ""]
    for size in args.sizes:
        store, pool_id, build_seconds = build(size)
        print(f"pool of {size} users (built in {build_seconds:.1f}s)")
        for text in filters:
            micros, found = timed(store, pool_id, text, args.repeat)
            print(f"  ListUsers Filter={text or '(none)'!r:52} first page {found:3d} users: {micros:8.1f} us (median)")


if __name__ == "__main__":
    main()
