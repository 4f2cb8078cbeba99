"""Federated users: AdminLinkProviderForUser and AdminDisableProviderForUser."""
from __future__ import annotations

from ....backend.idp.federation import federation
from ...registry import IDP, Context, action
from .. import find
from . import parse


@action(IDP, "AdminLinkProviderForUser")
def admin_link_provider_for_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    federation.link(ctx.env, pool, parse.provider_user(params["DestinationUser"]),
                    parse.provider_user(params["SourceUser"]))
    return {}


@action(IDP, "AdminDisableProviderForUser")
def admin_disable_provider_for_user(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    federation.disable(ctx.env, pool, parse.provider_user(params["User"]))
    return {}
