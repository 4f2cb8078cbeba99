"""Encrypted SAML assertions (``EncryptedResponses``, AWS's "Accepting encrypted SAML responses from
your IdP"): the IdP encrypts each Assertion to the provider's encryption certificate (Describe shows
it as ``ActiveEncryptionCertificate``), as an ``EncryptedAssertion`` (SAML 2.0 core 2.3.4) holding
W3C XML Encryption: an ``EncryptedData`` of the Assertion element under a fresh AES key, and that key
in an ``EncryptedKey`` under the certificate's RSA key (RSA-OAEP).

XML Encryption needs no canonicalisation: the cipher text is the serialized element. Its primitives
(RSA-OAEP, AES-CBC, AES-GCM) come from ``cryptography``; the decrypted Assertion is parsed with lxml
(no DTD, no entities, no network) and its signature, if it carries one, is verified by saml_sp.py
with signxml like any other.

Accepted: key transport ``xmlenc#rsa-oaep-mgf1p`` and ``xmlenc11#rsa-oaep`` (digest SHA-1/256/384/512,
MGF1 SHA-1/224/256/384/512); content ``aes128/192/256-cbc`` and ``aes128/192/256-gcm``. The emulated
IdP (saml_idp.py) encrypts with aes256-gcm and rsa-oaep-mgf1p.
"""
from __future__ import annotations

import base64
import binascii
from typing import Any
from xml.sax.saxutils import escape

from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ...store import Env

XENC = "http://www.w3.org/2001/04/xmlenc#"
XENC11 = "http://www.w3.org/2009/xmlenc11#"
DS = "http://www.w3.org/2000/09/xmldsig#"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
RSA_OAEP_MGF1P = XENC + "rsa-oaep-mgf1p"
RSA_OAEP = XENC11 + "rsa-oaep"
AES256_GCM = XENC11 + "aes256-gcm"
# content algorithm -> (mode, key length)
CONTENT = {XENC + "aes128-cbc": ("cbc", 16), XENC + "aes192-cbc": ("cbc", 24), XENC + "aes256-cbc": ("cbc", 32),
           XENC11 + "aes128-gcm": ("gcm", 16), XENC11 + "aes192-gcm": ("gcm", 24), AES256_GCM: ("gcm", 32)}
DIGESTS = {DS + "sha1": hashes.SHA1, XENC + "sha256": hashes.SHA256, XENC + "sha512": hashes.SHA512,
           "http://www.w3.org/2001/04/xmldsig-more#sha384": hashes.SHA384}
MGF = {XENC11 + "mgf1sha1": hashes.SHA1, XENC11 + "mgf1sha224": hashes.SHA224, XENC11 + "mgf1sha256": hashes.SHA256,
       XENC11 + "mgf1sha384": hashes.SHA384, XENC11 + "mgf1sha512": hashes.SHA512}


class DecryptionError(Exception):
    pass


def decrypt(encrypted_assertion: Any, key: Any) -> Any:
    """The Assertion element (lxml) an ``EncryptedAssertion`` element holds, decrypted with ``key``
    (the provider's RSA private key); DecryptionError when it cannot be."""
    from lxml import etree

    data = encrypted_assertion.find(f"{{{XENC}}}EncryptedData")
    method = data.find(f"{{{XENC}}}EncryptionMethod") if data is not None else None
    algorithm = method.get("Algorithm") if method is not None else None
    if algorithm not in CONTENT:
        raise DecryptionError(f"unsupported content encryption {algorithm}")
    wrapped = data.find(f"{{{DS}}}KeyInfo/{{{XENC}}}EncryptedKey")
    if wrapped is None:                         # or beside EncryptedData (SAML core 2.3.4)
        wrapped = encrypted_assertion.find(f"{{{XENC}}}EncryptedKey")
    if wrapped is None:
        raise DecryptionError("no EncryptedKey")
    content_key = _unwrap(wrapped, key)
    mode, length = CONTENT[algorithm]
    if len(content_key) != length:
        raise DecryptionError("wrong key length")
    plain = _decrypt_content(mode, content_key, _cipher_value(data))
    if b"<!DOCTYPE" in plain or b"<!ENTITY" in plain:
        raise DecryptionError("no DTDs")
    try:
        assertion = etree.fromstring(plain, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        raise DecryptionError("not XML") from None
    if assertion.tag != f"{{{SAML}}}Assertion":
        raise DecryptionError("not an Assertion")
    return assertion


def _cipher_value(element: Any) -> bytes:
    text = element.findtext(f"{{{XENC}}}CipherData/{{{XENC}}}CipherValue")
    try:
        return base64.b64decode("".join((text or "").split()), validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionError("bad CipherValue") from None


def _unwrap(wrapped: Any, key: Any) -> bytes:
    method = wrapped.find(f"{{{XENC}}}EncryptionMethod")
    algorithm = method.get("Algorithm") if method is not None else None
    if algorithm not in (RSA_OAEP_MGF1P, RSA_OAEP):
        raise DecryptionError(f"unsupported key transport {algorithm}")
    digest_method = method.find(f"{{{DS}}}DigestMethod")
    digest = DIGESTS.get(digest_method.get("Algorithm") if digest_method is not None else DS + "sha1")
    mgf_method = method.find(f"{{{XENC11}}}MGF")
    mgf = MGF.get(mgf_method.get("Algorithm")) if mgf_method is not None else hashes.SHA1
    if algorithm == RSA_OAEP_MGF1P:
        mgf = hashes.SHA1                        # that identifier fixes MGF1 with SHA-1
    label_text = method.findtext(f"{{{XENC}}}OAEPparams")
    if digest is None or mgf is None:
        raise DecryptionError("unsupported OAEP digest")
    try:
        label = base64.b64decode(label_text) if label_text else None
        return key.decrypt(_cipher_value(wrapped), padding.OAEP(mgf=padding.MGF1(mgf()), algorithm=digest(), label=label))
    except (ValueError, TypeError, binascii.Error):
        raise DecryptionError("cannot unwrap the key") from None


def _decrypt_content(mode: str, key: bytes, blob: bytes) -> bytes:
    try:
        if mode == "gcm":                        # IV (12) || cipher text || tag (16), XML Encryption 1.1 5.2.4
            return AESGCM(key).decrypt(blob[:12], blob[12:], None)
        iv, body = blob[:16], blob[16:]          # CBC: IV || cipher text, ISO 10126 padding (5.2.1)
        if not body or len(body) % 16:
            raise DecryptionError("bad CBC length")
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        padded = decryptor.update(body) + decryptor.finalize()
    except (InvalidTag, ValueError):
        raise DecryptionError("cannot decrypt") from None
    pad = padded[-1]
    if not 1 <= pad <= 16:
        raise DecryptionError("bad padding")
    return padded[:-pad]


def encrypt(env: Env, assertion_xml: bytes, certificate_pem: str) -> str:
    """An ``EncryptedAssertion`` (as text) of the serialized Assertion, to ``certificate_pem``:
    aes256-gcm content, rsa-oaep-mgf1p (SHA-1) key transport (the emulated IdP's choice)."""
    public = x509.load_pem_x509_certificate(certificate_pem.encode()).public_key()
    content_key, iv = env.ids.token_bytes(32), env.ids.token_bytes(12)
    blob = iv + AESGCM(content_key).encrypt(iv, assertion_xml, None)
    wrapped = public.encrypt(content_key, padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(),
                                                       label=None))
    return (f'<saml:EncryptedAssertion xmlns:saml="{SAML}"><xenc:EncryptedData xmlns:xenc="{XENC}" '
            f'Type="{XENC}Element"><xenc:EncryptionMethod Algorithm="{AES256_GCM}"/>'
            f'<ds:KeyInfo xmlns:ds="{DS}"><xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="{RSA_OAEP_MGF1P}">'
            f'<ds:DigestMethod Algorithm="{DS}sha1"/></xenc:EncryptionMethod><xenc:CipherData><xenc:CipherValue>'
            f'{escape(base64.b64encode(wrapped).decode())}</xenc:CipherValue></xenc:CipherData></xenc:EncryptedKey>'
            f'</ds:KeyInfo><xenc:CipherData><xenc:CipherValue>{base64.b64encode(blob).decode()}</xenc:CipherValue>'
            '</xenc:CipherData></xenc:EncryptedData></saml:EncryptedAssertion>')
