"""Fixtures for the hosted UI and OAuth 2.0 endpoint tests (helpers in hosted_helpers.py); the browser
tests drive Debian's chromium through Playwright (the ``browser`` fixture, tests/chromium.py)."""
import pytest

from chromium import browser  # noqa: F401
from hosted_helpers import DOMAIN, Hosted, add_user, oauth_client


@pytest.fixture
def hosted(idp) -> Hosted:
    pool_id = idp.create_user_pool(PoolName="hosted", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=DOMAIN)
    client = oauth_client(idp, pool_id)
    add_user(idp, pool_id)
    return Hosted(idp, pool_id, client["ClientId"])
