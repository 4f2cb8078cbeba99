"""Resource servers: an identifier and the custom scopes app clients may be granted."""
from __future__ import annotations

from ....errors import InvalidParameterException, LimitExceededException, ResourceNotFoundException
from ..models import UserPool
from .models import ResourceServer, Scope

MAX_SERVERS = 25


def find(pool: UserPool, identifier: str) -> ResourceServer:
    server = pool.oauth.resource_servers.get(identifier)
    if server is None:
        raise ResourceNotFoundException(f"Resource server {identifier} does not exist.")
    return server


def check_scopes(scopes: list[Scope]) -> list[Scope]:
    names = [s.name for s in scopes]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate is not None:
        raise InvalidParameterException(f"Duplicate scope names are not allowed: {duplicate}")
    return scopes


def create(pool: UserPool, identifier: str, name: str, scopes: list[Scope]) -> ResourceServer:
    if identifier in pool.oauth.resource_servers:
        raise InvalidParameterException(f"{identifier} already exists in user pool {pool.id}.")
    if len(pool.oauth.resource_servers) >= MAX_SERVERS:
        raise LimitExceededException(f"The user pool already has the maximum of {MAX_SERVERS} resource servers.")
    server = ResourceServer(identifier, name, check_scopes(scopes))
    pool.oauth.resource_servers[identifier] = server
    return server


def update(server: ResourceServer, name: str, scopes: list[Scope]) -> None:
    """UpdateResourceServer replaces the name and the whole scope list (omitted: no scopes)."""
    check_scopes(scopes)
    server.name, server.scopes = name, scopes


def delete(pool: UserPool, server: ResourceServer) -> None:
    del pool.oauth.resource_servers[server.identifier]


def ordered(pool: UserPool) -> list[ResourceServer]:
    return sorted(pool.oauth.resource_servers.values(), key=lambda s: s.identifier)
