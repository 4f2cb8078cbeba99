"""Federation request members -> domain values (backend/idp/federation/models.py)."""
from __future__ import annotations

from ....backend.idp.federation.models import ProviderUser


def provider_user(given: dict[str, str]) -> ProviderUser:
    """A ProviderUserIdentifierType (DestinationUser, SourceUser, User)."""
    return ProviderUser(provider_name=given.get("ProviderName", ""), attribute_name=given.get("ProviderAttributeName"),
                        value=given.get("ProviderAttributeValue", ""))
