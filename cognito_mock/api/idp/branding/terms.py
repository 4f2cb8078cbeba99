"""Terms documents: Create/Describe/DescribeByClient/List/Update/DeleteTerms."""
from __future__ import annotations

from ....backend.idp.branding import terms
from ...registry import IDP, Context, action
from .. import find
from . import views


# --- terms ------------------------------------------------------------------------------------------
@action(IDP, "CreateTerms")
def create_terms(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    find.client_of_pool(pool, params["ClientId"])
    made = terms.create(ctx.env, pool, params["ClientId"], params["TermsName"], params["TermsSource"],
                        params["Enforcement"], params.get("Links"))
    return {"Terms": views.terms(pool.id, made)}


@action(IDP, "DescribeTerms")
def describe_terms(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"Terms": views.terms(pool.id, terms.find(pool, params["TermsId"]))}


@action(IDP, "ListTerms")
def list_terms(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    chunk, token = find.paged(terms.ordered(pool), params.get("NextToken"), params.get("MaxResults") or 60,
                              key=lambda t: [t.created.timestamp(), t.id])
    return {"Terms": [views.terms_description(t) for t in chunk], "NextToken": token}


@action(IDP, "UpdateTerms")
def update_terms(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    found = terms.find(pool, params["TermsId"])
    terms.update(ctx.env, pool, found, params.get("TermsName"), params.get("TermsSource"), params.get("Enforcement"),
                 params.get("Links"))
    return {"Terms": views.terms(pool.id, found)}


@action(IDP, "DeleteTerms")
def delete_terms(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    terms.delete(pool, terms.find(pool, params["TermsId"]))
    return {}


@action(IDP, "DescribeTermsByClient")
def describe_terms_by_client(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    find.client_of_pool(pool, params["ClientId"])
    found = terms.find_by_client(pool, params["ClientId"], params["TermsName"])
    return {"Terms": views.terms(pool.id, found)}
