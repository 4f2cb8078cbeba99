"""SAML 2.0 metadata documents: what a SAML identity provider's MetadataFile declares."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ....errors import InvalidParameterException

MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
DS = "{http://www.w3.org/2000/09/xmldsig#}"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
BAD_METADATA = "Could not parse metadata. Check that the metadata file is a valid SAML 2.0 metadata document."


@dataclass(slots=True)
class SamlMetadata:
    entity_id: str
    signing_certificates: list[str]    # base64 DER bodies
    sso_redirect: str | None
    sso_post: str | None
    slo_redirect: str | None


def parse(document: str) -> SamlMetadata:
    """Entity id, signing certificates and endpoints of an IdP metadata document."""
    if "<!DOCTYPE" in document or "<!ENTITY" in document:   # no entity expansion, ever
        raise InvalidParameterException(BAD_METADATA)
    try:
        root = ET.fromstring(document)
    except ET.ParseError:
        raise InvalidParameterException(BAD_METADATA) from None
    entity = root if root.tag == f"{MD}EntityDescriptor" else root.find(f".//{MD}EntityDescriptor")
    idp = entity.find(f"{MD}IDPSSODescriptor") if entity is not None else None
    if entity is None or idp is None or not entity.get("entityID"):
        raise InvalidParameterException(BAD_METADATA)
    certificates = []
    for key in idp.findall(f"{MD}KeyDescriptor"):
        if key.get("use", "signing") != "signing":
            continue
        cert = key.find(f".//{DS}X509Certificate")
        if cert is not None and cert.text:
            certificates.append("".join(cert.text.split()))
    return SamlMetadata(entity_id=entity.get("entityID"), signing_certificates=certificates,
                        sso_redirect=_location(idp, "SingleSignOnService", REDIRECT),
                        sso_post=_location(idp, "SingleSignOnService", POST),
                        slo_redirect=_location(idp, "SingleLogoutService", REDIRECT))


def _location(idp: ET.Element, service: str, binding: str) -> str | None:
    for element in idp.findall(f"{MD}{service}"):
        if element.get("Binding") == binding:
            return element.get("Location")
    return None
