"""Pools whose username is the email or phone number: the hosted pages ask for that attribute itself
(an Email field, not "Username" plus an "email" attribute), and sign-up through them works end to end."""
from urllib.parse import urljoin

import pytest
import requests

from hosted_helpers import CALLBACK, DOMAIN, HOSTED, PASSWORD, Hosted, form_of, oauth_client, query


def email_pool(idp, attributes) -> Hosted:
    pool_id = idp.create_user_pool(PoolName="by-email", UsernameAttributes=attributes,
                                   AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain=DOMAIN)
    return Hosted(idp, pool_id, oauth_client(idp, pool_id)["ClientId"])


def page(browser, path, hosted):
    first = hosted.authorize(browser)
    return browser.get(urljoin(HOSTED, path + "?" + first.headers["Location"].split("?", 1)[1]))


def label_of(text: str, input_id: str) -> str:
    return text.split(f'for="{input_id}">', 1)[1].split("<", 1)[0]


@pytest.mark.parametrize("attributes,label,kind", [(["email"], "Email", "email"),
                                                   (["phone_number"], "Phone number", "tel"),
                                                   (["email", "phone_number"], "Email or phone number", "text")])
def test_login_and_forgot_password_ask_for_the_username_attribute(idp, attributes, label, kind):
    hosted = email_pool(idp, attributes)
    browser = requests.Session()
    login = page(browser, "/login", hosted)
    assert label_of(login.text, "signInFormUsername") == label
    assert f'name="username" type="{kind}"' in login.text
    assert label_of(page(browser, "/forgotPassword", hosted).text, "username") == label


def test_a_username_pool_still_asks_for_a_username(hosted):
    browser = requests.Session()
    assert label_of(page(browser, "/login", hosted).text, "signInFormUsername") == "Username"


def test_sign_up_asks_for_the_email_once_and_the_user_signs_in_with_it(cognito, idp):
    hosted = email_pool(idp, ["email"])
    browser = requests.Session()
    signup = page(browser, "/signup", hosted)
    assert label_of(signup.text, "username") == "Email"
    _, fields = form_of(signup.text)
    assert "requiredAttributes[email]" not in fields            # not asked twice
    action, fields = form_of(signup.text)
    confirm = browser.post(urljoin(signup.url, action), data={**fields, "username": "cy@example.com",
                                                              "password": PASSWORD}, allow_redirects=False)
    assert confirm.status_code == 200 and "We have sent a code by email to c***@e***" in confirm.text
    action, fields = form_of(confirm.text)
    login = browser.post(urljoin(confirm.url, action), data={**fields, "code": cognito.outbox.last(to="cy@example.com").code},
                         allow_redirects=False)
    assert "Your account is confirmed" in login.text
    action, fields = form_of(login.text)
    done = browser.post(urljoin(login.url, action), data={**fields, "password": PASSWORD}, allow_redirects=False)
    assert done.status_code == 302 and done.headers["Location"].startswith(CALLBACK)
    assert query(done.headers["Location"])["code"]
    user = idp.admin_get_user(UserPoolId=hosted.pool_id, Username="cy@example.com")
    assert user["Username"] != "cy@example.com"                 # the username is the sub
    assert {"Name": "email", "Value": "cy@example.com"} in user["UserAttributes"]


def test_sign_up_with_something_that_is_not_an_email_is_refused_on_the_page(idp):
    hosted = email_pool(idp, ["email"])
    browser = requests.Session()
    signup = page(browser, "/signup", hosted)
    action, fields = form_of(signup.text)
    again = browser.post(urljoin(signup.url, action), data={**fields, "username": "cy", "password": PASSWORD},
                         allow_redirects=False)
    assert again.status_code == 200 and "Username should be an email." in again.text
    assert idp.list_users(UserPoolId=hosted.pool_id)["Users"] == []
