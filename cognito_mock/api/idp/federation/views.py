"""Identity providers -> AWS-shaped dicts."""
from __future__ import annotations

from typing import Any

from ....backend.idp.federation import certificates
from ....backend.idp.federation.models import IdentityProvider


def identity_provider(pool_id: str, idp: IdentityProvider) -> dict[str, Any]:
    details = {k: v for k, v in idp.echo.items() if k != "ActiveEncryptionCertificate"}
    if idp.details.encrypted_responses and idp.encryption is not None:
        details["ActiveEncryptionCertificate"] = certificates.certificate_body(idp.encryption)
    return {
        "UserPoolId": pool_id,
        "ProviderName": idp.name,
        "ProviderType": idp.type,
        "ProviderDetails": details,
        "AttributeMapping": dict(idp.attribute_mapping),
        "IdpIdentifiers": list(idp.identifiers),
        "AcrMapping": dict(idp.acr_mapping) or None,
        "LastModifiedDate": idp.modified,
        "CreationDate": idp.created,
    }


def provider_description(idp: IdentityProvider) -> dict[str, Any]:
    return {"ProviderName": idp.name, "ProviderType": idp.type,
            "LastModifiedDate": idp.modified, "CreationDate": idp.created}
