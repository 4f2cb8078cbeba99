"""cognito-identity: identities, temporary credentials (enhanced flow) and OpenID tokens (basic flow).

GetId, GetCredentialsForIdentity, GetOpenIdToken and UnlinkIdentity are unsigned at AWS: they find
their pool or identity through the global indexes, in the caller's region.
"""
from __future__ import annotations

from ...backend.identity import credentials, identities, logins, openid, pools, roles
from ...errors import InvalidParameterException
from ...support.paging import BadToken, page
from ..registry import IDENTITY, Context, action
from . import views

CLASSIC_DISABLED = "Basic (classic) flow is not enabled, please use enhanced flow."
CLASSIC_WITH_MAPPINGS = "Basic (classic) flow is not supported with RoleMappings, please use enhanced flow."


@action(IDENTITY, "GetId")
def get_id(ctx: Context, params: dict) -> dict:
    state, pool = identities.public_pool(ctx.store, ctx.region, params["IdentityPoolId"])
    verified = logins.verify(ctx.store, pool, params.get("Logins"))
    return {"IdentityId": identities.get_id(ctx.env, state, pool, verified).id}


@action(IDENTITY, "GetCredentialsForIdentity")
def get_credentials_for_identity(ctx: Context, params: dict) -> dict:
    state, pool, identity = identities.public_identity(ctx.store, ctx.region, params["IdentityId"])
    verified = logins.verify(ctx.store, pool, params.get("Logins"))
    identities.authorize(pool, identity, verified)
    role_arn = roles.choose(pool, verified, params.get("CustomRoleArn"))
    identities.link(ctx.env, pool, identity, verified)
    tags = roles.principal_tags(pool, verified[0]) if verified else {}
    issued = credentials.issue(ctx.env, ctx.store, role_arn=role_arn, identity_id=identity.id,
                               identity_pool_id=pool.id, account=state.account, region=state.region,
                               extra={"principal_tags": tags, "authenticated": bool(verified)})
    return {"IdentityId": identity.id, "Credentials": views.credentials(issued)}


@action(IDENTITY, "GetOpenIdToken")
def get_open_id_token(ctx: Context, params: dict) -> dict:
    state, pool, identity = identities.public_identity(ctx.store, ctx.region, params["IdentityId"])
    if pool.allow_classic_flow is False:
        raise InvalidParameterException(CLASSIC_DISABLED)
    if pool.role_mappings:
        raise InvalidParameterException(CLASSIC_WITH_MAPPINGS)
    verified = logins.verify(ctx.store, pool, params.get("Logins"))
    identities.authorize(pool, identity, verified)
    identities.link(ctx.env, pool, identity, verified)
    token = openid.mint(ctx.env, ctx.store.index, state.region, identity.id, pool.id, logins.amr(verified),
                        openid.OPENID_TOKEN_SECONDS)
    return {"IdentityId": identity.id, "Token": token}


@action(IDENTITY, "UnlinkIdentity")
def unlink_identity(ctx: Context, params: dict) -> dict:
    state, pool, identity = identities.public_identity(ctx.store, ctx.region, params["IdentityId"])
    verified = logins.verify(ctx.store, pool, params["Logins"])
    identities.authorize(pool, identity, verified)
    identities.unlink(ctx.env, pool, identity, params["LoginsToRemove"])
    return {}


@action(IDENTITY, "DescribeIdentity")
def describe_identity(ctx: Context, params: dict) -> dict:
    pool, identity = identities.find(ctx.state, params["IdentityId"])
    return views.identity(identity, pool.developer_provider_name)


@action(IDENTITY, "ListIdentities")
def list_identities(ctx: Context, params: dict) -> dict:
    pool = pools.find(ctx.state, params["IdentityPoolId"])
    items = identities.listed(pool, bool(params.get("HideDisabled")))
    try:
        chunk, token = page(items, params.get("NextToken"), params["MaxResults"], key=lambda i: i.id)
    except BadToken:
        raise InvalidParameterException("Invalid pagination token.") from None
    return {"IdentityPoolId": pool.id, "NextToken": token,
            "Identities": [views.identity(i, pool.developer_provider_name) for i in chunk]}


@action(IDENTITY, "DeleteIdentities")
def delete_identities(ctx: Context, params: dict) -> dict:
    state, unprocessed = ctx.state, []
    for identity_id in params["IdentityIdsToDelete"]:
        where = ctx.store.index.identities.get(identity_id)
        if where is None:
            continue
        if where[:2] != (state.account, state.region):
            unprocessed.append({"IdentityId": identity_id, "ErrorCode": "AccessDenied"})
            continue
        pool = state.identity_pools[where[2]]
        identities.delete(state, pool, pool.identities[identity_id])
    return {"UnprocessedIdentityIds": unprocessed}
