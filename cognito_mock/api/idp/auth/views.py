"""Sign-in steps, tokens, devices, MFA factors and passkeys -> AWS-shaped dicts."""
from __future__ import annotations

from typing import Any

from ....backend.idp.auth import mfa
from ....backend.idp.auth.steps import Challenge, Step, Tokens
from ....backend.idp.models import Device, Passkey, User, UserPool
from ..users.views import mfa_settings


def auth_step(step: Step) -> dict[str, Any]:
    if isinstance(step, Challenge):
        return {"ChallengeName": step.name, "Session": step.session,
                "ChallengeParameters": dict(step.parameters)}
    return {"ChallengeParameters": {}, "AuthenticationResult": authentication_result(step)}


def authentication_result(tokens: Tokens) -> dict[str, Any]:
    """The tokens are signed by the transport once it has let go of the store's lock (support/later.py)."""
    return {
        "AccessToken": tokens.jwts.later(0),
        "ExpiresIn": tokens.expires_in,
        "TokenType": "Bearer",
        "RefreshToken": tokens.refresh_token,
        "IdToken": tokens.jwts.later(1),
        "NewDeviceMetadata": ({"DeviceKey": tokens.new_device[0], "DeviceGroupKey": tokens.new_device[1]}
                              if tokens.new_device else None),
    }


def device(d: Device) -> dict[str, Any]:
    attributes = [{"Name": "device_status", "Value": "valid"}]
    if d.name:
        attributes.append({"Name": "device_name", "Value": d.name})
    if d.remembered:
        attributes.append({"Name": "dev:device_remembered_status", "Value": d.remembered})
    return {"DeviceKey": d.key, "DeviceAttributes": attributes, "DeviceCreateDate": d.created,
            "DeviceLastModifiedDate": d.modified, "DeviceLastAuthenticatedDate": d.last_authenticated}


def auth_factors(pool: UserPool, u: User) -> dict[str, Any]:
    settings = mfa_settings(u)
    return {"Username": u.username, "PreferredMfaSetting": settings["PreferredMfaSetting"],
            "UserMFASettingList": settings["UserMFASettingList"],
            "ConfiguredUserAuthFactors": mfa.auth_factors(pool, u)}


def passkey(p: Passkey) -> dict[str, Any]:
    """WebAuthnCredentialDescription."""
    return {"CredentialId": p.credential_id, "FriendlyCredentialName": p.friendly_name or p.credential_id[:16],
            "RelyingPartyId": p.relying_party_id, "AuthenticatorAttachment": p.attachment,
            "AuthenticatorTransports": list(p.transports), "CreatedAt": p.created}
