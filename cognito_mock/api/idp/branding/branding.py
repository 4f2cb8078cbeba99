"""Managed login branding: Create/Describe/DescribeByClient/Update/DeleteManagedLoginBranding."""
from __future__ import annotations

from ....backend.idp.branding import branding
from ...registry import IDP, Context, action
from .. import find
from . import parse, views


# --- managed login branding -----------------------------------------------------------------------
@action(IDP, "CreateManagedLoginBranding")
def create_managed_login_branding(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    find.client_of_pool(pool, params["ClientId"])
    made = branding.create(ctx.env, pool, params["ClientId"], params.get("UseCognitoProvidedValues", False),
                           params.get("Settings"), parse.assets(params.get("Assets")) or [])
    return {"ManagedLoginBranding": views.branding(pool.id, made)}


@action(IDP, "DescribeManagedLoginBranding")
def describe_managed_login_branding(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    found = branding.find(pool, params["ManagedLoginBrandingId"])
    return {"ManagedLoginBranding": views.branding(pool.id, found,
                                                          return_merged=params.get("ReturnMergedResources", False))}


@action(IDP, "DescribeManagedLoginBrandingByClient")
def describe_managed_login_branding_by_client(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    found = branding.find_by_client(pool, params["ClientId"])
    return {"ManagedLoginBranding": views.branding(pool.id, found,
                                                          return_merged=params.get("ReturnMergedResources", False))}


@action(IDP, "UpdateManagedLoginBranding")
def update_managed_login_branding(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params.get("UserPoolId", ""))
    found = branding.find(pool, params.get("ManagedLoginBrandingId", ""))
    branding.update(ctx.env, found, params.get("UseCognitoProvidedValues"), params.get("Settings"),
                    parse.assets(params.get("Assets")))
    return {"ManagedLoginBranding": views.branding(pool.id, found)}


@action(IDP, "DeleteManagedLoginBranding")
def delete_managed_login_branding(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    branding.delete(pool, branding.find(pool, params["ManagedLoginBrandingId"]))
    return {}
