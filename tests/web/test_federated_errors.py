"""Bad federated sign-ins get AWS's answers and create nobody: a provider the client does not
offer, a tampered or replayed state, a replayed or expired provider code, a cancelled sign-in,
a required attribute the mapping leaves empty."""
import requests

from federation_helpers import GOOGLE, account_page, add_provider, forms, sign_in_at_provider
from hosted_helpers import CALLBACK, HOSTED, query


def _no_google_users(idp, hosted) -> bool:
    return not [u for u in idp.list_users(UserPoolId=hosted.pool_id)["Users"] if u["Username"].startswith("Google_")]


def _provider_answer(hosted, browser, **claims) -> str:
    """Sign in at the emulated Google; the /oauth2/idpresponse URL it sends the browser to."""
    page = account_page(hosted, browser, "Google", state="app-state")
    form = next(f for f in forms(page.text) if f["id"] == "new-account")
    answer = browser.post(page.url, data={**form["inputs"], **claims}, allow_redirects=False)
    assert answer.status_code == 302
    return answer.headers["Location"]


def test_a_provider_the_client_does_not_offer_is_refused(idp, hosted):
    idp.create_identity_provider(UserPoolId=hosted.pool_id, ProviderName="Google", ProviderType="Google",
                                 ProviderDetails=GOOGLE)
    page = hosted.authorize(requests.Session(), identity_provider="Google")
    assert page.status_code == 400 and "Login option is not available" in page.text


def test_tampered_state_is_an_error_page(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    browser = requests.Session()
    back = _provider_answer(hosted, browser, sub="1", email="a@gmail.com")
    state = query(back)["state"]
    forged = browser.get(f"{HOSTED}/oauth2/idpresponse", params={"code": query(back)["code"], "state": state[:-2] + "AA"},
                         allow_redirects=False)
    assert forged.status_code == 400 and "Invalid state" in forged.text
    assert _no_google_users(idp, hosted)


def test_a_state_is_used_once(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    browser = requests.Session()
    back = _provider_answer(hosted, browser, sub="2", email="b@gmail.com")
    assert browser.get(back, allow_redirects=False).headers["Location"].startswith(CALLBACK)
    again = browser.get(back, allow_redirects=False)
    assert again.status_code == 400 and "Invalid state" in again.text


def test_an_expired_provider_code_is_refused_at_the_app(idp, hosted, cognito):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    browser = requests.Session()
    back = _provider_answer(hosted, browser, sub="3", email="c@gmail.com")
    cognito.clock.advance(minutes=11)
    answer = browser.get(back, allow_redirects=False)
    params = query(answer.headers["Location"])
    assert answer.headers["Location"].startswith(CALLBACK)
    assert params["error"] == "invalid_request" and params["state"] == "app-state"
    assert params["error_description"].startswith("Google Error - 400 invalid_grant")
    assert _no_google_users(idp, hosted)


def test_a_cancelled_sign_in_reaches_the_app_as_access_denied(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    browser = requests.Session()
    page = account_page(hosted, browser, "Google", state="app-state")
    form = next(f for f in forms(page.text) if f["id"] == "new-account")
    back = browser.post(page.url, data={**form["inputs"], "cancel": "1"}, allow_redirects=False)
    answer = browser.get(back.headers["Location"], allow_redirects=False)
    assert query(answer.headers["Location"])["error"] == "access_denied"
    assert _no_google_users(idp, hosted)


def test_a_required_attribute_left_empty_creates_nobody(idp, hosted):
    pool_id = idp.create_user_pool(PoolName="strict", Schema=[{"Name": "email", "AttributeDataType": "String",
                                                               "Required": True, "Mutable": True}])["UserPool"]["Id"]
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="strict")
    from hosted_helpers import Hosted, oauth_client
    strict = Hosted(idp, pool_id, oauth_client(idp, pool_id)["ClientId"], base="https://strict.auth.us-east-1.amazoncognito.com")
    add_provider(idp, strict, "Google", "Google", GOOGLE)
    done = sign_in_at_provider(requests.Session(), account_page(strict, requests.Session(), "Google"), sub="4")
    # the account page's browser session is not needed: the code and state travel in the URL
    params = query(done.headers["Location"])
    assert params["error"] == "invalid_request"
    assert params["error_description"] == "Invalid user attributes: email: The attribute is required"
    assert not idp.list_users(UserPoolId=pool_id)["Users"]
