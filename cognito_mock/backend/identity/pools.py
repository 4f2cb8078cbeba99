"""Identity pool lifecycle: create, update (a full replace, as AWS does), delete, find, tags."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import InvalidParameterException, LimitExceededException, ResourceNotFoundException
from ..store import Env, RegionState
from .models import IdentityPool, UserPoolProvider

MAX_POOLS = 1000   # identity pools per account and region (AWS quota)


@dataclass(slots=True)
class PoolSettings:
    """Every member CreateIdentityPool and UpdateIdentityPool carry, typed."""

    name: str
    allow_unauthenticated: bool
    allow_classic_flow: bool | None = None
    supported_login_providers: dict[str, str] = field(default_factory=dict)
    developer_provider_name: str | None = None
    open_id_connect_provider_arns: list[str] = field(default_factory=list)
    user_pool_providers: list[UserPoolProvider] = field(default_factory=list)
    saml_provider_arns: list[str] = field(default_factory=list)
    tags: dict[str, str] | None = None


def not_found(pool_id: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"IdentityPool '{pool_id}' not found.")


def find(state: RegionState, pool_id: str) -> IdentityPool:
    pool = state.identity_pools.get(pool_id)
    if pool is None:
        raise not_found(pool_id)
    return pool


def find_by_arn(state: RegionState, arn: str) -> IdentityPool:
    prefix = f"arn:aws:cognito-identity:{state.region}:{state.account}:identitypool/"
    pool = state.identity_pools.get(arn[len(prefix):]) if arn.startswith(prefix) else None
    if pool is None:
        raise ResourceNotFoundException(f"Resource '{arn}' not found.")
    return pool


def create(env: Env, state: RegionState, settings: PoolSettings) -> IdentityPool:
    if len(state.identity_pools) >= MAX_POOLS:
        raise LimitExceededException(f"Cannot create more than {MAX_POOLS} identity pools.")
    _check(settings)
    pool_id = env.ids.identity_pool_id(state.region)
    pool = IdentityPool(id=pool_id, name=settings.name,
                        arn=f"arn:aws:cognito-identity:{state.region}:{state.account}:identitypool/{pool_id}",
                        allow_unauthenticated=settings.allow_unauthenticated)
    _apply(pool, settings)
    state.identity_pools[pool_id] = pool
    state.index.identity_pools[pool_id] = (state.account, state.region)
    return pool


def update(pool: IdentityPool, settings: PoolSettings) -> None:
    """Every omitted member goes back to empty, except the developer provider name and tags."""
    _check(settings)
    if (pool.developer_provider_name and settings.developer_provider_name
            and settings.developer_provider_name != pool.developer_provider_name):
        raise InvalidParameterException("Cannot modify the DeveloperProviderName once it is set.")
    if settings.developer_provider_name is None:
        settings.developer_provider_name = pool.developer_provider_name
    pool.name = settings.name
    pool.allow_unauthenticated = settings.allow_unauthenticated
    _apply(pool, settings)


def delete(state: RegionState, pool: IdentityPool) -> None:
    for identity_id in pool.identities:
        state.index.identities.pop(identity_id, None)
    del state.identity_pools[pool.id]
    state.index.identity_pools.pop(pool.id, None)
    state.sync.pop(pool.id, None)


def tag(pool: IdentityPool, tags: dict[str, str]) -> None:
    if len(pool.tags.keys() | tags.keys()) > 50:
        raise InvalidParameterException("Number of tags exceeds the limit of 50.")
    pool.tags.update(tags)


def untag(pool: IdentityPool, keys: list[str]) -> None:
    for key in keys:
        pool.tags.pop(key, None)


def _check(settings: PoolSettings) -> None:
    seen: set[tuple[str, str]] = set()
    for provider in settings.user_pool_providers:
        key = (provider.provider_name, provider.client_id)
        if key in seen:
            raise InvalidParameterException(
                f"Duplicate provider: {provider.provider_name} with client id {provider.client_id}")
        seen.add(key)


def _apply(pool: IdentityPool, s: PoolSettings) -> None:
    pool.allow_classic_flow = s.allow_classic_flow
    pool.supported_login_providers = dict(s.supported_login_providers)
    pool.developer_provider_name = s.developer_provider_name
    pool.open_id_connect_provider_arns = list(s.open_id_connect_provider_arns)
    pool.user_pool_providers = list(s.user_pool_providers)
    pool.saml_provider_arns = list(s.saml_provider_arns)
    if s.tags is not None:
        pool.tags = dict(s.tags)
