"""The hosted UI pages: login (and its challenge pages), sign-up and confirmation with the code from
the outbox, forgotten passwords, logout, escaping, customization, federated providers."""
from urllib.parse import urljoin

import pytest
import requests

from hosted_helpers import (csrf, CALLBACK, HOSTED, PASSWORD, SIGNED_OUT, Hosted, add_user, form_of, oauth_client,
                            query)

SNS = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns", "ExternalId": "ext"}


def login_url(hosted: Hosted, browser: requests.Session, **params) -> str:
    return urljoin(HOSTED, hosted.authorize(browser, **params).headers["Location"])


def submit(browser: requests.Session, page: requests.Response, **values) -> requests.Response:
    action, fields = form_of(page.text)
    return browser.post(urljoin(page.url, action), data={**fields, **values}, allow_redirects=False)


def test_pages_cannot_be_framed_or_cached(hosted):
    browser = requests.Session()
    page = browser.get(login_url(hosted, browser))
    assert page.status_code == 200
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in page.headers["Cache-Control"]


def test_wrong_password_shows_the_login_page_again(hosted):
    browser = requests.Session()
    url = login_url(hosted, browser)
    page = browser.post(url, data={"username": "ana", "password": "nope", **csrf(browser)}, allow_redirects=False)
    assert page.status_code == 200 and "Incorrect username or password." in page.text
    assert 'value="ana"' in page.text


def test_html_escapes_a_username_like_script(idp, hosted):
    add_user(idp, hosted.pool_id, "<script>alert(1)</script>", email="x@example.com")
    browser = requests.Session()
    page = browser.post(login_url(hosted, browser, state='"><script>'), data={"username": "<script>alert(1)</script>",
                                                                               "password": "nope", **csrf(browser)})
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    callback = hosted.sign_in(requests.Session(), username="<script>alert(1)</script>")
    assert query(callback)["code"]


def test_sign_up_and_confirm_with_the_code_from_the_outbox(cognito, hosted):
    browser = requests.Session()
    signup = browser.get(urljoin(HOSTED, "/signup?" + login_url(hosted, browser).split("?", 1)[1]))
    assert signup.status_code == 200 and "requiredAttributes[email]" in signup.text
    confirm = submit(browser, signup, username="bob", password=PASSWORD, **{"requiredAttributes[email]": "bob@example.com"})
    assert confirm.status_code == 200 and "We have sent a code by email to b***@e***" in confirm.text
    code = cognito.outbox.last(to="bob@example.com").code
    wrong = submit(browser, confirm, code="000000" if code != "000000" else "111111")
    assert "Invalid verification code provided, please try again." in wrong.text
    login = submit(browser, confirm, code=code)
    assert login.status_code == 200 and "Your account is confirmed" in login.text
    done = submit(browser, login, password=PASSWORD)
    assert done.status_code == 302 and query(done.headers["Location"])["code"]
    assert hosted.idp.admin_get_user(UserPoolId=hosted.pool_id, Username="bob")["UserStatus"] == "CONFIRMED"


def test_forgot_password_then_sign_in_with_the_new_one(cognito, hosted):
    browser = requests.Session()
    forgot = browser.get(urljoin(HOSTED, "/forgotPassword?" + login_url(hosted, browser).split("?", 1)[1]))
    reset = submit(browser, forgot, username="ana")
    assert reset.status_code == 200 and "a***@e***" in reset.text
    code = cognito.outbox.last(to="ana@example.com").code
    login = submit(browser, reset, code=code, password="N3w-Passw0rd!")
    assert "Your password has been changed" in login.text
    assert query(hosted.sign_in(requests.Session(), password="N3w-Passw0rd!"))["code"]


def test_new_password_required_page(idp, hosted):
    idp.admin_create_user(UserPoolId=hosted.pool_id, Username="carol", TemporaryPassword="Temp-Passw0rd!",
                          MessageAction="SUPPRESS", UserAttributes=[{"Name": "email", "Value": "carol@example.com"}])
    browser = requests.Session()
    page = browser.post(login_url(hosted, browser), data={"username": "carol", "password": "Temp-Passw0rd!", **csrf(browser)})
    assert "Change Password" in page.text
    done = submit(browser, page, new_password="Fresh-Passw0rd!")
    assert done.status_code == 302 and query(done.headers["Location"])["code"]
    assert idp.admin_get_user(UserPoolId=hosted.pool_id, Username="carol")["UserStatus"] == "CONFIRMED"


def test_sms_mfa_page(cognito, idp, hosted):
    idp.set_user_pool_mfa_config(UserPoolId=hosted.pool_id, MfaConfiguration="ON",
                                 SmsMfaConfiguration={"SmsAuthenticationMessage": "Code {####}", "SmsConfiguration": SNS})
    idp.admin_update_user_attributes(UserPoolId=hosted.pool_id, Username="ana",
                                     UserAttributes=[{"Name": "phone_number", "Value": "+15550001234"}])
    idp.admin_set_user_mfa_preference(UserPoolId=hosted.pool_id, Username="ana", SMSMfaSettings={"Enabled": True})
    browser = requests.Session()
    page = browser.post(login_url(hosted, browser), data={"username": "ana", "password": PASSWORD, **csrf(browser)})
    assert page.status_code == 200 and "We have sent a code to" in page.text
    code = cognito.outbox.last(to="+15550001234").code
    wrong = submit(browser, page, code="000000" if code != "000000" else "111111")
    assert "Invalid code or auth state for the user." in wrong.text
    done = submit(browser, wrong, code=code)
    assert done.status_code == 302 and query(done.headers["Location"])["code"]


def test_logout_redirects_only_to_a_sign_out_url(hosted):
    browser = requests.Session()
    hosted.sign_in(browser)
    refused = browser.get(f"{HOSTED}/logout", params={"client_id": hosted.client_id, "logout_uri": "https://evil.example.com"},
                          allow_redirects=False)
    assert refused.status_code == 302 and "error=redirect_mismatch" in refused.headers["Location"]
    done = browser.get(f"{HOSTED}/logout", params={"client_id": hosted.client_id, "logout_uri": SIGNED_OUT},
                       allow_redirects=False)
    assert (done.status_code, done.headers["Location"]) == (302, SIGNED_OUT)
    assert "cognito=;" in done.headers["Set-Cookie"]
    assert hosted.authorize(browser).headers["Location"].startswith(f"{HOSTED}/login?")     # signed out


def test_logout_with_redirect_uri_shows_the_login_page(hosted):
    answer = requests.get(f"{HOSTED}/logout", params={"client_id": hosted.client_id, "redirect_uri": CALLBACK,
                                                      "response_type": "code"}, allow_redirects=False)
    assert answer.status_code == 302 and answer.headers["Location"].startswith(f"{HOSTED}/login?")
    missing = requests.get(f"{HOSTED}/logout", params={"client_id": hosted.client_id})
    assert missing.status_code == 400
    assert "Required String parameter &#x27;redirect_uri&#x27; is not present" in missing.text


def test_unknown_client_is_an_error_page(hosted):
    page = requests.get(f"{HOSTED}/oauth2/authorize", params={"client_id": "nope", "response_type": "code",
                                                            "redirect_uri": CALLBACK})
    assert page.status_code == 400 and "text/html" in page.headers["Content-Type"]


def test_federated_providers_redirect_and_unknown_ones_are_refused(idp, hosted):
    idp.create_identity_provider(UserPoolId=hosted.pool_id, ProviderName="Google", ProviderType="Google",
                                 ProviderDetails={"client_id": "g", "client_secret": "s", "authorize_scopes": "openid"})
    idp.update_user_pool_client(UserPoolId=hosted.pool_id, ClientId=hosted.client_id, AllowedOAuthFlowsUserPoolClient=True,
                                AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"], CallbackURLs=[CALLBACK],
                                SupportedIdentityProviders=["COGNITO", "Google"])
    page = hosted.authorize(requests.Session(), identity_provider="Google")
    assert page.status_code == 302 and page.headers["Location"].startswith("https://accounts.google.com/")
    unknown = hosted.authorize(requests.Session(), identity_provider="Okta")
    assert unknown.status_code == 400 and "Login option is not available" in unknown.text


def test_client_without_cognito_provider_has_no_login_form(idp, hosted):
    client = oauth_client(idp, hosted.pool_id, ClientName="nocognito", SupportedIdentityProviders=[])
    other = Hosted(idp, hosted.pool_id, client["ClientId"])
    page = requests.get(login_url(other, requests.Session()))
    assert page.status_code == 400 and "Login option is not available" in page.text


def test_pages_use_the_pools_ui_customization(idp, hosted):
    idp.set_ui_customization(UserPoolId=hosted.pool_id, CSS=".banner-customizable { background-color: #123456; }")
    page = requests.get(login_url(hosted, requests.Session()))
    assert "#123456" in page.text


@pytest.mark.parametrize("path", ["/login", "/signup", "/confirm", "/forgotPassword", "/confirmForgotPassword"])
def test_pages_without_parameters_are_400_pages(hosted, path):
    page = requests.get(f"{HOSTED}{path}")
    assert page.status_code == 400


def test_notices_are_markup_not_escaped_markup(cognito, hosted):
    browser = requests.Session()
    forgot = browser.get(urljoin(HOSTED, "/forgotPassword?" + login_url(hosted, browser).split("?", 1)[1]))
    reset = submit(browser, forgot, username="ana")
    assert "&lt;p" not in reset.text and '<p class="textDescription-customizable">We have sent' in reset.text


def test_forms_carry_the_csrf_cookie_and_posts_without_it_are_refused(hosted):
    browser = requests.Session()
    url = login_url(hosted, browser)
    token = browser.cookies.get("XSRF-TOKEN")              # set by /oauth2/authorize, as Cognito does
    assert token
    page = browser.get(url)
    assert f'name="_csrf" value="{token}"' in page.text
    for data in ({"username": "ana", "password": PASSWORD},
                 {"username": "ana", "password": PASSWORD, "_csrf": "0" * 36},
                 {"username": "ana", "password": PASSWORD, "_csrf": "é"}):
        refused = browser.post(url, data=data, allow_redirects=False)
        assert refused.status_code == 403 and "CSRF" in refused.text
    stranger = requests.Session()                           # another site's form: no cookie of ours
    refused = stranger.post(url, data={"username": "ana", "password": PASSWORD, "_csrf": token}, allow_redirects=False)
    assert refused.status_code == 403
    done = browser.post(url, data={"username": "ana", "password": PASSWORD, "_csrf": token}, allow_redirects=False)
    assert done.status_code == 302 and query(done.headers["Location"])["code"]
