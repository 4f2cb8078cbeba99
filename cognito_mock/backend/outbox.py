"""Every email and SMS the emulator "sends" lands here, the way responses records calls."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, frozen=True)
class Message:
    channel: str                 # "EMAIL" or "SMS"
    destination: str             # the address or phone number it went to
    kind: str                    # SIGN_UP, INVITATION, FORGOT_PASSWORD, MFA, VERIFY_ATTRIBUTE, ...
    body: str
    pool_id: str | None = None
    username: str | None = None
    code: str | None = None
    subject: str | None = None
    sent_at: float = 0.0
    temporary_password: str | None = None


@dataclass(slots=True)
class Outbox:
    messages: list[Message] = field(default_factory=list)

    def deliver(self, message: Message) -> Message:
        self.messages.append(message)
        return message

    def filter(self, *, to: str | None = None, kind: str | None = None, pool_id: str | None = None,
               username: str | None = None, channel: str | None = None) -> list[Message]:
        return [m for m in self.messages
                if (to is None or m.destination == to) and (kind is None or m.kind == kind)
                and (pool_id is None or m.pool_id == pool_id)
                and (username is None or m.username == username)
                and (channel is None or m.channel == channel)]

    def last(self, **criteria) -> Message:
        """The newest message matching the criteria; LookupError if there is none."""
        found = self.filter(**criteria)
        if not found:
            raise LookupError(f"no message matches {criteria or 'anything'}")
        return found[-1]

    def clear(self) -> None:
        self.messages.clear()

    def __iter__(self):
        return iter(list(self.messages))

    def __len__(self) -> int:
        return len(self.messages)
