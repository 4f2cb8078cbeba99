"""Sign-in actions: (Admin)InitiateAuth, (Admin)RespondToAuthChallenge, GetTokensFromRefreshToken, RevokeToken."""
from __future__ import annotations

from ....backend.idp.auth import tokens, challenges, flows
from ....backend.idp.auth.steps import AuthRequest, Challenge, Step
from ....backend.idp.clients import clients
from ....backend.idp.users import users
from ....errors import (NotAuthorizedException, ResourceNotFoundException, UnauthorizedException,
                      UnsupportedOperationException, UnsupportedTokenTypeException)
from ...registry import IDP, Context, action
from .. import find
from ..security.parse import event_context
from . import views


def _step(step: Step) -> dict:
    """The step as AWS answers it; SELECT_CHALLENGE adds AvailableChallenges."""
    out = views.auth_step(step)
    if isinstance(step, Challenge) and step.available is not None:
        out["AvailableChallenges"] = list(step.available)
    return out


def _auth_request(ctx: Context, params: dict, *, admin: bool) -> AuthRequest:
    """The pool and client a sign-in call names (admin calls by pool id, the others by client id
    through the index), with its ClientMetadata and context data."""
    if admin:
        pool = find.pool(ctx, params["UserPoolId"])
        client = find.client_of_pool(pool, params["ClientId"])
    else:
        pool, client = find.client_anywhere(ctx, params["ClientId"])
    return AuthRequest(ctx.env, pool, client, ctx.issuer(pool.id), admin=admin,
                       client_metadata=params.get("ClientMetadata") or {},
                       context=event_context(params.get("ContextData") or params.get("UserContextData")))


@action(IDP, "InitiateAuth")
def initiate_auth(ctx: Context, params: dict) -> dict:
    req = _auth_request(ctx, params, admin=False)
    return _step(flows.initiate(req, params["AuthFlow"], params.get("AuthParameters") or {}))


@action(IDP, "AdminInitiateAuth")
def admin_initiate_auth(ctx: Context, params: dict) -> dict:
    req = _auth_request(ctx, params, admin=True)
    return _step(flows.initiate(req, params["AuthFlow"], params.get("AuthParameters") or {}))


@action(IDP, "RespondToAuthChallenge")
def respond_to_auth_challenge(ctx: Context, params: dict) -> dict:
    req = _auth_request(ctx, params, admin=False)
    return _step(challenges.respond(req, params["ChallengeName"], params.get("Session"),
                                    params.get("ChallengeResponses") or {}))


@action(IDP, "AdminRespondToAuthChallenge")
def admin_respond_to_auth_challenge(ctx: Context, params: dict) -> dict:
    req = _auth_request(ctx, params, admin=True)
    return _step(challenges.respond(req, params["ChallengeName"], params.get("Session"),
                                    params.get("ChallengeResponses") or {}))


def _client_with_secret(ctx: Context, params: dict, unknown_client):
    try:
        pool, client = find.client_anywhere(ctx, params["ClientId"])
    except ResourceNotFoundException:
        raise unknown_client from None
    if client.secret is not None and not clients.secret_matches(client, params.get("ClientSecret")):
        raise unknown_client
    return pool, client


@action(IDP, "GetTokensFromRefreshToken")
def get_tokens_from_refresh_token(ctx: Context, params: dict) -> dict:
    _client_with_secret(ctx, params, NotAuthorizedException(f"Unable to verify secret hash for client {params['ClientId']}"))
    result = flows.refresh(_auth_request(ctx, params, admin=False), params["RefreshToken"], check_secret_hash=False,
                           rotate=True)
    return {"AuthenticationResult": views.authentication_result(result)}


@action(IDP, "RevokeToken")
def revoke_token(ctx: Context, params: dict) -> dict:
    pool, client = _client_with_secret(ctx, params, UnauthorizedException("Invalid client"))   # guessed text
    if not client.enable_token_revocation:
        raise UnsupportedOperationException("Token revocation is not enabled for this client")   # guessed text
    token = params["Token"]
    if token.count(".") == 2:
        raise UnsupportedTokenTypeException("Unsupported token type")                          # guessed text
    grant = pool.auth.refresh_tokens.get(token)
    if grant is not None:       # RFC 7009: an unknown token is not an error
        if grant.client_id != client.id:
            raise UnauthorizedException("Invalid client")                                      # guessed text
        tokens.revoke_sign_in(pool, users.lookup(pool, grant.username), grant.origin_jti)
    return {}
