"""cognito-identity: developer-authenticated identities."""
from __future__ import annotations

from ...backend.identity import developer, logins, openid, pools
from ...errors import InvalidParameterException
from ...support.paging import BadToken, page
from ..registry import IDENTITY, Context, action

DEFAULT_PAGE = 60


@action(IDENTITY, "GetOpenIdTokenForDeveloperIdentity")
def get_open_id_token_for_developer_identity(ctx: Context, params: dict) -> dict:
    state, pool = ctx.state, pools.find(ctx.state, params["IdentityPoolId"])
    given = dict(params["Logins"])
    provider = pool.developer_provider_name
    if not provider or provider not in given:
        raise InvalidParameterException("Logins must contain the developer provider name of this identity pool.")
    user_id = given.pop(provider)
    others = logins.verify(ctx.store, pool, given)
    identity = developer.open_id_identity(ctx.env, state, pool, params.get("IdentityId"), user_id, others)
    amr = ["authenticated", provider, f"{provider}:{pool.id}:{user_id}"]
    amr += [a for a in logins.amr(others)[1:] if a not in amr] if others else []
    token = openid.mint(ctx.env, ctx.store.index, state.region, identity.id, pool.id, amr,
                        params.get("TokenDuration") or openid.DEVELOPER_TOKEN_SECONDS, params.get("PrincipalTags"))
    return {"IdentityId": identity.id, "Token": token}


@action(IDENTITY, "LookupDeveloperIdentity")
def lookup_developer_identity(ctx: Context, params: dict) -> dict:
    pool = pools.find(ctx.state, params["IdentityPoolId"])
    identity = developer.lookup(pool, params.get("IdentityId"), params.get("DeveloperUserIdentifier"))
    try:
        chunk, token = page(sorted(identity.developer_ids), params.get("NextToken"),
                            params.get("MaxResults") or DEFAULT_PAGE, key=str)
    except BadToken:
        raise InvalidParameterException("Invalid pagination token.") from None
    return {"IdentityId": identity.id, "DeveloperUserIdentifierList": chunk, "NextToken": token}


@action(IDENTITY, "MergeDeveloperIdentities")
def merge_developer_identities(ctx: Context, params: dict) -> dict:
    pool = pools.find(ctx.state, params["IdentityPoolId"])
    developer.check_provider(pool, params["DeveloperProviderName"])
    identity = developer.merge(ctx.env, ctx.state, pool, params["SourceUserIdentifier"],
                               params["DestinationUserIdentifier"])
    return {"IdentityId": identity.id}


@action(IDENTITY, "UnlinkDeveloperIdentity")
def unlink_developer_identity(ctx: Context, params: dict) -> dict:
    pool = pools.find(ctx.state, params["IdentityPoolId"])
    developer.check_provider(pool, params["DeveloperProviderName"])
    identity = developer.in_pool(pool, params["IdentityId"])
    developer.unlink(ctx.env, pool, identity, params["DeveloperUserIdentifier"])
    return {}
