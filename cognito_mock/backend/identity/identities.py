"""Identities: find, create, the one login -> identity mapping, linking, unlinking, merging, deleting.

The same login (provider, subject) always maps to the same identity id: ``pool.logins`` and
``pool.developer_users`` are the indexes, kept here in the same step as every change.
"""
from __future__ import annotations

from ...errors import NotAuthorizedException, ResourceNotFoundException
from ..store import Env, RegionState, Store
from ..sync import datasets as sync_data
from . import pools
from .logins import LOGINS_DONT_MATCH, Login
from .models import DEVELOPER_LOGIN, Identity, IdentityPool

UNAUTHENTICATED = "Unauthenticated access is not supported for this identity pool."


def not_found(identity_id: str) -> ResourceNotFoundException:
    return ResourceNotFoundException(f"Identity '{identity_id}' not found.")


def public_pool(store: Store, region: str, pool_id: str) -> tuple[RegionState, IdentityPool]:
    """An identity pool for an unsigned call (GetId...): any account, the caller's region."""
    where = store.index.identity_pools.get(pool_id)
    if where is None or where[1] != region:
        raise pools.not_found(pool_id)
    state = store.region(*where)
    return state, state.identity_pools[pool_id]


def public_identity(store: Store, region: str, identity_id: str) -> tuple[RegionState, IdentityPool, Identity]:
    """An identity for an unsigned call (GetCredentialsForIdentity...): found through the index."""
    where = store.index.identities.get(identity_id)
    if where is None or where[1] != region:
        raise not_found(identity_id)
    state = store.region(where[0], where[1])
    pool = state.identity_pools[where[2]]
    return state, pool, pool.identities[identity_id]


def find(state: RegionState, identity_id: str) -> tuple[IdentityPool, Identity]:
    """An identity of this account and region (signed, administrative calls)."""
    where = state.index.identities.get(identity_id)
    if where is None or where[:2] != (state.account, state.region):
        raise not_found(identity_id)
    pool = state.identity_pools[where[2]]
    return pool, pool.identities[identity_id]


def create(env: Env, state: RegionState, pool: IdentityPool) -> Identity:
    identity_id = f"{state.region}:{env.ids.uuid()}"
    now = env.clock.now_dt()
    identity = Identity(identity_id, pool.id, now, now)
    pool.identities[identity_id] = identity
    state.index.identities[identity_id] = (state.account, state.region, pool.id)
    return identity


def get_id(env: Env, state: RegionState, pool: IdentityPool, logins: list[Login]) -> Identity:
    """GetId: the identity these logins map to (linking new ones, merging if they name several),
    a new identity for new logins, or a new guest when no login is given and guests are allowed."""
    if not logins:
        if not pool.allow_unauthenticated:
            raise NotAuthorizedException(UNAUTHENTICATED)
        return create(env, state, pool)
    owners = [o for o in dict.fromkeys(owner_of(pool, login) for login in logins) if o is not None]
    for login in logins:
        if login.provider == DEVELOPER_LOGIN and login.subject not in pool.identities:
            raise NotAuthorizedException(LOGINS_DONT_MATCH)
    identity = pool.identities[owners[0]] if owners else create(env, state, pool)
    for other in owners[1:]:
        merge(env, state, pool, pool.identities[other], identity)
    link(env, pool, identity, logins)
    return identity


def authorize(pool: IdentityPool, identity: Identity, logins: list[Login]) -> None:
    """Check the logins given for ``identity`` (GetCredentialsForIdentity, GetOpenIdToken...).
    Changes nothing: the caller links the new ones (a guest becomes authenticated) once every
    other check of the call has passed."""
    if identity.disabled:
        raise NotAuthorizedException(f"Access to Identity '{identity.id}' is forbidden.")
    if not logins:
        if identity.authenticated:
            raise NotAuthorizedException(LOGINS_DONT_MATCH)
        if not pool.allow_unauthenticated:
            raise NotAuthorizedException(UNAUTHENTICATED)
        return
    for login in logins:
        owner = owner_of(pool, login)
        linked_elsewhere = owner is not None and owner != identity.id
        provider_taken = owner is None and login.provider in identity.logins
        if linked_elsewhere or provider_taken:
            raise NotAuthorizedException(LOGINS_DONT_MATCH)


def owner_of(pool: IdentityPool, login: Login) -> str | None:
    if login.provider == DEVELOPER_LOGIN:
        return login.subject if login.subject in pool.identities else None
    return pool.logins.get((login.provider, login.subject))


def link(env: Env, pool: IdentityPool, identity: Identity, logins: list[Login]) -> None:
    changed = False
    for login in logins:
        if login.provider == DEVELOPER_LOGIN or (login.provider, login.subject) in pool.logins:
            continue
        pool.logins[(login.provider, login.subject)] = identity.id
        identity.logins[login.provider] = login.subject
        changed = True
    if changed:
        identity.modified = env.clock.now_dt()


def link_developer(env: Env, pool: IdentityPool, identity: Identity, user_id: str) -> None:
    if pool.developer_users.get(user_id) != identity.id:
        pool.developer_users[user_id] = identity.id
        identity.developer_ids.append(user_id)
        identity.modified = env.clock.now_dt()
        identity.disabled = False


def unlink(env: Env, pool: IdentityPool, identity: Identity, providers: list[str]) -> None:
    """UnlinkIdentity: removing the last login makes the identity inaccessible (disabled)."""
    for provider in providers:
        subject = identity.logins.pop(provider, None)
        if subject is not None:
            pool.logins.pop((provider, subject), None)
    _touch(env, identity)


def unlink_developer(env: Env, pool: IdentityPool, identity: Identity, user_id: str) -> None:
    pool.developer_users.pop(user_id, None)
    identity.developer_ids.remove(user_id)
    _touch(env, identity)


def merge(env: Env, state: RegionState, pool: IdentityPool, source: Identity, destination: Identity) -> None:
    """Move every login of ``source`` to ``destination``; ``source`` is gone afterwards. Its
    cognito-sync datasets stay, as merged datasets of ``destination`` (sync/datasets.py)."""
    for provider, subject in source.logins.items():
        pool.logins[(provider, subject)] = destination.id
        destination.logins.setdefault(provider, subject)
    for user_id in source.developer_ids:
        pool.developer_users[user_id] = destination.id
        destination.developer_ids.append(user_id)
    source.logins.clear()
    source.developer_ids.clear()
    sync = state.sync.get(pool.id)
    if sync is not None:
        sync_data.merge_identity(sync, source.id, destination.id)
    delete(state, pool, source)
    destination.modified = env.clock.now_dt()


def delete(state: RegionState, pool: IdentityPool, identity: Identity) -> None:
    """The identity, its logins and its cognito-sync data (datasets, records, devices...)."""
    for provider, subject in identity.logins.items():
        pool.logins.pop((provider, subject), None)
    for user_id in identity.developer_ids:
        pool.developer_users.pop(user_id, None)
    del pool.identities[identity.id]
    state.index.identities.pop(identity.id, None)
    sync = state.sync.get(pool.id)
    if sync is not None:
        sync_data.forget_identity(sync, identity.id)


def listed(pool: IdentityPool, hide_disabled: bool) -> list[Identity]:
    """The pool's identities in id order (the order ListIdentities pages through)."""
    return sorted((i for i in pool.identities.values() if not (hide_disabled and i.disabled)),
                  key=lambda i: i.id)


def _touch(env: Env, identity: Identity) -> None:
    identity.modified = env.clock.now_dt()
    if not identity.authenticated:
        identity.disabled = True
