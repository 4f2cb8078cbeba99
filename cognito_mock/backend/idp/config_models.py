"""Entities of a user pool's configuration surface: domains, resource servers, identity
providers, UI customization, managed login branding, terms, risk configuration, log delivery,
the SAML signing certificate, session configuration, replicas. Slotted dataclasses; no I/O, no
AWS field names.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(slots=True)
class PoolDomain:
    name: str
    pool_id: str
    account: str
    custom: bool
    cloudfront: str                       # the distribution a DNS alias points at
    managed_login_version: int = 1
    certificate_arn: str | None = None    # custom domains only
    created: datetime | None = None
    security_policy: str | None = None    # custom domains only: the minimum TLS policy; None: not set
    failover: "DomainFailover | None" = None   # custom domains of a replicated pool only


@dataclass(slots=True)
class DomainFailover:
    """Routing of a custom domain: the secondary Region traffic fails over to, by health check."""

    secondary_region: str
    health_check_id: str


@dataclass(slots=True)
class Scope:
    name: str
    description: str


@dataclass(slots=True)
class ResourceServer:
    identifier: str
    name: str
    scopes: list[Scope] = field(default_factory=list)


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


@dataclass(slots=True)
class UICustomization:
    client_id: str                        # "ALL" for the pool-wide customization
    css: str | None
    image: bytes | None
    created: datetime
    modified: datetime
    css_version: str = ""


@dataclass(slots=True)
class BrandingAsset:
    category: str
    color_mode: str
    extension: str
    data: bytes | None = None
    resource_id: str | None = None


@dataclass(slots=True)
class ManagedLoginBranding:
    id: str
    client_id: str
    use_cognito_provided_values: bool
    settings: Any                         # the settings document, as given
    assets: list[BrandingAsset]
    created: datetime
    modified: datetime


@dataclass(slots=True)
class Terms:
    id: str
    name: str
    client_id: str
    enforcement: str
    links: dict[str, str]
    source: str
    created: datetime
    modified: datetime


@dataclass(slots=True)
class RiskConfiguration:
    client_id: str | None                 # None: the pool-wide configuration
    compromised_credentials: dict[str, Any] | None
    account_takeover: dict[str, Any] | None
    ip_ranges: dict[str, Any] | None
    modified: datetime


@dataclass(slots=True)
class LogDeliveryTarget:
    event_source: str                     # userNotification, userAuthEvents
    log_level: str                        # ERROR, INFO
    destination: str                      # cloudwatch, s3, firehose
    arn: str


@dataclass(slots=True)
class SigningCertificate:
    pem: str                              # the X.509 certificate, PEM
    private_key: Any                      # cryptography RSAPrivateKey


@dataclass(slots=True)
class SessionConfig:
    """SetUserPoolSessionConfiguration: server-side session tracking and the token sessions a
    user may hold. A pool that never set it has these defaults."""

    tracking: bool = False                # UserSessionTracking ENABLED / DISABLED
    max_per_user: int = 20                # TokenSession.MaxPerUser


@dataclass(slots=True)
class PoolReplica:
    """A secondary replica of a user pool (multi-Region replication). The primary is the pool itself."""

    region: str
    arn: str
    active: bool                          # ACTIVE, else INACTIVE
    tags: dict[str, str]
    created: datetime
    primary: bool = False                 # the pool itself, as ListUserPoolReplicas shows it


@dataclass(slots=True)
class DcrConfig:
    """Dynamic client registration (the pool's registration endpoint). A grant-type or scope list
    left as None was not set: the registration endpoint then applies AWS's documented defaults."""

    enabled: bool = True                  # EnableStatus; a configuration given without it turns DCR on
    open_enabled: bool = False            # registration without an initial access token
    authenticated_grant_types: list[str] | None = None   # None: code and client_credentials
    open_grant_types: list[str] | None = None            # None: code only
    allowed_scopes: list[str] | None = None              # None: the OIDC scopes only


@dataclass(slots=True)
class KeyConfig:
    """The KMS key that encrypts the pool's data: AWS-owned unless a customer-managed key is given."""

    customer_managed: bool = False
    kms_key_arn: str | None = None

    @property
    def multi_region(self) -> bool:
        """Multi-Region KMS keys have ids starting with ``mrk-``."""
        return not self.customer_managed or (self.kms_key_arn or "").rpartition("/")[2].startswith("mrk-")


def host_of(name: str, custom: bool, region: str) -> str:
    """A domain's key in the global domain index: its host. A prefix is unique within its region
    only (the region is part of the host, ``{prefix}.auth.{region}.amazoncognito.com``); a custom
    domain is its own host."""
    return name if custom else f"{name}.auth.{region}.amazoncognito.com"


@dataclass(slots=True)
class ClientMetadataURL:
    """A client ID metadata document URL a CIMD policy received at /oauth2/authorize, with the
    document cached for it (None once invalidated, or when retrieving it failed)."""

    url: str
    document: dict[str, Any] | None = None    # the checked metadata document
    cached: datetime | None = None
    expires: datetime | None = None


@dataclass(slots=True)
class CIMDPolicy:
    """A Client ID Metadata Document policy: HTTPS URL patterns whose clients the app client stands for."""

    id: str
    client_id: str | None                 # None once the app client is deleted (AWS then omits ClientId)
    name: str
    cache_seconds: int
    url_patterns: list[str]
    created: datetime
    modified: datetime
    urls: dict[str, ClientMetadataURL] = field(default_factory=dict)   # URL -> its cache entry
