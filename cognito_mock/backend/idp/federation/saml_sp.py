"""A user pool as SAML 2.0 service provider, as AWS has it: entity id
``urn:amazon:cognito:sp:{poolId}``, assertion consumer service ``/saml2/idpresponse`` (POST
binding), AuthnRequests through HTTP-Redirect to the SSO URL of the provider's metadata.

Responses are verified with signxml (never hand-written canonicalisation) against every signing
certificate of the metadata: the signed element must be the Assertion or the Response holding
it, and only what the signature covers is read. Then: success status, issuer = the metadata's
entity id, audience = our entity id, recipient = our ACS, the time conditions, InResponseTo =
our request (SP-initiated), each assertion used once. signxml (with lxml) is the ``[saml]``
extra: without it SAML sign-in answers SAML_LIBRARY.

The metadata: a MetadataFile's; a MetadataURL's when it answers; else the emulated SAML provider
of that ProviderName (saml_idp.py), so a provider nobody serves still signs in offline.
"""
from __future__ import annotations

import base64
import binascii
import zlib
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode

import requests
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from ...store import Env
from .models import IdentityProvider
from ..models import UserPool
from . import certificates, emulated, providers, saml, saml_encryption, saml_idp
from .relying_party import FederationError, Pending, seal

PREFIX = "Invalid SAML response received: "       # AWS's (repost cognito-invalid-saml-response-errors)
BAD_SIGNATURE = PREFIX + "SAML Assertion signature is invalid."   # aws/aws-sdk-js-v3#6201 (error=server_error)
INVALID_RELAY = "Invalid samlResponse or relayState from identity provider"   # IdP-initiated, not allowed
NOT_ENCRYPTED = "The SAML assertion is not encrypted"      # guessed: EncryptedResponses wants every one encrypted
UNDECRYPTABLE = "Unable to decrypt the SAML assertion"     # guessed
SAML_LIBRARY = "SAML sign-in needs signxml: pip install 'cognito-mock[saml]'."
P = "{urn:oasis:names:tc:SAML:2.0:protocol}"
A = "{urn:oasis:names:tc:SAML:2.0:assertion}"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
METADATA_KEY = "saml-metadata "        # env.provider_keys: url -> (document or None, until)
METADATA_SECONDS = 6 * 3600        # guessed: how long a fetched MetadataURL document is kept
MAX_LENGTH = 100_000               # "can accept SAML assertions of up to 100,000 characters"


def sp_entity_id(pool: UserPool) -> str:
    return f"urn:amazon:cognito:sp:{pool.id}"


def metadata_of(env: Env, provider: IdentityProvider, emulated_base: str) -> saml.SamlMetadata:
    """A MetadataFile's; a MetadataURL's as last fetched (``fetch_metadata``, outside the store's
    lock, by the transport: web/oauth/federated_start.py); else the emulated provider's. Never the
    network here."""
    found = providers.saml_metadata(provider)
    if found is not None:
        return found
    url = provider.details.metadata_url
    cached = env.provider_keys.get(f"{METADATA_KEY}{url}") if url else None
    if cached is not None and cached[0] is not None:
        try:
            return saml.parse(cached[0])
        except Exception:                    # not metadata: emulate it
            pass
    idp = emulated.provider(env, provider.name)
    return saml.parse(saml_idp.metadata(env, idp, emulated_base))


def metadata_fresh(env: Env, url: str) -> bool:
    cached = env.provider_keys.get(f"{METADATA_KEY}{url}")
    return cached is not None and env.clock.now() < cached[1]


def fetch_metadata(url: str) -> str | None:
    """The network half (touches no state): the MetadataURL's document, or None."""
    try:
        answer = requests.get(url, timeout=(3.05, 5))
    except requests.RequestException:
        return None
    return answer.text if answer.status_code == 200 else None


def remember_metadata(env: Env, url: str, document: str | None) -> None:
    env.provider_keys[f"{METADATA_KEY}{url}"] = (document, env.clock.now() + (METADATA_SECONDS if document else 60))


def request_url(env: Env, pool: UserPool, provider: IdentityProvider, pending: Pending, *, acs: str,
                emulated_sso: str) -> str:
    """The IdP's SSO URL with a deflated AuthnRequest (ID = the state's) and RelayState = the state."""
    emulated_base = emulated_sso.rsplit("/saml/sso", 1)[0]
    document = metadata_of(env, provider, emulated_base)
    sso = document.sso_redirect or document.sso_post or emulated_sso
    now = env.clock.now_dt().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    request = (f'<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
               f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{pending.jti}" Version="2.0" '
               f'IssueInstant="{now}" Destination="{_attr(sso)}" AssertionConsumerServiceURL="{_attr(acs)}" '
               f'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">'
               f'<saml:Issuer>{sp_entity_id(pool)}</saml:Issuer>'
               f'<samlp:NameIDPolicy AllowCreate="true"/></samlp:AuthnRequest>')
    query = redirect_query(env, pool, provider, "SAMLRequest", request, seal(env, pool, pending))
    return f"{sso}{'&' if '?' in sso else '?'}{query}"


def redirect_query(env: Env, pool: UserPool, provider: IdentityProvider, name: str, message: str,
                   relay_state: str | None, *, sign: bool = False) -> str:
    """The HTTP-Redirect binding's query: the deflated, base64 message and RelayState; signed (SigAlg,
    Signature over the encoded query, SAML bindings 3.4.4.1) with the pool's signing certificate
    (GetSigningCertificate) when the provider's ``RequestSigningAlgorithm`` is ``rsa-sha256`` (or
    ``sign``: a LogoutRequest is always signed)."""
    deflated = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = deflated.compress(message.encode()) + deflated.flush()
    params = {name: base64.b64encode(raw).decode()}
    if relay_state:
        params["RelayState"] = relay_state
    query = urlencode(params)
    if sign or provider.details.request_signing_algorithm == "rsa-sha256":
        query += "&" + urlencode({"SigAlg": RSA_SHA256})
        key = certificates.signing_certificate(env, pool).private_key
        signature = key.sign(query.encode(), padding.PKCS1v15(), hashes.SHA256())
        query += "&" + urlencode({"Signature": base64.b64encode(signature).decode()})
    return query


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def verify(env: Env, pool: UserPool, provider: IdentityProvider, encoded: str | None, *, acs: str,
           in_response_to: str | None, emulated_base: str, session: dict[str, str] | None = None) -> dict[str, Any]:
    """The claims of a valid SAMLResponse (NameID as ``sub``, attributes by name), else
    FederationError with AWS's prefix (error=server_error, as AWS answers a bad signature).
    ``session``, if given, receives the NameID, its Format and the SessionIndex (for sign-out)."""
    try:
        import lxml.etree  # noqa: F401 (the [saml] extra: here only to say so when it is missing)
        import signxml  # noqa: F401
    except ImportError:
        raise FederationError(SAML_LIBRARY, "server_error") from None
    if not encoded or len(encoded) > MAX_LENGTH:
        raise _fail("Invalid base64 SAMLResponse")                                          # guessed for empty
    try:
        data = base64.b64decode(encoded, validate=False)
    except (binascii.Error, ValueError):
        raise _fail("Invalid base64 SAMLResponse") from None
    document = metadata_of(env, provider, emulated_base)
    signed = _signed(data, document)
    if provider.details.encrypted_responses:
        signed, assertion = _encrypted(provider, data, signed, document)
    elif signed is None:
        raise FederationError(BAD_SIGNATURE, "server_error")
    else:
        assertion = signed if signed.tag == f"{A}Assertion" else signed.find(f"{A}Assertion")
    if signed.tag == f"{P}Response":
        status = signed.find(f"{P}Status/{P}StatusCode")
        if status is None or status.get("Value") != SUCCESS:
            raise _fail("SAML response status is not Success")                                # guessed
    if assertion is None:
        raise FederationError(BAD_SIGNATURE, "server_error")
    _check(env, pool, document, assertion, acs, in_response_to)
    claims: dict[str, Any] = {}
    for attribute in assertion.iterfind(f"{A}AttributeStatement/{A}Attribute"):
        values = [v.text or "" for v in attribute.iterfind(f"{A}AttributeValue")]
        claims[attribute.get("Name")] = values[0] if len(values) == 1 else ",".join(values)
    claims["sub"] = (assertion.findtext(f"{A}Subject/{A}NameID") or "").strip()
    if session is not None:
        name_id, statement = assertion.find(f"{A}Subject/{A}NameID"), assertion.find(f"{A}AuthnStatement")
        session.update(name_id=claims["sub"], format=name_id.get("Format", "") if name_id is not None else "",
                       session_index=statement.get("SessionIndex", "") if statement is not None else "")
    return claims


def _signed(data: bytes, document: saml.SamlMetadata):
    """The element a signature by one of the metadata's certificates covers (signxml), or None."""
    from lxml import etree
    from signxml import InvalidInput, InvalidSignature, XMLVerifier

    for body in document.signing_certificates:
        pem = "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n"
        try:
            return XMLVerifier().verify(data, x509_cert=pem).signed_xml
        except (InvalidSignature, InvalidInput, etree.XMLSyntaxError, ValueError):
            continue
    return None


def _encrypted(provider: IdentityProvider, data: bytes, signed, document: saml.SamlMetadata):
    """EncryptedResponses: (the signed element, the decrypted Assertion). Either the Response is
    signed (its EncryptedAssertion with it), or the Assertion inside the encryption is. A plain
    Assertion is refused: "Your user pool connection with the SAML IdP can't function until your IdP
    begins encrypting all SAML assertions"."""
    from lxml import etree

    if signed is not None and signed.tag == f"{P}Response":
        holder = signed
    elif signed is not None:                                  # a signed Assertion in the clear
        raise _fail(NOT_ENCRYPTED)
    else:
        try:
            holder = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            raise FederationError(BAD_SIGNATURE, "server_error") from None
    encrypted = holder.find(f"{A}EncryptedAssertion")
    if encrypted is None or provider.encryption is None:
        raise _fail(NOT_ENCRYPTED)
    try:
        assertion = saml_encryption.decrypt(encrypted, provider.encryption.private_key)
    except saml_encryption.DecryptionError:
        raise _fail(UNDECRYPTABLE) from None
    if signed is not None:
        return signed, assertion                              # the Response's signature covers it
    inner = _signed(etree.tostring(assertion), document)
    if inner is None or inner.tag != f"{A}Assertion":
        raise FederationError(BAD_SIGNATURE, "server_error")
    return inner, inner


def _check(env: Env, pool: UserPool, document: saml.SamlMetadata, assertion, acs: str,
           in_response_to: str | None) -> None:
    now = env.clock.now()
    if (assertion.findtext(f"{A}Issuer") or "").strip() != document.entity_id:
        raise _fail("Issuer does not match the identity provider's entity id")               # guessed
    audiences = [a.text for a in assertion.iterfind(f"{A}Conditions/{A}AudienceRestriction/{A}Audience")]
    if sp_entity_id(pool) not in audiences:
        raise _fail(f"Audience does not match: expected {sp_entity_id(pool)}")              # guessed
    conditions = assertion.find(f"{A}Conditions")
    if conditions is None or not (_time(conditions.get("NotBefore"), 0) <= now < _time(conditions.get("NotOnOrAfter"), now + 1)):
        raise _fail("SAML assertion is expired or not yet valid")                           # guessed
    confirmation = assertion.find(f"{A}Subject/{A}SubjectConfirmation/{A}SubjectConfirmationData")
    if confirmation is None or confirmation.get("Recipient") != acs:
        raise _fail("Recipient does not match the assertion consumer service URL")           # guessed
    if now >= _time(confirmation.get("NotOnOrAfter"), now + 1):
        raise _fail("SAML assertion is expired or not yet valid")                           # guessed
    if confirmation.get("InResponseTo") != in_response_to and in_response_to is not None:
        raise _fail("InResponseTo does not match the request")                               # guessed
    if in_response_to is None and confirmation.get("InResponseTo"):
        raise _fail("Unsolicited response answers a request")                                # guessed
    key = f"saml {assertion.get('ID')}"
    if env.used_once.get(key, 0) > now:
        raise _fail("SAML assertion was already used")                                       # guessed
    env.used_once[key] = _time(conditions.get("NotOnOrAfter"), now + 300)


def _time(text: str | None, default: float) -> float:
    if not text:
        return default
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0


def _fail(text: str) -> FederationError:
    return FederationError(PREFIX + text, "server_error")
