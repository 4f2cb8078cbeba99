"""The user pool: its own settings, its users and their indexes, and one state object per concept
(``ClientsState``, ``AuthState``, ``BrandingState``..., each defined in its concept's models.py, made
with the pool and asked to forget a deleted client or pool through ``concept_state.ConceptState``).
Users' entities live in users/user_models.py and are re-exported here. Slotted dataclasses and
StrEnums; no I/O, no AWS names.

Every setting domain code reads is a typed field, parsed from the request in api/idp/pools/parse.py.
``UserPool.echo`` keeps the Create/UpdateUserPool members in the shape the API gave them, only so
DescribeUserPool can return them as given: no backend code reads it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from .auth.models import AuthState
from .branding.models import BrandingState
from .clients.models import ClientsState, DcrConfig
from .federation.models import FederationState
from .groups.models import GroupsState
from .oauth.models import OAuthState
from .security.models import SecurityState
from .sessions.models import SessionsState
from .users.user_models import (  # noqa: F401  (re-exported: users' entities are importable from here)
    SortedIndex,
    Device, IssuedCode, LinkedIdentity, Passkey, PasskeyRegistration, User, UserImportJob, UserMfa, UserSession,
    UserStatus)


if TYPE_CHECKING:
    from ..store import Indexes

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
class TriggerConfig:
    """LambdaConfig: the function each trigger runs (a versioned trigger's LambdaArn wins over its
    plain member) and the LambdaVersion of the versioned ones (PreTokenGeneration...)."""

    functions: dict[str, str] = field(default_factory=dict)   # trigger name (PreSignUp...) -> function ARN
    versions: dict[str, str] = field(default_factory=dict)    # trigger name -> LambdaVersion, where given
    kms_key_id: str | None = None       # KMSKeyID: the key custom sender triggers' codes are encrypted under


@dataclass(slots=True)
class MessageTemplates:
    """VerificationMessageTemplate (with the legacy top-level members) and InviteMessageTemplate;
    None: the emulator's default text."""

    code_email: str | None = None
    code_email_subject: str | None = None
    code_sms: str | None = None
    invite_email: str | None = None
    invite_email_subject: str | None = None
    invite_sms: str | None = None


@dataclass(slots=True)
class RecoveryMechanism:
    """One of AccountRecoverySetting's mechanisms: verified_email, verified_phone_number, admin_only."""

    name: str
    priority: int


@dataclass(slots=True)
class EmailSending:
    """EmailConfiguration: Cognito's own sender, or the developer's SES identity."""

    developer: bool = False
    source_arn: str | None = None


@dataclass(slots=True)
class DeviceTracking:
    """DeviceConfiguration: a pool that has one tracks devices."""

    remembered_on_user_prompt: bool = False     # DeviceOnlyRememberedOnUserPrompt


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
    dcr: DcrConfig | None = None                     # dynamic client registration; None: not configured
    key_config: KeyConfig | None = None              # None: AWS-owned key
    issuer_type: str = "ORIGINAL"                    # ORIGINAL or UPDATED issuer URL (stored, see pools.py)
    acr_names: dict[int, str] = field(default_factory=dict)   # ACR level (1-4) -> custom name
    triggers: TriggerConfig = field(default_factory=TriggerConfig)        # LambdaConfig
    messages: MessageTemplates = field(default_factory=MessageTemplates)  # verification and invitation texts
    recovery_mechanisms: list[RecoveryMechanism] = field(default_factory=list)   # empty: phone, then email
    email_sending: EmailSending = field(default_factory=EmailSending)
    device_tracking: DeviceTracking | None = None                         # None: devices are not tracked
    verify_before_update: list[str] = field(default_factory=list)         # attributes kept until verified
    echo: dict[str, Any] = field(default_factory=dict)   # AWS-shaped members, as given, for DescribeUserPool only
    # users and their indexes (users/)
    users: dict[str, User] = field(default_factory=dict)             # user key -> User
    aliases: dict[str, str] = field(default_factory=dict)          # "email\0value" -> user key (users.py)
    search: dict[str, SortedIndex] = field(default_factory=dict)  # attr -> (value, user key) pairs in order
    devices: dict[str, str] = field(default_factory=dict)          # device key -> user key
    import_jobs: dict[str, UserImportJob] = field(default_factory=dict)   # job id -> UserImportJob (user_import.py)
    # the pool's own (pools/)
    domain: str | None = None                                      # prefix domain (its record: oauth.domains)
    custom_domain: str | None = None
    replicas: dict[str, PoolReplica] = field(default_factory=dict)  # region -> PoolReplica (replicas.py)
    recovery: Any = None                                           # PoolHistory (point_in_time_history.py)
    # one slice per concept, made and forgotten by that concept (see forget.py)
    clients: ClientsState = field(default_factory=ClientsState)
    groups: GroupsState = field(default_factory=GroupsState)
    auth: AuthState = field(default_factory=AuthState)
    sessions: SessionsState = field(default_factory=SessionsState)
    oauth: OAuthState = field(default_factory=OAuthState)
    federation: FederationState = field(default_factory=FederationState)
    security: SecurityState = field(default_factory=SecurityState)
    branding: BrandingState = field(default_factory=BrandingState)

    CONCEPTS: ClassVar[tuple[str, ...]] = ("clients", "groups", "auth", "sessions", "oauth", "federation",
                                           "security", "branding")

    def forget_client(self, index: Indexes, client_id: str) -> None:
        """App client ``client_id`` is deleted: every concept drops what it kept for it."""
        for name in self.CONCEPTS:
            getattr(self, name).forget_client(index, client_id)

    def forget_user(self, key: str, user: User) -> None:
        """``user`` (stored under ``key``) is deleted: every concept drops what it kept for them."""
        for name in self.CONCEPTS:
            getattr(self, name).forget_user(key, user)

    def forget_provider(self, name: str) -> None:
        """Identity provider ``name`` is deleted: every concept drops what it kept for it."""
        for concept in self.CONCEPTS:
            getattr(self, concept).forget_provider(name)

    def forget(self, index: Indexes) -> None:
        """The pool is deleted: it and every concept's entries leave the global indexes."""
        index.user_pools.pop(self.id, None)
        region = self.id.split("_", 1)[0]
        for name in self.CONCEPTS:
            getattr(self, name).forget_pool(index, region)

    def user_key(self, username: str) -> str:
        """The key users are stored under: case-folded unless the pool is case sensitive."""
        if self.username_case_sensitive in (None, True):
            return username
        folded = username.lower()
        return username if folded == username else folded     # no copy of a name already in lower case


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
