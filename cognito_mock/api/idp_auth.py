"""Sign-in actions: (Admin)InitiateAuth, (Admin)RespondToAuthChallenge, GetUser."""
from __future__ import annotations

from ..backend.idp import tokens, users
from ..backend.idp.auth import challenges, flows
from ..backend.idp.auth.steps import AuthRequest
from ..errors import NotAuthorizedException
from . import idp_common as find, views
from .registry import IDP, Context, action


@action(IDP, "InitiateAuth")
def initiate_auth(ctx: Context, params: dict) -> dict:
    pool, client = find.client_anywhere(ctx, params["ClientId"])
    req = AuthRequest(ctx.env, pool, client, ctx.issuer(pool.id))
    return views.auth_step(flows.initiate(req, params["AuthFlow"], params.get("AuthParameters") or {}))


@action(IDP, "AdminInitiateAuth")
def admin_initiate_auth(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client = find.client_of_pool(pool, params["ClientId"])
    req = AuthRequest(ctx.env, pool, client, ctx.issuer(pool.id), admin=True)
    return views.auth_step(flows.initiate(req, params["AuthFlow"], params.get("AuthParameters") or {}))


@action(IDP, "RespondToAuthChallenge")
def respond_to_auth_challenge(ctx: Context, params: dict) -> dict:
    pool, client = find.client_anywhere(ctx, params["ClientId"])
    req = AuthRequest(ctx.env, pool, client, ctx.issuer(pool.id))
    return views.auth_step(challenges.respond(req, params["ChallengeName"], params.get("Session"),
                                              params.get("ChallengeResponses") or {}))


@action(IDP, "AdminRespondToAuthChallenge")
def admin_respond_to_auth_challenge(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client = find.client_of_pool(pool, params["ClientId"])
    req = AuthRequest(ctx.env, pool, client, ctx.issuer(pool.id), admin=True)
    return views.auth_step(challenges.respond(req, params["ChallengeName"], params.get("Session"),
                                              params.get("ChallengeResponses") or {}))


@action(IDP, "GetUser")
def get_user(ctx: Context, params: dict) -> dict:
    token = params["AccessToken"]
    pool_id = tokens.pool_id_of(token)
    if pool_id is None or pool_id not in ctx.store.index.user_pools:
        raise NotAuthorizedException(tokens.INVALID_ACCESS_TOKEN)
    pool = find.indexed_pool(ctx, pool_id)
    claims = tokens.verify_access_token(ctx.env, pool, token)
    user = users.find(pool, claims["username"])
    if user.sub != claims["sub"]:
        raise NotAuthorizedException(tokens.INVALID_ACCESS_TOKEN)   # deleted and re-created
    if not user.enabled:
        raise NotAuthorizedException("User is disabled.")
    return views.get_user(user)
