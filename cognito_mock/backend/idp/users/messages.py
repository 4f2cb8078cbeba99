"""Messages a user pool sends: through the outbox (the one message sender), or handed to the pool's
custom sender function (custom_senders.py) instead.

Texts come from the pool's templates (VerificationMessageTemplate, mirrored by the legacy
Sms/EmailVerificationMessage members, and AdminCreateUserConfig.InviteMessageTemplate) or the
CustomMessage trigger, with ``{####}`` and ``{username}`` substituted. ``Delivery`` is what
CodeDeliveryDetails reports. An action that writes composes its message first (``compose_*``: the
CustomMessage trigger runs then, before anything is stored) and ``deliver``s it after its writes
(docs/architecture.md, Locking).
"""
from __future__ import annotations

from dataclasses import dataclass

from ....errors import InvalidParameterException, NotAuthorizedException
from ...outbox import Message
from ...store import Env
from .. import trigger_events
from ..models import User, UserPool
from . import custom_senders

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


@dataclass(slots=True, frozen=True)
class Draft:
    """A message composed before the action writes (the CustomMessage trigger has run, with the
    store's lock let go) and delivered after it, so no other client sees a write that a failing
    function would take back. ``text`` None: the pool's custom sender function delivers it."""

    medium: str
    destination: str
    kind: str                    # SIGN_UP, FORGOT_PASSWORD, VERIFY_ATTRIBUTE, INVITATION, MFA, SIGN_IN
    source: str                  # its CustomMessage_* trigger source (a custom sender's, renamed)
    text: str | None             # with {####} and {username} still in it
    subject: str | None = None
    client_id: str | None = None
    client_metadata: dict | None = None


def compose_code(env: Env, pool: UserPool, user: User, delivery: Delivery, kind: str, *, source: str | None = None,
                 client_id: str | None = None, client_metadata: dict | None = None) -> Draft:
    """A verification code's message (sign-up, forgot password, attribute verification) per the pool's
    template, or per the CustomMessage trigger (``source``: its triggerSource when not the kind's usual one)."""
    source = source or CUSTOM_SOURCE[kind]
    templates = pool.messages
    if delivery.medium == "EMAIL":
        text, subject = templates.code_email or DEFAULT_CODE, templates.code_email_subject or DEFAULT_CODE_SUBJECT
    else:
        text, subject = templates.code_sms or DEFAULT_CODE, None
    return _draft(env, pool, user, delivery.medium, delivery.destination, kind, source, text, subject,
                  client_id, client_metadata)


def compose_mfa(env: Env, pool: UserPool, user: User, delivery: Delivery, *, client_id: str | None = None,
                client_metadata: dict | None = None, kind: str = "MFA") -> Draft:
    """An SMS_MFA / EMAIL_OTP sign-in code's message, per SmsAuthenticationMessage / EmailMfaConfiguration,
    which passwordless sign-in codes (``kind`` "SIGN_IN") use too."""
    if delivery.medium == "EMAIL":
        text, subject = pool.mfa.email_message or DEFAULT_MFA, pool.mfa.email_subject or DEFAULT_MFA_SUBJECT
    else:
        text, subject = pool.mfa.sms_message or DEFAULT_MFA, None
    return _draft(env, pool, user, delivery.medium, delivery.destination, kind, CUSTOM_SOURCE["MFA"], text, subject,
                  client_id, client_metadata)


def compose_invitation(env: Env, pool: UserPool, user: User, mediums: list[str], *,
                       client_metadata: dict | None = None) -> list[Draft]:
    """AdminCreateUser's welcome messages (the temporary password goes in at delivery), per medium."""
    templates, drafts = pool.messages, []
    for medium in mediums:
        destination = user.attributes.get(ATTRIBUTE_OF[medium])
        if not destination:
            continue
        text = (templates.invite_email if medium == "EMAIL" else templates.invite_sms) or DEFAULT_INVITE
        subject = (templates.invite_email_subject or DEFAULT_INVITE_SUBJECT) if medium == "EMAIL" else None
        drafts.append(_draft(env, pool, user, medium, destination, "INVITATION", CUSTOM_SOURCE["INVITATION"], text,
                             subject, None, client_metadata))
    return drafts


def deliver(env: Env, pool: UserPool, user: User, draft: Draft, secret: str) -> None:
    """Send ``draft`` with ``secret`` (the code, or the temporary password) in it: to the outbox, or
    to the pool's custom sender function (which then runs with the lock let go; nothing reaches the
    outbox, as Cognito sends nothing itself)."""
    if draft.text is None:
        custom_senders.send(env, pool, user, draft.medium, draft.source, secret, client_id=draft.client_id,
                            client_metadata=draft.client_metadata)
        return
    body = draft.text.replace("{####}", secret).replace("{username}", user.username)
    invitation = draft.kind == "INVITATION"
    env.outbox.deliver(Message(channel=draft.medium, destination=draft.destination, kind=draft.kind, body=body,
                               pool_id=pool.id, username=user.username, code=None if invitation else secret,
                               subject=draft.subject, sent_at=env.clock.now(),
                               temporary_password=secret if invitation else None))


def send_code(env: Env, pool: UserPool, user: User, delivery: Delivery, kind: str, code: str, *,
              source: str | None = None, client_id: str | None = None, client_metadata: dict | None = None) -> None:
    """Compose and deliver at once: for callers whose code is the only write (attribute verification)."""
    deliver(env, pool, user, compose_code(env, pool, user, delivery, kind, source=source, client_id=client_id,
                                          client_metadata=client_metadata), code)


def _draft(env: Env, pool: UserPool, user: User, medium: str, destination: str, kind: str, source: str, text: str,
           subject: str | None, client_id: str | None, client_metadata: dict | None) -> Draft:
    """The CustomMessage trigger's text and subject where it gave them. A text without the code
    placeholder is not used: the template's goes out (guessed: AWS falls back to its message).
    A custom sender replaces both the template and CustomMessage (guessed: Cognito composes no text
    for a function that gets only the code)."""
    if custom_senders.configured(pool, medium):
        return Draft(medium, destination, kind, source, None, None, client_id, client_metadata)
    custom = trigger_events.custom_message(env, pool, user, source, client_id=client_id,
                                           client_metadata=client_metadata)
    if custom:
        given = custom.get("emailMessage" if medium == "EMAIL" else "smsMessage")
        if given and trigger_events.CODE_PARAMETER in given:
            text = given
            if medium == "EMAIL" and custom.get("emailSubject"):
                subject = custom["emailSubject"]
    return Draft(medium, destination, kind, source, text, subject, client_id, client_metadata)
