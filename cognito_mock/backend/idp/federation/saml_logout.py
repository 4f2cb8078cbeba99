"""SAML single logout, as AWS has it ("Signing out SAML users with single sign-out"): when the SAML
provider has ``IDPSignout`` = ``true``, /logout sends a user whose session came through that provider
to the SingleLogoutService URL of its metadata with a LogoutRequest (HTTP-Redirect binding, always
signed with the pool's signing certificate: SAMLRequest, RelayState, SigAlg, Signature); the IdP posts
a LogoutResponse to ``/saml2/logout``, and the user goes on to the redirect of the original /logout.

The browser's SAML session (NameID, its Format, SessionIndex, provider) is kept in a sealed cookie
next to the hosted UI's session cookie; the RelayState is a sealed, single-use state
(relying_party.Pending) whose ``jti`` is the LogoutRequest's ID and whose ``params`` are /logout's.
"""
from __future__ import annotations

import base64
import binascii
import json
from datetime import timezone
from xml.sax.saxutils import escape, quoteattr

from ...store import Env
from ..auth.keys import b64url, b64url_decode
from ..models import UserPool
from . import saml_sp
from .models import IdentityProvider
from .relying_party import Pending, mac, seal

P = "{urn:oasis:names:tc:SAML:2.0:protocol}"
A = "{urn:oasis:names:tc:SAML:2.0:assertion}"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
BAD_RESPONSE = "Invalid SAML logout response received."          # guessed: searched "saml2/logout" error


class LogoutError(Exception):
    pass


def enabled(provider: IdentityProvider) -> bool:
    return provider.type == "SAML" and provider.details.idp_signout


def seal_session(env: Env, pool: UserPool, provider: str, session: dict[str, str]) -> str:
    body = b64url(json.dumps({"pool_id": pool.id, "provider": provider, **session}, separators=(",", ":")).encode())
    return f"{body}.{mac(env, pool, body)}"


def open_session(env: Env, pool: UserPool, value: str | None) -> dict[str, str] | None:
    body, _, given = (value or "").partition(".")
    if not body or given != mac(env, pool, body):
        return None
    try:
        session = json.loads(b64url_decode(body))
    except (ValueError, UnicodeError):
        return None
    return session if isinstance(session, dict) and session.get("pool_id") == pool.id else None


def request_url(env: Env, pool: UserPool, provider: IdentityProvider, pending: Pending, session: dict[str, str], *,
                emulated_base: str) -> str | None:
    """The SingleLogoutService URL with the signed LogoutRequest, or None when the metadata has none."""
    slo = saml_sp.metadata_of(env, provider, emulated_base).slo_redirect
    if not slo:
        return None
    now = env.clock.now_dt().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    fmt = f" Format={quoteattr(session['format'])}" if session.get("format") else ""
    index = f"<samlp:SessionIndex>{escape(session['session_index'])}</samlp:SessionIndex>" \
        if session.get("session_index") else ""
    request = (f'<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
               f'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{pending.jti}" Version="2.0" '
               f'IssueInstant="{now}" Destination={quoteattr(slo)}>'
               f'<saml:Issuer>{saml_sp.sp_entity_id(pool)}</saml:Issuer>'
               f'<saml:NameID{fmt}>{escape(session.get("name_id", ""))}</saml:NameID>{index}</samlp:LogoutRequest>')
    query = saml_sp.redirect_query(env, pool, provider, "SAMLRequest", request, seal(env, pool, pending), sign=True)
    return f"{slo}{'&' if '?' in slo else '?'}{query}"


def verify_response(env: Env, pool: UserPool, provider: IdentityProvider, encoded: str | None, *, request_id: str,
                    emulated_base: str) -> None:
    """A LogoutResponse (POST binding) signed by a certificate of the provider's metadata, from its
    entity, answering our request, with a success status; else LogoutError."""
    try:
        from lxml import etree
        from signxml import InvalidInput, InvalidSignature, XMLVerifier
    except ImportError:
        raise LogoutError(saml_sp.SAML_LIBRARY) from None
    try:
        data = base64.b64decode(encoded or "", validate=False)
    except (binascii.Error, ValueError):
        raise LogoutError(BAD_RESPONSE) from None
    document = saml_sp.metadata_of(env, provider, emulated_base)
    signed = None
    for body in document.signing_certificates:
        pem = "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n"
        try:
            signed = XMLVerifier().verify(data, x509_cert=pem).signed_xml
            break
        except (InvalidSignature, InvalidInput, etree.XMLSyntaxError, ValueError):
            continue
    if (signed is None or signed.tag != f"{P}LogoutResponse" or signed.get("InResponseTo") != request_id
            or (signed.findtext(f"{A}Issuer") or "").strip() != document.entity_id):
        raise LogoutError(BAD_RESPONSE)
    status = signed.find(f"{P}Status/{P}StatusCode")
    if status is None or status.get("Value") != SUCCESS:
        raise LogoutError(BAD_RESPONSE)
