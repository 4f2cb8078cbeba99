"""Federation entities: identity providers, the SAML signing certificate, the pool's federation state."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..concept_state import ConceptState

if TYPE_CHECKING:
    from ..users.user_models import User


@dataclass(slots=True)
class IdentityProvider:
    name: str
    type: str                             # SAML, OIDC, Facebook, Google, SignInWithApple, LoginWithAmazon
    details: dict[str, str]               # ProviderDetails, with the derived members AWS adds
    attribute_mapping: dict[str, str]
    identifiers: list[str]
    created: datetime
    modified: datetime
    acr_mapping: dict[str, str] = field(default_factory=dict)   # "Level1".."Level4" -> the IdP's ACR value (OIDC)


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
