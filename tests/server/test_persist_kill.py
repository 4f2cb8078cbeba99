"""``cognito-mock serve --persist``: a write the server answered is on disk, whenever the process dies.

20 rounds: 8 threads create users as fast as the server answers; the process is killed with SIGKILL
mid-stream (no handler runs, nothing is flushed on the way out); a new server on the same file must
hold every user whose creation was answered."""
import signal
import threading
import time

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

import served

CREDS = {"aws_access_key_id": "test", "aws_secret_access_key": "test", "region_name": "us-east-1"}

ROUNDS = 20
WRITERS = 8
PER_ROUND = 24          # answered creations (at least) before the kill


def client(url):
    return boto3.client("cognito-idp", endpoint_url=url, config=Config(retries={"total_max_attempts": 1},
                                                                       connect_timeout=2, read_timeout=10), **CREDS)


def listed(idp, pool_id) -> set[str]:
    names, token = set(), None
    while True:
        page = idp.list_users(UserPoolId=pool_id, Limit=60, **({"PaginationToken": token} if token else {}))
        names.update(user["Username"] for user in page["Users"])
        token = page.get("PaginationToken")
        if not token:
            return names


def test_kill_9_under_concurrent_writers_loses_no_answered_write(tmp_path):
    state = tmp_path / "state.db"
    url, proc = served.start("--persist", str(state))       # its log goes to a file: a full pipe would stall it
    pool_id = client(url).create_user_pool(PoolName="kept")["UserPool"]["Id"]
    answered: set[str] = set()
    lock = threading.Lock()
    try:
        for round_no in range(ROUNDS):
            stop = threading.Event()

            def write(writer: int, url=url, stop=stop, round_no=round_no) -> None:
                idp, n = client(url), 0
                while not stop.is_set():
                    name = f"r{round_no}-w{writer}-{n}"
                    try:
                        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS")
                    except (BotoCoreError, ClientError):
                        return                      # the server is gone (or going): this one was not answered
                    with lock:
                        answered.add(name)
                    n += 1

            threads = [threading.Thread(target=write, args=(w,), daemon=True) for w in range(WRITERS)]
            before = len(answered)
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 20
            while len(answered) - before < PER_ROUND and time.monotonic() < deadline:
                time.sleep(0.005)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            stop.set()
            for thread in threads:
                thread.join(timeout=15)
            assert len(answered) - before >= PER_ROUND, "the writers were not answered"
            proc.log.close()
            url, proc = served.start("--persist", str(state))
            missing = answered - listed(client(url), pool_id)
            assert not missing, f"round {round_no}: {len(missing)} answered creations lost, e.g. {sorted(missing)[:3]}"
    finally:
        served.stop(proc)
