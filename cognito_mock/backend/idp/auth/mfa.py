"""A user's multi-factor authentication: preferences (SetUserMFAPreference, legacy SetUserSettings),
TOTP registration (AssociateSoftwareToken / VerifySoftwareToken), and what sign-in may challenge
with. The challenges themselves live in auth/ (steps.next_step decides, challenges.py answers).

Every check runs before anything changes, so a failing call leaves the user as it was.
"""
from __future__ import annotations

from dataclasses import dataclass

from ....errors import (EnableSoftwareTokenMFAException, InvalidParameterException,
                       SoftwareTokenMFANotFoundException)
from ...store import Env
from ..models import User, UserMfa, UserPool
from ..users import users
from ..users.messages import Delivery, delivery_to
from . import totp

SMS, TOTP, EMAIL = "SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"
ORDER = (SMS, TOTP, EMAIL)
ATTRIBUTE = {SMS: "phone_number", EMAIL: "email"}

# confirmed: aws/aws-sdk-js-v3#4645 (SOFTWARE_TOKEN_MFA); the other factors by analogy
NO_DELIVERY = "User does not have delivery config set to turn on {factor}"
NOT_IN_POOL = "{factor} is not enabled for the user pool."                   # guessed text
TWO_PREFERRED = "Only one MFA method can be set as preferred."               # guessed text
PREFERRED_DISABLED = "Preferred MFA method must be enabled."                 # guessed text
WEBAUTHN_NOT_MFA = ("WebAuthn MFA requires the user pool FactorConfiguration "
                    "MULTI_FACTOR_WITH_USER_VERIFICATION.")                   # guessed text
# confirmed: aws-samples/aws-amplify-auth-starters#15
TOTP_MISMATCH = "Code mismatch and fail enable Software Token MFA"
# confirmed: amazon-archives/amazon-cognito-identity-js#630
NO_SOFTWARE_TOKEN = "Software Token MFA does not exist for the user."
# AWS: docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa-totp.html
POOL_NO_SOFTWARE_TOKEN = "Software Token MFA has not been enabled by the userPool"


def settings(user: User) -> UserMfa:
    if user.mfa is None:
        user.mfa = UserMfa()
    return user.mfa


def enabled(user: User) -> list[str]:
    return list(user.mfa.enabled) if user.mfa else []


def preferred(user: User) -> str | None:
    return user.mfa.preferred if user.mfa else None


def pool_allows(pool: UserPool, factor: str) -> bool:
    config = pool.mfa
    return pool.mfa_configuration != "OFF" and {
        SMS: config.sms_enabled, TOTP: config.software_token_enabled, EMAIL: config.email_enabled}[factor]


def pool_factors(pool: UserPool) -> list[str]:
    return [factor for factor in ORDER if pool_allows(pool, factor)]


def ready(user: User, factor: str) -> bool:
    """Whether the user has what ``factor`` needs: a phone / an email (verified or not, as AWS
    sends to unverified ones), or a verified TOTP authenticator."""
    if factor == TOTP:
        return bool(user.mfa and user.mfa.totp_secret)
    return bool(user.attributes.get(ATTRIBUTE[factor]))


def delivery(user: User, factor: str) -> Delivery:
    found = delivery_to(user, ATTRIBUTE[factor])
    assert found is not None
    return found


# --- preferences -------------------------------------------------------------------------------

@dataclass(slots=True)
class MfaChoice:
    """One factor's SMSMfaSettings / SoftwareTokenMfaSettings / EmailMfaSettings."""
    enabled: bool = False
    preferred: bool = False


def set_preference(pool: UserPool, user: User, choices: dict[str, MfaChoice | None], webauthn: bool | None) -> None:
    """(Admin)SetUserMFAPreference. ``choices``: factor -> its choice, or None (untouched); ``webauthn``:
    WebAuthnMfaSettings.Enabled, or None (not given)."""
    given = {factor: spec for factor, spec in choices.items() if spec is not None}
    for factor, spec in given.items():
        if spec.preferred and not spec.enabled:
            raise InvalidParameterException(PREFERRED_DISABLED)
        if spec.enabled:
            if not pool_allows(pool, factor):
                raise InvalidParameterException(NOT_IN_POOL.format(factor=factor))
            if not ready(user, factor):
                raise InvalidParameterException(NO_DELIVERY.format(factor=factor))
    if sum(1 for spec in given.values() if spec.preferred) > 1:
        raise InvalidParameterException(TWO_PREFERRED)
    if webauthn and pool.mfa.webauthn_factor != "MULTI_FACTOR_WITH_USER_VERIFICATION":
        raise InvalidParameterException(WEBAUTHN_NOT_MFA)
    # checked: apply
    m = settings(user)
    for factor, spec in given.items():
        if spec.enabled and factor not in m.enabled:
            m.enabled = [f for f in ORDER if f in m.enabled or f == factor]
        elif not spec.enabled and factor in m.enabled:
            m.enabled.remove(factor)
        if spec.preferred:
            m.preferred = factor
        elif m.preferred == factor:
            m.preferred = None
    if webauthn is not None:
        m.webauthn_enabled = webauthn


def set_legacy_options(user: User, options: list[dict[str, str]], sms: bool) -> None:
    """(Admin)SetUserSettings: MFAOptions (kept as given, for GetUser) with SMS (``sms``) turns SMS MFA
    on; an empty list turns it off."""
    m = settings(user)
    m.mfa_options = [dict(o) for o in options] or None
    if sms and SMS not in m.enabled:
        m.enabled = [f for f in ORDER if f in m.enabled or f == SMS]
    elif not options and SMS in m.enabled:
        m.enabled.remove(SMS)
        if m.preferred == SMS:
            m.preferred = None


def legacy_options(user: User) -> list[dict[str, str]] | None:
    """GetUser's MFAOptions: what SetUserSettings stored, else SMS when SMS MFA is on."""
    if user.mfa is None:
        return None
    if user.mfa.mfa_options:
        return [dict(o) for o in user.mfa.mfa_options]
    if SMS in user.mfa.enabled:
        return [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}]
    return None


def auth_factors(pool: UserPool, user: User) -> list[str]:
    """ConfiguredUserAuthFactors: what USER_AUTH could offer this user, and a registered TOTP."""
    out = ["PASSWORD"] if user.password_hash else []
    firsts = pool.first_auth_factors
    if "EMAIL_OTP" in firsts and users.is_verified(user, "email"):
        out.append("EMAIL_OTP")
    if "SMS_OTP" in firsts and users.is_verified(user, "phone_number"):
        out.append("SMS_OTP")
    if "WEB_AUTHN" in firsts and user.passkeys:
        out.append("WEB_AUTHN")
    if user.mfa and user.mfa.totp_secret:
        out.append("SOFTWARE_TOKEN")
    return out


# --- TOTP ---------------------------------------------------------------------------------------

def associate(env: Env, pool: UserPool, user: User) -> str:
    """A new secret for the user's authenticator; the registered one stays until this is verified."""
    if not pool.mfa.software_token_enabled:
        raise SoftwareTokenMFANotFoundException(POOL_NO_SOFTWARE_TOKEN)
    secret = totp.new_secret(env.ids)
    settings(user).totp_pending = secret
    return secret


def verify(env: Env, user: User, code: str, device_name: str | None) -> None:
    """VerifySoftwareToken: the pending secret becomes the user's authenticator."""
    pending = user.mfa.totp_pending if user.mfa else None
    if pending is None:
        raise SoftwareTokenMFANotFoundException(NO_SOFTWARE_TOKEN)
    if totp.matching_step(pending, code, env.clock.now()) is None:
        raise EnableSoftwareTokenMFAException(TOTP_MISMATCH)
    m = user.mfa
    m.totp_secret, m.totp_pending, m.totp_device_name, m.totp_last_step = pending, None, device_name, -1


def check_totp(env: Env, user: User, code: str) -> bool:
    """A sign-in code: right for now or an adjacent step, and not one already used."""
    m = user.mfa
    if m is None or not m.totp_secret:
        return False
    step = totp.matching_step(m.totp_secret, code, env.clock.now())
    if step is None or step <= m.totp_last_step:
        return False
    m.totp_last_step = step
    return True


def delete_software_token(user: User) -> None:
    """AdminDeleteSoftwareToken: the authenticator and TOTP MFA go."""
    m = user.mfa
    if m is None:
        return
    m.totp_secret = m.totp_pending = m.totp_device_name = None
    m.totp_last_step = -1
    if TOTP in m.enabled:
        m.enabled.remove(TOTP)
    if m.preferred == TOTP:
        m.preferred = None


# --- sign-in ------------------------------------------------------------------------------------

def sign_in_factors(pool: UserPool, user: User) -> list[str]:
    """The factors sign-in may challenge with: enabled, allowed by the pool, deliverable. When the
    pool requires MFA and the user enabled none, SMS to their phone (else email) as AWS does."""
    found = [f for f in enabled(user) if pool_allows(pool, f) and ready(user, f)]
    if not found and pool.mfa_configuration == "ON":
        for factor in (SMS, EMAIL):
            if pool_allows(pool, factor) and ready(user, factor):
                return [factor]
    return found


def code_factor_passed(env: Env, pool: UserPool, user: User, factor: str) -> None:
    """After a right SMS / email code: the destination is verified (AWS marks it so)."""
    attribute = ATTRIBUTE[factor]
    flag = users.VERIFIED_FLAG[attribute]
    if user.attributes.get(flag, "").lower() != "true":
        users.replace_attributes(env, pool, user, {**user.attributes, flag: "true"})


def totp_set_up(user: User) -> None:
    """MFA_SETUP answered: the verified authenticator becomes an enabled factor."""
    m = settings(user)
    if TOTP not in m.enabled:
        m.enabled = [f for f in ORDER if f in m.enabled or f == TOTP]
