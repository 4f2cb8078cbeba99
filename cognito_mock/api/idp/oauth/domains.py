"""Domain actions: Create/Describe/Update/DeleteUserPoolDomain."""
from __future__ import annotations

from ....backend.idp.oauth import domains
from ....backend.idp.oauth.models import DomainFailover
from ...registry import IDP, Context, action
from .. import find
from . import views


def _custom_config(params: dict) -> str | None:
    return (params.get("CustomDomainConfig") or {}).get("CertificateArn")


def _options(params: dict) -> dict:
    """SecurityPolicy and Routing.Failover, as the domain functions take them."""
    failover = (params.get("Routing") or {}).get("Failover")
    return {"security_policy": (params.get("CustomDomainConfig") or {}).get("SecurityPolicy"),
            "failover": DomainFailover(failover["SecondaryRegion"], failover["PrimaryRoute53HealthCheckId"])
            if failover else None}


def _answer(domain) -> dict:
    return {"ManagedLoginVersion": domain.managed_login_version,
            "CloudFrontDomain": domain.cloudfront if domain.custom else None,
            "Routing": views.routing(domain)}


@action(IDP, "CreateUserPoolDomain")
def create_user_pool_domain(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    domain = domains.create(ctx.env, ctx.store.index, pool, ctx.account, ctx.region, params["Domain"],
                            _custom_config(params), params.get("ManagedLoginVersion"), **_options(params))
    return _answer(domain)


@action(IDP, "DescribeUserPoolDomain")
def describe_user_pool_domain(ctx: Context, params: dict) -> dict:
    found = domains.lookup(ctx.store.index, lambda a, r: ctx.store.region(a, r).user_pools, params["Domain"],
                           ctx.region)
    if found is None or found[1].account != ctx.account or domains.region_of(found[0]) != ctx.region:
        return {"DomainDescription": {}}
    _, domain = found
    return {"DomainDescription": views.domain_description(domain, domain.created.strftime("%Y%m%d%H%M%S"))}


@action(IDP, "UpdateUserPoolDomain")
def update_user_pool_domain(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    domain = domains.update(pool, params["Domain"], _custom_config(params), params.get("ManagedLoginVersion"),
                            **_options(params))
    return _answer(domain)


@action(IDP, "DeleteUserPoolDomain")
def delete_user_pool_domain(ctx: Context, params: dict) -> dict:
    domains.delete(ctx.store.index, find.pool(ctx, params["UserPoolId"]), params["Domain"])
    return {}
