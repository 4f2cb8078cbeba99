"""SAML ``EncryptedResponses`` (AWS's "Accepting encrypted SAML responses from your IdP"): the provider
gets an encryption certificate (DescribeIdentityProvider's ``ActiveEncryptionCertificate``); the IdP
encrypts every assertion to it; the pool decrypts them and refuses assertions in the clear. Against
the emulated SAML provider (it encrypts to the provider's certificate) and against the independent
IdP of test_federated_saml.py, which encrypts here with XML Encryption (aes128-cbc, RSA-OAEP SHA-256)."""
import base64
import os
import re

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, padding as sym_padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from federation_helpers import account_page, add_provider, claims_of, federated_tokens, forms
from test_federated_saml import METADATA, _post, _sp_initiated, saml_response
from hosted_helpers import CALLBACK, query

signxml = pytest.importorskip("signxml", reason="SAML needs the [saml] extra")
from lxml import etree  # noqa: E402

XENC = "http://www.w3.org/2001/04/xmlenc#"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"


def _certificate(idp, pool_id, name):
    details = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName=name)["IdentityProvider"]["ProviderDetails"]
    body = details.get("ActiveEncryptionCertificate")
    return None if body is None else x509.load_der_x509_certificate(base64.b64decode(body))


def test_the_provider_gets_an_encryption_certificate(idp, hosted):
    add_provider(idp, hosted, "Plain", "SAML", {"MetadataFile": METADATA}, {"email": "email"})
    assert _certificate(idp, hosted.pool_id, "Plain") is None
    add_provider(idp, hosted, "Corp", "SAML", {"MetadataFile": METADATA, "EncryptedResponses": "true"},
                 {"email": "email"})
    certificate = _certificate(idp, hosted.pool_id, "Corp")
    assert certificate.public_key().key_size == 2048
    signing = idp.get_signing_certificate(UserPoolId=hosted.pool_id)["Certificate"]     # not the signing one
    assert base64.b64decode(signing) != certificate.public_bytes(serialization.Encoding.DER)
    idp.update_identity_provider(UserPoolId=hosted.pool_id, ProviderName="Corp",
                                 ProviderDetails={"MetadataFile": METADATA, "EncryptedResponses": "true", "IDPInit": "true"})
    assert _certificate(idp, hosted.pool_id, "Corp") == certificate            # the same key pair, kept
    idp.update_identity_provider(UserPoolId=hosted.pool_id, ProviderName="Corp",
                                 ProviderDetails={"MetadataFile": METADATA})
    assert _certificate(idp, hosted.pool_id, "Corp") is None


def test_the_emulated_provider_encrypts_and_the_pool_decrypts(idp, hosted):
    add_provider(idp, hosted, "Corp", "SAML", {"MetadataURL": "https://idp.corp.invalid/metadata",
                                               "EncryptedResponses": "true"}, {"email": "email"})
    browser = requests.Session()
    page = account_page(hosted, browser, "Corp")
    form = next(f for f in forms(page.text) if f["id"] == "new-account")
    posted = browser.post(page.url, data={**form["inputs"], "sub": "emp-9", "email": "emp9@corp.example"},
                          allow_redirects=False)
    response = base64.b64decode(forms(posted.text)[0]["inputs"]["SAMLResponse"])
    assert b"EncryptedAssertion" in response and b"emp9@corp.example" not in response
    assert b"<saml:Assertion" not in response
    tokens = federated_tokens(hosted, requests.Session(), "Corp", sub="emp-9", email="emp9@corp.example")
    claims = claims_of(tokens["id_token"])
    assert claims["cognito:username"] == "Corp_emp-9" and claims["email"] == "emp9@corp.example"


# --- the independent IdP, encrypting its signed assertion ------------------------------------------
def _encrypt(response_b64: str, certificate: x509.Certificate) -> str:
    """Replace the Assertion with an EncryptedAssertion: aes128-cbc content, xmlenc11 rsa-oaep (SHA-256
    digest, MGF1 SHA-1) key transport, the key beside the data as SAML core 2.3.4 allows."""
    root = etree.fromstring(base64.b64decode(response_b64))
    assertion = root.find(f"{{{SAML}}}Assertion")
    key, iv = os.urandom(16), os.urandom(16)
    padder = sym_padding.PKCS7(128).padder()
    padded = padder.update(etree.tostring(assertion)) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    blob = iv + encryptor.update(padded) + encryptor.finalize()
    wrapped = certificate.public_key().encrypt(key, padding.OAEP(mgf=padding.MGF1(hashes.SHA1()),
                                                                 algorithm=hashes.SHA256(), label=None))
    encrypted = etree.fromstring(f"""<saml:EncryptedAssertion xmlns:saml="{SAML}" xmlns:xenc="{XENC}"
 xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><xenc:EncryptedData Type="{XENC}Element">
<xenc:EncryptionMethod Algorithm="{XENC}aes128-cbc"/>
<ds:KeyInfo><ds:RetrievalMethod URI="#k1" Type="{XENC}EncryptedKey"/></ds:KeyInfo>
<xenc:CipherData><xenc:CipherValue>{base64.b64encode(blob).decode()}</xenc:CipherValue></xenc:CipherData>
</xenc:EncryptedData><xenc:EncryptedKey Id="k1"><xenc:EncryptionMethod Algorithm="http://www.w3.org/2009/xmlenc11#rsa-oaep">
<ds:DigestMethod Algorithm="{XENC}sha256"/></xenc:EncryptionMethod>
<xenc:CipherData><xenc:CipherValue>{base64.b64encode(wrapped).decode()}</xenc:CipherValue></xenc:CipherData>
</xenc:EncryptedKey></saml:EncryptedAssertion>""".encode())
    root.replace(assertion, encrypted)
    return base64.b64encode(etree.tostring(root)).decode()


@pytest.fixture
def encrypted(idp, hosted):
    add_provider(idp, hosted, "Independent", "SAML", {"MetadataFile": METADATA, "EncryptedResponses": "true"},
                 {"email": "email"})
    return hosted


def test_an_encrypted_signed_assertion_signs_in(cognito, idp, encrypted):
    browser = requests.Session()
    request_id, relay = _sp_initiated(encrypted, browser)
    response = saml_response(cognito, encrypted.pool_id, in_response_to=request_id, email="enc@example.com")
    answer = _post(browser, _encrypt(response, _certificate(idp, encrypted.pool_id, "Independent")), relay)
    callback = answer.headers["Location"]
    assert callback.startswith(CALLBACK) and "code" in query(callback), callback
    users = idp.list_users(UserPoolId=encrypted.pool_id, Filter='username = "Independent_ind-user"')["Users"]
    assert [a["Value"] for a in users[0]["Attributes"] if a["Name"] == "email"] == ["enc@example.com"]


@pytest.mark.parametrize("how, description", [
    ("clear", "Invalid SAML response received: The SAML assertion is not encrypted"),
    ("other key", "Invalid SAML response received: Unable to decrypt the SAML assertion"),
    ("tampered", "Invalid SAML response received: Unable to decrypt the SAML assertion"),
    ("unsigned", "Invalid SAML response received: SAML Assertion signature is invalid."),
])
def test_what_cannot_be_decrypted_or_trusted_creates_nobody(cognito, idp, hosted, encrypted, how, description):
    browser = requests.Session()
    request_id, relay = _sp_initiated(encrypted, browser)
    response = saml_response(cognito, encrypted.pool_id, in_response_to=request_id, sign=how != "unsigned")
    if how == "other key":       # the certificate of another provider with EncryptedResponses
        add_provider(idp, hosted, "Other", "SAML", {"MetadataFile": METADATA, "EncryptedResponses": "true"})
        response = _encrypt(response, _certificate(idp, encrypted.pool_id, "Other"))
    elif how != "clear":
        response = _encrypt(response, _certificate(idp, encrypted.pool_id, "Independent"))
    if how == "tampered":
        document = base64.b64decode(response).decode()
        values = re.findall(r"<xenc:CipherValue>([^<]+)</xenc:CipherValue>", document)
        blob = bytearray(base64.b64decode(values[0]))
        blob[-20] ^= 1
        response = base64.b64encode(document.replace(values[0], base64.b64encode(bytes(blob)).decode()).encode()).decode()
    params = query(_post(browser, response, relay).headers["Location"])
    assert (params["error"], params["error_description"]) == ("server_error", description)
    assert not [u for u in idp.list_users(UserPoolId=encrypted.pool_id)["Users"] if u["Username"].startswith("Indep")]


def test_a_signed_response_covers_its_encrypted_assertion(cognito, idp, encrypted):
    """The other place an IdP may sign: the Response, over the EncryptedAssertion it holds."""
    from test_federated_saml import CERT, KEY

    browser = requests.Session()
    request_id, relay = _sp_initiated(encrypted, browser)
    response = saml_response(cognito, encrypted.pool_id, in_response_to=request_id, sign=False, email="r@example.com")
    root = etree.fromstring(base64.b64decode(_encrypt(response, _certificate(idp, encrypted.pool_id, "Independent"))))
    root.insert(1, etree.fromstring('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="placeholder"/>'))
    signed = signxml.XMLSigner(c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#").sign(
        root, key=KEY, cert=CERT, reference_uri=root.get("ID"))
    answer = _post(browser, base64.b64encode(etree.tostring(signed)).decode(), relay)
    assert answer.headers["Location"].startswith(CALLBACK) and "code" in query(answer.headers["Location"])
