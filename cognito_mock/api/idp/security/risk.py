"""Threat protection settings: Set/DescribeRiskConfiguration, Set/GetLogDeliveryConfiguration."""
from __future__ import annotations

import copy

from ....backend.idp.security import risk
from ...registry import IDP, Context, action
from .. import find
from . import parse, views


@action(IDP, "SetRiskConfiguration")
def set_risk_configuration(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client_id = params.get("ClientId")
    if client_id:
        find.client_of_pool(pool, client_id)
    made = risk.set_configuration(
        ctx.env, pool, client_id, parse.compromised_credentials(params.get("CompromisedCredentialsRiskConfiguration")),
        parse.account_takeover(params.get("AccountTakeoverRiskConfiguration")),
        parse.risk_exceptions(params.get("RiskExceptionConfiguration")),
        {member: copy.deepcopy(params.get(member)) for member in parse.RISK_MEMBERS})
    return {"RiskConfiguration": views.risk_configuration(pool.id, made, client_id)}


@action(IDP, "DescribeRiskConfiguration")
def describe_risk_configuration(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client_id = params.get("ClientId")
    if client_id:
        find.client_of_pool(pool, client_id)
    return {"RiskConfiguration": views.risk_configuration(pool.id, risk.find(pool, client_id), client_id)}


@action(IDP, "SetLogDeliveryConfiguration")
def set_log_delivery_configuration(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    targets = risk.set_log_delivery(pool, parse.log_delivery(params["LogConfigurations"]))
    return {"LogDeliveryConfiguration": views.log_delivery(pool.id, targets)}


@action(IDP, "GetLogDeliveryConfiguration")
def get_log_delivery_configuration(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"LogDeliveryConfiguration": views.log_delivery(pool.id, pool.security.log_delivery)}
