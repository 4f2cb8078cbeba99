"""Identity-pool entities: slotted dataclasses, no I/O, no AWS field names."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DEVELOPER_LOGIN = "cognito-identity.amazonaws.com"   # the Logins key of developer-authenticated tokens


@dataclass(slots=True)
class UserPoolProvider:
    """One entry of CognitoIdentityProviders."""

    provider_name: str            # cognito-idp.{region}.amazonaws.com/{userPoolId}
    client_id: str
    server_side_token_check: bool = False


@dataclass(slots=True)
class MappingRule:
    claim: str
    match_type: str               # Equals | Contains | StartsWith | NotEqual
    value: str
    role_arn: str


@dataclass(slots=True)
class RoleMapping:
    type: str                     # Token | Rules
    ambiguous_resolution: str | None = None   # AuthenticatedRole | Deny
    rules: list[MappingRule] = field(default_factory=list)


@dataclass(slots=True)
class PrincipalTagMap:
    use_defaults: bool = True
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Identity:
    id: str
    pool_id: str
    created: datetime
    modified: datetime
    logins: dict[str, str] = field(default_factory=dict)     # provider name -> subject at that provider
    developer_ids: list[str] = field(default_factory=list)   # developer user identifiers linked to it
    disabled: bool = False                                    # its last login was unlinked

    @property
    def authenticated(self) -> bool:
        return bool(self.logins or self.developer_ids)


@dataclass(slots=True)
class IdentityPool:
    id: str
    name: str
    arn: str
    allow_unauthenticated: bool
    allow_classic_flow: bool | None = None
    supported_login_providers: dict[str, str] = field(default_factory=dict)
    developer_provider_name: str | None = None
    open_id_connect_provider_arns: list[str] = field(default_factory=list)
    user_pool_providers: list[UserPoolProvider] = field(default_factory=list)
    saml_provider_arns: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)                  # authenticated/unauthenticated -> ARN
    role_mappings: dict[str, RoleMapping] = field(default_factory=dict)  # provider[:client] -> mapping
    principal_tags: dict[str, PrincipalTagMap] = field(default_factory=dict)
    # contents
    identities: dict[str, Identity] = field(default_factory=dict)
    logins: dict[tuple[str, str], str] = field(default_factory=dict)     # (provider, subject) -> identity id
    developer_users: dict[str, str] = field(default_factory=dict)        # developer user id -> identity id


@dataclass(slots=True)
class IssuedCredentials:
    """What one temporary access key stands for (``credentials_info`` answers from this)."""

    access_key_id: str
    secret_key: str
    session_token: str
    expiration: float
    role_arn: str
    identity_id: str
    identity_pool_id: str
    account: str
    region: str
    session_name: str = "CognitoIdentityCredentials"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True, frozen=True)
class IdentityKey:
    kid: str
    private_key: Any
    public_key: Any
    jwk: dict[str, str]
