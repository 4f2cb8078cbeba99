"""OAuth 2.0 Token Exchange (RFC 8693) through the API: GetDerivedToken.

A subject token (a Cognito access or ID token of the same pool) buys a new access or ID token of the
same user for the requesting app client, narrowed in scope and bound to one audience or resource
server. Without an actor token the exchange is impersonation (the client needs
ALLOW_TOKEN_EXCHANGE_IMPERSONATION) and the issued token looks as if the user acted directly; with
one it is delegation (ALLOW_TOKEN_EXCHANGE_DELEGATION) and the issued token's ``act`` claim names the
actor. Everything is validated before anything is minted; the one minter is tokens.py.
"""
from __future__ import annotations

from dataclasses import dataclass

from ....errors import InvalidParameterException, NotAuthorizedException, UserNotFoundException
from ...store import Env
from ..auth import tokens
from ..clients.models import AppClient
from ..models import User, UserPool
from ..users import users

USES = {"ACCESS_TOKEN": "access", "ID_TOKEN": "id"}
IMPERSONATION = "ALLOW_TOKEN_EXCHANGE_IMPERSONATION"
DELEGATION = "ALLOW_TOKEN_EXCHANGE_DELEGATION"
# The documentation states each rule below; the texts of the errors are guessed.
NOT_ENABLED = "{flow} is not enabled for this client"
ACTOR_TYPE_REQUIRED = "ActorTokenType is required when ActorToken is provided"
BOTH_TARGETS = "Audiences and Resources cannot both be requested"
UNKNOWN_RESOURCE = "Resource server {identifier} does not exist"
THIRD_PARTY = ("Exchanging tokens of third-party identity providers (SAML2, SubjectTokenProviderName, "
               "ActorTokenProviderName) is not emulated by cognito-mock")
INVALID_SUBJECT = "Invalid subject token"
INVALID_ACTOR = "Invalid actor token"


@dataclass(slots=True)
class DerivedTokenRequest:
    """GetDerivedToken's members (None: not given)."""

    subject_token: str
    subject_token_type: str
    actor_token: str | None = None
    actor_token_type: str | None = None
    third_party: bool = False               # a SubjectTokenProviderName, or an ActorTokenProviderName with an ActorToken
    requested_token_type: str | None = None
    audiences: list[str] | None = None
    resources: list[str] | None = None
    scopes: list[str] | None = None


@dataclass(slots=True)
class Exchange:
    """A validated GetDerivedToken request, ready to mint."""

    pool: UserPool
    client: AppClient
    user: User
    sign_in: tokens.SignIn
    token_use: str                  # of the issued token
    scopes: list[str]
    audience: str | None
    act: dict | None


def validate(env: Env, pool: UserPool, client: AppClient, req: DerivedTokenRequest) -> Exchange:
    """Every check of the request, in order; nothing changes."""
    actor_token = req.actor_token
    flow = DELEGATION if actor_token else IMPERSONATION
    if flow not in client.explicit_auth_flows:
        raise InvalidParameterException(NOT_ENABLED.format(flow=flow))
    if actor_token and not req.actor_token_type:
        raise InvalidParameterException(ACTOR_TYPE_REQUIRED)
    if req.audiences and req.resources:
        raise InvalidParameterException(BOTH_TARGETS)
    if (req.subject_token_type not in USES or req.third_party
            or (actor_token and req.actor_token_type not in USES)):
        raise InvalidParameterException(THIRD_PARTY)
    subject = _verified(env, pool, req.subject_token, USES[req.subject_token_type], INVALID_SUBJECT)
    name = subject.get("username") or subject.get("cognito:username")
    if not name or "origin_jti" not in subject:        # a machine (client credentials) token has no user
        raise NotAuthorizedException(INVALID_SUBJECT)
    user = users.lookup(pool, str(name))
    if user is None:
        raise UserNotFoundException(users.NOT_FOUND)
    if user.sub != subject.get("sub"):                 # deleted and created again
        raise NotAuthorizedException(INVALID_SUBJECT)
    users.check_enabled(user)
    act = None
    if actor_token:
        actor = _verified(env, pool, actor_token, USES[req.actor_token_type], INVALID_ACTOR)
        act = {"sub": actor["sub"]}
    audience = _audience(pool, req)
    sign_in = tokens.SignIn(subject["origin_jti"], subject["event_id"], subject["auth_time"])
    return Exchange(pool, client, user, sign_in, USES[req.requested_token_type or "ACCESS_TOKEN"],
                    _scopes(client, subject, req.scopes), audience, act)


def issue(env: Env, issuer: str, exchange: Exchange) -> tuple[str, int]:
    return tokens.mint_derived(env, exchange.pool, exchange.client, exchange.user, issuer, exchange.sign_in,
                               token_use=exchange.token_use, scopes=exchange.scopes, audience=exchange.audience,
                               act=exchange.act)


def _verified(env: Env, pool: UserPool, token: str, token_use: str, invalid: str) -> dict:
    """A valid Cognito token of ``pool`` of the declared type (its own texts for expiry and revocation)."""
    try:
        return tokens.verify_token(env, pool, token, token_use)
    except NotAuthorizedException as error:
        if error.message.startswith("Invalid "):
            raise NotAuthorizedException(invalid) from None
        raise


def _audience(pool: UserPool, req: DerivedTokenRequest) -> str | None:
    """The one audience (a logical name) or resource server (an identifier of this pool) asked for."""
    if req.resources:
        identifier = req.resources[0]
        if identifier not in pool.oauth.resource_servers:
            raise InvalidParameterException(UNKNOWN_RESOURCE.format(identifier=identifier))
        return identifier
    return req.audiences[0] if req.audiences else None


def _scopes(client: AppClient, subject: dict, asked: list[str] | None) -> list[str]:
    """The subject token's scopes when none are asked; else the intersection of the asked ones, the
    subject token's and the client's AllowedOAuthScopes (in the asked order)."""
    held = str(subject.get("scope", "")).split()
    if not asked:
        return held
    allowed = set(held) & set(client.oauth_scopes)
    return [s for s in dict.fromkeys(asked) if s in allowed]
