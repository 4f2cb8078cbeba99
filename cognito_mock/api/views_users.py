"""User-lifecycle entities -> AWS-shaped dicts (CodeDeliveryDetails, devices, groups of a user)."""
from __future__ import annotations

from typing import Any

from ..backend.idp import mfa
from ..backend.idp.messages import Delivery
from ..backend.idp.models import Device, Passkey, User, UserPool, UserSession


def code_delivery(delivery: Delivery | None) -> dict[str, str] | None:
    if delivery is None:
        return None
    return {"Destination": delivery.masked, "DeliveryMedium": delivery.medium, "AttributeName": delivery.attribute}


def user_listed(u: User, only: list[str] | None) -> dict[str, Any]:
    """UserType for ListUsers / ListUsersInGroup, limited to AttributesToGet when given."""
    values = u.attributes if only is None else {k: v for k, v in u.attributes.items() if k in only}
    return {
        "Username": u.username,
        "Attributes": [{"Name": k, "Value": v} for k, v in values.items()],
        "UserCreateDate": u.created,
        "UserLastModifiedDate": u.modified,
        "Enabled": u.enabled,
        "UserStatus": u.status.value,
    }


def device(d: Device) -> dict[str, Any]:
    attributes = [{"Name": "device_status", "Value": "valid"}]
    if d.name:
        attributes.append({"Name": "device_name", "Value": d.name})
    if d.remembered:
        attributes.append({"Name": "dev:device_remembered_status", "Value": d.remembered})
    return {"DeviceKey": d.key, "DeviceAttributes": attributes, "DeviceCreateDate": d.created,
            "DeviceLastModifiedDate": d.modified, "DeviceLastAuthenticatedDate": d.last_authenticated}



def mfa_settings(u: User) -> dict[str, Any]:
    """The MFA members of GetUser / AdminGetUser / GetUserAuthFactors (absent when there are none)."""
    return {"MFAOptions": mfa.legacy_options(u), "PreferredMfaSetting": mfa.preferred(u),
            "UserMFASettingList": mfa.enabled(u) or None}


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


def user_session(s: UserSession, current_jti: str | None) -> dict[str, Any]:
    """SessionDescriptionType; IsCurrentSession for the caller's own sign-in (never for Admin*)."""
    return {"SessionId": s.id, "SessionType": s.kind, "ClientId": s.client_id, "CreateDate": s.created,
            "LastActiveDate": s.last_active, "DeviceType": s.device_type, "LastIPAddress": s.last_ip,
            "OriginSessionId": s.origin_session if s.kind == "TOKEN" else None,
            "IsCurrentSession": current_jti is not None and s.origin_jti == current_jti}
