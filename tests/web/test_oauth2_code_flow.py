"""Authorization code grant (with PKCE) through the hosted domain, in-process and against the server:
codes are single use, expire after five minutes, are bound to the client, redirect URI and verifier."""
import boto3
import jwt
import pytest
import requests

from hosted_helpers import CALLBACK, CREDS_SERVER, Hosted, fragment, pkce_pair, query


def verified(tokens: dict, hosted: Hosted, issuer: str) -> tuple[dict, dict]:
    keys = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json")
    id_claims = jwt.decode(tokens["id_token"], keys.get_signing_key_from_jwt(tokens["id_token"]).key,
                           algorithms=["RS256"], audience=hosted.client_id, issuer=issuer)
    access = jwt.decode(tokens["access_token"], keys.get_signing_key_from_jwt(tokens["access_token"]).key,
                        algorithms=["RS256"], issuer=issuer, options={"verify_aud": False})
    return id_claims, access


def test_code_flow_with_pkce_in_process(hosted):
    browser = requests.Session()
    verifier, challenge = pkce_pair()
    callback = hosted.sign_in(browser, state="st-1", nonce="n-1", scope="openid email",
                              code_challenge=challenge, code_challenge_method="S256")
    assert callback.startswith(CALLBACK + "?")
    params = query(callback)
    assert params["state"] == "st-1" and params["code"]
    answer = hosted.token(grant_type="authorization_code", code=params["code"], redirect_uri=CALLBACK,
                          code_verifier=verifier)
    assert answer.status_code == 200
    tokens = answer.json()
    assert set(tokens) == {"id_token", "access_token", "refresh_token", "expires_in", "token_type"}
    assert (tokens["token_type"], tokens["expires_in"]) == ("Bearer", 3600)
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{hosted.pool_id}"
    id_claims, access = verified(tokens, hosted, issuer)
    assert (id_claims["cognito:username"], id_claims["email"], id_claims["nonce"]) == ("ana", "ana@example.com", "n-1")
    assert "at_hash" in id_claims
    assert (access["scope"], access["version"], access["client_id"]) == ("openid email", 2, hosted.client_id)
    assert access["origin_jti"] == id_claims["origin_jti"]
    # the API accepts the access token only with aws.cognito.signin.user.admin; userInfo takes it
    info = requests.get(f"{hosted.base}/oauth2/userInfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert info.json() == {"sub": id_claims["sub"], "email": "ana@example.com", "email_verified": "true",
                           "username": "ana"}


def test_discovery_names_the_hosted_domain_in_process(hosted):
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{hosted.pool_id}"
    discovery = requests.get(f"{issuer}/.well-known/openid-configuration").json()
    assert discovery["authorization_endpoint"] == f"{hosted.base}/oauth2/authorize"
    assert discovery["token_endpoint"] == f"{hosted.base}/oauth2/token"
    assert discovery["userinfo_endpoint"] == f"{hosted.base}/oauth2/userInfo"


def test_code_flow_against_the_server(cognito_server, hosted):
    served = Hosted(hosted.idp, hosted.pool_id, hosted.client_id, base=cognito_server)
    tokens = served.code_tokens(scope="openid profile")
    issuer = f"{cognito_server}/{hosted.pool_id}"
    discovery = requests.get(f"{issuer}/.well-known/openid-configuration").json()
    assert discovery["token_endpoint"] == f"{cognito_server}/oauth2/token"
    id_claims, access = verified(tokens, served, issuer)
    assert id_claims["iss"] == issuer and access["scope"] == "openid profile"
    api = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=cognito_server, **CREDS_SERVER)
    with pytest.raises(api.exceptions.NotAuthorizedException):      # no aws.cognito.signin.user.admin scope
        api.get_user(AccessToken=tokens["access_token"])


def test_wrong_or_missing_code_verifier_is_refused(hosted):
    verifier, challenge = pkce_pair()
    callback = hosted.sign_in(requests.Session(), code_challenge=challenge, code_challenge_method="S256")
    code = query(callback)["code"]
    wrong = hosted.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK, code_verifier="x" * 43)
    assert (wrong.status_code, wrong.json()) == (400, {"error": "invalid_grant"})
    missing = hosted.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert (missing.status_code, missing.json()) == (400, {"error": "invalid_grant"})
    right = hosted.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK, code_verifier=verifier)
    assert right.status_code == 200


def test_plain_code_challenge_method_is_refused_at_the_redirect_uri(hosted):
    answer = hosted.authorize(requests.Session(), state="s", code_challenge="abc", code_challenge_method="plain")
    assert answer.status_code == 302
    assert query(answer.headers["Location"]) == {"error": "invalid_request", "state": "s"}


def test_a_code_is_single_use(hosted):
    code = query(hosted.sign_in(requests.Session()))["code"]
    first = hosted.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert first.status_code == 200
    again = hosted.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert (again.status_code, again.json()) == (400, {"error": "invalid_grant"})


def test_a_code_expires_after_five_minutes(cognito, hosted):
    cognito.clock.freeze()
    code = query(hosted.sign_in(requests.Session()))["code"]
    cognito.clock.advance(seconds=301)
    late = hosted.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK)
    assert (late.status_code, late.json()) == (400, {"error": "invalid_grant"})


def test_a_code_is_bound_to_its_redirect_uri_and_client(idp, hosted):
    idp.update_user_pool_client(UserPoolId=hosted.pool_id, ClientId=hosted.client_id, AllowedOAuthFlowsUserPoolClient=True,
                                AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"], SupportedIdentityProviders=["COGNITO"],
                                CallbackURLs=[CALLBACK, CALLBACK + "/other"])
    code = query(hosted.sign_in(requests.Session()))["code"]
    other_uri = hosted.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK + "/other")
    assert (other_uri.status_code, other_uri.json()) == (400, {"error": "invalid_grant"})
    unlisted = hosted.token(grant_type="authorization_code", code=code, redirect_uri="https://evil.example.com/")
    assert (unlisted.status_code, unlisted.json()) == (400, {"error": "unauthorized_client"})
    other = idp.create_user_pool_client(UserPoolId=hosted.pool_id, ClientName="other", AllowedOAuthFlowsUserPoolClient=True,
                                        AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"],
                                        CallbackURLs=[CALLBACK])["UserPoolClient"]["ClientId"]
    stolen = requests.post(f"{hosted.base}/oauth2/token", data={"grant_type": "authorization_code", "client_id": other,
                                                               "code": code, "redirect_uri": CALLBACK})
    assert (stolen.status_code, stolen.json()) == (400, {"error": "invalid_grant"})
    assert hosted.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK).status_code == 200


def test_signed_in_browser_gets_a_code_without_the_login_page(hosted):
    browser = requests.Session()
    hosted.sign_in(browser)
    again = hosted.authorize(browser, state="2")
    assert again.status_code == 302 and again.headers["Location"].startswith(CALLBACK + "?code=")
    assert hosted.authorize(requests.Session()).headers["Location"].startswith(f"{hosted.base}/login?")


def test_implicit_flow_returns_tokens_in_the_fragment(hosted):
    callback = hosted.sign_in(requests.Session(), response_type="token", state="s", scope="openid email")
    values = fragment(callback)
    assert set(values) == {"id_token", "access_token", "expires_in", "token_type", "state"}
    assert (values["token_type"], values["expires_in"], values["state"]) == ("Bearer", "3600", "s")
    without_openid = fragment(hosted.sign_in(requests.Session(), response_type="token",
                                             scope="aws.cognito.signin.user.admin"))
    assert "id_token" not in without_openid and "access_token" in without_openid
    assert hosted.idp.get_user(AccessToken=without_openid["access_token"])["Username"] == "ana"


def test_redirect_uri_must_be_a_callback_url(hosted):
    answer = hosted.authorize(requests.Session(), redirect_uri="https://evil.example.com/cb")
    assert answer.status_code == 302
    assert answer.headers["Location"] == (f"{hosted.base}/error?client_id={hosted.client_id}"
                                          "&error=redirect_mismatch")
    page = requests.get(answer.headers["Location"])
    assert page.status_code == 400 and "redirect_mismatch" in page.text


@pytest.mark.parametrize("params,error", [
    ({"response_type": "id_token"}, "unsupported_response_type"),
    ({"scope": "openid phone"}, "invalid_scope"),               # phone is not allowed for this client
    ({"scope": "email"}, "invalid_scope"),                      # email needs openid
    ({"code_challenge": "abc"}, "invalid_request"),             # no code_challenge_method
])
def test_authorize_errors_go_to_the_redirect_uri(hosted, params, error):
    answer = hosted.authorize(requests.Session(), state="s", **params)
    assert answer.status_code == 302
    assert query(answer.headers["Location"]) == {"error": error, "state": "s"}


def test_a_flow_the_client_does_not_allow_is_unauthorized_client(idp, hosted):
    idp.update_user_pool_client(UserPoolId=hosted.pool_id, ClientId=hosted.client_id, AllowedOAuthFlowsUserPoolClient=True,
                                AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"], CallbackURLs=[CALLBACK],
                                SupportedIdentityProviders=["COGNITO"])
    answer = hosted.authorize(requests.Session(), response_type="token")
    assert query(answer.headers["Location"]) == {"error": "unauthorized_client"}


def test_pre_token_generation_runs_for_hosted_sign_ins(cognito, idp, hosted):
    idp.update_user_pool(UserPoolId=hosted.pool_id, AutoVerifiedAttributes=["email"], LambdaConfig={
        "PreTokenGeneration": "arn:aws:lambda:us-east-1:123456789012:function:pre-token"})
    sources = []

    def add_claim(event, context):
        sources.append(event["triggerSource"])
        event["response"] = {"claimsOverrideDetails": {"claimsToAddOrOverride": {"tenant": "acme"}}}
        return event

    cognito.triggers.register("pre-token", add_claim)
    tokens = hosted.code_tokens(scope="openid")
    assert jwt.decode(tokens["id_token"], options={"verify_signature": False})["tenant"] == "acme"
    assert sources[-1] == "TokenGeneration_HostedAuth"
    refreshed = hosted.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"]).json()
    assert jwt.decode(refreshed["id_token"], options={"verify_signature": False})["tenant"] == "acme"
    assert sources[-1] == "TokenGeneration_RefreshTokens"
