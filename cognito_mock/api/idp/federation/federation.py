"""Federated users: AdminLinkProviderForUser and AdminDisableProviderForUser."""
from __future__ import annotations

from ....backend.idp.federation import federation
from ...registry import IDP, Context, action
from .. import find


@action(IDP, "AdminLinkProviderForUser")
def admin_link_provider_for_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    federation.link(ctx.env, pool, params["DestinationUser"], params["SourceUser"])
    return {}


@action(IDP, "AdminDisableProviderForUser")
def admin_disable_provider_for_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    federation.disable(ctx.env, pool, params["User"])
    return {}
