"""User attributes: client permissions, required/immutable checks, updates with verification of a
changed email or phone (kept apart until verified when the pool says so), deletion, verification."""
from __future__ import annotations

from ....errors import InvalidParameterException, NotAuthorizedException
from ...store import Env
from ..clients.models import AppClient
from ..models import User, UserPool
from ..pools.schema import check_mutable, check_user_attributes
from . import codes, messages, users
from .messages import Delivery

UNAUTHORIZED_WRITE = "A client attempted to write unauthorized attribute"
VERIFIABLE = ("email", "phone_number")


def required_problem(name: str) -> str:
    return f"Attributes did not conform to the schema: {name}: The attribute is required\n"


def check_writable(pool: UserPool, client: AppClient | None, given: dict[str, str]) -> None:
    """Self-service writes: only the client's WriteAttributes (default: all), never developer-only."""
    check_user_attributes(pool.schema, given)
    for name in given:
        if name.startswith("dev:") or (client is not None and client.write_attributes
                                       and name not in client.write_attributes):
            raise NotAuthorizedException(UNAUTHORIZED_WRITE)


def check_required(pool: UserPool, values: dict[str, str]) -> None:
    for name, attr in pool.schema.items():
        if attr.required and name != "sub" and not values.get(name):
            raise InvalidParameterException(required_problem(name))


def update(env: Env, pool: UserPool, user: User, given: dict[str, str], *, admin: bool,
           client_metadata: dict | None = None) -> list[Delivery]:
    """(Admin)UpdateUserAttributes. Returns where verification codes went."""
    check_user_attributes(pool.schema, given)
    check_mutable(pool.schema, given)
    keep_original = set(pool.verify_before_update)
    values, pending = dict(user.attributes), dict(user.pending_attributes)
    to_verify = []
    for name, value in given.items():
        changed = name in VERIFIABLE and value != user.attributes.get(name)
        flag = users.VERIFIED_FLAG.get(name)
        verified_now = admin and given.get(flag or "", "").lower() == "true"
        if changed and name in pool.auto_verified_attributes and not verified_now:
            to_verify.append(name)
            if name in keep_original and user.attributes.get(name):
                pending[name] = value
                continue
            values[flag] = "false"
        values[name] = value
        pending.pop(name, None)
    check_required(pool, values)
    users.replace_attributes(env, pool, user, values)
    user.pending_attributes = pending
    deliveries = []
    for name in to_verify:
        delivery = Delivery(messages.MEDIUM_OF[name], name, pending.get(name) or values[name])
        messages.send_code(env, pool, user, delivery, "VERIFY_ATTRIBUTE", codes.issue(env, user, codes.verify_purpose(name)),
                           client_metadata=client_metadata)
        deliveries.append(delivery)
    return deliveries


def delete(env: Env, pool: UserPool, user: User, names: list[str]) -> None:
    for name in names:
        attr = pool.schema.get(name)
        if name == "sub" or (attr is not None and not attr.mutable):
            raise InvalidParameterException(f"Cannot modify an immutable attribute: {name}")
        if attr is not None and attr.required:
            raise InvalidParameterException(required_problem(name))
    values = {k: v for k, v in user.attributes.items()      # ``identities`` is federation.py's to change
              if k == "identities" or (k not in names and not (k in users.VERIFIED_FLAG.values()
                                                               and k.removesuffix("_verified") in names))}
    users.replace_attributes(env, pool, user, values)
    for name in names:
        user.pending_attributes.pop(name, None)


def send_verification(env: Env, pool: UserPool, user: User, name: str, *,
                      client_metadata: dict | None = None) -> Delivery:
    """GetUserAttributeVerificationCode: a code to the (pending or current) value of ``name``."""
    value = user.pending_attributes.get(name) or user.attributes.get(name)
    if name not in VERIFIABLE:
        # AWS's text (aws-amplify/amplify-js#3652; floci-io/floci#2018 checked it against Cognito)
        raise InvalidParameterException("Invalid attribute name. Only phone_number and email can be verified.")
    if not value:
        raise InvalidParameterException(f"Invalid attribute name: {name}")   # guessed text
    delivery = Delivery(messages.MEDIUM_OF[name], name, value)
    messages.send_code(env, pool, user, delivery, "VERIFY_ATTRIBUTE", codes.issue(env, user, codes.verify_purpose(name)),
                       source="CustomMessage_VerifyUserAttribute", client_metadata=client_metadata)
    return delivery


def verify(env: Env, pool: UserPool, user: User, name: str, code: str) -> None:
    """VerifyUserAttribute: the code proves the value; a pending value replaces the old one."""
    codes.check(env, user, codes.verify_purpose(name), code)
    values = dict(user.attributes)
    if name in user.pending_attributes:
        values[name] = user.pending_attributes[name]
    values[users.VERIFIED_FLAG[name]] = "true"
    users.replace_attributes(env, pool, user, values)
    user.pending_attributes.pop(name, None)
    codes.consume(user, codes.verify_purpose(name))
