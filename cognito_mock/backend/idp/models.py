"""User-pool entities (the pool, its clients, schema, groups; users and their sign-in state live in
user_models.py and are re-exported here): slotted dataclasses and StrEnums. No I/O, no AWS names.

Configuration that no domain code reads yet (LambdaConfig, EmailConfiguration, message templates,
...) is kept in ``UserPool.echo`` in the shape the API gave it, so DescribeUserPool can return it.
When a domain starts reading one of those, it gets a typed field here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .auth.models import AuthSession, RefreshGrant, SigningKey
from .clients.models import AppClient
from .groups.models import Group
from .oauth.models import OAuthState
from .users.user_models import (Device, IssuedCode, LinkedIdentity, Passkey, PasskeyRegistration, User, UserMfa,
                                UserSession, UserStatus)


class DataType(StrEnum):
    STRING = "String"
    NUMBER = "Number"
    DATETIME = "DateTime"
    BOOLEAN = "Boolean"


@dataclass(slots=True)
class PasswordPolicy:
    minimum_length: int = 8
    require_uppercase: bool = True
    require_lowercase: bool = True
    require_numbers: bool = True
    require_symbols: bool = True
    temporary_password_validity_days: int = 7
    password_history_size: int | None = None


@dataclass(slots=True)
class SchemaAttribute:
    name: str                      # full name: "email", "custom:team", "dev:custom:x"
    data_type: DataType
    mutable: bool = True
    required: bool = False
    developer_only: bool = False
    min_length: str | None = None  # AWS keeps the constraints as strings
    max_length: str | None = None
    min_value: str | None = None
    max_value: str | None = None
    custom: bool = False


@dataclass(slots=True)
class MfaConfig:
    """The pool's MFA factors (Create/UpdateUserPool, SetUserPoolMfaConfig)."""

    sms_enabled: bool = False
    sms_message: str | None = None          # SmsAuthenticationMessage
    software_token_enabled: bool = False
    email_enabled: bool = False
    email_message: str | None = None
    email_subject: str | None = None
    webauthn_relying_party_id: str | None = None
    webauthn_user_verification: str = "preferred"
    webauthn_factor: str = "SINGLE_FACTOR"


@dataclass(slots=True)
class UserPool:
    id: str
    name: str
    arn: str
    created: datetime
    modified: datetime
    password_policy: PasswordPolicy
    first_auth_factors: list[str]
    schema: dict[str, SchemaAttribute]
    deletion_protection: str = "INACTIVE"
    mfa_configuration: str = "OFF"
    tier: str = "ESSENTIALS"
    auto_verified_attributes: list[str] = field(default_factory=list)
    alias_attributes: list[str] = field(default_factory=list)
    username_attributes: list[str] = field(default_factory=list)
    username_case_sensitive: bool | None = None    # None: not configured (case sensitive)
    admin_create_user_only: bool = False
    unused_account_validity_days: int = 7
    tags: dict[str, str] = field(default_factory=dict)
    mfa: MfaConfig = field(default_factory=MfaConfig)
    advanced_security_mode: str = "OFF"              # UserPoolAddOns (threat protection)
    advanced_security_custom_auth: str | None = None  # UserPoolAddOns.AdvancedSecurityAdditionalFlows
    dcr: Any = None                                  # config_models.DcrConfig; None: not configured
    key_config: Any = None                           # config_models.KeyConfig; None: AWS-owned key
    issuer_type: str = "ORIGINAL"                    # ORIGINAL or UPDATED issuer URL (stored, see pools.py)
    acr_names: dict[int, str] = field(default_factory=dict)   # ACR level (1-4) -> custom name
    echo: dict[str, Any] = field(default_factory=dict)   # AWS-shaped settings no domain reads yet
    # contents
    clients: dict[str, AppClient] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)             # user key -> User
    refresh_tokens: dict[str, RefreshGrant] = field(default_factory=dict)
    sessions: dict[str, AuthSession] = field(default_factory=dict)
    revoked_origins: set[str] = field(default_factory=set)         # origin_jti of revoked sign-ins
    groups: dict[str, Group] = field(default_factory=dict)         # group name -> Group
    group_members: dict[str, list[str]] = field(default_factory=dict)   # group name -> sorted user keys
    aliases: dict[str, str] = field(default_factory=dict)          # "email\0value" -> user key (users.py)
    subs: dict[str, str] = field(default_factory=dict)             # sub -> user key
    search: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # attr -> sorted (value, user key)
    devices: dict[str, str] = field(default_factory=dict)          # device key -> user key
    federated_links: dict[str, str] = field(default_factory=dict)  # users.federated_key(...) -> linked user key
    signing_key: SigningKey | None = None                          # made on first use (keys.py)
    oauth: OAuthState = field(default_factory=OAuthState)          # codes, granted scopes, cookie secret (oauth.py)
    # configuration surface (entities in config_models.py)
    domain: str | None = None                                      # prefix domain
    custom_domain: str | None = None
    domain_records: dict[str, Any] = field(default_factory=dict)      # domain name -> PoolDomain
    resource_servers: dict[str, Any] = field(default_factory=dict)    # identifier -> ResourceServer
    identity_providers: dict[str, Any] = field(default_factory=dict)  # name -> IdentityProvider
    idp_identifiers: dict[str, str] = field(default_factory=dict)     # IdpIdentifier -> provider name
    ui_customizations: dict[str, Any] = field(default_factory=dict)   # client id or "ALL" -> UICustomization
    brandings: dict[str, Any] = field(default_factory=dict)           # branding id -> ManagedLoginBranding
    branding_by_client: dict[str, str] = field(default_factory=dict)  # client id -> branding id
    terms: dict[str, Any] = field(default_factory=dict)               # terms id -> Terms
    terms_by_client: dict[str, str] = field(default_factory=dict)     # terms.client_key(...) -> terms id
    risk_configurations: dict[str, Any] = field(default_factory=dict)  # client id or "" -> RiskConfiguration
    log_delivery: list[Any] = field(default_factory=list)             # LogDeliveryTarget
    saml_certificate: Any = None                                      # SigningCertificate, made on first use
    session_config: Any = None                                        # SessionConfig; None: never set (defaults)
    replicas: dict[str, Any] = field(default_factory=dict)            # region -> PoolReplica (replicas.py)
    import_jobs: dict[str, Any] = field(default_factory=dict)         # job id -> UserImportJob (user_import.py)
    cimd_policies: dict[str, Any] = field(default_factory=dict)       # policy id -> CIMDPolicy, by creation (cimd.py)
    compromised_passwords: set[str] = field(default_factory=set)      # test hook: SHA-256 of "breached" passwords (adaptive.py)
    recovery: Any = None                                              # PoolHistory (point_in_time_history.py)

    def user_key(self, username: str) -> str:
        """The key users are stored under: case-folded unless the pool is case sensitive."""
        return username if self.username_case_sensitive in (None, True) else username.lower()


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
class KeyConfig:
    """The KMS key that encrypts the pool's data: AWS-owned unless a customer-managed key is given."""

    customer_managed: bool = False
    kms_key_arn: str | None = None

    @property
    def multi_region(self) -> bool:
        """Multi-Region KMS keys have ids starting with ``mrk-``."""
        return not self.customer_managed or (self.kms_key_arn or "").rpartition("/")[2].startswith("mrk-")
