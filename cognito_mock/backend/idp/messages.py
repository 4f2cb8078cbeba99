"""Messages a user pool sends, all through the outbox (the one message sender)."""
from __future__ import annotations

from ..outbox import Message
from ..store import Env
from .models import User, UserPool

DEFAULT_INVITE = "Your username is {username} and temporary password is {####}. "
DEFAULT_INVITE_SUBJECT = "Your temporary password"


def send_invitation(env: Env, pool: UserPool, user: User, password: str, mediums: list[str]) -> None:
    """AdminCreateUser's welcome message with the temporary password, per delivery medium."""
    template = pool.echo.get("InviteMessageTemplate") or {}
    for medium in mediums:
        attribute = "email" if medium == "EMAIL" else "phone_number"
        destination = user.attributes.get(attribute)
        if not destination:
            continue
        text = template.get("EmailMessage" if medium == "EMAIL" else "SMSMessage", DEFAULT_INVITE)
        body = text.replace("{username}", user.username).replace("{####}", password)
        env.outbox.deliver(Message(
            channel=medium, destination=destination, kind="INVITATION", body=body, pool_id=pool.id,
            username=user.username, subject=template.get("EmailSubject", DEFAULT_INVITE_SUBJECT) if medium == "EMAIL" else None,
            sent_at=env.clock.now(), temporary_password=password))
