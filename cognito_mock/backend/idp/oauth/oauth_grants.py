"""The token endpoint's grants (one class each, validate then issue, like authlib's), the userInfo
endpoint's attributes and the revocation endpoint. Errors are RFC 6749's (errors.OAuthError)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from ....errors import (AwsError, InvalidGrant, InvalidRequest, NotAuthorizedException, RefreshTokenReuseException,
                        UnauthorizedClient, UnsupportedGrantType, InvalidToken, UnsupportedTokenType)
from ...store import Env
from .. import trigger_events
from ..auth import tokens
from ..clients import cimd
from ..clients.models import AppClient
from ..auth.models import RefreshGrant
from ..models import User, UserPool
from ..pools.schema import readable_by_default
from ..users import users
from . import oauth
from .models import AuthorizationCode

BEARER = "Bearer"
TOKEN_REJECTED = "Access token is expired, disabled, or deleted, or the user has globally signed out."
PROFILE = frozenset({"name", "family_name", "given_name", "middle_name", "nickname", "preferred_username",
                     "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at"})
SCOPE_ATTRIBUTES = {"email": frozenset({"email", "email_verified"}),
                    "phone": frozenset({"phone_number", "phone_number_verified"}), "profile": PROFILE}


@dataclass(slots=True)
class TokenRequest:
    """One POST to /oauth2/token by an authenticated client."""

    env: Env
    pool: UserPool
    client: AppClient
    issuer: str
    form: dict[str, str]


class Grant:
    name: ClassVar[str]
    flow: ClassVar[str | None]        # the AllowedOAuthFlows value the client needs (None: any client)

    def __init__(self, req: TokenRequest) -> None:
        self.req = req

    def validate(self) -> None:
        client = self.req.client
        if self.flow is not None and (not client.oauth_enabled or self.flow not in client.oauth_flows):
            raise UnauthorizedClient()

    def issue(self) -> dict[str, Any]:
        raise NotImplementedError

    def _customize(self, user: User, source: str, scopes: list[str] | None):
        """The PreTokenGeneration trigger's changes (its errors answer as invalid_request)."""
        req = self.req
        try:
            customize = trigger_events.pre_token_generation(req.env, req.pool, req.client, user, source, scopes=scopes)
        except AwsError as error:
            raise InvalidRequest(error.message) from None
        if self._user(user.username) is not user:     # deleted (and made again) while the trigger ran
            raise InvalidGrant()
        return customize

    def _user(self, username: str) -> User:
        user = users.lookup(self.req.pool, username)
        if user is None or not user.enabled:
            raise InvalidGrant()
        return user


class AuthorizationCodeGrant(Grant):
    name = "authorization_code"
    flow = "code"
    code: AuthorizationCode
    user: User

    def validate(self) -> None:
        super().validate()
        req = self.req
        code, redirect_uri = req.form.get("code"), req.form.get("redirect_uri")
        if not code or not redirect_uri:
            raise InvalidRequest()
        if redirect_uri not in req.client.callback_urls:
            raise UnauthorizedClient()     # what AWS answers (stackoverflow.com/questions/50264679)
        self.code = oauth.take_code(req.env, req.pool, req.client, code)
        if self.code.redirect_uri != redirect_uri or not oauth.verify_pkce(self.code, req.form.get("code_verifier")):
            raise InvalidGrant()
        grant = req.pool.auth.refresh_tokens.get(self.code.refresh_token)
        if grant is None or grant.origin_jti in req.pool.auth.revoked_origins:
            raise InvalidGrant()
        self.user = self._user(self.code.username)

    def issue(self) -> dict[str, Any]:
        req, code = self.req, self.code
        customize = self._customize(self.user, "TokenGeneration_HostedAuth", code.scopes)
        del req.pool.oauth.codes[code.code]
        minted = tokens.mint(req.env, req.pool, req.client, self.user, req.issuer,
                             oauth.sign_in_of(req.pool, code.refresh_token), with_refresh=False,
                             scopes=code.scopes, nonce=code.nonce, customize=customize)
        return token_response(minted, code.scopes, refresh_token=code.refresh_token)


class RefreshTokenGrant(Grant):
    name = "refresh_token"
    flow = None
    grant: RefreshGrant
    user: User

    def validate(self) -> None:
        super().validate()
        req = self.req
        token = req.form.get("refresh_token")
        if not token:
            raise InvalidRequest()
        try:
            self.grant = tokens.redeem_refresh_token(req.env, req.pool, req.client, token)
        except (NotAuthorizedException, RefreshTokenReuseException):
            raise InvalidGrant() from None
        self.user = self._user(self.grant.username)

    def issue(self) -> dict[str, Any]:
        req, grant = self.req, self.grant
        scopes = req.pool.oauth.granted.get(grant.origin_jti)       # None: a sign-in of the user pools API
        sign_in = tokens.SignIn(grant.origin_jti, grant.event_id, grant.auth_time)
        customize = self._customize(self.user, "TokenGeneration_RefreshTokens", scopes)
        minted = tokens.mint(req.env, req.pool, req.client, self.user, req.issuer, sign_in, with_refresh=False,
                             scopes=scopes, customize=customize)
        rotated = None
        if req.client.refresh_rotation:
            rotated = tokens.rotate(req.env, req.pool, req.client, self.user, req.form["refresh_token"], grant)
        return token_response(minted, scopes, refresh_token=rotated)


class ClientCredentialsGrant(Grant):
    """Machine to machine: the client's secret buys an access token with resource-server scopes."""

    name = "client_credentials"
    flow = "client_credentials"
    scopes: list[str]

    def validate(self) -> None:
        super().validate()
        if self.req.client.secret is None:
            raise UnauthorizedClient()
        self.scopes = oauth.client_scopes(self.req.pool, self.req.client, self.req.form.get("scope"))

    def issue(self) -> dict[str, Any]:
        req = self.req
        token, life = tokens.mint_client_token(req.env, req.pool, req.client, req.issuer, self.scopes)
        return {"access_token": token, "expires_in": life, "token_type": BEARER}


GRANTS: dict[str, type[Grant]] = {g.name: g for g in (AuthorizationCodeGrant, RefreshTokenGrant, ClientCredentialsGrant)}


def grant_for(req: TokenRequest) -> Grant:
    grant_type = req.form.get("grant_type")
    if not grant_type:
        raise InvalidRequest()
    cls = GRANTS.get(grant_type)
    if cls is None:
        raise UnsupportedGrantType()
    return cls(req)


def exchange(req: TokenRequest) -> dict[str, Any]:
    """The token endpoint's answer: the grant validates everything, then issues."""
    grant = grant_for(req)
    grant.validate()
    return grant.issue()


def token_response(minted: tokens.Tokens, scopes: list[str] | None, *, refresh_token: str | None) -> dict[str, Any]:
    """ID token only with the openid scope (API sign-ins refreshed here always get one)."""
    body: dict[str, Any] = {}
    if scopes is None or "openid" in scopes:
        body["id_token"] = minted.id_token
    body["access_token"] = minted.access_token
    if refresh_token is not None:
        body["refresh_token"] = refresh_token
    body.update(expires_in=minted.expires_in, token_type=BEARER)
    return body

# --- /oauth2/userInfo -------------------------------------------------------------------------


def user_info(env: Env, pool: UserPool, access_token: str) -> dict[str, str]:
    """The user's attributes within the token's scopes; the token must hold ``openid``."""
    try:
        claims = tokens.verify_access_token(env, pool, access_token)
    except NotAuthorizedException:
        raise InvalidToken(TOKEN_REJECTED) from None
    scopes = str(claims.get("scope", "")).split()
    user = users.lookup(pool, str(claims.get("username", "")))
    client_id = str(claims.get("client_id", ""))
    client = pool.clients.by_id.get(client_id) or cimd.template_for(pool, client_id)     # a CIMD client: its app client
    if "openid" not in scopes or user is None or client is None or user.sub != claims.get("sub") or not user.enabled:
        raise InvalidToken(TOKEN_REJECTED)
    readable = client.read_attributes or readable_by_default(pool.schema)
    asked = [s for s in SCOPE_ATTRIBUTES if s in scopes]
    if asked:
        allowed = frozenset().union(*(SCOPE_ATTRIBUTES[s] for s in asked))
        readable = [n for n in readable if n in allowed or ("profile" in asked and n.startswith("custom:"))]
    info = {"sub": user.sub}
    info.update({n: user.attributes[n] for n in readable if n != "sub" and n in user.attributes})
    info["username"] = user.username
    return info

# --- /oauth2/revoke ---------------------------------------------------------------------------


def revoke(pool: UserPool, client: AppClient, token: str | None) -> None:
    """A refresh token and every token of its sign-in stop working; an unknown token is no error."""
    if not token or not client.enable_token_revocation:
        raise InvalidRequest()
    if token.count(".") == 2:                # a JWT: an ID or access token
        raise UnsupportedTokenType()
    grant = pool.auth.refresh_tokens.get(token)
    if grant is None:
        return
    if grant.client_id != client.id:
        raise UnauthorizedClient()           # guessed code
    tokens.revoke_sign_in(pool, users.lookup(pool, grant.username), grant.origin_jti)
