"""The OAuth 2.0 authorization server of a user pool (the web endpoints' domain logic, no HTTP).

- ``/oauth2/authorize`` requests: the redirect URI (exact match with CallbackURLs), response type,
  flows, scopes and PKCE parameters, checked in the order AWS reports them.
- authorization codes: random, single use, five minutes by the emulator clock, bound to the
  client, redirect URI, scopes, nonce and PKCE challenge (S256, as AWS supports).
- client authentication (client_secret_basic / client_secret_post) and scope rules.
- the hosted UI's signed session cookie ("already signed in" at /oauth2/authorize) and, while the
  pool tracks sessions, the SSO session each /login sign-in opens (the cookie names it; it stops
  working once the session is revoked or has expired, or past the client's SSO reuse window).

The grants that redeem codes, refresh tokens and client credentials are in oauth_grants.py.
The state (codes, the scopes each sign-in was granted, the cookie secret) is the pool's own
``UserPool.oauth`` (models.OAuthState): codes are bound to a client of the pool.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from ....errors import (InvalidClient, InvalidGrant, InvalidRequest, InvalidScope, OAuthError,  # noqa: F401
                       RedirectMismatch, ResourceNotFoundException, UnauthorizedClient, UnsupportedResponseType,
                       UserNotFoundException)
from ...store import Env
from .. import trigger_events
from ..auth import tokens
from ..clients import clients
from ..sessions import user_sessions
from ..users import users
from ..auth.keys import b64url, b64url_decode
from ..clients.models import AppClient  # noqa: F401  (re-exported)
from ..models import User, UserPool  # noqa: F401  (re-exported)
from .models import AuthorizationCode, OAuthState  # noqa: F401  (re-exported)
from ....support.compare import same

CODE_SECONDS = 5 * 60             # "a one time use code that is valid for five minutes"
SESSION_SECONDS = 60 * 60         # the hosted UI's session cookie (guessed: one hour, like the SSO default)
SSO_FIELD = "o"                  # the cookie's field naming its SSO session
COOKIE = "cognito"
OPENID_ONLY = frozenset({"email", "phone", "profile"})   # "can only be requested if openid scope is also requested"
RESPONSE_FLOWS = {"code": "code", "token": "implicit"}


# --- /oauth2/authorize ------------------------------------------------------------------------
@dataclass(slots=True)
class AuthorizeRequest:
    response_type: str
    redirect_uri: str
    scopes: list[str]
    state: str | None = None
    nonce: str | None = None
    code_challenge: str | None = None
    code_challenge_method: str | None = None

    @property
    def implicit(self) -> bool:
        return self.response_type == "token"


def redirect_target(client: AppClient, params: dict[str, str]) -> str:
    """The redirect URI errors may be sent to: one of the CallbackURLs, exactly (else RedirectMismatch)."""
    uri = params.get("redirect_uri") or client.default_redirect_uri
    if not uri or uri not in client.callback_urls:
        raise RedirectMismatch()
    return uri


def authorize_request(pool: UserPool, client: AppClient, params: dict[str, str]) -> AuthorizeRequest:
    """The checked parameters of an /oauth2/authorize (or /login) request. RedirectMismatch first;
    every later error is sent to the redirect URI (``error_redirect``)."""
    uri = redirect_target(client, params)
    response_type = params.get("response_type")
    if not response_type:
        raise InvalidRequest()       # AWS: authorization-endpoint.html, "?error=invalid_request" (no description)
    if response_type not in RESPONSE_FLOWS:
        raise UnsupportedResponseType()
    if not client.oauth_enabled or RESPONSE_FLOWS[response_type] not in client.oauth_flows:
        raise UnauthorizedClient()
    challenge, method = params.get("code_challenge"), params.get("code_challenge_method")
    if (challenge or method) and (not challenge or method != "S256"):
        raise InvalidRequest()               # AWS: a challenge needs code_challenge_method S256
    return AuthorizeRequest(response_type, uri, requested_scopes(pool, client, params.get("scope")),
                            params.get("state"), params.get("nonce"), challenge, method)


def requested_scopes(pool: UserPool, client: AppClient, scope: str | None) -> list[str]:
    """The scopes of a user sign-in: the requested ones (each allowed for the client), or all of the
    client's when none are asked for."""
    asked = list(dict.fromkeys((scope or "").split()))
    if not asked:
        return [s for s in client.oauth_scopes if clients.scope_exists(pool, s)]
    if any(s not in client.oauth_scopes or not clients.scope_exists(pool, s) for s in asked):
        raise InvalidScope()
    if OPENID_ONLY.intersection(asked) and "openid" not in asked:
        raise InvalidScope()
    return asked


def client_scopes(pool: UserPool, client: AppClient, scope: str | None) -> list[str]:
    """The scopes of a client_credentials grant: custom (resource server) scopes only."""
    allowed = [s for s in client.oauth_scopes if "/" in s and clients.scope_exists(pool, s)]
    asked = list(dict.fromkeys((scope or "").split())) or allowed
    if not asked or any(s not in allowed for s in asked):
        raise InvalidScope()
    return asked


def error_redirect(uri: str, error: OAuthError, state: str | None, *, fragment: bool = False) -> str:
    values = {"error_description": error.description or None, "error": error.error, "state": state}
    return _with_params(uri, {k: v for k, v in values.items() if v is not None}, fragment)


def _with_params(uri: str, values: dict[str, str], fragment: bool) -> str:
    if fragment:
        return f"{uri}#{urlencode(values)}"
    return f"{uri}{'&' if '?' in uri else '?'}{urlencode(values)}"


# --- completing a sign-in: a code, or tokens in the fragment ----------------------------------
def complete(env: Env, pool: UserPool, client: AppClient, issuer: str, request: AuthorizeRequest, user: User,
             sign_in: tokens.SignIn, refresh_token: str | None, sso_session: str | None = None) -> str:
    """The redirect that ends a successful sign-in. ``refresh_token``: the one the sign-in already
    has (a password sign-in through the auth state machine), else one is made for the code.
    ``sso_session``: the SSO session a signed-in browser's cookie named (a token grant through it).
    The implicit grant runs PreTokenGeneration (the store's lock let go), checks the user and client
    again, and only then writes: the granted scopes, the tokens' sign-in."""
    if request.implicit:
        if refresh_token is not None:          # the implicit grant never hands out a refresh token
            pool.auth.refresh_tokens.pop(refresh_token, None)
        customize = trigger_events.pre_token_generation(env, pool, client, user, "TokenGeneration_HostedAuth",
                                                        scopes=request.scopes)
        _still_there(pool, client, user)
        pool.oauth.granted[sign_in.origin_jti] = list(request.scopes)
        minted = tokens.mint(env, pool, client, user, issuer, sign_in, with_refresh=False,
                             scopes=request.scopes, nonce=request.nonce, customize=customize)
        values = {"id_token": minted.id_token if "openid" in request.scopes else None,
                  "access_token": minted.access_token, "expires_in": str(minted.expires_in),
                  "token_type": "Bearer", "state": request.state}
    else:
        pool.oauth.granted[sign_in.origin_jti] = list(request.scopes)
        if refresh_token is None:
            refresh_token = tokens.issue_refresh_token(env, pool, client, user, sign_in, origin_session=sso_session)
            user.sign_ins.add(sign_in.origin_jti)
        code = env.ids.uuid()
        pool.oauth.codes[code] = AuthorizationCode(
            code, pool.id, client.id, user.username, request.redirect_uri, list(request.scopes), refresh_token,
            env.clock.now() + CODE_SECONDS, request.nonce, request.code_challenge, request.code_challenge_method)
        values = {"code": code, "state": request.state}
    if sso_session is not None:
        user_sessions.touch_sso(env, user, sso_session)
    return _with_params(request.redirect_uri, {k: v for k, v in values.items() if v is not None}, request.implicit)


def _still_there(pool: UserPool, client: AppClient, user: User) -> None:
    """After a trigger: the user is still the pool's and enabled, the app client still the pool's
    (another client may have deleted or disabled them meanwhile)."""
    if pool.users.get(pool.user_key(user.username)) is not user:
        raise UserNotFoundException(users.NOT_FOUND)
    users.check_enabled(user)
    if pool.clients.by_id.get(client.id) is not client:
        raise ResourceNotFoundException(clients.not_found(client.id))


def sign_in_of(pool: UserPool, refresh_token: str) -> tokens.SignIn:
    grant = pool.auth.refresh_tokens[refresh_token]
    return tokens.SignIn(grant.origin_jti, grant.event_id, grant.auth_time)


def take_code(env: Env, pool: UserPool, client: AppClient, code: str) -> AuthorizationCode:
    """The live code ``code`` of ``client`` (not consumed: the grant deletes it once it issues)."""
    codes = pool.oauth.codes
    found = codes.get(code)
    if found is not None and env.clock.now() >= found.expires_at:
        del codes[code]
        found = None
    if found is None or found.client_id != client.id:
        raise InvalidGrant()
    return found


def verify_pkce(code: AuthorizationCode, verifier: str | None) -> bool:
    if code.code_challenge is None:
        return True
    if not verifier:
        return False
    digest = b64url(hashlib.sha256(verifier.encode("ascii", "replace")).digest())
    return same(digest, code.code_challenge)


# --- client authentication --------------------------------------------------------------------
@dataclass(slots=True)
class ClientAuth:
    client_id: str
    secret: str | None


def client_auth(authorization: str | None, form: dict[str, str]) -> ClientAuth:
    """client_secret_basic (Authorization: Basic) or client_secret_post / public (client_id in the body)."""
    if authorization and authorization[:6].lower() == "basic ":
        if form.get("client_secret"):
            raise InvalidRequest()               # two client authentication methods at once
        try:
            client_id, sep, secret = base64.b64decode(authorization[6:].strip(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise InvalidClient() from None
        if not sep or not client_id or (form.get("client_id") not in (None, "", client_id)):
            raise InvalidClient()
        return ClientAuth(client_id, secret)
    client_id = form.get("client_id")
    if not client_id:
        raise InvalidClient()                    # guessed: AWS answers invalid_client without a client
    return ClientAuth(client_id, form.get("client_secret"))


def check_client_secret(client: AppClient, auth: ClientAuth) -> None:
    if client.secret is None:
        if auth.secret:
            raise InvalidClient()
        return
    if not clients.secret_matches(client, auth.secret):
        raise InvalidClient()


# --- the hosted UI session cookie and its SSO session ----------------------------------------
@dataclass(slots=True, frozen=True)
class BrowserSession:
    """Who a valid session cookie signs in: the user, their last fresh authentication, the SSO session."""

    user: User
    auth_time: int
    sso_session: str | None = None


def open_sso(env: Env, pool: UserPool, client: AppClient, user: User, sign_in: tokens.SignIn) -> str | None:
    """A fresh /login sign-in opens an SSO session when the pool tracks sessions; the sign-in's token
    session came through it. Returns its id (for the cookie)."""
    if not user_sessions.tracking(pool):
        return None
    session = user_sessions.open_sso(env, user, client.id, sign_in.auth_time + sso_seconds(pool))
    user_sessions.came_through(user, sign_in.origin_jti, session.id)
    return session.id


def sso_seconds(pool: UserPool) -> int:
    """How long an SSO session and its cookie last: while some app client of the pool may still reuse
    it, and at least the cookie's hour (guessed: AWS documents only each client's reuse window)."""
    return max([SESSION_SECONDS, *(c.sso_session_max_minutes * 60 for c in pool.clients.by_id.values())])


def session_cookie(env: Env, pool: UserPool, user: User, auth_time: int,
                   sso_session: str | None = None) -> tuple[str, int]:
    """(value, max-age) of the signed cookie: until its SSO session ends, else for SESSION_SECONDS."""
    now = int(env.clock.now())
    session = user.sessions.get(sso_session) if sso_session is not None else None
    expires = int(session.expires_at) if session is not None else now + SESSION_SECONDS
    payload = {"p": pool.id, "u": user.username, "s": user.sub, "t": auth_time, "e": expires}
    if session is not None:
        payload[SSO_FIELD] = session.id
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    return f"{body}.{_cookie_mac(env, pool.oauth, body)}", max(expires - now, 0)


def session_user(env: Env, pool: UserPool, client: AppClient, cookie: str | None) -> BrowserSession | None:
    """Who a valid session cookie of ``pool`` signs in at ``client``, else None. A cookie naming an SSO
    session needs it alive (not revoked, not expired) and within the client's reuse window
    (SSOSession MaxValidityMinutes, from the last fresh authentication)."""
    state = pool.oauth
    body, _, mac = (cookie or "").partition(".")
    if not body or not state.cookie_secret or not same(mac, _cookie_mac(env, state, body)):
        return None
    try:
        payload = json.loads(b64url_decode(body))
    except ValueError:
        return None
    if payload.get("p") != pool.id or env.clock.now() >= payload.get("e", 0):
        return None
    user = users.lookup(pool, payload.get("u", ""))
    if user is None or user.sub != payload.get("s") or not user.enabled:
        return None
    auth_time, sso_session = int(payload.get("t", 0)), payload.get(SSO_FIELD)
    if sso_session is not None and not (user_sessions.sso_alive(env, user, sso_session)
                                        and env.clock.now() < auth_time + client.sso_session_max_minutes * 60):
        return None
    return BrowserSession(user, auth_time, sso_session)


def _cookie_mac(env: Env, state: OAuthState, body: str) -> str:
    if not state.cookie_secret:
        state.cookie_secret = env.ids.token_bytes(32)
    return b64url(hmac.new(state.cookie_secret, body.encode(), hashlib.sha256).digest())
