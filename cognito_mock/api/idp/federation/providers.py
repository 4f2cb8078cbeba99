"""Identity provider actions: Create/Describe/Update/Delete/ListIdentityProviders,
GetIdentityProviderByIdentifier."""
from __future__ import annotations

from ....backend.idp.federation import providers
from ...registry import IDP, Context, action
from .. import find
from . import parse, views


@action(IDP, "CreateIdentityProvider")
def create_identity_provider(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    provider = providers.create(ctx.env, pool, params["ProviderName"], params["ProviderType"],
                                parse.provider_details(params["ProviderDetails"]), dict(params["ProviderDetails"]),
                                params.get("AttributeMapping"), params.get("IdpIdentifiers"), params.get("AcrMapping"))
    return {"IdentityProvider": views.identity_provider(pool.id, provider)}


@action(IDP, "DescribeIdentityProvider")
def describe_identity_provider(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"IdentityProvider": views.identity_provider(pool.id, providers.find(pool, params["ProviderName"]))}


@action(IDP, "GetIdentityProviderByIdentifier")
def get_identity_provider_by_identifier(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    provider = providers.find_by_identifier(pool, params["IdpIdentifier"])
    return {"IdentityProvider": views.identity_provider(pool.id, provider)}


@action(IDP, "UpdateIdentityProvider")
def update_identity_provider(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    provider = providers.find(pool, params["ProviderName"])
    given = params.get("ProviderDetails")
    providers.update(ctx.env, pool, provider, parse.provider_details(given), dict(given) if given is not None else None,
                     params.get("AttributeMapping"), params.get("IdpIdentifiers"), params.get("AcrMapping"))
    return {"IdentityProvider": views.identity_provider(pool.id, provider)}


@action(IDP, "DeleteIdentityProvider")
def delete_identity_provider(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    providers.delete(pool, providers.find(pool, params["ProviderName"]))
    return {}


@action(IDP, "ListIdentityProviders")
def list_identity_providers(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    chunk, token = find.paged(providers.ordered(pool), params.get("NextToken"), params.get("MaxResults") or 60,
                              key=lambda p: p.name)
    return {"Providers": [views.provider_description(p) for p in chunk], "NextToken": token}
