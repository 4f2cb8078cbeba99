"""The token, userInfo and revocation endpoints: client credentials with resource-server scopes,
refresh, revocation, client authentication, and RFC 6749 JSON errors (400s, never 500s)."""
import base64

import jwt
import pytest
import requests
from botocore.exceptions import ClientError

from hosted_helpers import CALLBACK, HOSTED, Hosted, oauth_client, query


@pytest.fixture
def machine(idp, hosted):
    """A confidential client allowed the client_credentials grant on the resource server ``orders``."""
    idp.create_resource_server(UserPoolId=hosted.pool_id, Identifier="orders", Name="Orders",
                               Scopes=[{"ScopeName": "read", "ScopeDescription": "r"},
                                       {"ScopeName": "write", "ScopeDescription": "w"}])
    client = oauth_client(idp, hosted.pool_id, ClientName="m2m", GenerateSecret=True, AllowedOAuthFlows=["client_credentials"],
                          AllowedOAuthScopes=["orders/read", "orders/write"], CallbackURLs=[], LogoutURLs=[])
    return Hosted(idp, hosted.pool_id, client["ClientId"], client_secret=client["ClientSecret"])


def test_client_credentials_with_a_resource_server_scope(machine):
    answer = machine.token(grant_type="client_credentials", scope="orders/read")
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) == {"access_token", "expires_in", "token_type"}
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{machine.pool_id}"
    key = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json").get_signing_key_from_jwt(body["access_token"]).key
    claims = jwt.decode(body["access_token"], key, algorithms=["RS256"], issuer=issuer, options={"verify_aud": False})
    assert (claims["sub"], claims["client_id"], claims["scope"]) == (machine.client_id, machine.client_id, "orders/read")
    assert (claims["token_use"], claims["version"]) == ("access", 2) and "username" not in claims
    everything = machine.token(grant_type="client_credentials").json()        # no scope: all the client's
    assert jwt.decode(everything["access_token"], options={"verify_signature": False})["scope"] == "orders/read orders/write"


def test_client_secret_post_works_too_and_bad_secrets_are_invalid_client(machine):
    posted = requests.post(f"{HOSTED}/oauth2/token", data={"grant_type": "client_credentials", "client_id": machine.client_id,
                                                          "client_secret": machine.client_secret})
    assert posted.status_code == 200
    wrong = requests.post(f"{HOSTED}/oauth2/token", data={"grant_type": "client_credentials"},
                          auth=(machine.client_id, "not-the-secret"))
    assert (wrong.status_code, wrong.json()) == (401, {"error": "invalid_client"})
    missing = requests.post(f"{HOSTED}/oauth2/token", data={"grant_type": "client_credentials", "client_id": machine.client_id})
    assert (missing.status_code, missing.json()) == (401, {"error": "invalid_client"})


def test_client_credentials_refuses_unknown_scopes_and_public_clients(machine, hosted):
    other = machine.token(grant_type="client_credentials", scope="orders/delete")
    assert (other.status_code, other.json()) == (400, {"error": "invalid_scope"})
    public = hosted.token(grant_type="client_credentials", scope="orders/read")
    assert (public.status_code, public.json()) == (400, {"error": "unauthorized_client"})


def test_get_client_token_is_the_same_grant_through_the_api(idp, machine):
    result = idp.get_client_token(ClientId=machine.client_id, Secret=machine.client_secret,
                                  Scopes=["orders/write"])["ClientAuthenticationResult"]
    assert (result["TokenType"], result["ExpiresIn"]) == ("Bearer", 3600)
    assert jwt.decode(result["AccessToken"], options={"verify_signature": False})["scope"] == "orders/write"
    with pytest.raises(ClientError) as bad_secret:
        idp.get_client_token(ClientId=machine.client_id, Secret="n" * 32)
    assert bad_secret.value.response["Error"]["Code"] == "NotAuthorizedException"
    with pytest.raises(ClientError) as bad_scope:
        idp.get_client_token(ClientId=machine.client_id, Secret=machine.client_secret, Scopes=["orders/delete"])
    assert bad_scope.value.response["Error"]["Code"] == "InvalidParameterException"


def test_refresh_token_grant_keeps_the_scopes_of_the_sign_in(hosted):
    first = hosted.code_tokens(scope="openid email")
    refreshed = hosted.token(grant_type="refresh_token", refresh_token=first["refresh_token"])
    assert refreshed.status_code == 200
    body = refreshed.json()
    assert set(body) == {"id_token", "access_token", "expires_in", "token_type"}
    old, new = (jwt.decode(t, options={"verify_signature": False}) for t in (first["access_token"], body["access_token"]))
    assert new["scope"] == "openid email" and new["origin_jti"] == old["origin_jti"] and new["jti"] != old["jti"]


def test_revoke_then_refresh_is_refused(hosted):
    tokens = hosted.code_tokens()
    revoked = requests.post(f"{HOSTED}/oauth2/revoke", data={"token": tokens["refresh_token"], "client_id": hosted.client_id})
    assert (revoked.status_code, revoked.content) == (200, b"")
    again = hosted.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert (again.status_code, again.json()) == (400, {"error": "invalid_grant"})
    info = requests.get(f"{HOSTED}/oauth2/userInfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert info.status_code == 401 and info.json()["error"] == "invalid_token"
    assert 'error="invalid_token"' in info.headers["WWW-Authenticate"]


def test_revoke_errors(hosted):
    tokens = hosted.code_tokens()
    url = f"{HOSTED}/oauth2/revoke"
    jwt_token = requests.post(url, data={"token": tokens["access_token"], "client_id": hosted.client_id})
    assert (jwt_token.status_code, jwt_token.json()) == (400, {"error": "unsupported_token_type"})
    assert requests.post(url, data={"client_id": hosted.client_id}).json() == {"error": "invalid_request"}
    assert requests.post(url, data={"token": "unknown", "client_id": hosted.client_id}).status_code == 200   # RFC 7009


def test_user_info_scopes_decide_the_attributes(idp, hosted):
    idp.admin_update_user_attributes(UserPoolId=hosted.pool_id, Username="ana",
                                     UserAttributes=[{"Name": "name", "Value": "Ana Example"}])
    profile = hosted.code_tokens(scope="openid profile")["access_token"]
    info = requests.get(f"{HOSTED}/oauth2/userInfo", headers={"Authorization": f"Bearer {profile}"}).json()
    assert info["name"] == "Ana Example" and "email" not in info and info["username"] == "ana"
    everything = hosted.code_tokens(scope="openid")["access_token"]
    info = requests.get(f"{HOSTED}/oauth2/userInfo", headers={"Authorization": f"Bearer {everything}"}).json()
    assert {"name", "email", "email_verified", "sub", "username"} <= set(info)
    no_openid = hosted.code_tokens(scope="aws.cognito.signin.user.admin")["access_token"]
    refused = requests.get(f"{HOSTED}/oauth2/userInfo", headers={"Authorization": f"Bearer {no_openid}"})
    assert refused.status_code == 401
    missing = requests.get(f"{HOSTED}/oauth2/userInfo")
    assert (missing.status_code, missing.json()["error"]) == (400, "invalid_request")


@pytest.mark.parametrize("data,headers,error", [
    ({}, {}, "invalid_request"),                                # not even a form
    ({"grant_type": "password", "client_id": "{client}"}, {}, "unsupported_grant_type"),
    ({"client_id": "{client}"}, {}, "invalid_request"),
    ({"grant_type": "authorization_code", "client_id": "{client}"}, {}, "invalid_request"),
    ({"grant_type": "authorization_code", "client_id": "{client}", "code": "nope", "redirect_uri": CALLBACK}, {},
     "invalid_grant"),
    ({"grant_type": "refresh_token", "client_id": "{client}", "refresh_token": "nope"}, {}, "invalid_grant"),
    ({"grant_type": "client_credentials", "client_id": "nobody"}, {}, "invalid_client"),
    ({"grant_type": "client_credentials"}, {"Authorization": "Basic !!!"}, "invalid_client"),
    ({"grant_type": "client_credentials"}, {"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()},
     "invalid_client"),
])
def test_bad_token_requests_are_json_errors_never_500(hosted, data, headers, error):
    data = {k: v.format(client=hosted.client_id) for k, v in data.items()}
    answer = requests.post(f"{HOSTED}/oauth2/token", data=data, headers=headers)
    assert 400 <= answer.status_code < 500
    assert answer.json() == {"error": error}


def test_token_endpoint_wants_a_form_post(hosted):
    as_json = requests.post(f"{HOSTED}/oauth2/token", json={"grant_type": "client_credentials"})
    assert (as_json.status_code, as_json.json()) == (400, {"error": "invalid_request"})
    assert requests.get(f"{HOSTED}/oauth2/token").status_code == 405


def test_an_unknown_code_of_a_known_client_is_invalid_grant_after_login(hosted):
    callback = hosted.sign_in(requests.Session())
    assert query(callback)["code"]
    answer = hosted.token(grant_type="authorization_code", code=query(callback)["code"] + "x", redirect_uri=CALLBACK)
    assert answer.json() == {"error": "invalid_grant"}
