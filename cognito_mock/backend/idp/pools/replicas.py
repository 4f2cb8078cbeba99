"""Multi-Region replication: a pool's secondary replicas (same pool id, another Region).

The primary is the pool itself (role PRIMARY, always ACTIVE); secondaries are PoolReplica
entries kept on it. Creation and deletion complete at once here: the Create response says
CREATING and the Delete response DELETING, as AWS answers, and the next read shows the result.
Replication of users and settings into the replica Region is not emulated.
"""
from __future__ import annotations

import re

from ....errors import (InvalidParameterException, LimitExceededException, OperationNotEnabledException,
                       ResourceNotFoundException, UserPoolTaggingException)
from ...store import Env
from ..models import PoolReplica, UserPool
from .pools import require_tier

FEATURE = "Multi-Region Replication"
MAX_SECONDARIES = 1            # "a replica user pool in an additional AWS Region" (developer guide)
MAX_TAGS = 50
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
# guessed texts
SAME_REGION = "The replica Region must be different from the Region of the primary user pool."
BAD_REGION = "Invalid RegionName: {region}"
EXISTS = "A replica of user pool {pool} already exists in Region {region}."
TOO_MANY = "The user pool already has the maximum number of replicas ({limit})."
NOT_FOUND = "Replica of user pool {pool} in Region {region} does not exist."
PRIMARY_ONLY = "This operation must be called from the primary Region of the user pool."
PRIMARY_FIXED = "The primary replica cannot be updated or deleted."
DELETE_ACTIVE = "Only replicas in INACTIVE status can be deleted."
TOO_MANY_TAGS = "A user pool can have at most 50 tags."
KEY_NOT_MULTI_REGION = "Multi-Region replication requires a multi-Region KMS key for the user pool."
RESERVED_TAG = "Tag keys cannot start with aws:."


def primary_region(pool: UserPool) -> str:
    return pool.id.split("_", 1)[0]


def arn_in(pool: UserPool, region: str) -> str:
    """The replica's ARN: the pool's, in the replica's Region (replicas share the pool id)."""
    return pool.arn.replace(f":{primary_region(pool)}:", f":{region}:", 1)


def require_primary(pool: UserPool, region: str) -> None:
    if region != primary_region(pool):
        raise OperationNotEnabledException(PRIMARY_ONLY)


def find(pool: UserPool, region: str) -> PoolReplica:
    if region == primary_region(pool):
        raise InvalidParameterException(PRIMARY_FIXED)
    replica = pool.replicas.get(region)
    if replica is None:
        raise ResourceNotFoundException(NOT_FOUND.format(pool=pool.id, region=region))
    return replica


def create(env: Env, pool: UserPool, region: str, tags: dict[str, str] | None) -> PoolReplica:
    require_tier(pool, FEATURE, "ESSENTIALS", "PLUS")
    if region == primary_region(pool):
        raise InvalidParameterException(SAME_REGION)
    if not _REGION.fullmatch(region):
        raise InvalidParameterException(BAD_REGION.format(region=region))
    if region in pool.replicas:
        raise InvalidParameterException(EXISTS.format(pool=pool.id, region=region))
    if len(pool.replicas) >= MAX_SECONDARIES:
        raise LimitExceededException(TOO_MANY.format(limit=MAX_SECONDARIES))
    if pool.key_config is not None and not pool.key_config.multi_region:
        raise InvalidParameterException(KEY_NOT_MULTI_REGION)   # documented rule, guessed text
    tags = dict(tags or {})
    _check_tags(tags)
    replica = PoolReplica(region=region, arn=arn_in(pool, region), active=False, tags=tags,
                          created=env.clock.now_dt())
    pool.replicas[region] = replica
    return replica


def set_active(pool: UserPool, region: str, active: bool) -> PoolReplica:
    replica = find(pool, region)
    replica.active = active
    return replica


def delete(pool: UserPool, region: str) -> PoolReplica:
    replica = find(pool, region)
    if replica.active:
        raise InvalidParameterException(DELETE_ACTIVE)
    del pool.replicas[region]
    return replica


def ordered(pool: UserPool) -> list[PoolReplica]:
    """The primary first, then the secondaries by Region."""
    primary = PoolReplica(region=primary_region(pool), arn=pool.arn, active=True, tags=pool.tags,
                          created=pool.created, primary=True)
    return [primary, *(pool.replicas[r] for r in sorted(pool.replicas))]


def _check_tags(tags: dict[str, str]) -> None:
    if len(tags) > MAX_TAGS:
        raise UserPoolTaggingException(TOO_MANY_TAGS)
    if any(key.lower().startswith("aws:") for key in tags):
        raise UserPoolTaggingException(RESERVED_TAG)
