"""Signed AuthnRequests: with ProviderDetails ``RequestSigningAlgorithm`` = ``rsa-sha256`` the pool
signs its HTTP-Redirect AuthnRequest (SigAlg and Signature over the encoded query, SAML bindings
3.4.4.1) with its signing certificate (GetSigningCertificate); the emulated SAML provider verifies it."""
import base64
from urllib.parse import urlencode

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from federation_helpers import add_provider, claims_of, federated_tokens
from hosted_helpers import HOSTED, query

pytest.importorskip("signxml", reason="SAML needs the [saml] extra")

RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SIGNED = {"MetadataURL": "https://idp.corp.invalid/metadata", "RequestSigningAlgorithm": "rsa-sha256"}


def _redirect(hosted) -> str:
    return hosted.authorize(requests.Session(), identity_provider="Corp").headers["Location"]


def test_the_authn_request_is_signed_with_the_pools_certificate(idp, hosted):
    add_provider(idp, hosted, "Corp", "SAML", SIGNED, {"email": "email"})
    location = _redirect(hosted)
    raw = location.split("?", 1)[1]
    assert query(location)["SigAlg"] == RSA_SHA256
    signed, _, signature = raw.rpartition("&Signature=")
    assert signed.startswith("SAMLRequest=") and "&RelayState=" in signed and signed.endswith("&SigAlg=" + raw.split(
        "&SigAlg=")[1].split("&")[0])
    pem = idp.get_signing_certificate(UserPoolId=hosted.pool_id)["Certificate"]
    if "BEGIN CERTIFICATE" not in pem:
        pem = f"-----BEGIN CERTIFICATE-----\n{pem}\n-----END CERTIFICATE-----\n"
    public = x509.load_pem_x509_certificate(pem.encode()).public_key()
    public.verify(base64.b64decode(query(location)["Signature"]), signed.encode(), padding.PKCS1v15(), hashes.SHA256())


def test_the_emulated_provider_verifies_it_and_the_sign_in_completes(idp, hosted):
    add_provider(idp, hosted, "Corp", "SAML", SIGNED, {"email": "email"})
    tokens = federated_tokens(hosted, requests.Session(), "Corp", sub="e-1", email="e1@corp.example")
    assert claims_of(tokens["id_token"])["cognito:username"] == "Corp_e-1"


def test_a_tampered_signature_is_refused_by_the_provider(idp, hosted):
    add_provider(idp, hosted, "Corp", "SAML", SIGNED, {"email": "email"})
    location = _redirect(hosted)
    head, _, _ = location.rpartition("&Signature=")
    raw = bytearray(base64.b64decode(query(location)["Signature"]))
    raw[0] ^= 1
    forged = f"{head}&{urlencode({'Signature': base64.b64encode(bytes(raw)).decode()})}"
    answer = requests.get(forged)
    assert answer.status_code == 400 and answer.json()["error_description"] == "The AuthnRequest signature is invalid."
    assert requests.get(location).status_code == 200


def test_unsigned_without_the_setting(idp, hosted):
    add_provider(idp, hosted, "Corp", "SAML", {"MetadataURL": "https://idp.corp.invalid/metadata"}, {"email": "email"})
    params = query(_redirect(hosted))
    assert "Signature" not in params and "SigAlg" not in params
    assert requests.get(f"{HOSTED}/_mock/idp/Corp/saml/metadata").status_code == 200
