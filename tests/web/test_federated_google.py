"""Sign in through Google, offline: /oauth2/authorize?identity_provider=Google sends the browser to
Google's real authorization endpoint (answered in-process by the emulated Google), its account
page signs in, /oauth2/idpresponse makes the EXTERNAL_PROVIDER user and the app gets its code."""
import json

import requests

from federation_helpers import (GOOGLE, account_page, add_provider, claims_of, federate, federated_tokens,
                                path_of, sign_in_at_provider)
from hosted_helpers import CALLBACK, HOSTED, query


def test_authorize_redirects_to_google_with_the_configured_client(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    answer = hosted.authorize(requests.Session(), identity_provider="Google", state="app-state")
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith("https://accounts.google.com/o/oauth2/v2/auth?")
    params = query(location)
    assert params["client_id"] == GOOGLE["client_id"]
    assert params["scope"] == "openid email profile"
    assert params["redirect_uri"] == f"{HOSTED}/oauth2/idpresponse"
    assert params["response_type"] == "code"
    assert params["state"] and params["state"] != "app-state" and params["nonce"]


def test_sign_in_creates_the_external_provider_user_with_identities(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    tokens = federated_tokens(hosted, requests.Session(), "Google", sub="1001", email="ana@gmail.com",
                              name="Ana Gomez")
    id_claims = claims_of(tokens["id_token"])
    assert id_claims["cognito:username"] == "Google_1001"
    assert id_claims["email"] == "ana@gmail.com"
    [identity] = id_claims["identities"]
    assert identity["providerName"] == "Google" and identity["providerType"] == "Google"
    assert identity["userId"] == "1001" and identity["primary"] == "true"
    user = idp.admin_get_user(UserPoolId=hosted.pool_id, Username="Google_1001")
    assert user["UserStatus"] == "EXTERNAL_PROVIDER"
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["name"] == "Ana Gomez"
    assert json.loads(attributes["identities"])[0]["providerName"] == "Google"


def test_every_sign_in_applies_the_attribute_mapping(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    federated_tokens(hosted, requests.Session(), "Google", sub="1002", email="old@gmail.com")
    tokens = federated_tokens(hosted, requests.Session(), "Google", sub="1002", email="new@gmail.com")
    assert claims_of(tokens["id_token"])["email"] == "new@gmail.com"
    users = idp.list_users(UserPoolId=hosted.pool_id, Filter='username = "Google_1002"')["Users"]
    assert len(users) == 1


def test_a_known_account_is_picked_from_the_page(idp, hosted, cognito):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    cognito.idp("Google").add_account(sub="2002", email="bo@gmail.com", name="Bo")
    browser = requests.Session()
    page = account_page(hosted, browser, "Google", state="s")
    assert "bo@gmail.com" in page.text
    done = sign_in_at_provider(browser, page, sub="2002")
    assert done.headers["Location"].startswith(CALLBACK)
    assert idp.admin_get_user(UserPoolId=hosted.pool_id, Username="Google_2002")["UserAttributes"]


def test_accounts_are_added_ahead_over_http(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    answer = requests.post(f"{HOSTED}/_mock/idp/Google/accounts", json={"sub": "3003", "email": "cy@gmail.com"})
    assert answer.status_code == 201 and answer.json()["sub"] == "3003"
    listed = requests.get(f"{HOSTED}/_mock/idp/Google/accounts").json()["accounts"]
    assert [a["email"] for a in listed] == ["cy@gmail.com"]


def test_linked_user_signs_in_instead(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    idp.admin_link_provider_for_user(
        UserPoolId=hosted.pool_id, DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "ana"},
        SourceUser={"ProviderName": "Google", "ProviderAttributeName": "Cognito_Subject",
                    "ProviderAttributeValue": "4004"})
    tokens = federated_tokens(hosted, requests.Session(), "Google", sub="4004", email="ana@example.com")
    assert claims_of(tokens["access_token"])["username"] == "ana"
    assert not idp.list_users(UserPoolId=hosted.pool_id, Filter='username = "Google_4004"')["Users"]


def test_triggers_of_a_federated_sign_in(idp, cognito, hosted):
    calls = []
    for name in ("pre-signup", "post-confirmation", "pre-auth", "post-auth", "pre-token"):
        cognito.triggers.register(name, lambda event, context, calls=calls: (calls.append(event["triggerSource"]), event)[1])
    arn = "arn:aws:lambda:us-east-1:123456789012:function:"
    idp.update_user_pool(UserPoolId=hosted.pool_id, AutoVerifiedAttributes=["email"], LambdaConfig={
        "PreSignUp": arn + "pre-signup", "PostConfirmation": arn + "post-confirmation",
        "PreAuthentication": arn + "pre-auth", "PostAuthentication": arn + "post-auth",
        "PreTokenGeneration": arn + "pre-token"})
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    federated_tokens(hosted, requests.Session(), "Google", sub="5005", email="t@gmail.com")
    assert calls == ["PreSignUp_ExternalProvider", "PostConfirmation_ConfirmSignUp",
                     "PreAuthentication_Authentication", "PostAuthentication_Authentication",
                     "TokenGeneration_HostedAuth"]
    calls.clear()
    federated_tokens(hosted, requests.Session(), "Google", sub="5005", email="t@gmail.com")
    assert calls == ["PreAuthentication_Authentication", "PostAuthentication_Authentication",
                     "TokenGeneration_HostedAuth"]


def test_a_refusing_pre_sign_up_creates_nobody(idp, cognito, hosted):
    def refuse(event, context):
        raise Exception("no outsiders")
    cognito.triggers.register("refuse", refuse)
    idp.update_user_pool(UserPoolId=hosted.pool_id, AutoVerifiedAttributes=["email"],
                         LambdaConfig={"PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:refuse"})
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    callback = federate(hosted, requests.Session(), "Google", sub="6006", email="x@gmail.com")
    assert query(callback)["error"] == "invalid_request"
    assert "no outsiders" in query(callback)["error_description"]
    assert not idp.list_users(UserPoolId=hosted.pool_id, Filter='username = "Google_6006"')["Users"]


def test_session_cookie_signs_in_again_and_logout_clears_it(idp, hosted):
    add_provider(idp, hosted, "Google", "Google", GOOGLE)
    browser = requests.Session()
    federated_tokens(hosted, browser, "Google", sub="7007", email="s@gmail.com")
    again = hosted.authorize(browser)
    assert again.status_code == 302 and again.headers["Location"].startswith(CALLBACK)
    out = browser.get(f"{HOSTED}/logout", params={"client_id": hosted.client_id,
                                                  "logout_uri": "https://app.example.com/signed-out"},
                      allow_redirects=False)
    assert out.status_code == 302
    assert path_of(hosted.authorize(browser).headers["Location"]) == "/login"
