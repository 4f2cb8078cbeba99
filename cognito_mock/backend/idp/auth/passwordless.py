"""Choice-based sign-in (USER_AUTH): which first factors a user may choose, and the one-time
passwords of passwordless sign-in (EMAIL_OTP, SMS_OTP) sent through the outbox.

A first factor is offered when the pool allows it (SignInPolicy.AllowedFirstAuthFactors) and the
user can use it: a password for PASSWORD / PASSWORD_SRP, a verified email for EMAIL_OTP, a verified
phone for SMS_OTP, a registered passkey for WEB_AUTHN. Passwordless factors are single factors:
when the pool requires MFA they are not offered, except a passkey whose user turned passkey MFA
on in a pool whose passkeys count as MFA (MULTI_FACTOR_WITH_USER_VERIFICATION).
"""
from __future__ import annotations

from ...store import Env
from ..clients.models import AppClient
from ..models import User, UserPool
from ..users import codes, messages, users
from ..users.messages import Delivery, delivery_to

PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN = "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"
OTP_ATTRIBUTE = {EMAIL_OTP: "email", SMS_OTP: "phone_number"}
OTP_DIGITS = 8          # confirmed: Cognito's sign-in one-time passwords are 8 digits (aws-amplify/amplify-js#14428)


def passkey_is_mfa(pool: UserPool, user: User) -> bool:
    """A passkey with user verification satisfies MFA for this user (passkey MFA on both sides)."""
    return (pool.mfa.webauthn_factor == "MULTI_FACTOR_WITH_USER_VERIFICATION"
            and bool(user.mfa and user.mfa.webauthn_enabled))


def available(pool: UserPool, user: User, has_password: bool) -> list[str]:
    """AvailableChallenges for ``user``, in the order of the pool's AllowedFirstAuthFactors."""
    required_mfa = pool.mfa_configuration == "ON"
    out: list[str] = []
    for factor in pool.first_auth_factors:
        if factor == PASSWORD and has_password:
            out += [PASSWORD, PASSWORD_SRP]
        elif factor in OTP_ATTRIBUTE and not required_mfa and users.is_verified(user, OTP_ATTRIBUTE[factor]) \
                and user.attributes.get(OTP_ATTRIBUTE[factor]):
            out.append(factor)
        elif factor == WEB_AUTHN and user.passkeys and (not required_mfa or passkey_is_mfa(pool, user)):
            out.append(factor)
    return out


def send_code(env: Env, pool: UserPool, client: AppClient, user: User, factor: str,
              client_metadata: dict | None) -> Delivery:
    """A fresh sign-in code to the user's email (EMAIL_OTP) or phone (SMS_OTP), valid as long as the
    auth session."""
    delivery = delivery_to(user, OTP_ATTRIBUTE[factor])
    assert delivery is not None
    draft = messages.compose_mfa(env, pool, user, delivery, client_id=client.id, client_metadata=client_metadata,
                                 kind="SIGN_IN")
    code = codes.issue(env, user, codes.SIGN_IN, lifetime=60 * client.auth_session_validity_minutes,
                       length=OTP_DIGITS)
    messages.deliver(env, pool, user, draft, code)
    return delivery
