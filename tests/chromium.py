"""The ``browser`` fixture: Playwright driving Debian's chromium package (never Playwright's own download;
.ci/run installs the package). Tests that use it skip, saying why, where either is missing. Import the
fixture into a conftest or test module: ``from chromium import browser``."""
import os
import shutil

import pytest

CHROMIUM = os.environ.get("COGNITO_MOCK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (the [test] extra has it)")
    if CHROMIUM is None:
        pytest.skip("no chromium binary (Debian: apt-get install chromium; .ci/run installs it)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()
