"""Federation request members -> domain values (backend/idp/federation/models.py)."""
from __future__ import annotations

from ....backend.idp.federation.models import ProviderDetails, ProviderUser

# ProviderDetails keys (AWS's spelling) -> ProviderDetails fields, as text
TEXT = {"client_id": "client_id", "client_secret": "client_secret", "authorize_scopes": "authorize_scopes",
        "team_id": "team_id", "key_id": "key_id", "private_key": "private_key", "api_version": "api_version",
        "oidc_issuer": "oidc_issuer", "authorize_url": "authorize_url", "token_url": "token_url",
        "attributes_url": "attributes_url", "jwks_uri": "jwks_uri", "MetadataFile": "metadata_file",
        "MetadataURL": "metadata_url", "RequestSigningAlgorithm": "request_signing_algorithm"}
# ... and the "true"/"false" ones
FLAGS = {"IDPSignout": "idp_signout", "IDPInit": "idp_init", "EncryptedResponses": "encrypted_responses"}


def provider_user(given: dict[str, str]) -> ProviderUser:
    """A ProviderUserIdentifierType (DestinationUser, SourceUser, User)."""
    return ProviderUser(provider_name=given.get("ProviderName", ""), attribute_name=given.get("ProviderAttributeName"),
                        value=given.get("ProviderAttributeValue", ""))


def provider_details(given: dict[str, str] | None) -> ProviderDetails | None:
    """ProviderDetails (a free-form string map in the model), typed; unknown keys are only echoed."""
    if given is None:
        return None
    details = ProviderDetails(**{field: given[key] for key, field in TEXT.items() if given.get(key)},
                              **{field: str(given[key]).lower() == "true" for key, field in FLAGS.items() if key in given})
    if "attributes_request_method" in given:
        details.attributes_request_method = given["attributes_request_method"]
    return details
