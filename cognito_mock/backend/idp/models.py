"""User-pool entities: slotted dataclasses and StrEnums. No I/O, no JSON, no AWS field names.

Configuration that no domain code reads yet (LambdaConfig, EmailConfiguration, message templates,
...) is kept in ``UserPool.echo`` in the shape the API gave it, so DescribeUserPool can return it.
When a domain starts reading one of those, it gets a typed field here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class UserStatus(StrEnum):
    UNCONFIRMED = "UNCONFIRMED"
    CONFIRMED = "CONFIRMED"
    FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
    RESET_REQUIRED = "RESET_REQUIRED"
    EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER"


class DataType(StrEnum):
    STRING = "String"
    NUMBER = "Number"
    DATETIME = "DateTime"
    BOOLEAN = "Boolean"


class TimeUnit(StrEnum):
    SECONDS = "seconds"
    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"

    @property
    def seconds(self) -> int:
        return {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}[self.value]


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
class SigningKey:
    kid: str
    private_key: Any               # cryptography RSAPrivateKey
    public_key: Any                # cryptography RSAPublicKey
    jwk: dict[str, str]            # the public JWK (kty, alg, use, kid, n, e)
    header: str                    # the base64url JWT header every token of this key carries


@dataclass(slots=True)
class TokenValidity:
    value: int
    unit: TimeUnit

    @property
    def seconds(self) -> int:
        return self.value * self.unit.seconds


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
    echo: dict[str, Any] = field(default_factory=dict)   # OAuth and analytics settings, as given


@dataclass(slots=True)
class User:
    username: str
    sub: str
    attributes: dict[str, str]
    status: UserStatus
    created: datetime
    modified: datetime
    enabled: bool = True
    password_salt: bytes = b""
    password_hash: bytes = b""
    password_set_at: float = 0.0


@dataclass(slots=True)
class RefreshGrant:
    """What a refresh token stands for: who, for which client, from which sign-in."""

    username: str
    client_id: str
    origin_jti: str
    event_id: str
    auth_time: int
    expires_at: float


@dataclass(slots=True)
class AuthSession:
    """An open challenge: the opaque Session string maps to one of these."""

    username: str
    client_id: str
    challenge: str
    expires_at: float


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
    echo: dict[str, Any] = field(default_factory=dict)   # AWS-shaped settings no domain reads yet
    # contents
    clients: dict[str, AppClient] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)             # user key -> User
    refresh_tokens: dict[str, RefreshGrant] = field(default_factory=dict)
    sessions: dict[str, AuthSession] = field(default_factory=dict)
    revoked_origins: set[str] = field(default_factory=set)         # origin_jti of revoked sign-ins
    signing_key: SigningKey | None = None                          # made on first use (keys.py)

    def user_key(self, username: str) -> str:
        """The key users are stored under: case-folded unless the pool is case sensitive."""
        return username if self.username_case_sensitive in (None, True) else username.lower()
