"""OAuth 2.0 entities: domains, resource servers and scopes, authorization codes, the pool's OAuth state."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ..concept_state import ConceptState

if TYPE_CHECKING:
    from ...store import Indexes


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


def host_of(name: str, custom: bool, region: str) -> str:
    """A domain's key in the global domain index: its host. A prefix is unique within its region
    only (the region is part of the host, ``{prefix}.auth.{region}.amazoncognito.com``); a custom
    domain is its own host."""
    return name if custom else f"{name}.auth.{region}.amazoncognito.com"


@dataclass(slots=True)
class AuthorizationCode:
    """An /oauth2/authorize code (oauth.py): random, single use, bound to its client, redirect URI,
    scopes, nonce and PKCE challenge; it stands for one sign-in (its refresh token)."""

    code: str
    pool_id: str
    client_id: str
    username: str
    redirect_uri: str
    scopes: list[str]
    refresh_token: str                      # of the sign-in the code stands for
    expires_at: float
    nonce: str | None = None
    code_challenge: str | None = None
    code_challenge_method: str | None = None


@dataclass(slots=True)
class OAuthState(ConceptState):
    """A pool's OAuth 2.0 state: its domains (domains.py; the pool keeps the names it shows) and
    resource servers (resource_servers.py); the authorization server's live codes, the scopes each
    hosted sign-in was granted (refresh grants keep them) and the secret that signs the hosted UI's
    session cookie (oauth.py)."""

    domains: dict[str, PoolDomain] = field(default_factory=dict)                 # domain name -> PoolDomain
    resource_servers: dict[str, ResourceServer] = field(default_factory=dict)    # identifier -> ResourceServer
    codes: dict[str, AuthorizationCode] = field(default_factory=dict)   # code -> AuthorizationCode
    granted: dict[str, list[str]] = field(default_factory=dict)         # origin_jti -> scopes of that sign-in
    cookie_secret: bytes = b""                                          # made on first use

    def forget_client(self, index: Indexes, client_id: str) -> None:
        for code in [c for c, issued in self.codes.items() if issued.client_id == client_id]:
            del self.codes[code]

    def forget_pool(self, index: Indexes, region: str) -> None:
        for domain in self.domains.values():
            index.domains.pop(host_of(domain.name, domain.custom, region), None)
