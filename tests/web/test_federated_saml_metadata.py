"""A SAML provider's MetadataURL: fetched with the store's lock let go (the document's server may be
this emulator, or call it), cached, and used to verify the provider's responses."""
import pytest
import requests
import responses

from federation_helpers import account_page, add_provider, claims_of, federated_tokens, sign_in_at_provider
from hosted_helpers import CALLBACK, HOSTED, query

pytest.importorskip("signxml", reason="SAML needs the [saml] extra")

URL = "https://idp.corp.example/metadata"


@pytest.fixture
def served(cognito):
    with responses.RequestsMock(assert_all_requests_are_fired=False,
                                real_adapter_send=requests.adapters.HTTPAdapter.send) as rsps:
        rsps.add_passthru(HOSTED)
        yield rsps


def test_the_metadata_url_is_fetched_outside_the_store_lock(served, cognito, idp, hosted):
    held = []
    metadata = requests.get(f"{HOSTED}/_mock/idp/Corp/saml/metadata").text

    def serve(request):          # the metadata's server may call the emulator while it answers
        held.append(cognito.store.lock.held())
        idp.describe_user_pool(UserPoolId=hosted.pool_id)
        return 200, {}, metadata

    served.add_callback(responses.GET, URL, callback=serve)
    add_provider(idp, hosted, "Corp", "SAML", {"MetadataURL": URL}, {"email": "email"})
    tokens = federated_tokens(hosted, requests.Session(), "Corp", sub="emp-9", email="emp9@corp.example")
    assert claims_of(tokens["id_token"])["cognito:username"] == "Corp_emp-9"
    assert held == [False]                  # fetched once, lock not held; the response used the cache


def test_the_browser_goes_to_the_fetched_metadatas_sso_url(served, cognito, idp, hosted):
    other = requests.get(f"{HOSTED}/_mock/idp/Other/saml/metadata").text
    served.get(URL, body=other)
    add_provider(idp, hosted, "Corp", "SAML", {"MetadataURL": URL}, {"email": "email"})
    browser = requests.Session()
    page = account_page(hosted, browser, "Corp")
    assert page.url.startswith(f"{HOSTED}/_mock/idp/Other/saml/sso")    # the fetched metadata's SSO URL
    done = sign_in_at_provider(browser, page, sub="o-1", email="o@corp.example")
    identity = claims_of(hosted.token(grant_type="authorization_code", code=query(done.headers["Location"])["code"],
                                      redirect_uri=CALLBACK).json()["id_token"])["identities"][0]
    assert identity["providerName"] == "Corp"
