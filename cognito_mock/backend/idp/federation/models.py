"""Federation entities: identity providers, the SAML signing certificate, the pool's federation state."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..concept_state import ConceptState
from .saml import SamlMetadata

if TYPE_CHECKING:
    from ..users.user_models import User


@dataclass(slots=True)
class ProviderDetails:
    """An identity provider's ProviderDetails, typed (api/idp/federation/parse.py), with the members
    AWS derives filled in (providers.complete). Which apply depends on the provider's type."""

    client_id: str = ""                   # OAuth/OIDC providers
    client_secret: str = ""
    authorize_scopes: str = ""            # as given: space- (or, Facebook, comma-) separated
    team_id: str = ""                     # Sign in with Apple: the developer's team, key id and ES256 key (PEM)
    key_id: str = ""
    private_key: str = ""
    api_version: str = ""                 # Facebook's Graph API version
    oidc_issuer: str = ""                 # OIDC (Google's and Apple's are derived)
    attributes_request_method: str = "GET"
    authorize_url: str = ""               # given (OIDC) or derived (social); else from the issuer's discovery
    token_url: str = ""
    attributes_url: str = ""
    jwks_uri: str = ""
    metadata_file: str = ""               # SAML: the metadata document, or where to fetch it
    metadata_url: str = ""
    metadata: SamlMetadata | None = None  # the MetadataFile, parsed
    idp_signout: bool = False             # IDPSignout: single logout through the IdP
    idp_init: bool = False                # IDPInit: IdP-initiated sign-in accepted
    request_signing_algorithm: str = ""   # RequestSigningAlgorithm: "rsa-sha256" signs AuthnRequests
    encrypted_responses: bool = False     # EncryptedResponses: the IdP encrypts its assertions


@dataclass(slots=True)
class IdentityProvider:
    name: str
    type: str                             # SAML, OIDC, Facebook, Google, SignInWithApple, LoginWithAmazon
    details: ProviderDetails
    echo: dict[str, str]                  # ProviderDetails as given, with the derived members AWS adds (Describe)
    attribute_mapping: dict[str, str]
    identifiers: list[str]
    created: datetime
    modified: datetime
    acr_mapping: dict[str, str] = field(default_factory=dict)   # "Level1".."Level4" -> the IdP's ACR value (OIDC)
    encryption: SigningCertificate | None = None    # SAML EncryptedResponses: its key pair, made when first asked for


@dataclass(slots=True, frozen=True)
class ProviderUser:
    """A user named by an identity provider (AWS's ProviderUserIdentifierType): ``Cognito`` and a
    username, or a provider, the attribute it is matched on (None: the subject) and its value."""

    provider_name: str
    attribute_name: str | None
    value: str


@dataclass(slots=True)
class SigningCertificate:
    pem: str                              # the X.509 certificate, PEM
    private_key: Any                      # cryptography RSAPrivateKey


@dataclass(slots=True)
class FederationState(ConceptState):
    """A pool's identity providers (providers.py), the links of external identities to its users
    (federation.py) and its SAML signing certificate (certificates.py)."""

    identity_providers: dict[str, IdentityProvider] = field(default_factory=dict)   # name -> IdentityProvider
    idp_identifiers: dict[str, str] = field(default_factory=dict)     # IdpIdentifier -> provider name
    federated_links: dict[str, str] = field(default_factory=dict)     # federated_key(...) -> linked user key
    saml_certificate: SigningCertificate | None = None                # made on first use

    def forget_user(self, key: str, user: User) -> None:
        for identity in user.identities:
            if not identity.primary:
                self.federated_links.pop(federated_key(identity.provider_name, identity.attribute_name,
                                                       identity.user_id), None)


def federated_key(provider_name: str, attribute_name: str, value: str) -> str:
    """The key of ``FederationState.federated_links``: an external identity linked to a user (federation.py)."""
    return f"{provider_name}\0{attribute_name}\0{value}"
