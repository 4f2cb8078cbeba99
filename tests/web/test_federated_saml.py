"""SAML 2.0 federation: the pool as service provider (urn:amazon:cognito:sp:{poolId}, ACS
/saml2/idpresponse), against the emulated SAML provider and against an independent one built here
with signxml; signatures, audience, recipient and time checked; IdP-initiated sign-in with IDPInit."""
import base64
import zlib
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from federation_helpers import account_page, add_provider, claims_of, federated_tokens, sign_in_at_provider
from hosted_helpers import CALLBACK, HOSTED, query

signxml = pytest.importorskip("signxml", reason="SAML needs the [saml] extra")
from lxml import etree  # noqa: E402

ACS = f"{HOSTED}/saml2/idpresponse"
MAPPING = {"email": "email"}


def test_emulated_saml_provider_when_the_metadata_url_is_unreachable(idp, hosted):
    add_provider(idp, hosted, "Corp", "SAML", {"MetadataURL": "https://idp.corp.invalid/metadata"}, MAPPING)
    first = hosted.authorize(requests.Session(), identity_provider="Corp")
    location = first.headers["Location"]
    assert location.startswith(f"{HOSTED}/_mock/idp/Corp/saml/sso?SAMLRequest=")
    request = zlib.decompress(base64.b64decode(query(location)["SAMLRequest"]), -15).decode()
    assert f"<saml:Issuer>urn:amazon:cognito:sp:{hosted.pool_id}</saml:Issuer>" in request
    assert f'AssertionConsumerServiceURL="{ACS}"' in request
    tokens = federated_tokens(hosted, requests.Session(), "Corp", sub="emp-1", email="emp@corp.example")
    claims = claims_of(tokens["id_token"])
    assert claims["cognito:username"] == "Corp_emp-1" and claims["email"] == "emp@corp.example"
    assert claims["identities"][0]["providerType"] == "SAML"


def test_metadata_file_of_the_emulated_provider(idp, hosted, cognito):
    metadata = requests.get(f"{HOSTED}/_mock/idp/Okta/saml/metadata").text
    add_provider(idp, hosted, "Okta", "SAML", {"MetadataFile": metadata}, MAPPING)
    tokens = federated_tokens(hosted, requests.Session(), "Okta", sub="o-1", email="o@okta.example")
    identity = claims_of(tokens["id_token"])["identities"][0]
    assert identity["providerName"] == "Okta" and identity["issuer"] == "urn:cognito-mock:idp:Okta"


# --- an independent SAML identity provider, built with signxml ------------------------------------
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
_NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "independent idp")])
CERT = (x509.CertificateBuilder().subject_name(_NAME).issuer_name(_NAME).public_key(KEY.public_key())
        .serial_number(7).not_valid_before(datetime(2020, 1, 1)).not_valid_after(datetime(2040, 1, 1))
        .sign(KEY, hashes.SHA256())).public_bytes(serialization.Encoding.PEM).decode()
ENTITY = "https://idp.independent.test/saml"
METADATA = f"""<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{ENTITY}">
<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
<ds:X509Certificate>{"".join(CERT.strip().splitlines()[1:-1])}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
</md:KeyDescriptor>
<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.independent.test/sso"/>
</md:IDPSSODescriptor></md:EntityDescriptor>"""


def _instant(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def saml_response(cognito, pool_id, *, in_response_to=None, audience=None, recipient=ACS, email="ind@example.com",
                  sign=True, tamper=False, lifetime=300):
    now = datetime.fromtimestamp(cognito.clock.now(), timezone.utc)
    irt = f' InResponseTo="{in_response_to}"' if in_response_to else ""
    later = _instant(now + timedelta(seconds=lifetime))
    xml = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="{_instant(now)}"{irt}>
<saml:Issuer>{ENTITY}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
<saml:Assertion ID="_a{now.timestamp():.0f}{email}" Version="2.0" IssueInstant="{_instant(now)}"><saml:Issuer>{ENTITY}</saml:Issuer>
<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="placeholder"/>
<saml:Subject><saml:NameID>ind-user</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
<saml:SubjectConfirmationData NotOnOrAfter="{later}" Recipient="{recipient}"{irt}/></saml:SubjectConfirmation></saml:Subject>
<saml:Conditions NotBefore="{_instant(now)}" NotOnOrAfter="{later}"><saml:AudienceRestriction>
<saml:Audience>{audience or f"urn:amazon:cognito:sp:{pool_id}"}</saml:Audience></saml:AudienceRestriction></saml:Conditions>
<saml:AttributeStatement><saml:Attribute Name="email"><saml:AttributeValue>{email}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>
</saml:Assertion></samlp:Response>"""
    root = etree.fromstring(xml.encode())
    assertion = root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Assertion")
    if sign:
        signed = signxml.XMLSigner(c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#").sign(
            assertion, key=KEY, cert=CERT, reference_uri=assertion.get("ID"))
        root.replace(assertion, signed)
    else:
        assertion.remove(assertion.find("{http://www.w3.org/2000/09/xmldsig#}Signature"))
    text = etree.tostring(root)
    if tamper:
        text = text.replace(email.encode(), b"admin@example.com")
    return base64.b64encode(text).decode()


@pytest.fixture
def independent(idp, hosted):
    add_provider(idp, hosted, "Independent", "SAML", {"MetadataFile": METADATA, "IDPInit": "true"}, MAPPING)
    return hosted


def _sp_initiated(hosted, browser):
    first = hosted.authorize(browser, identity_provider="Independent", state="app-state")
    location = first.headers["Location"]
    assert location.startswith("https://idp.independent.test/sso?")
    request = etree.fromstring(zlib.decompress(base64.b64decode(query(location)["SAMLRequest"]), -15))
    return request.get("ID"), query(location)["RelayState"]


def _post(browser, response, relay):
    return browser.post(ACS, data={"SAMLResponse": response, "RelayState": relay}, allow_redirects=False)


def test_independent_idp_sp_initiated(cognito, independent):
    browser = requests.Session()
    request_id, relay = _sp_initiated(independent, browser)
    answer = _post(browser, saml_response(cognito, independent.pool_id, in_response_to=request_id), relay)
    callback = answer.headers["Location"]
    assert callback.startswith(CALLBACK) and query(callback)["state"] == "app-state" and "code" in query(callback)


@pytest.mark.parametrize("change, description", [
    ({"tamper": True}, "Invalid SAML response received: SAML Assertion signature is invalid."),
    ({"sign": False}, "Invalid SAML response received: SAML Assertion signature is invalid."),
    ({"audience": "urn:amazon:cognito:sp:someone-else"}, "Invalid SAML response received: Audience does not match"),
    ({"recipient": "https://evil.example/acs"}, "Invalid SAML response received: Recipient does not match"),
])
def test_bad_responses_create_nobody(cognito, idp, independent, change, description):
    browser = requests.Session()
    request_id, relay = _sp_initiated(independent, browser)
    answer = _post(browser, saml_response(cognito, independent.pool_id, in_response_to=request_id, **change), relay)
    params = query(answer.headers["Location"])
    assert params["error"] == "server_error" and params["error_description"].startswith(description)
    assert not [u for u in idp.list_users(UserPoolId=independent.pool_id)["Users"] if u["Username"].startswith("Indep")]


def test_expired_assertion_is_refused(cognito, independent):
    browser = requests.Session()
    request_id, relay = _sp_initiated(independent, browser)
    response = saml_response(cognito, independent.pool_id, in_response_to=request_id, lifetime=60)
    cognito.clock.advance(120)
    params = query(_post(browser, response, relay).headers["Location"])
    assert params["error_description"] == "Invalid SAML response received: SAML assertion is expired or not yet valid"


def test_idp_initiated_sign_in_when_allowed(cognito, idp, independent):
    relay = urlencode({"client_id": independent.client_id, "redirect_uri": CALLBACK, "response_type": "code",
                       "identity_provider": "Independent", "scope": "openid email"})
    response = saml_response(cognito, independent.pool_id)
    answer = _post(requests.Session(), response, relay)
    assert answer.headers["Location"].startswith(CALLBACK) and "code" in query(answer.headers["Location"])
    replay = _post(requests.Session(), response, relay)
    assert query(replay.headers["Location"])["error_description"].endswith("already used")
    idp.update_identity_provider(UserPoolId=independent.pool_id, ProviderName="Independent",
                                 ProviderDetails={"MetadataFile": METADATA, "IDPInit": "false"})
    refused = _post(requests.Session(), saml_response(cognito, independent.pool_id, email="x@example.com"), relay)
    assert refused.status_code == 400
    assert "Invalid samlResponse or relayState from identity provider" in refused.text
