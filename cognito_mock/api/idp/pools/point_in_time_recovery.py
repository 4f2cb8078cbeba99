"""Point-in-time recovery: Initiate/Describe/List/Start/CancelPointInTimeRecovery, and the one place
where every call that may write to a pool is recognised (``pause_and_record``): by action name,
its pool found through UserPoolId, ClientId or the access token's issuer, before its handler.

The writes AWS pauses during a recovery ("operations that write to the user pool, for example
user sign-up, user creation, and attribute updates"; sign-in goes on, but not the
NEW_PASSWORD_REQUIRED, MFA_SETUP and SOFTWARE_TOKEN_MFA challenges; no user import jobs) are
refused with InvalidParameterException: the model release that brought these operations added no
error to any write operation, and InvalidParameterException is the one code every one of them
lists (guessed: AWS does not publish the error). Changes to the pool's configuration, which a
recovery does not restore, are not paused (guessed as well).
"""
from __future__ import annotations

from ....backend.idp.auth import tokens
from ....backend.idp.models import UserPool
from ....backend.idp.pools import point_in_time_recovery as recovery, pools
from ....backend.idp.pools.point_in_time_models import Recovery
from ...registry import IDP, Context, action, before_every_action, read_only
from .. import find

PAGE = 60
PAUSED = frozenset({
    "SignUp", "ConfirmSignUp", "AdminConfirmSignUp", "AdminCreateUser", "AdminDeleteUser", "DeleteUser",
    "AdminUpdateUserAttributes", "UpdateUserAttributes", "AdminDeleteUserAttributes", "DeleteUserAttributes",
    "VerifyUserAttribute", "AdminSetUserPassword", "ChangePassword", "ConfirmForgotPassword",
    "AdminResetUserPassword", "AdminEnableUser", "AdminDisableUser", "CreateGroup", "UpdateGroup", "DeleteGroup",
    "AdminAddUserToGroup", "AdminRemoveUserFromGroup", "AdminSetUserMFAPreference", "SetUserMFAPreference",
    "AdminSetUserSettings", "SetUserSettings", "AssociateSoftwareToken", "VerifySoftwareToken",
    "StartWebAuthnRegistration", "CompleteWebAuthnRegistration", "DeleteWebAuthnCredential",
    "AdminLinkProviderForUser", "AdminDisableProviderForUser", "CreateUserImportJob", "StartUserImportJob"})
_RESPONSES = frozenset({"RespondToAuthChallenge", "AdminRespondToAuthChallenge"})


@before_every_action
def pause_and_record(ctx: Context, params: dict) -> None:
    """Before any cognito-idp call but a read: pause it if a recovery is active and it is a write
    AWS pauses; else note it in the pool's history (which, once per clock second, flushes)."""
    if ctx.service != IDP or read_only(ctx.service, ctx.action):
        return
    pool = _target_pool(ctx, params)
    if pool is not None:
        pauses = ctx.action in PAUSED or (ctx.action in _RESPONSES
                                          and params.get("ChallengeName") in recovery.PAUSED_CHALLENGES)
        recovery.guard(ctx.env, pool, pauses=pauses)


def _target_pool(ctx: Context, params: dict) -> UserPool | None:
    """The pool a call acts on, if it names one that exists (the handler reports any other case)."""
    index = ctx.store.index
    pool_id = params.get("UserPoolId")
    if pool_id is not None:
        where = index.user_pools.get(pool_id)
        if where is None or where != (ctx.account, ctx.region):
            return None
    elif "ClientId" in params:
        where = index.clients.get(params["ClientId"])
        pool_id = where[2] if where else None
    elif "AccessToken" in params:
        pool_id = tokens.pool_id_of(params["AccessToken"])
    return pools.locate(ctx.store, pool_id)


def restoration(r: Recovery, status: str | None = None) -> dict:
    """RestorationType; ``status`` overrides the stored one for Initiate's and Start's answers."""
    return {"RestoreId": r.id, "RestoreStatus": status or r.status.value, "RestoreTimestamp": r.restore_at,
            "TriggerTimestamp": r.triggered_at,
            "RestorePreview": None if r.preview is None or status == "PREVIEW_GENERATING" else [
                {"Entity": p.entity, "CreateCount": p.create, "UpdateCount": p.update, "DeleteCount": p.delete}
                for p in r.preview]}


def _account_histories(ctx: Context, pool: UserPool) -> list:
    """The other pools' histories in the caller's account (account-wide limits; Initiate only)."""
    out = []
    for pool_id, (account, region) in ctx.store.index.user_pools.items():
        other = ctx.store.region(account, region).user_pools.get(pool_id) if account == ctx.account else None
        if other is not None and other is not pool and other.recovery is not None:
            out.append(other.recovery)
    return out


@action(IDP, "InitiatePointInTimeRecovery")
def initiate_point_in_time_recovery(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    made = recovery.initiate(ctx.env, pool, float(params["RestoreTimestamp"]), _account_histories(ctx, pool))
    return {"Restoration": restoration(made, status="PREVIEW_GENERATING")}


@action(IDP, "DescribePointInTimeRecovery")
def describe_point_in_time_recovery(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"Restoration": restoration(recovery.find(ctx.env, pool, params["RestoreId"]))}


@action(IDP, "ListPointInTimeRecoveries")
def list_point_in_time_recoveries(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    newest = recovery.newest_first(ctx.env, pool)
    rank = {r.id: -i for i, r in enumerate(reversed(newest))}    # stable as newer recoveries arrive
    chunk, token = find.paged(newest, params.get("NextToken"), params.get("MaxResults") or PAGE,
                              key=lambda r: rank[r.id])
    return {"Restorations": [{"RestoreId": r.id, "RestoreStatus": r.status.value,
                              "RestoreTimestamp": r.restore_at} for r in chunk], "NextToken": token}


@action(IDP, "StartPointInTimeRecovery")
def start_point_in_time_recovery(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"Restoration": restoration(recovery.start(ctx.env, pool, params["RestoreId"]), status="RESTORING")}


@action(IDP, "CancelPointInTimeRecovery")
def cancel_point_in_time_recovery(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    return {"Restoration": restoration(recovery.cancel(ctx.env, pool, params["RestoreId"]))}
