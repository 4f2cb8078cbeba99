"""One class per challenge answered through (Admin)RespondToAuthChallenge."""
from __future__ import annotations

from typing import ClassVar

from ....errors import InternalFailure, InvalidParameterException, NotAuthorizedException
from .. import clients, passwords, users
from ..models import UserStatus
from ..schema import check_mutable, check_user_attributes, missing_required
from . import sessions
from .flows import require
from .steps import NEW_PASSWORD_REQUIRED, AuthRequest, Step, next_step


class Responder:
    name: ClassVar[str]

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        raise NotImplementedError


class NewPasswordRequired(Responder):
    """NEW_PASSWORD (+ any ``userAttributes.*``) replaces a temporary password."""

    name = NEW_PASSWORD_REQUIRED

    def respond(self, req: AuthRequest, session: str | None, answers: dict[str, str]) -> Step:
        username = require(answers, "USERNAME")
        clients.check_secret_hash(req.client, username, answers.get("SECRET_HASH"))
        open_session = sessions.find(req.env, req.pool, req.client, session, self.name)
        user = users.find(req.pool, username)
        if user.username != open_session.username:
            raise NotAuthorizedException(sessions.INVALID)
        new_password = require(answers, "NEW_PASSWORD")
        attributes = {k.removeprefix("userAttributes."): v for k, v in answers.items()
                      if k.startswith("userAttributes.")}
        _check_attributes(req, user.attributes | attributes, attributes)
        passwords.check_policy(req.pool.password_policy, new_password)
        # everything checked: change the user, close the session, move on
        user.attributes.update(attributes)
        passwords.set_password(req.env.ids, user, new_password, req.env.clock.now())
        user.status = UserStatus.CONFIRMED
        user.modified = req.env.clock.now_dt()
        sessions.close(req.pool, session)
        return next_step(req, user)


def _check_attributes(req: AuthRequest, merged: dict[str, str], given: dict[str, str]) -> None:
    check_user_attributes(req.pool.schema, given)
    check_mutable(req.pool.schema, given)
    missing = missing_required(req.pool.schema, merged)
    if missing:
        raise InvalidParameterException(f"Invalid attributes given, {missing[0]} is missing")


RESPONDERS: dict[str, Responder] = {r.name: r for r in (NewPasswordRequired(),)}


def respond(req: AuthRequest, challenge: str, session: str | None, answers: dict[str, str]) -> Step:
    responder = RESPONDERS.get(challenge)
    if responder is None:
        raise InternalFailure(f"cognito-mock does not emulate the {challenge} challenge yet")
    return responder.respond(req, session, answers)
