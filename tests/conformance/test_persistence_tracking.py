"""The durable store misses no change and no read writes: chosen suites run again with every store
kept in a file (tests/persistence_check.py), which after every request compares the file with a
fresh encoding of the whole state, and around every read-only action the state before and after.
(The whole suite passes in that mode too: ``COGNITO_MOCK_CHECK_PERSISTENCE=1 python -m pytest``,
about twice as slow; run it after adding a tracked map, a read-named action or a walk.)"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUITES = ["tests/conformance/test_over_http.py", "tests/api/test_point_in_time_recovery.py",
          "tests/api/test_users_admin.py", "tests/api/test_groups.py", "tests/sync", "tests/identity"]


def test_chosen_suites_pass_with_every_request_checked_against_the_file():
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-x", *SUITES],
                         cwd=ROOT, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "COGNITO_MOCK_CHECK_PERSISTENCE": "1"})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    import re
    passed = re.search(r"(\d+) passed", run.stdout)
    assert passed and int(passed.group(1)) > 100, run.stdout[-500:]     # the check ran on real suites
