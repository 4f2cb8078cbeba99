"""Client ID Metadata Document (CIMD) policies: Create/Describe/Update/Delete/ListCIMDPolicies, and
the documents a policy cached: ListClientMetadataURLs, UpdateClientMetadataURLState (REFRESH,
INVALIDATE). The clients they admit sign in at /oauth2/authorize (web/oauth/cimd.py)."""
from __future__ import annotations

from typing import Any

from ....backend.idp.clients import cimd
from ....backend.idp.clients.models import CIMDPolicy, ClientMetadataURL
from ....backend.idp.models import UserPool
from ...registry import IDP, Context, action
from .. import find

PAGE = 60


@action(IDP, "CreateCIMDPolicy")
def create_cimd_policy(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    policy = cimd.create(ctx.env, pool, params["ClientId"], params["PolicyName"], params.get("CacheDuration"),
                         params["URLPatterns"])
    return {"CIMDPolicy": _policy(pool, policy)}


@action(IDP, "DescribeCIMDPolicy")
def describe_cimd_policy(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"CIMDPolicy": _policy(pool, cimd.find(pool, params["CIMDPolicyId"]))}


@action(IDP, "UpdateCIMDPolicy")
def update_cimd_policy(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    policy = cimd.find(pool, params["CIMDPolicyId"])
    cimd.update(ctx.env, pool, policy, params["ClientId"], params.get("PolicyName"), params.get("CacheDuration"),
                params["URLPatterns"])
    return {"CIMDPolicy": _policy(pool, policy)}


@action(IDP, "DeleteCIMDPolicy")
def delete_cimd_policy(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    cimd.delete(pool, cimd.find(pool, params["CIMDPolicyId"]))
    return {}


@action(IDP, "ListCIMDPolicies")
def list_cimd_policies(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    chunk, token = find.paged(cimd.ordered(pool), params.get("NextToken"), params.get("MaxResults") or PAGE,
                              key=lambda p: p.id)
    return {"CIMDPolicies": [_summary(pool, p) for p in chunk], "NextToken": token}


@action(IDP, "ListClientMetadataURLs")
def list_client_metadata_urls(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    policy = cimd.find(pool, params["CIMDPolicyId"])
    chunk, token = find.paged(cimd.received_urls(policy), params.get("NextToken"), params.get("MaxResults") or PAGE,
                              key=lambda u: u.url)
    return {"ClientMetadataURLs": [_url(u) for u in chunk], "NextToken": token}


@action(IDP, "UpdateClientMetadataURLState")
def update_client_metadata_url_state(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    policy = cimd.find(pool, params["CIMDPolicyId"])
    if params["Action"] == "REFRESH":
        cimd.refresh(ctx.env, pool, policy, params["URL"])
    else:
        cimd.invalidate(pool, policy, params["URL"])
    return {}


# --- views -----------------------------------------------------------------------------------------
def _summary(pool: UserPool, p: CIMDPolicy) -> dict[str, Any]:
    return {"CIMDPolicyId": p.id, "ClientId": _client_id(pool, p), "PolicyName": p.name,
            "CacheDuration": p.cache_seconds, "CreationDate": p.created, "LastModifiedDate": p.modified}


def _policy(pool: UserPool, p: CIMDPolicy) -> dict[str, Any]:
    return {"UserPoolId": pool.id, **_summary(pool, p), "URLPatterns": list(p.url_patterns)}


def _client_id(pool: UserPool, p: CIMDPolicy) -> str | None:
    """AWS: "Amazon Cognito omits this value when the app client no longer exists"."""
    return p.client_id if p.client_id in pool.clients.by_id else None


def _url(u: ClientMetadataURL) -> dict[str, Any]:
    return {"URL": u.url, "CachedDate": u.cached, "ExpirationDate": u.expires}
