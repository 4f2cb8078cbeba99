"""The hosted UI pauses its writes (sign-up, confirmation, password reset) during a point-in-time
recovery, as the API does; signing in goes on."""
from urllib.parse import urljoin

import requests
from helpers import requires

from hosted_helpers import HOSTED, PASSWORD, form_of, query

pytestmark = requires("InitiatePointInTimeRecovery")


def test_sign_up_is_paused_during_a_recovery_and_resumes_after(cognito, idp, hosted):
    cognito.clock.advance(minutes=20)
    made = idp.initiate_point_in_time_recovery(UserPoolId=hosted.pool_id, RestoreTimestamp=cognito.clock.now() - 960)
    restore_id = made["Restoration"]["RestoreId"]
    browser = requests.Session()
    login = urljoin(HOSTED, hosted.authorize(browser).headers["Location"])
    signup = browser.get(urljoin(HOSTED, "/signup?" + login.split("?", 1)[1]))
    action, fields = form_of(signup.text)
    values = {**fields, "username": "bob", "password": PASSWORD, "requiredAttributes[email]": "bob@example.com"}
    refused = browser.post(urljoin(signup.url, action), data=values, allow_redirects=False)
    assert f"A point-in-time recovery of user pool {hosted.pool_id} is in progress." in refused.text
    assert query(hosted.sign_in(requests.Session()))["code"]            # sign-in goes on
    idp.cancel_point_in_time_recovery(UserPoolId=hosted.pool_id, RestoreId=restore_id)
    confirm = browser.post(urljoin(signup.url, action), data=values, allow_redirects=False)
    assert "We have sent a code by email" in confirm.text
