"""Fixtures for the hosted UI and OAuth 2.0 endpoint tests (helpers in hosted_helpers.py)."""
import os
import shutil

import pytest

from hosted_helpers import DOMAIN, Hosted, add_user, oauth_client


@pytest.fixture
def hosted(idp) -> Hosted:
    pool_id = idp.create_user_pool(PoolName="hosted", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=DOMAIN)
    client = oauth_client(idp, pool_id)
    add_user(idp, pool_id)
    return Hosted(idp, pool_id, client["ClientId"])


# The browser tests drive Debian's chromium through Playwright (never Playwright's own download);
# .ci/run installs the package. They skip, saying why, where either is missing.
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
