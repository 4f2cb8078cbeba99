"""Messages a user pool sends, all through the outbox (the one message sender).

Texts come from the pool's templates (VerificationMessageTemplate, mirrored by the legacy
Sms/EmailVerificationMessage members, and AdminCreateUserConfig.InviteMessageTemplate) with
``{####}`` and ``{username}`` substituted. ``Delivery`` is what CodeDeliveryDetails reports.
"""
from __future__ import annotations

from dataclasses import dataclass

from ....errors import InvalidParameterException, NotAuthorizedException
from ...outbox import Message
from ...store import Env
from .. import trigger_events
from ..models import User, UserPool

DEFAULT_INVITE = "Your username is {username} and temporary password is {####}. "
DEFAULT_INVITE_SUBJECT = "Your temporary password"
DEFAULT_CODE = "Your verification code is {####}. "
DEFAULT_CODE_SUBJECT = "Your verification code"
DEFAULT_MFA = "Your authentication code is {####}. "          # AWS's default (KensioSoftware/yulin#618 cites it)
DEFAULT_MFA_SUBJECT = "Your authentication code"              # guessed text
NO_RECOVERY_CHANNEL = ("Cannot reset password for the user as there is no registered/verified email "
                       "or phone_number")
# AWS's text when ForgotPassword or AdminResetUserPassword meets a FORCE_CHANGE_PASSWORD user
# (aws-amplify/amplify-flutter#3048, aws-amplify/amplify-js#1340); that admin_only recovery
# answers with it too is guessed
ADMIN_ONLY_RECOVERY = "User password cannot be reset in the current state."
ATTRIBUTE_OF = {"EMAIL": "email", "SMS": "phone_number"}
# The CustomMessage trigger source of each kind of message (a caller may name another one)
CUSTOM_SOURCE = {"SIGN_UP": "CustomMessage_SignUp", "FORGOT_PASSWORD": "CustomMessage_ForgotPassword",
                 "VERIFY_ATTRIBUTE": "CustomMessage_UpdateUserAttribute", "INVITATION": "CustomMessage_AdminCreateUser",
                 "MFA": "CustomMessage_Authentication"}
MEDIUM_OF = {"email": "EMAIL", "phone_number": "SMS"}


@dataclass(slots=True, frozen=True)
class Delivery:
    medium: str          # EMAIL / SMS
    attribute: str       # email / phone_number
    destination: str     # the real address; masked in views

    @property
    def masked(self) -> str:
        return mask(self.medium, self.destination)


def mask(medium: str, destination: str) -> str:
    """AWS's masked destination: ``a***@e***`` for email, ``+*******1234`` for phone."""
    if medium == "EMAIL":
        local, _, domain = destination.partition("@")
        return f"{local[:1]}***@{domain[:1]}***"
    return destination[:1] + "*" * max(len(destination) - 5, 0) + destination[-4:]


def delivery_to(user: User, attribute: str) -> Delivery | None:
    value = user.attributes.get(attribute)
    return Delivery(MEDIUM_OF[attribute], attribute, value) if value else None


def sign_up_delivery(pool: UserPool, user: User) -> Delivery | None:
    """Where a sign-up code goes: the auto-verified attribute, the phone first when both are."""
    for attribute in ("phone_number", "email"):
        if attribute in pool.auto_verified_attributes and user.attributes.get(attribute):
            return delivery_to(user, attribute)
    return None


def recovery_delivery(pool: UserPool, user: User) -> Delivery:
    """ForgotPassword / AdminResetUserPassword: AccountRecoverySetting decides the channel."""
    mechanisms = pool.recovery_mechanisms
    order = ([m.name for m in sorted(mechanisms, key=lambda m: m.priority)] if mechanisms
             else ["verified_phone_number", "verified_email"])
    for name in order:
        if name == "admin_only":
            raise NotAuthorizedException(ADMIN_ONLY_RECOVERY)
        attribute = name.removeprefix("verified_")
        if user.attributes.get(attribute) and user.attributes.get(f"{attribute}_verified", "").lower() == "true":
            return delivery_to(user, attribute)
    raise InvalidParameterException(NO_RECOVERY_CHANNEL)


def send_code(env: Env, pool: UserPool, user: User, delivery: Delivery, kind: str, code: str, *,
              source: str | None = None, client_id: str | None = None, client_metadata: dict | None = None) -> None:
    """A verification code (sign-up, forgot password, attribute verification) per the pool's template,
    or per the CustomMessage trigger (``source``: its triggerSource when not the kind's usual one)."""
    templates = pool.messages
    if delivery.medium == "EMAIL":
        text, subject = templates.code_email or DEFAULT_CODE, templates.code_email_subject or DEFAULT_CODE_SUBJECT
    else:
        text, subject = templates.code_sms or DEFAULT_CODE, None
    text, subject = _customized(env, pool, user, delivery.medium, source or CUSTOM_SOURCE[kind], text, subject,
                                client_id, client_metadata)
    body = text.replace("{####}", code).replace("{username}", user.username)
    env.outbox.deliver(Message(channel=delivery.medium, destination=delivery.destination, kind=kind, body=body,
                               pool_id=pool.id, username=user.username, code=code, subject=subject,
                               sent_at=env.clock.now()))


def _customized(env: Env, pool: UserPool, user: User, medium: str, source: str, text: str, subject: str | None,
                client_id: str | None, client_metadata: dict | None) -> tuple[str, str | None]:
    """The CustomMessage trigger's text and subject where it gave them. A text without the code
    placeholder is not used: the template's goes out (guessed: AWS falls back to its message)."""
    custom = trigger_events.custom_message(env, pool, user, source, client_id=client_id,
                                           client_metadata=client_metadata)
    if not custom:
        return text, subject
    given = custom.get("emailMessage" if medium == "EMAIL" else "smsMessage")
    if given and trigger_events.CODE_PARAMETER in given:
        text = given
        if medium == "EMAIL" and custom.get("emailSubject"):
            subject = custom["emailSubject"]
    return text, subject


def send_invitation(env: Env, pool: UserPool, user: User, password: str, mediums: list[str], *,
                    client_metadata: dict | None = None) -> None:
    """AdminCreateUser's welcome message with the temporary password, per delivery medium."""
    templates = pool.messages
    for medium in mediums:
        destination = user.attributes.get(ATTRIBUTE_OF[medium])
        if not destination:
            continue
        text = (templates.invite_email if medium == "EMAIL" else templates.invite_sms) or DEFAULT_INVITE
        subject = (templates.invite_email_subject or DEFAULT_INVITE_SUBJECT) if medium == "EMAIL" else None
        text, subject = _customized(env, pool, user, medium, CUSTOM_SOURCE["INVITATION"], text, subject, None,
                                    client_metadata)
        body = text.replace("{username}", user.username).replace("{####}", password)
        env.outbox.deliver(Message(
            channel=medium, destination=destination, kind="INVITATION", body=body, pool_id=pool.id,
            username=user.username, sent_at=env.clock.now(), temporary_password=password, subject=subject))


def send_mfa_code(env: Env, pool: UserPool, user: User, delivery: Delivery, code: str, *,
                  client_id: str | None = None, client_metadata: dict | None = None, kind: str = "MFA") -> None:
    """An SMS_MFA / EMAIL_OTP sign-in code, per SmsAuthenticationMessage / EmailMfaConfiguration, which
    passwordless sign-in codes (``kind`` "SIGN_IN") use too."""
    if delivery.medium == "EMAIL":
        text, subject = pool.mfa.email_message or DEFAULT_MFA, pool.mfa.email_subject or DEFAULT_MFA_SUBJECT
    else:
        text, subject = pool.mfa.sms_message or DEFAULT_MFA, None
    text, subject = _customized(env, pool, user, delivery.medium, CUSTOM_SOURCE["MFA"], text, subject, client_id,
                                client_metadata)
    body = text.replace("{####}", code).replace("{username}", user.username)
    env.outbox.deliver(Message(channel=delivery.medium, destination=delivery.destination, kind=kind, body=body,
                               pool_id=pool.id, username=user.username, code=code, subject=subject,
                               sent_at=env.clock.now()))
