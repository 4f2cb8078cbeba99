"""Developer-authenticated identities: the backend links its own user identifiers to identities."""
from __future__ import annotations

from ...errors import (DeveloperUserAlreadyRegisteredException, InvalidParameterException,
                       ResourceConflictException, ResourceNotFoundException)
from ..store import Env, RegionState
from . import identities
from .logins import Login
from .models import Identity, IdentityPool

ALREADY_REGISTERED = "The developer user identifier is already registered with another identity ID."
NOT_LINKED = "The developer user identifier is not linked to this identity."


def check_provider(pool: IdentityPool, provider_name: str | None) -> str:
    if not pool.developer_provider_name or provider_name != pool.developer_provider_name:
        raise InvalidParameterException("Developer provider name is not valid for this identity pool.")
    return provider_name


def in_pool(pool: IdentityPool, identity_id: str) -> Identity:
    identity = pool.identities.get(identity_id)
    if identity is None:
        raise identities.not_found(identity_id)
    return identity


def open_id_identity(env: Env, state: RegionState, pool: IdentityPool, identity_id: str | None,
                     user_id: str, logins: list[Login]) -> Identity:
    """GetOpenIdTokenForDeveloperIdentity: the identity ``user_id`` is (or becomes) linked to."""
    registered = pool.developer_users.get(user_id)
    identity = in_pool(pool, identity_id) if identity_id else None
    if identity is not None and registered and registered != identity.id:
        raise DeveloperUserAlreadyRegisteredException(ALREADY_REGISTERED)
    if identity is None and registered:
        identity = pool.identities[registered]
    for login in logins:
        owner = identities.owner_of(pool, login)
        if owner is not None and identity is not None and owner != identity.id:
            raise ResourceConflictException("The provided logins are linked to a different identity.")
        if owner is not None and identity is None:
            identity = pool.identities[owner]
    if identity is None:
        identity = identities.create(env, state, pool)
    identities.link_developer(env, pool, identity, user_id)
    identities.link(env, pool, identity, logins)
    return identity


def lookup(pool: IdentityPool, identity_id: str | None, user_id: str | None) -> Identity:
    if not identity_id and not user_id:
        raise InvalidParameterException("Either IdentityId or DeveloperUserIdentifier must be specified.")
    if user_id:
        owner = pool.developer_users.get(user_id)
        if owner is None:
            raise ResourceNotFoundException(f"DeveloperUserIdentifier '{user_id}' not found.")
        if identity_id and identity_id != owner:
            raise ResourceConflictException("The DeveloperUserIdentifier is linked to a different identity.")
        return pool.identities[owner]
    return in_pool(pool, identity_id or "")


def merge(env: Env, state: RegionState, pool: IdentityPool, source_user: str, destination_user: str) -> Identity:
    source_id = pool.developer_users.get(source_user)
    destination_id = pool.developer_users.get(destination_user)
    if source_id is None:
        raise ResourceNotFoundException(f"DeveloperUserIdentifier '{source_user}' not found.")
    if destination_id is None:
        raise ResourceNotFoundException(f"DeveloperUserIdentifier '{destination_user}' not found.")
    destination = pool.identities[destination_id]
    if source_id != destination_id:
        identities.merge(env, state, pool, pool.identities[source_id], destination)
    return destination


def unlink(env: Env, pool: IdentityPool, identity: Identity, user_id: str) -> None:
    if pool.developer_users.get(user_id) != identity.id:
        raise ResourceNotFoundException(NOT_LINKED)
    identities.unlink_developer(env, pool, identity, user_id)
