"""GetClientToken: a client_credentials grant through the API (machine-to-machine access tokens)."""
from __future__ import annotations

from ..backend.idp import oauth, oauth_grants
from ..errors import InvalidParameterException, InvalidScope, NotAuthorizedException, UnauthorizedClient
from . import idp_common as find
from .registry import IDP, Context, action


@action(IDP, "GetClientToken")
def get_client_token(ctx: Context, params: dict) -> dict:
    pool, client = find.client_anywhere(ctx, params["ClientId"])
    if client.secret is None or not any(s.value == params["Secret"] for s in client.secrets):
        raise NotAuthorizedException(f"Unable to verify secret for client {client.id}")          # guessed text
    scope = " ".join(params.get("Scopes") or []) or None
    account, region, _ = ctx.store.index.clients[client.id]
    req = oauth_grants.TokenRequest(ctx.env, pool, client, ctx.issuer(pool.id), {"scope": scope} if scope else {},
                                    oauth.state_of(ctx.store.region(account, region)))
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
