"""Request members -> domain values for sign-in settings (the mirror image of views.py)."""
from __future__ import annotations

from ....backend.idp.auth import mfa


def mfa_choices(params: dict) -> dict[str, mfa.MfaChoice | None]:
    """(Admin)SetUserMFAPreference: each factor's settings, or None when left out (untouched)."""
    given = {mfa.SMS: params.get("SMSMfaSettings"), mfa.TOTP: params.get("SoftwareTokenMfaSettings"),
             mfa.EMAIL: params.get("EmailMfaSettings")}
    return {factor: None if spec is None else mfa.MfaChoice(bool(spec.get("Enabled")), bool(spec.get("PreferredMfa")))
            for factor, spec in given.items()}


def webauthn_choice(params: dict) -> bool | None:
    """WebAuthnMfaSettings.Enabled, or None when the member is left out."""
    spec = params.get("WebAuthnMfaSettings")
    return None if spec is None else bool(spec.get("Enabled"))


def sms_option(options: list[dict]) -> bool:
    """(Admin)SetUserSettings: whether MFAOptions asks for SMS."""
    return any(o.get("DeliveryMedium") == "SMS" for o in options)
