"""The emulated SAML 2.0 identity provider: its metadata (entity id, signing certificate, SSO
endpoints) and signed responses for the accounts of emulated.py. Assertions are signed with
signxml (exclusive c14n, RSA-SHA256), as a real IdP signs them; user pools check them with the
same library (saml_sp.py). Its HTTP side is web/mock_saml.py."""
from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote_plus
from xml.sax.saxutils import escape, quoteattr

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from ...store import Env
from . import saml_encryption
from .emulated import EmulatedIdp

ASSERTION_SECONDS = 5 * 60
NS = ('xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"')
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"


@dataclass(slots=True)
class SamlIdentity:
    key: rsa.RSAPrivateKey
    cert_pem: bytes

    @property
    def cert_body(self) -> str:
        return "".join(self.cert_pem.decode().strip().splitlines()[1:-1])


def entity_id(idp: EmulatedIdp) -> str:
    return f"urn:cognito-mock:idp:{idp.name}"


def identity(env: Env, idp: EmulatedIdp) -> SamlIdentity:
    if idp.saml is None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"cognito-mock {idp.name}")])
        now = env.clock.now_dt()
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(int.from_bytes(env.ids.token_bytes(16), "big") >> 1)
                .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
                .sign(key, hashes.SHA256()))
        idp.saml = SamlIdentity(key, cert.public_bytes(serialization.Encoding.PEM))
    return idp.saml


def metadata(env: Env, idp: EmulatedIdp, base: str) -> str:
    """The IdP metadata document; ``base``: the provider's ``/_mock/idp/{name}`` URL."""
    cert = identity(env, idp).cert_body
    sso, slo = quoteattr(f"{base}/saml/sso"), quoteattr(f"{base}/saml/slo")
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID={quoteattr(entity_id(idp))}>'
            '<md:IDPSSODescriptor WantAuthnRequestsSigned="false" '
            'protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
            '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
            f'<ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>'
            f'<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location={slo}/>'
            f'<md:NameIDFormat>{PERSISTENT}</md:NameIDFormat>'
            f'<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location={sso}/>'
            f'<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location={sso}/>'
            '</md:IDPSSODescriptor></md:EntityDescriptor>')


def _instant(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def response(env: Env, idp: EmulatedIdp, account: dict[str, Any], *, acs: str, audience: str,
             in_response_to: str | None, encrypt_to: str | None = None) -> str:
    """A base64 SAMLResponse whose Assertion is signed: NameID = the account's ``sub``, its other
    claims as attributes; ``encrypt_to`` (a certificate PEM): then encrypted to it (saml_encryption.py)."""
    now = env.clock.now_dt()
    later = now + timedelta(seconds=ASSERTION_SECONDS)
    irt = f" InResponseTo={quoteattr(in_response_to)}" if in_response_to else ""
    attributes = "".join(
        f'<saml:Attribute Name={quoteattr(name)}><saml:AttributeValue>{escape(_text(value))}</saml:AttributeValue>'
        '</saml:Attribute>' for name, value in account.items() if name != "sub")
    assertion_id = "_" + env.ids.uuid()
    issuer = f"<saml:Issuer>{escape(entity_id(idp))}</saml:Issuer>"
    document = (
        f'<samlp:Response {NS} ID="_{env.ids.uuid()}" Version="2.0" IssueInstant="{_instant(now)}" '
        f'Destination={quoteattr(acs)}{irt}>{issuer}'
        '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
        f'<saml:Assertion ID="{assertion_id}" Version="2.0" IssueInstant="{_instant(now)}">{issuer}'
        '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="placeholder"/>'
        f'<saml:Subject><saml:NameID Format="{PERSISTENT}">{escape(str(account["sub"]))}</saml:NameID>'
        '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
        f'<saml:SubjectConfirmationData NotOnOrAfter="{_instant(later)}" Recipient={quoteattr(acs)}{irt}/>'
        '</saml:SubjectConfirmation></saml:Subject>'
        f'<saml:Conditions NotBefore="{_instant(now - timedelta(seconds=5))}" NotOnOrAfter="{_instant(later)}">'
        f'<saml:AudienceRestriction><saml:Audience>{escape(audience)}</saml:Audience></saml:AudienceRestriction>'
        '</saml:Conditions>'
        f'<saml:AuthnStatement AuthnInstant="{_instant(now)}" SessionIndex="{assertion_id}"><saml:AuthnContext>'
        '<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'
        '</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>'
        f'<saml:AttributeStatement>{attributes}</saml:AttributeStatement></saml:Assertion></samlp:Response>')
    signed = sign_assertion(document, identity(env, idp))
    if encrypt_to is not None:
        signed = _encrypted(env, signed, encrypt_to)
    return base64.b64encode(signed).decode()


def _encrypted(env: Env, document: bytes, certificate_pem: str) -> bytes:
    """The Response with its (signed) Assertion replaced by an EncryptedAssertion."""
    from lxml import etree

    root = etree.fromstring(document)
    assertion = root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Assertion")
    encrypted = saml_encryption.encrypt(env, etree.tostring(assertion), certificate_pem)
    root.replace(assertion, etree.fromstring(encrypted.encode()))
    return etree.tostring(root)


def logout_response(env: Env, idp: EmulatedIdp, *, destination: str, in_response_to: str) -> str:
    """A base64 LogoutResponse (POST binding) with a success status, signed."""
    document = (f'<samlp:LogoutResponse {NS} ID="_{env.ids.uuid()}" Version="2.0" '
                f'IssueInstant="{_instant(env.clock.now_dt())}" Destination={quoteattr(destination)} '
                f'InResponseTo={quoteattr(in_response_to)}><saml:Issuer>{escape(entity_id(idp))}</saml:Issuer>'
                '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#" Id="placeholder"/>'
                '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
                '</samlp:LogoutResponse>')
    from lxml import etree
    from signxml import XMLSigner, methods

    root = etree.fromstring(document.encode())
    signed = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256", digest_algorithm="sha256",
                       c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#").sign(
        root, key=identity(env, idp).key, cert=identity(env, idp).cert_pem.decode(), reference_uri=root.get("ID"))
    return base64.b64encode(etree.tostring(signed)).decode()


def sign_assertion(document: str, signer: SamlIdentity) -> bytes:
    """The document with its Assertion signed in place of the ``Id="placeholder"`` Signature."""
    from lxml import etree
    from signxml import XMLSigner, methods

    root = etree.fromstring(document.encode())
    assertion = root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Assertion")
    signed = XMLSigner(method=methods.enveloped, signature_algorithm="rsa-sha256", digest_algorithm="sha256",
                       c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#").sign(
        assertion, key=signer.key, cert=signer.cert_pem.decode(), reference_uri=assertion.get("ID"))
    root.replace(assertion, signed)
    return etree.tostring(root)


def _text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def redirect_signature_valid(raw_query: str, certificate_pem: str | None) -> bool:
    """Whether an HTTP-Redirect binding query (as received, still encoded) carries a valid RSA-SHA256
    ``Signature`` over its SAMLRequest/SAMLResponse, RelayState and SigAlg, by ``certificate_pem``."""
    parts = dict(part.split("=", 1) for part in raw_query.split("&") if "=" in part)
    if certificate_pem is None or unquote_plus(parts.get("SigAlg", "")) != RSA_SHA256 or "Signature" not in parts:
        return False
    message = next((n for n in ("SAMLRequest", "SAMLResponse") if n in parts), None)
    signed = "&".join(f"{n}={parts[n]}" for n in (message, "RelayState", "SigAlg") if n in parts)
    try:
        public = x509.load_pem_x509_certificate(certificate_pem.encode()).public_key()
        public.verify(base64.b64decode(unquote_plus(parts["Signature"])), signed.encode(), padding.PKCS1v15(),
                      hashes.SHA256())
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False
