"""SAML single logout (AWS: "Signing out SAML users with single sign-out"): with IDPSignout set, /logout
sends a user whose session came through the SAML provider to the SingleLogoutService of its metadata
with a LogoutRequest signed by the pool's signing certificate (SAMLRequest, RelayState, SigAlg,
Signature); the provider POSTs a LogoutResponse to /saml2/logout; the user goes on to logout_uri."""
import base64
import zlib
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import etree

from federation_helpers import add_provider, federate, forms
from hosted_helpers import CALLBACK, HOSTED, query

pytest.importorskip("signxml", reason="SAML needs the [saml] extra")

SIGNED_OUT = "https://app.example.com/signed-out"
P = "{urn:oasis:names:tc:SAML:2.0:protocol}"
A = "{urn:oasis:names:tc:SAML:2.0:assertion}"


@pytest.fixture
def saml(idp, hosted):
    def make(**details):
        add_provider(idp, hosted, "Corp", "SAML", {"MetadataURL": "https://idp.corp.invalid/metadata", **details},
                     {"email": "email"})
        client = idp.describe_user_pool_client(UserPoolId=hosted.pool_id, ClientId=hosted.client_id)["UserPoolClient"]
        idp.update_user_pool_client(**{k: client[k] for k in (
            "UserPoolId", "ClientId", "AllowedOAuthFlows", "AllowedOAuthScopes", "CallbackURLs",
            "SupportedIdentityProviders", "AllowedOAuthFlowsUserPoolClient")}, LogoutURLs=[SIGNED_OUT])
        browser = requests.Session()
        federate(hosted, browser, "Corp", sub="emp-1", email="emp@corp.example")
        return browser
    return make


def _logout(hosted, browser):
    return browser.get(f"{HOSTED}/logout", params={"client_id": hosted.client_id, "logout_uri": SIGNED_OUT},
                       allow_redirects=False)


def test_logout_goes_to_the_idp_with_a_signed_logout_request_and_comes_back(idp, hosted, saml):
    browser = saml(IDPSignout="true")
    first = _logout(hosted, browser)
    location = first.headers["Location"]
    assert location.startswith(f"{HOSTED}/_mock/idp/Corp/saml/slo?SAMLRequest=")
    params = query(location)
    assert params["SigAlg"] == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    request = etree.fromstring(zlib.decompress(base64.b64decode(params["SAMLRequest"]), -15))
    assert request.tag == f"{P}LogoutRequest" and request.findtext(f"{A}NameID") == "emp-1"
    assert request.findtext(f"{A}Issuer") == f"urn:amazon:cognito:sp:{hosted.pool_id}"
    assert request.findtext(f"{P}SessionIndex")
    pem = idp.get_signing_certificate(UserPoolId=hosted.pool_id)["Certificate"]
    if "BEGIN CERTIFICATE" not in pem:
        pem = f"-----BEGIN CERTIFICATE-----\n{pem}\n-----END CERTIFICATE-----\n"
    signed = location.split("?", 1)[1].rpartition("&Signature=")[0]
    x509.load_pem_x509_certificate(pem.encode()).public_key().verify(
        base64.b64decode(params["Signature"]), signed.encode(), padding.PKCS1v15(), hashes.SHA256())
    at_idp = browser.get(location, allow_redirects=False)          # the IdP posts its LogoutResponse back
    form = forms(at_idp.text)[0]
    assert form["action"] == f"{HOSTED}/saml2/logout" and form["inputs"]["RelayState"] == params["RelayState"]
    back = browser.post(form["action"], data=form["inputs"], allow_redirects=False)
    assert back.status_code == 302 and back.headers["Location"] == SIGNED_OUT
    replay = browser.post(form["action"], data=form["inputs"], allow_redirects=False)
    assert replay.status_code == 400
    signed_in_again = hosted.authorize(browser)                        # no session left: the sign-in page
    assert urlsplit(signed_in_again.headers["Location"]).path == "/login"


def test_without_idp_signout_logout_does_not_visit_the_idp(hosted, saml):
    browser = saml()
    answer = _logout(hosted, browser)
    assert answer.headers["Location"] == SIGNED_OUT


def test_a_forged_logout_response_is_refused(hosted, saml):
    browser = saml(IDPSignout="true")
    location = _logout(hosted, browser).headers["Location"]
    form = forms(browser.get(location, allow_redirects=False).text)[0]
    xml = base64.b64decode(form["inputs"]["SAMLResponse"]).replace(b"status:Success", b"status:Requester")
    answer = browser.post(form["action"], data={**form["inputs"], "SAMLResponse": base64.b64encode(xml).decode()},
                          allow_redirects=False)
    assert answer.status_code == 400 and "Invalid SAML logout response received." in answer.text
