"""SSO sessions of the hosted UI: a /login sign-in opens one (while the pool tracks sessions), the
session cookie names it, token sessions that come through it name it (OriginSessionId), and the
cookie stops signing the browser in once it is revoked, has expired, or is past the app client's
SSO reuse window (Set/GetUserPoolClientSessionConfiguration)."""
import re

import pytest
import requests
from botocore.exceptions import ClientError

from helpers import error_of, requires
from hosted_helpers import CALLBACK, HOSTED, PASSWORD, oauth_client, pkce_pair, query

pytestmark = requires("SetUserPoolSessionConfiguration", "RevokeTokenRequest.RevokeAssociatedSessions")


def track(idp, hosted):
    idp.set_user_pool_session_configuration(UserPoolId=hosted.pool_id, UserSessionTracking="ENABLED",
                                            TokenSession={"MaxPerUser": 20})


def sessions(idp, hosted):
    return idp.admin_list_user_sessions(UserPoolId=hosted.pool_id, Username="ana")["Sessions"]


def by_type(listed, kind):
    return [s for s in listed if s["SessionType"] == kind]


def redeem(hosted, callback, verifier, client_id=None):
    form = {"grant_type": "authorization_code", "code": query(callback)["code"], "redirect_uri": CALLBACK,
            "code_verifier": verifier}
    if client_id:
        form["client_id"] = client_id
    answer = hosted.token(**form)
    assert answer.status_code == 200, answer.text
    return answer.json()


def silent(hosted, browser, client_id=None):
    """/oauth2/authorize with the browser's cookie: the callback URL, or None when /login is shown."""
    verifier, challenge = pkce_pair()
    params = {"code_challenge": challenge, "code_challenge_method": "S256"}
    if client_id:
        params["client_id"] = client_id
    location = hosted.authorize(browser, **params).headers["Location"]
    if location.startswith(f"{HOSTED}/login?"):
        return None
    assert location.startswith(CALLBACK + "?code="), location
    return location, verifier


def test_login_opens_an_sso_session_that_token_sessions_name(cognito, idp, hosted):
    track(idp, hosted)
    cognito.clock.freeze()
    browser = requests.Session()
    tokens = hosted.code_tokens(browser)
    [sso] = by_type(sessions(idp, hosted), "SSO")
    [token] = by_type(sessions(idp, hosted), "TOKEN")
    assert re.fullmatch(r"sso[a-z0-9]{25}", sso["SessionId"])
    assert sso["ClientId"] == hosted.client_id and "OriginSessionId" not in sso
    assert token["OriginSessionId"] == sso["SessionId"]
    mine = idp.list_user_sessions(AccessToken=tokens["access_token"])["Sessions"]
    assert {(s["SessionType"], s["IsCurrentSession"]) for s in mine} == {("SSO", False), ("TOKEN", True)}
    cognito.clock.advance(seconds=300)       # a token grant through the cookie: a second token session
    callback, verifier = silent(hosted, browser)
    redeem(hosted, callback, verifier)
    listed = sessions(idp, hosted)
    [sso] = by_type(listed, "SSO")
    assert [s["OriginSessionId"] for s in by_type(listed, "TOKEN")] == [sso["SessionId"]] * 2
    assert (sso["LastActiveDate"] - sso["CreateDate"]).total_seconds() == 300


def test_api_sign_ins_have_no_origin_session(idp, hosted):
    track(idp, hosted)
    hosted.code_tokens(requests.Session())
    idp.initiate_auth(ClientId=hosted.client_id, AuthFlow="USER_PASSWORD_AUTH",
                      AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD})
    origins = [s.get("OriginSessionId") for s in by_type(sessions(idp, hosted), "TOKEN")]
    assert origins[0] is not None and origins[1] is None


def test_a_revoked_sso_session_no_longer_signs_the_browser_in(idp, hosted):
    track(idp, hosted)
    browser = requests.Session()
    hosted.code_tokens(browser)
    assert silent(hosted, browser) is not None
    [sso] = by_type(sessions(idp, hosted), "SSO")
    idp.admin_revoke_user_session(UserPoolId=hosted.pool_id, Username="ana", SessionId=sso["SessionId"])
    assert silent(hosted, browser) is None
    assert hosted.code_tokens(browser)["access_token"]         # signing in again opens a new one
    assert silent(hosted, browser) is not None


def test_revoking_a_token_session_with_linked_ends_its_sso_session(idp, hosted):
    track(idp, hosted)
    browser = requests.Session()
    tokens = hosted.code_tokens(browser)
    other = hosted.code_tokens(requests.Session())            # another browser: the caller's own session
    [token] = [s for s in idp.list_user_sessions(AccessToken=other["access_token"])["Sessions"]
               if s["SessionType"] == "TOKEN" and not s["IsCurrentSession"]]
    idp.revoke_user_session(AccessToken=other["access_token"], SessionId=token["SessionId"],
                            RevokeAssociatedSessions="LINKED")
    with pytest.raises(ClientError) as exc:
        idp.get_user(AccessToken=tokens["access_token"])
    assert exc.value.response["Error"]["Code"] == "NotAuthorizedException"
    assert silent(hosted, browser) is None
    remaining = sessions(idp, hosted)
    assert token["SessionId"] not in {s["SessionId"] for s in remaining}
    assert len(by_type(remaining, "SSO")) == 1 and len(by_type(remaining, "TOKEN")) == 1   # the other browser's


def test_the_default_reuse_window_is_sixty_minutes(cognito, idp, hosted):
    track(idp, hosted)
    cognito.clock.freeze()
    browser = requests.Session()
    hosted.code_tokens(browser)
    cognito.clock.advance(seconds=59 * 60)
    assert silent(hosted, browser) is not None
    cognito.clock.advance(seconds=2 * 60)                      # measured from the fresh sign-in
    assert silent(hosted, browser) is None


def test_the_clients_reuse_window_decides(cognito, idp, hosted):
    track(idp, hosted)
    idp.set_user_pool_client_session_configuration(UserPoolId=hosted.pool_id, ClientId=hosted.client_id,
                                                   SSOSession={"MaxValidityMinutes": 10})
    cognito.clock.freeze()
    browser = requests.Session()
    hosted.code_tokens(browser)
    cognito.clock.advance(seconds=9 * 60)
    assert silent(hosted, browser) is not None
    cognito.clock.advance(seconds=2 * 60)
    assert silent(hosted, browser) is None


def test_a_zero_window_always_reauthenticates_but_other_clients_reuse_the_session(idp, hosted):
    track(idp, hosted)
    idp.set_user_pool_client_session_configuration(UserPoolId=hosted.pool_id, ClientId=hosted.client_id,
                                                   SSOSession={"MaxValidityMinutes": 0})
    other = oauth_client(idp, hosted.pool_id, ClientName="other")["ClientId"]
    browser = requests.Session()
    hosted.code_tokens(browser)
    assert len(by_type(sessions(idp, hosted), "SSO")) == 1     # created regardless of the window
    assert silent(hosted, browser) is None
    callback, verifier = silent(hosted, browser, client_id=other)
    redeem(hosted, callback, verifier, client_id=other)
    listed = sessions(idp, hosted)
    [sso] = by_type(listed, "SSO")
    through_other = [s for s in by_type(listed, "TOKEN") if s["ClientId"] == other]
    assert [s["OriginSessionId"] for s in through_other] == [sso["SessionId"]]


def test_without_session_tracking_the_cookie_works_as_before(cognito, idp, hosted):
    cognito.clock.freeze()
    browser = requests.Session()
    hosted.code_tokens(browser)
    assert silent(hosted, browser) is not None
    with pytest.raises(ClientError) as exc:
        sessions(idp, hosted)
    assert error_of(exc) == ("OperationNotEnabledException", "Session tracking is not enabled for this user pool.")
    track(idp, hosted)
    assert sessions(idp, hosted) == []
