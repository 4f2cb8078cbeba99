"""Device tracking: NewDeviceMetadata on sign-in, ConfirmDevice with an SRP verifier, remembered
status, forgetting. Device SRP itself runs in auth/challenges.py with srp.py."""
from __future__ import annotations

import base64
import binascii

from ....errors import DeviceKeyExistsException, InvalidParameterException, ResourceNotFoundException
from ...store import Env
from ..models import Device, User, UserPool

NOT_FOUND = "Device does not exist."   # AWS's text (amplify-android#2605, amplify-js#10083, amazon-cognito-identity-js#200)
ALREADY_CONFIRMED = "Device key already exists."           # guessed text


def register(env: Env, pool: UserPool, user: User) -> Device:
    """A new, unconfirmed device for a sign-in without a known device (NewDeviceMetadata)."""
    if user.device_group_key is None:
        user.device_group_key = "-" + env.ids.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 9)
    now = env.clock.now_dt()
    key = f"{pool.id.split('_', 1)[0]}_{env.ids.uuid()}"
    device = Device(key=key, group_key=user.device_group_key, username=user.username, created=now,
                    modified=now, last_authenticated=now)
    user.devices[key] = device
    pool.devices[key] = pool.user_key(user.username)
    return device


def find(user: User, key: str) -> Device:
    device = user.devices.get(key)
    if device is None:
        raise ResourceNotFoundException(NOT_FOUND)
    return device


def confirmed_device(user: User, key: str | None) -> Device | None:
    device = user.devices.get(key or "")
    return device if device is not None and device.confirmed else None


def confirm(env: Env, pool: UserPool, user: User, key: str, salt_b64: str, verifier_b64: str,
            name: str | None) -> bool:
    """Store the device's SRP verifier; returns UserConfirmationNecessary."""
    device = user.devices.get(key)
    if device is None:     # AWS's answer to ConfirmDevice with an unknown key (boto3#4059, amplify-js#2087)
        raise InvalidParameterException("Invalid device key given.")
    if device.confirmed:
        raise DeviceKeyExistsException(ALREADY_CONFIRMED)
    try:
        salt, verifier = base64.b64decode(salt_b64, validate=True), base64.b64decode(verifier_b64, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidParameterException("Invalid DeviceSecretVerifierConfig") from None   # guessed text
    on_prompt = pool.device_tracking is not None and pool.device_tracking.remembered_on_user_prompt
    device.salt, device.verifier = salt, int.from_bytes(verifier, "big")
    device.name, device.confirmed = name, True
    device.remembered = "not_remembered" if on_prompt else "remembered"
    device.modified = env.clock.now_dt()
    return on_prompt


def set_remembered(env: Env, user: User, key: str, status: str | None) -> None:
    device = find(user, key)
    device.remembered = status or "not_remembered"
    device.modified = env.clock.now_dt()


def forget(pool: UserPool, user: User, key: str) -> None:
    find(user, key)
    del user.devices[key]
    pool.devices.pop(key, None)


def listed(user: User) -> list[Device]:
    return sorted(user.devices.values(), key=lambda d: d.key)
