"""Multi-Region replication: Create/Update/Delete/ListUserPoolReplicas. Update and List may be
called from a replica's Region as well as the primary's; Create and Delete only from the primary's."""
from __future__ import annotations

from ....backend.idp.models import UserPool
from ....backend.idp.pools import pools, replicas
from ....errors import ResourceNotFoundException
from ...registry import IDP, Context, action
from .. import find
from . import views

PAGE = 60


def _replicated_pool(ctx: Context, pool_id: str) -> UserPool:
    """The pool, from its own Region or from one of its replicas' (through the pool index)."""
    where = ctx.store.index.user_pools.get(pool_id)
    if where is None or where[0] != ctx.account:
        raise ResourceNotFoundException(f"User pool {pool_id} does not exist.")
    pool = pools.find(ctx.store.region(*where), pool_id)
    if ctx.region != where[1] and ctx.region not in pool.replicas:
        raise ResourceNotFoundException(f"User pool {pool_id} does not exist.")
    return pool


@action(IDP, "CreateUserPoolReplica")
def create_user_pool_replica(ctx: Context, params: dict) -> dict:
    pool = _replicated_pool(ctx, params["UserPoolId"])
    replicas.require_primary(pool, ctx.region)
    made = replicas.create(ctx.env, pool, params["RegionName"], params.get("UserPoolTags"))
    return {"UserPoolReplica": views.replica(made, status="CREATING")}


@action(IDP, "UpdateUserPoolReplica")
def update_user_pool_replica(ctx: Context, params: dict) -> dict:
    pool = _replicated_pool(ctx, params["UserPoolId"])
    updated = replicas.set_active(pool, params["RegionName"], params["Status"] == "ACTIVE")
    return {"UserPoolReplica": views.replica(updated)}


@action(IDP, "DeleteUserPoolReplica")
def delete_user_pool_replica(ctx: Context, params: dict) -> dict:
    pool = _replicated_pool(ctx, params["UserPoolId"])
    replicas.require_primary(pool, ctx.region)
    gone = replicas.delete(pool, params["RegionName"])
    return {"UserPoolReplica": views.replica(gone, status="DELETING")}


@action(IDP, "ListUserPoolReplicas")
def list_user_pool_replicas(ctx: Context, params: dict) -> dict:
    pool = _replicated_pool(ctx, params["UserPoolId"])
    chunk, token = find.paged(replicas.ordered(pool), params.get("NextToken"), PAGE,
                              key=lambda r: [0 if r.primary else 1, r.region])
    return {"UserPoolReplicas": [views.replica(r) for r in chunk], "NextToken": token}
