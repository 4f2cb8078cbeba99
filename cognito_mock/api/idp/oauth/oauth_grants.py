"""GetClientToken: a client_credentials grant through the API (machine-to-machine access tokens).
GetDerivedToken: OAuth 2.0 token exchange (backend/idp/oauth/token_exchange.py)."""
from __future__ import annotations

from ....backend.idp.clients import clients
from ....backend.idp.oauth import oauth_grants, token_exchange
from ....errors import InvalidParameterException, InvalidScope, NotAuthorizedException, UnauthorizedClient
from ...registry import IDP, Context, action
from .. import find
from .parse import derived_token_request


@action(IDP, "GetClientToken")
def get_client_token(ctx: Context, params: dict) -> dict:
    pool, client = find.client_anywhere(ctx, params["ClientId"])
    if client.secret is None or not clients.secret_matches(client, params["Secret"]):
        raise NotAuthorizedException(f"Unable to verify secret for client {client.id}")          # guessed text
    scope = " ".join(params.get("Scopes") or []) or None
    req = oauth_grants.TokenRequest(ctx.env, pool, client, ctx.issuer(pool.id), {"scope": scope} if scope else {})
    grant = oauth_grants.ClientCredentialsGrant(req)
    try:
        grant.validate()
    except UnauthorizedClient:
        raise NotAuthorizedException("Client is not enabled for client credentials.") from None  # guessed text
    except InvalidScope:
        raise InvalidParameterException(f"Invalid scope requested: {scope or ''}".strip()) from None  # guessed
    token = grant.issue()
    return {"ClientAuthenticationResult": {"AccessToken": token["access_token"], "ExpiresIn": token["expires_in"],
                                           "TokenType": token["token_type"]}}


@action(IDP, "GetDerivedToken")
def get_derived_token(ctx: Context, params: dict) -> dict:
    pool, client = find.client_anywhere(ctx, params["ClientId"])
    if client.secret is not None and not clients.secret_matches(client, params.get("ClientSecret")):
        raise NotAuthorizedException(f"Unable to verify secret for client {client.id}")          # guessed text
    exchange = token_exchange.validate(ctx.env, pool, client, derived_token_request(params))
    token, expires_in = token_exchange.issue(ctx.env, ctx.issuer(pool.id), exchange)
    access = exchange.token_use == "access"
    return {"IssuedToken": token, "IssuedTokenType": "ACCESS_TOKEN" if access else "ID_TOKEN",
            "TokenType": "Bearer" if access else "N_A", "ExpiresIn": expires_in,
            "Scopes": exchange.scopes if access else None}
