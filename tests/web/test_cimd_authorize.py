"""CIMD clients at /oauth2/authorize: an HTTPS client_id that a CIMD policy's URL patterns match makes the
emulator fetch the client's metadata document (through ``requests``: the test serves it with its own
``responses`` mock), check it, cache it for the policy's CacheDuration and sign the user in as the
policy's app client would, with the document's redirect URIs.

The test's RequestsMock is started inside the emulator's, with ``real_adapter_send`` set to the send
method in place then (the emulator's hook), so the requests it passes through reach the emulator."""
import json
from datetime import timedelta

import jwt
import pytest
import requests
import responses

from helpers import error_of, requires
from hosted_helpers import CALLBACK, HOSTED, Hosted, pkce_pair, query

pytestmark = requires("CreateCIMDPolicy")

URL = "https://tools.example.net/oauth/client.json"
ISSUER_HOST = "https://cognito-idp.us-east-1.amazonaws.com"


def document(**changes) -> dict:
    return {"client_id": URL, "client_name": "Example Tools", "redirect_uris": [CALLBACK],
            "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
            "token_endpoint_auth_method": "none", **changes}


@pytest.fixture
def served(cognito):
    """The test's own responses mock: it serves the documents, and passes Cognito's hosts on to the emulator."""
    with responses.RequestsMock(assert_all_requests_are_fired=False,
                                real_adapter_send=requests.adapters.HTTPAdapter.send) as rsps:
        rsps.add_passthru(HOSTED)
        rsps.add_passthru(ISSUER_HOST)
        yield rsps


@pytest.fixture
def policy(idp, hosted):
    return idp.create_cimd_policy(UserPoolId=hosted.pool_id, ClientId=hosted.client_id, PolicyName="tools",
                                  URLPatterns=["https://tools.example.net/*"])["CIMDPolicy"]["CIMDPolicyId"]


@pytest.fixture
def tool(hosted, policy) -> Hosted:
    """The pool's hosted domain, seen by the external client named by its document's URL."""
    return Hosted(hosted.idp, hosted.pool_id, URL)


def cached(idp, tool: Hosted, policy: str) -> list[dict]:
    return idp.list_client_metadata_urls(UserPoolId=tool.pool_id, CIMDPolicyId=policy)["ClientMetadataURLs"]


def test_a_cimd_client_signs_in_with_the_code_flow(served, tool, policy, idp):
    fetched = served.get(URL, json=document())
    tokens = tool.code_tokens(scope="openid email")
    keys = jwt.PyJWKClient(f"{ISSUER_HOST}/{tool.pool_id}/.well-known/jwks.json")
    issuer = f"{ISSUER_HOST}/{tool.pool_id}"
    id_claims = jwt.decode(tokens["id_token"], keys.get_signing_key_from_jwt(tokens["id_token"]).key,
                           algorithms=["RS256"], audience=URL, issuer=issuer)
    access = jwt.decode(tokens["access_token"], keys.get_signing_key_from_jwt(tokens["access_token"]).key,
                        algorithms=["RS256"], issuer=issuer, options={"verify_aud": False})
    assert (id_claims["cognito:username"], access["client_id"], access["scope"]) == ("ana", URL, "openid email")
    assert fetched.call_count == 1                          # /login and the token endpoint used the cache
    info = requests.get(f"{tool.base}/oauth2/userInfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert info.json()["email"] == "ana@example.com"
    refreshed = tool.token(grant_type="refresh_token", refresh_token=tokens["refresh_token"])
    assert refreshed.status_code == 200 and "access_token" in refreshed.json()
    [entry] = cached(idp, tool, policy)
    assert entry["URL"] == URL and entry["ExpirationDate"] - entry["CachedDate"] == timedelta(days=1)


def test_a_document_for_another_url_is_refused(served, tool, policy, idp):
    fetched = served.get(URL, json=document(client_id="https://tools.example.net/other.json"))
    answer = tool.authorize(requests.Session())
    assert answer.status_code == 400
    assert "The client_id of the client metadata document does not match its URL" in answer.text
    assert cached(idp, tool, policy) == [{"URL": URL}]      # received, nothing cached
    tool.authorize(requests.Session())
    assert fetched.call_count == 2                          # an invalid document is never cached


@pytest.mark.parametrize("changes,reason", [
    ({"token_endpoint_auth_method": "client_secret_basic"}, "CIMD clients are public clients"),
    ({"token_endpoint_auth_method": "none", "client_secret": "s3cr3t"}, "must not contain client_secret"),
    ({"redirect_uris": []}, "must contain redirect_uris"),
    ({"redirect_uris": ["http://tools.example.net/cb"]}, "invalid redirect URI"),
])
def test_documents_that_break_the_rules_are_refused(served, tool, policy, changes, reason):
    served.get(URL, json=document(**changes))
    answer = tool.authorize(requests.Session())
    assert answer.status_code == 400 and reason in answer.text


def test_what_the_url_answers_must_be_a_document(served, tool, policy):
    served.get(URL, status=404)
    assert "answered HTTP 404" in tool.authorize(requests.Session()).text
    served.replace(responses.GET, URL, status=302, headers={"Location": "https://elsewhere.example.com/c.json"})
    assert "answered HTTP 302" in tool.authorize(requests.Session()).text     # redirects are not followed
    served.replace(responses.GET, URL, body="{" + " " * 6000 + "}")
    assert "larger than 5 KB" in tool.authorize(requests.Session()).text
    served.replace(responses.GET, URL, body="[]")
    assert "is not a JSON object" in tool.authorize(requests.Session()).text


def test_a_redirect_uri_outside_the_document_is_a_mismatch(served, tool, policy):
    served.get(URL, json=document())
    answer = tool.authorize(requests.Session(), redirect_uri="https://attacker.example.com/cb")
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith(f"{HOSTED}/error?")
    assert query(answer.headers["Location"]) == {"client_id": URL, "error": "redirect_mismatch"}


def test_a_url_no_policy_takes_is_an_unknown_client(served, tool, policy):
    other = "https://elsewhere.example.com/client.json"
    fetched = served.get(other, json=document(client_id=other))
    answer = Hosted(tool.idp, tool.pool_id, other).authorize(requests.Session())
    assert answer.status_code == 400 and f"Invalid client_id: {other}" in answer.text
    assert fetched.call_count == 0


def test_flows_are_the_ones_both_the_app_client_and_the_document_allow(served, tool, policy):
    served.get(URL, json=document(grant_types=["implicit"], response_types=["token"]))
    answer = tool.authorize(requests.Session(), state="s")
    assert query(answer.headers["Location"]) == {"error": "unauthorized_client", "state": "s"}
    assert tool.authorize(requests.Session(), response_type="token").status_code == 302


def test_the_document_is_cached_for_the_cache_duration(served, tool, policy, mock, idp):
    fetched = served.get(URL, json=document())
    for _ in range(3):
        assert tool.authorize(requests.Session()).status_code == 302
    assert fetched.call_count == 1
    mock.clock.advance(seconds=86400)
    tool.authorize(requests.Session())
    assert fetched.call_count == 2
    [entry] = cached(idp, tool, policy)
    assert entry["CachedDate"] > entry["ExpirationDate"] - timedelta(days=1, seconds=1)


def test_a_cache_control_max_age_between_a_day_and_a_year_wins(served, tool, policy, mock, idp):
    fetched = served.get(URL, json=document(), headers={"Cache-Control": "public, max-age=172800"})
    tool.authorize(requests.Session())
    mock.clock.advance(seconds=86400 + 60)
    tool.authorize(requests.Session())
    assert fetched.call_count == 1
    [entry] = cached(idp, tool, policy)
    assert entry["ExpirationDate"] - entry["CachedDate"] == timedelta(days=2)
    mock.clock.advance(seconds=86400)
    tool.authorize(requests.Session())
    assert fetched.call_count == 2


def test_refresh_fetches_the_document_again_now(served, tool, policy, mock, idp):
    served.get(URL, json=document())
    tool.authorize(requests.Session())
    [before] = cached(idp, tool, policy)
    elsewhere = "https://tools.example.net/callback"
    served.replace(responses.GET, URL, json=document(redirect_uris=[elsewhere]))
    mock.clock.advance(seconds=3600)
    idp.update_client_metadata_url_state(UserPoolId=tool.pool_id, CIMDPolicyId=policy, URL=URL, Action="REFRESH")
    [after] = cached(idp, tool, policy)
    assert after["CachedDate"] - before["CachedDate"] >= timedelta(seconds=3600)
    assert served.registered()[0].call_count == 1       # the replaced document, fetched by REFRESH
    assert tool.authorize(requests.Session(), redirect_uri=elsewhere).status_code == 302
    assert "/error?" in tool.authorize(requests.Session()).headers["Location"]     # CALLBACK is gone
    assert served.registered()[0].call_count == 1


def test_a_refused_refresh_keeps_the_cached_document(served, tool, policy, idp):
    served.get(URL, json=document())
    tool.authorize(requests.Session())
    [before] = cached(idp, tool, policy)
    served.replace(responses.GET, URL, status=500)
    with pytest.raises(idp.exceptions.InvalidParameterException) as raised:
        idp.update_client_metadata_url_state(UserPoolId=tool.pool_id, CIMDPolicyId=policy, URL=URL, Action="REFRESH")
    assert error_of(raised) == ("InvalidParameterException", "The client metadata document could not be refreshed. "
                                f"The client metadata document URL {URL} answered HTTP 500; it must answer 200 OK.")
    assert cached(idp, tool, policy) == [before]
    assert tool.authorize(requests.Session()).status_code == 302


def test_invalidate_drops_the_cached_document(served, tool, policy, idp):
    fetched = served.get(URL, json=document())
    verifier, challenge = pkce_pair()
    code = query(tool.sign_in(requests.Session(), code_challenge=challenge, code_challenge_method="S256"))["code"]
    idp.update_client_metadata_url_state(UserPoolId=tool.pool_id, CIMDPolicyId=policy, URL=URL, Action="INVALIDATE")
    assert cached(idp, tool, policy) == [{"URL": URL}]
    refused = tool.token(grant_type="authorization_code", code=code, redirect_uri=CALLBACK, code_verifier=verifier)
    assert (refused.status_code, refused.json()) == (401, {"error": "invalid_client"})
    with pytest.raises(idp.exceptions.CachedCIMDURLDoesNotExistException):
        idp.update_client_metadata_url_state(UserPoolId=tool.pool_id, CIMDPolicyId=policy, URL=URL,
                                             Action="INVALIDATE")
    assert tool.authorize(requests.Session()).status_code == 302
    assert fetched.call_count == 2 and "CachedDate" in cached(idp, tool, policy)[0]


def test_a_policy_whose_app_client_is_gone_admits_nobody(served, tool, policy, hosted, idp):
    fetched = served.get(URL, json=document())
    idp.delete_user_pool_client(UserPoolId=hosted.pool_id, ClientId=hosted.client_id)
    assert tool.authorize(requests.Session()).status_code == 400
    assert fetched.call_count == 0


def test_the_document_is_fetched_outside_the_store_lock(served, tool, policy, mock, idp):
    held = []

    def serve(request):          # the document's server may call the emulator while it answers
        held.append(mock.store.lock.held())
        pool_name = idp.describe_user_pool(UserPoolId=tool.pool_id)["UserPool"]["Name"]
        return 200, {}, json.dumps(document(client_name=pool_name))

    served.add_callback(responses.GET, URL, callback=serve)
    assert tool.authorize(requests.Session()).status_code == 302
    assert held == [False]


def test_the_server_fetches_the_document_for_its_domain(served, cognito_server, tool, policy, idp):
    served.add_passthru(cognito_server)
    fetched = served.get(URL, json=document())
    answer = requests.get(f"{cognito_server}/oauth2/authorize", headers={"Host": HOSTED.removeprefix("https://")},
                          params={"response_type": "code", "client_id": URL, "redirect_uri": CALLBACK},
                          allow_redirects=False)
    assert answer.status_code == 302 and "/login?" in answer.headers["Location"]
    assert fetched.call_count == 1 and "CachedDate" in cached(idp, tool, policy)[0]
