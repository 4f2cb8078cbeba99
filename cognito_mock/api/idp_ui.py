"""Look and feel: Set/GetUICustomization, managed login branding (Create/Describe/
DescribeByClient/Update/Delete), terms (Create/Describe/DescribeByClient/List/Update/Delete)."""
from __future__ import annotations

import base64

from ..backend.idp import branding, terms, ui_customization
from ..backend.idp.models import UserPool
from . import idp_common as find, views_config
from .registry import IDP, Context, action


def _image_url(pool: UserPool, client_id: str, version: str) -> str | None:
    ui = pool.ui_customizations.get(client_id)
    if ui is None or ui.image is None:
        return None
    domain = pool.domain_records.get(pool.domain or pool.custom_domain or "")
    host = domain.cloudfront if domain else "cognito.cloudfront.net"
    return f"https://{host}/{pool.id}/{client_id}/{version}/assets/images/image.jpg"


def _ui_view(pool: UserPool, client_id: str | None) -> dict:
    ui = ui_customization.effective(pool, client_id)
    url = _image_url(pool, ui.client_id, ui.css_version) if ui else None
    return views_config.ui_customization(pool.id, ui, client_id or ui_customization.ALL, url)


@action(IDP, "SetUICustomization")
def set_ui_customization(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client_id = params.get("ClientId")
    if client_id and client_id != ui_customization.ALL:
        find.client_of_pool(pool, client_id)
    image = base64.b64decode(params["ImageFile"]) if "ImageFile" in params else None
    ui_customization.set_customization(ctx.env, pool, client_id, params.get("CSS"), image)
    return {"UICustomization": _ui_view(pool, client_id)}


@action(IDP, "GetUICustomization")
def get_ui_customization(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client_id = params.get("ClientId")
    if client_id and client_id != ui_customization.ALL:
        find.client_of_pool(pool, client_id)
    return {"UICustomization": _ui_view(pool, client_id)}


# --- managed login branding -----------------------------------------------------------------------
@action(IDP, "CreateManagedLoginBranding")
def create_managed_login_branding(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    find.client_of_pool(pool, params["ClientId"])
    made = branding.create(ctx.env, pool, params["ClientId"], params.get("UseCognitoProvidedValues", False),
                           params.get("Settings"), params.get("Assets"))
    return {"ManagedLoginBranding": views_config.branding(pool.id, made)}


@action(IDP, "DescribeManagedLoginBranding")
def describe_managed_login_branding(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    found = branding.find(pool, params["ManagedLoginBrandingId"])
    return {"ManagedLoginBranding": views_config.branding(pool.id, found,
                                                          return_merged=params.get("ReturnMergedResources", False))}


@action(IDP, "DescribeManagedLoginBrandingByClient")
def describe_managed_login_branding_by_client(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    found = branding.find_by_client(pool, params["ClientId"])
    return {"ManagedLoginBranding": views_config.branding(pool.id, found,
                                                          return_merged=params.get("ReturnMergedResources", False))}


@action(IDP, "UpdateManagedLoginBranding")
def update_managed_login_branding(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params.get("UserPoolId", ""))
    found = branding.find(pool, params.get("ManagedLoginBrandingId", ""))
    branding.update(ctx.env, found, params.get("UseCognitoProvidedValues"), params.get("Settings"),
                    params.get("Assets"))
    return {"ManagedLoginBranding": views_config.branding(pool.id, found)}


@action(IDP, "DeleteManagedLoginBranding")
def delete_managed_login_branding(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    branding.delete(pool, branding.find(pool, params["ManagedLoginBrandingId"]))
    return {}


# --- terms ------------------------------------------------------------------------------------------
@action(IDP, "CreateTerms")
def create_terms(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    find.client_of_pool(pool, params["ClientId"])
    made = terms.create(ctx.env, pool, params["ClientId"], params["TermsName"], params["TermsSource"],
                        params["Enforcement"], params.get("Links"))
    return {"Terms": views_config.terms(pool.id, made)}


@action(IDP, "DescribeTerms")
def describe_terms(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"Terms": views_config.terms(pool.id, terms.find(pool, params["TermsId"]))}


@action(IDP, "DescribeTermsByClient")
def describe_terms_by_client(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    find.client_of_pool(pool, params["ClientId"])
    found = terms.find_by_client(pool, params["ClientId"], params["TermsName"])
    return {"Terms": views_config.terms(pool.id, found)}


@action(IDP, "ListTerms")
def list_terms(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    chunk, token = find.paged(terms.ordered(pool), params.get("NextToken"), params.get("MaxResults") or 60,
                              key=lambda t: [t.created.timestamp(), t.id])
    return {"Terms": [views_config.terms_description(t) for t in chunk], "NextToken": token}


@action(IDP, "UpdateTerms")
def update_terms(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    found = terms.find(pool, params["TermsId"])
    terms.update(ctx.env, pool, found, params.get("TermsName"), params.get("TermsSource"), params.get("Enforcement"),
                 params.get("Links"))
    return {"Terms": views_config.terms(pool.id, found)}


@action(IDP, "DeleteTerms")
def delete_terms(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    terms.delete(pool, terms.find(pool, params["TermsId"]))
    return {}
