"""What a state file is made of: the AWS input shapes its members follow (read from botocore's model
through ``wire``), the error a bad member gets (``SeedError``, naming its path), and the two stand-ins
a seeding store runs with: an id source that hands out the ids the file fixes, and inert triggers."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..backend.triggers import Triggers
from ..errors import AwsError, SerializationException
from ..support.ids import Ids
from ..wire.model import operation_model
from ..wire.validate import validate

_AT = re.compile(r"at '([^']+)'")


class SeedError(ValueError):
    """A state file that cannot be loaded: ``path`` names the member (``UserPools[0].Clients[1].ExplicitAuthFlows``)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path, self.message = path, message


@lru_cache(maxsize=None)
def members(service: str, operation: str) -> frozenset[str]:
    """The input members of ``operation`` in the installed botocore model."""
    return frozenset(operation_model(service, operation).input_shape.members)


def check_members(path: str, spec: Any, allowed: frozenset[str], what: str) -> dict:
    """``spec`` is an object whose members are all in ``allowed``."""
    if not isinstance(spec, dict):
        raise SeedError(path, f"expected an object ({what}), got {type(spec).__name__}")
    for key in spec:
        if key not in allowed:
            raise SeedError(f"{path}.{key}" if path else str(key), f"unknown member (expected one of {', '.join(sorted(allowed))})")
    return spec


def check_list(path: str, value: Any) -> list:
    if not isinstance(value, list):
        raise SeedError(path, f"expected a list, got {type(value).__name__}")
    return value


def check_entries(path: str, value: Any) -> Iterable:
    """A list, or (from Python) any iterable of entries but a string or mapping: a generator streams
    a million users in without the caller holding them all at once."""
    if isinstance(value, list) or (isinstance(value, Iterable) and not isinstance(value, (str, bytes, dict))):
        return value
    raise SeedError(path, f"expected a list, got {type(value).__name__}")


def member_path(err: AwsError, service: str, operation: str, params: dict, given: set[str]) -> str:
    """The member an error is about, as a state-file path suffix (``.TokenValidityUnits.AccessToken``),
    or "" when the error does not say or names a member the loader added (``UserPoolId``). Validation
    messages name it (``at 'userAttributes.1.member.name'``); a wrong JSON type does not, so each given
    member is validated alone to find it."""
    found = _AT.search(err.message)
    if found:
        segments = found.group(1).split(".")
        head = {name.lower(): name for name in members(service, operation)}.get(segments[0].lower())
        if head is None or (head in params and head not in given):
            return ""
        parts = [f".{head}"]
        for segment in segments[1:]:
            if segment.isdigit():
                parts.append(f"[{int(segment) - 1}]")
            elif segment not in ("member", "key", "value"):
                parts.append("." + segment[:1].upper() + segment[1:])
        return "".join(parts)
    if isinstance(err, SerializationException):
        for name in sorted(given):
            try:
                validate(service, operation, {name: params[name]})
            except SerializationException:
                return f".{name}"
            except AwsError:
                pass
    return ""


class SeedIds(Ids):
    """An id source that hands out, on its next call for a kind of id, the id the state file fixes
    (``expect("client_id", "abc")``); everything else is generated as usual. Creation then goes
    through the ordinary code path, which indexes the id it was given."""

    __slots__ = ("_next",)

    def __init__(self) -> None:
        super().__init__()
        self._next: dict[str, str] = {}

    def expect(self, kind: str, value: str) -> None:
        self._next[kind] = value

    def unused(self) -> list[str]:
        """Kinds expected and never asked for (then cleared): a sign the id went elsewhere."""
        left, self._next = sorted(self._next), {}
        return left

    def user_pool_id(self, region: str) -> str:
        return self._next.pop("user_pool_id", None) or super().user_pool_id(region)

    def client_id(self) -> str:
        return self._next.pop("client_id", None) or super().client_id()

    def client_secret(self) -> str:
        return self._next.pop("client_secret", None) or super().client_secret()

    def identity_pool_id(self, region: str) -> str:
        return self._next.pop("identity_pool_id", None) or super().identity_pool_id(region)

    def uuid(self) -> str:     # a user's sub is the first uuid AdminCreateUser asks for
        return self._next.pop("uuid", None) or super().uuid()


class InertTriggers(Triggers):
    """Lambda functions while seeding: every configured function answers with the event unchanged, so a
    pool's LambdaConfig neither runs the app's code nor fails for a function not registered yet (seeded
    users were there before; their sign-up is not happening now)."""

    __slots__ = ()

    def resolve(self, arn: str):
        return _unchanged


def _unchanged(event: dict, _context: Any) -> dict:
    return event
