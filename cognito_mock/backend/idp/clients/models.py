"""App client entities: clients, secrets, token validity, dynamic client registration, CIMD policies."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from ..concept_state import ConceptState

if TYPE_CHECKING:
    from ...store import Indexes


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


class TimeUnit(StrEnum):
    SECONDS = "seconds"
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"

    @property
    def seconds(self) -> int:
        return {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}[self.value]


@dataclass(slots=True)
class TokenValidity:
    value: int
    unit: TimeUnit

    @property
    def seconds(self) -> int:
        return self.value * self.unit.seconds


@dataclass(slots=True)
class ClientSecret:
    """One of an app client's (at most two) secrets; ``AppClient.secret`` is the first of them."""

    id: str                       # "<client id>--<epoch ms of creation>"
    value: str
    created: datetime
    generated: bool = True        # False when the caller supplied the value


@dataclass(slots=True)
class AppClient:
    id: str
    pool_id: str
    name: str
    secret: str | None
    created: datetime
    modified: datetime
    explicit_auth_flows: list[str]
    refresh_validity: TokenValidity
    access_validity: TokenValidity
    id_validity: TokenValidity
    read_attributes: list[str] = field(default_factory=list)
    write_attributes: list[str] = field(default_factory=list)
    prevent_user_existence_errors: str = "LEGACY"
    enable_token_revocation: bool = True
    propagate_user_context: bool = False
    auth_session_validity_minutes: int = 3
    # OAuth 2.0 (hosted UI / web endpoints)
    oauth_enabled: bool = False                   # AllowedOAuthFlowsUserPoolClient
    oauth_flows: list[str] = field(default_factory=list)          # code, implicit, client_credentials
    oauth_scopes: list[str] = field(default_factory=list)
    callback_urls: list[str] = field(default_factory=list)
    logout_urls: list[str] = field(default_factory=list)
    default_redirect_uri: str | None = None
    identity_providers: list[str] = field(default_factory=list)   # SupportedIdentityProviders
    refresh_rotation: bool = False                # RefreshTokenRotation.Feature == ENABLED
    refresh_retry_grace_seconds: int = 0
    secrets: list[ClientSecret] = field(default_factory=list)
    echo: dict[str, Any] = field(default_factory=dict)   # AnalyticsConfiguration, as given
    sso_session_max_minutes: int = 60             # SetUserPoolClientSessionConfiguration (sessions_config.py)
    secret_arn: str | None = None                 # PublishSecretsInAWSSecretsManager (managed_secrets.py)
    secret_rotated: datetime | None = None        # the last Secrets Manager rotation


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
class ClientsState(ConceptState):
    """A pool's app clients (clients.py) and CIMD policies (cimd.py)."""

    by_id: dict[str, AppClient] = field(default_factory=dict)             # client id -> AppClient
    cimd_policies: dict[str, CIMDPolicy] = field(default_factory=dict)   # policy id -> CIMDPolicy, by creation

    def forget_provider(self, name: str) -> None:
        """A deleted identity provider leaves every client's SupportedIdentityProviders (AWS does not
        refuse the delete: no conflict error is modelled for it)."""
        for client in self.by_id.values():
            if name in client.identity_providers:
                client.identity_providers = [p for p in client.identity_providers if p != name]

    def forget_client(self, index: Indexes, client_id: str) -> None:
        client = self.by_id.pop(client_id, None)
        index.clients.pop(client_id, None)
        if client is not None:
            index.managed_secrets.pop(client.secret_arn or "", None)   # its Secrets Manager secret goes too
        for policy in self.cimd_policies.values():    # a CIMD policy outlives its app client, without it (cimd.py)
            if policy.client_id == client_id:
                policy.client_id = None

    def forget_pool(self, index: Indexes, region: str) -> None:
        for client_id, client in self.by_id.items():
            index.clients.pop(client_id, None)
            index.managed_secrets.pop(client.secret_arn or "", None)
