"""Remembered devices: ConfirmDevice, Get/List/UpdateStatus/Forget, and the Admin variants."""
from __future__ import annotations

from ....backend.idp.auth import devices
from ....backend.idp.models import User, UserPool
from ....backend.idp.users import users
from ....errors import NotAuthorizedException, ResourceNotFoundException
from ...registry import IDP, Context, action
from .. import find
from ..access import signed_in
from . import views


def _listed(user: User, params: dict) -> dict:
    chunk, token = find.paged(devices.listed(user), params.get("PaginationToken"), params.get("Limit") or 60,
                              key=lambda d: d.key)
    return {"Devices": [views.device(d) for d in chunk], "PaginationToken": token}


def _admin_user(ctx: Context, params: dict, *, user_not_found_modelled: bool) -> tuple[UserPool, User]:
    pool = find.pool(ctx, params["UserPoolId"])
    user = users.lookup(pool, params["Username"])
    if user is None:
        if user_not_found_modelled:
            users.find(pool, params["Username"])
        raise ResourceNotFoundException(users.NOT_FOUND)
    return pool, user


@action(IDP, "ConfirmDevice")
def confirm_device(ctx: Context, params: dict) -> dict:
    pool, user, _ = signed_in(ctx, params["AccessToken"])
    config = params.get("DeviceSecretVerifierConfig") or {}
    necessary = devices.confirm(ctx.env, pool, user, params["DeviceKey"], config.get("Salt", ""),
                                config.get("PasswordVerifier", ""), params.get("DeviceName"))
    return {"UserConfirmationNecessary": necessary}


@action(IDP, "GetDevice")
def get_device(ctx: Context, params: dict) -> dict:
    _, user, _ = signed_in(ctx, params["AccessToken"])
    return {"Device": views.device(devices.find(user, params["DeviceKey"]))}


@action(IDP, "ListDevices")
def list_devices(ctx: Context, params: dict) -> dict:
    _, user, _ = signed_in(ctx, params["AccessToken"])
    return _listed(user, params)


@action(IDP, "UpdateDeviceStatus")
def update_device_status(ctx: Context, params: dict) -> dict:
    _, user, _ = signed_in(ctx, params["AccessToken"])
    devices.set_remembered(ctx.env, user, params["DeviceKey"], params.get("DeviceRememberedStatus"))
    return {}


@action(IDP, "ForgetDevice")
def forget_device(ctx: Context, params: dict) -> dict:
    if not params.get("AccessToken"):
        raise NotAuthorizedException("Missing access token")                  # guessed text
    pool, user, _ = signed_in(ctx, params["AccessToken"])
    devices.forget(pool, user, params["DeviceKey"])
    return {}


@action(IDP, "AdminGetDevice")
def admin_get_device(ctx: Context, params: dict) -> dict:
    _, user = _admin_user(ctx, params, user_not_found_modelled=False)
    return {"Device": views.device(devices.find(user, params["DeviceKey"]))}


@action(IDP, "AdminListDevices")
def admin_list_devices(ctx: Context, params: dict) -> dict:
    _, user = _admin_user(ctx, params, user_not_found_modelled=False)
    return _listed(user, params)


@action(IDP, "AdminUpdateDeviceStatus")
def admin_update_device_status(ctx: Context, params: dict) -> dict:
    _, user = _admin_user(ctx, params, user_not_found_modelled=True)
    devices.set_remembered(ctx.env, user, params["DeviceKey"], params.get("DeviceRememberedStatus"))
    return {}


@action(IDP, "AdminForgetDevice")
def admin_forget_device(ctx: Context, params: dict) -> dict:
    pool, user = _admin_user(ctx, params, user_not_found_modelled=True)
    devices.forget(pool, user, params["DeviceKey"])
    return {}
