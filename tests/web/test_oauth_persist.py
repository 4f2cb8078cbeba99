"""A pool's OAuth 2.0 state (live authorization codes, granted scopes, the hosted UI's cookie secret)
is part of the pool: ``cognito-mock serve --persist`` keeps it across restarts."""
import signal

import boto3
import requests

import served as serving

from hosted_helpers import CALLBACK, CREDS_SERVER, Hosted, add_user, oauth_client, pkce_pair, query


def start(state):
    url, proc = serving.start("--persist", str(state))
    return proc, url, boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=url, **CREDS_SERVER)


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0, serving.read_log(proc)
    serving.stop(proc)


def test_codes_scopes_and_the_signed_in_browser_survive_a_restart(tmp_path):
    state = tmp_path / "state.bin"
    proc, url, idp = start(state)
    try:
        pool_id = idp.create_user_pool(PoolName="kept")["UserPool"]["Id"]
        client_id = oauth_client(idp, pool_id)["ClientId"]
        add_user(idp, pool_id)
        browser = requests.Session()
        verifier, challenge = pkce_pair()
        callback = Hosted(idp, pool_id, client_id, base=url).sign_in(
            browser, scope="openid email", code_challenge=challenge, code_challenge_method="S256")
    finally:
        stop(proc)
    proc, url, idp = start(state)
    try:
        hosted = Hosted(idp, pool_id, client_id, base=url)
        answer = hosted.token(grant_type="authorization_code", code=query(callback)["code"], redirect_uri=CALLBACK,
                              code_verifier=verifier)
        assert answer.status_code == 200, answer.text
        refreshed = hosted.token(grant_type="refresh_token", refresh_token=answer.json()["refresh_token"]).json()
        info = requests.get(f"{url}/oauth2/userInfo", headers={"Authorization": f"Bearer {refreshed['access_token']}"})
        assert info.json()["email"] == "ana@example.com"        # the sign-in's scopes were kept
        again = hosted.authorize(browser)                       # the cookie's signature still holds
        assert again.status_code == 302 and again.headers["Location"].startswith(CALLBACK + "?code=")
    finally:
        stop(proc)
