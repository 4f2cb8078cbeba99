"""The emulated SAML identity provider's HTTP side (backend/idp/federation/saml_idp.py):
``/_mock/idp/{ProviderName}/saml/metadata`` and ``/saml/sso`` (HTTP-Redirect binding: the
AuthnRequest in ``SAMLRequest``; the account page of web/mock_idp.py; posting it answers the SP's
assertion consumer service with a signed SAMLResponse through the POST binding)."""
from __future__ import annotations

import base64
import binascii
import xml.etree.ElementTree as ET
import zlib

from werkzeug.wrappers import Request, Response

from ..backend.idp.federation import saml_idp
from ..backend.idp.pools import pools
from ..backend.idp.federation.emulated import EmulatedIdp, ProviderError
from ..backend.store import Store
from . import mock_idp

P = "{urn:oasis:names:tc:SAML:2.0:protocol}"
A = "{urn:oasis:names:tc:SAML:2.0:assertion}"
SP_PREFIX = "urn:amazon:cognito:sp:"


def metadata(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    return Response(saml_idp.metadata(store.env, idp, base), content_type="application/samlmetadata+xml")


def _authn_request(encoded: str | None) -> ET.Element:
    root = _message(encoded, "AuthnRequest")
    if not root.get("AssertionConsumerServiceURL"):
        raise ProviderError("invalid_request", "SAMLRequest is not a SAML AuthnRequest.")
    return root


def _message(encoded: str | None, kind: str) -> ET.Element:
    try:
        raw = base64.b64decode(encoded or "", validate=False)
        try:
            text = zlib.decompress(raw, -15)
        except zlib.error:
            text = raw                                  # the POST binding does not deflate
        if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
            raise ValueError("no DTDs")
        root = ET.fromstring(text)
    except (binascii.Error, ValueError, ET.ParseError):
        raise ProviderError("invalid_request", f"SAMLRequest is not a SAML {kind}.") from None
    if root.tag != f"{P}{kind}":
        raise ProviderError("invalid_request", f"SAMLRequest is not a SAML {kind}.")
    return root


def _check_signature(store: Store, request: Request, message: ET.Element) -> None:
    """A signed AuthnRequest (HTTP-Redirect binding) is verified with the service provider's signing
    certificate: for a user pool of this emulator (Issuer ``urn:amazon:cognito:sp:{poolId}``), the one
    GetSigningCertificate returns, as an administrator would have uploaded it to the IdP."""
    issuer = (message.findtext(f"{A}Issuer") or "").strip()
    pool = pools.locate(store, issuer.removeprefix(SP_PREFIX)) if issuer.startswith(SP_PREFIX) else None
    certificate = pool.federation.saml_certificate if pool is not None else None
    if not saml_idp.redirect_signature_valid(request.query_string.decode("latin-1"),
                                             certificate.pem if certificate is not None else None):
        raise ProviderError("invalid_request", f"The {message.tag.rpartition('}')[2]} signature is invalid.")  # guessed


def _encryption_certificate(store: Store, audience: str, name: str) -> str | None:
    """The certificate to encrypt assertions to, as an administrator would have uploaded it to the
    IdP: the ActiveEncryptionCertificate of the pool's provider of this name, when it has
    EncryptedResponses."""
    pool = pools.locate(store, audience.removeprefix(SP_PREFIX)) if audience.startswith(SP_PREFIX) else None
    provider = pool.federation.identity_providers.get(name) if pool is not None else None
    if provider is None or not provider.details.encrypted_responses or provider.encryption is None:
        return None
    return provider.encryption.pem


def sso(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    values = request.values
    authn = _authn_request(values.get("SAMLRequest"))
    protocol = {k: values[k] for k in ("SAMLRequest", "RelayState") if values.get(k)}
    if request.method == "GET" and values.get("Signature"):
        _check_signature(store, request, authn)
    if request.method == "GET":
        return mock_idp.account_page(idp, protocol, request.path, title=f"{idp.name} (SAML)")
    acs = authn.get("AssertionConsumerServiceURL")
    answer = {"RelayState": values["RelayState"]} if values.get("RelayState") else {}
    if values.get("cancel"):
        return mock_idp.auto_post(acs, answer)         # guessed: no SAMLResponse at all
    account = mock_idp.account_of(store, idp, values)
    audience = (authn.findtext(f"{A}Issuer") or "").strip()
    answer["SAMLResponse"] = saml_idp.response(store.env, idp, account, acs=acs, audience=audience,
                                               in_response_to=authn.get("ID"),
                                               encrypt_to=_encryption_certificate(store, audience, idp.name))
    return mock_idp.auto_post(acs, answer)


def slo(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    """Single logout (HTTP-Redirect binding): a LogoutRequest, its signature verified like an
    AuthnRequest's, is answered with a signed LogoutResponse posted to the service provider's
    ``/saml2/logout`` on this host (where the emulated provider is served from)."""
    logout = _message(request.values.get("SAMLRequest"), "LogoutRequest")
    if request.values.get("Signature"):
        _check_signature(store, request, logout)
    destination = base.split("/_mock/idp/", 1)[0] + "/saml2/logout"
    answer = {"SAMLResponse": saml_idp.logout_response(store.env, idp, destination=destination,
                                                       in_response_to=logout.get("ID") or "")}
    if request.values.get("RelayState"):
        answer["RelayState"] = request.values["RelayState"]
    return mock_idp.auto_post(destination, answer)
