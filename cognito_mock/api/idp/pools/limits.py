"""Provisioned API rate limits: Get/UpdateProvisionedLimit (per account and Region)."""
from __future__ import annotations

from ....backend.idp.pools import limits
from ...registry import IDP, Context, action
from . import views


def _category(params: dict) -> str:
    definition = params["LimitDefinition"]
    return limits.category_of(definition["LimitClass"], definition["Attributes"])


@action(IDP, "GetProvisionedLimit")
def get_provisioned_limit(ctx: Context, params: dict) -> dict:
    category = _category(params)
    return {"Limit": views.provisioned_limit(category, *limits.provisioned(ctx.state, category))}


@action(IDP, "UpdateProvisionedLimit")
def update_provisioned_limit(ctx: Context, params: dict) -> dict:
    category = _category(params)
    value, free = limits.update(ctx.state, category, params["RequestedLimitValue"])
    return {"Limit": views.provisioned_limit(category, value, free)}
