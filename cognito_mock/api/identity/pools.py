"""cognito-identity: identity pools, their tags, roles and principal tag maps."""
from __future__ import annotations

from typing import Any

from ...backend.identity import pools, roles
from ...backend.identity.models import MappingRule, PrincipalTagMap, RoleMapping, UserPoolProvider
from ...errors import InvalidParameterException
from ...support.paging import BadToken, page
from ..registry import IDENTITY, Context, action
from . import views


def _settings(params: dict[str, Any]) -> pools.PoolSettings:
    providers = []
    for p in params.get("CognitoIdentityProviders") or []:
        if not p.get("ProviderName") or not p.get("ClientId"):
            raise InvalidParameterException("CognitoIdentityProvider must specify both ProviderName and ClientId.")
        providers.append(UserPoolProvider(p["ProviderName"], p["ClientId"], bool(p.get("ServerSideTokenCheck", False))))
    return pools.PoolSettings(
        name=params["IdentityPoolName"],
        allow_unauthenticated=params["AllowUnauthenticatedIdentities"],
        allow_classic_flow=params.get("AllowClassicFlow"),
        supported_login_providers=dict(params.get("SupportedLoginProviders") or {}),
        developer_provider_name=params.get("DeveloperProviderName"),
        open_id_connect_provider_arns=list(params.get("OpenIdConnectProviderARNs") or []),
        user_pool_providers=providers,
        saml_provider_arns=list(params.get("SamlProviderARNs") or []),
        tags=params.get("IdentityPoolTags"))


@action(IDENTITY, "CreateIdentityPool")
def create_identity_pool(ctx: Context, params: dict) -> dict:
    return views.pool(pools.create(ctx.env, ctx.state, _settings(params)))


@action(IDENTITY, "UpdateIdentityPool")
def update_identity_pool(ctx: Context, params: dict) -> dict:
    pool = pools.find(ctx.state, params["IdentityPoolId"])
    pools.update(pool, _settings(params))
    return views.pool(pool)


@action(IDENTITY, "DescribeIdentityPool")
def describe_identity_pool(ctx: Context, params: dict) -> dict:
    return views.pool(pools.find(ctx.state, params["IdentityPoolId"]))


@action(IDENTITY, "DeleteIdentityPool")
def delete_identity_pool(ctx: Context, params: dict) -> dict:
    pools.delete(ctx.state, pools.find(ctx.state, params["IdentityPoolId"]))
    return {}


@action(IDENTITY, "ListIdentityPools")
def list_identity_pools(ctx: Context, params: dict) -> dict:
    ordered = sorted(ctx.state.identity_pools.values(), key=lambda p: p.id)
    try:
        chunk, token = page(ordered, params.get("NextToken"), params["MaxResults"], key=lambda p: p.id)
    except BadToken:
        raise InvalidParameterException("Invalid pagination token.") from None
    return {"IdentityPools": [views.pool_summary(p) for p in chunk], "NextToken": token}


# -- tags --------------------------------------------------------------------------------------
@action(IDENTITY, "TagResource")
def tag_resource(ctx: Context, params: dict) -> dict:
    pools.tag(pools.find_by_arn(ctx.state, params["ResourceArn"]), params["Tags"])
    return {}


@action(IDENTITY, "UntagResource")
def untag_resource(ctx: Context, params: dict) -> dict:
    pools.untag(pools.find_by_arn(ctx.state, params["ResourceArn"]), params["TagKeys"])
    return {}


@action(IDENTITY, "ListTagsForResource")
def list_tags_for_resource(ctx: Context, params: dict) -> dict:
    return {"Tags": dict(pools.find_by_arn(ctx.state, params["ResourceArn"]).tags)}


# -- roles -------------------------------------------------------------------------------------
def _mapping(m: dict[str, Any]) -> RoleMapping:
    rules = [MappingRule(r["Claim"], r["MatchType"], r["Value"], r["RoleARN"])
             for r in (m.get("RulesConfiguration") or {}).get("Rules", [])]
    return RoleMapping(m["Type"], m.get("AmbiguousRoleResolution"), rules)


@action(IDENTITY, "SetIdentityPoolRoles")
def set_identity_pool_roles(ctx: Context, params: dict) -> dict:
    pool = pools.find(ctx.state, params["IdentityPoolId"])
    mappings = {k: _mapping(m) for k, m in (params.get("RoleMappings") or {}).items()}
    roles.check_mappings(pool, mappings)
    pool.roles = dict(params["Roles"])
    pool.role_mappings = mappings
    return {}


@action(IDENTITY, "GetIdentityPoolRoles")
def get_identity_pool_roles(ctx: Context, params: dict) -> dict:
    return views.roles(pools.find(ctx.state, params["IdentityPoolId"]))


# -- principal tags ----------------------------------------------------------------------------
@action(IDENTITY, "SetPrincipalTagAttributeMap")
def set_principal_tag_attribute_map(ctx: Context, params: dict) -> dict:
    pool = pools.find(ctx.state, params["IdentityPoolId"])
    provider = params["IdentityProviderName"]
    tags = dict(params.get("PrincipalTags") or {})
    tag_map = PrincipalTagMap(use_defaults=params.get("UseDefaults", not tags), tags=tags)
    pool.principal_tags[provider] = tag_map
    return views.principal_tags(pool, provider, tag_map)


@action(IDENTITY, "GetPrincipalTagAttributeMap")
def get_principal_tag_attribute_map(ctx: Context, params: dict) -> dict:
    pool = pools.find(ctx.state, params["IdentityPoolId"])
    provider = params["IdentityProviderName"]
    return views.principal_tags(pool, provider, pool.principal_tags.get(provider))
