"""The OAuth 2.0 endpoints of a user pool domain: thin views over backend/idp/oauth/.

/oauth2/authorize, /oauth2/token, /oauth2/userInfo, /oauth2/revoke, /logout and the /error page.
"""
from __future__ import annotations

import json
from typing import Any

from werkzeug.wrappers import Response

from ...backend.idp.auth import tokens
from ...backend.idp.clients.models import AppClient
from ...backend.idp.models import User
from ...backend.idp.oauth import oauth, oauth_grants
from ...errors import AwsError, InvalidRequest, InvalidToken, OAuthError, RedirectMismatch
from . import csrf, federated_logout, federated_start, pages
from .site import AUTHORIZE_PARAMS, PageError, Site, go

FORM = "application/x-www-form-urlencoded"
NO_LOGIN_OPTION = "Login option is not available. Please try another one"


def json_body(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json;charset=UTF-8",
                    headers={"Cache-Control": "no-store", "Pragma": "no-cache", **(headers or {})})


def oauth_error(error: OAuthError, headers: dict[str, str] | None = None) -> Response:
    body = {"error": error.error}
    if error.description:
        body["error_description"] = error.description
    return json_body(body, error.status, headers)


def page_error(error: PageError) -> Response:
    return html(pages.message(None, None, "Error", error.message), error.status)

# --- authorize --------------------------------------------------------------------------------


class Authorization:
    """A checked /oauth2/authorize (or /login) request, or the redirect that answers a bad one."""

    def __init__(self, site: Site, params: dict[str, str] | None = None) -> None:
        self.site = site
        self.params = site.authorize_params() if params is None else dict(params)   # given: a federated return
        _, self.pool, self.client = site.client(self.params.get("client_id"))
        self.request: oauth.AuthorizeRequest | None = None
        self.refused: Response | None = None
        try:
            self.request = oauth.authorize_request(self.pool, self.client, self.params)
        except RedirectMismatch:
            self.refused = go(site.url("/error", {"client_id": self.client.id, "error": "redirect_mismatch"}))
        except OAuthError as error:
            target = oauth.redirect_target(self.client, self.params)
            self.refused = go(oauth.error_redirect(target, error, self.params.get("state")))

    def finish(self, user: User, sign_in: tokens.SignIn, refresh_token: str | None, *,
               browser: oauth.BrowserSession | None = None) -> Response:
        """Redirect to the app (a code, or tokens in the fragment) and remember the signed-in user.
        ``browser``: the session cookie that signed the user in silently; else this is a fresh
        sign-in at /login, which opens an SSO session (when the pool tracks sessions)."""
        site, env = self.site, self.site.store.env
        sso_session = browser.sso_session if browser is not None else None
        try:
            location = oauth.complete(env, self.pool, self.client, site.issuer(self.pool), self.request,
                                      user, sign_in, refresh_token, sso_session)
        except AwsError as error:           # a Lambda trigger refused: the app hears it at its redirect URI
            return go(oauth.error_redirect(self.request.redirect_uri, InvalidRequest(error.message), self.request.state))
        if browser is None:
            sso_session = oauth.open_sso(env, self.pool, self.client, user, sign_in)
        cookie, max_age = oauth.session_cookie(env, self.pool, user, sign_in.auth_time, sso_session)
        response = go(location)
        response.set_cookie(oauth.COOKIE, cookie, max_age=max_age, path="/", httponly=True, samesite="Lax",
                            secure=site.request.scheme == "https")
        return response

    def federated(self) -> Response | None:
        """identity_provider / idp_identifier: COGNITO goes on to /login; another provider of the client
        gets the browser sent to it (web/oauth/federated_start.py)."""
        name = self.params.get("identity_provider")
        if name is None and self.params.get("idp_identifier"):
            name = self.pool.federation.idp_identifiers.get(self.params["idp_identifier"], "")
        if name is None or name == "COGNITO":
            return None
        if name in self.pool.federation.identity_providers and name in self.client.identity_providers:
            return go(federated_start.start_url(self.site, self.pool, self.client,
                                                self.pool.federation.identity_providers[name], self.params))
        return html(pages.message(self.pool, self.client.id, "Error", NO_LOGIN_OPTION), 400)


def authorize(site: Site) -> Response:
    auth = Authorization(site)
    if auth.refused is not None:
        return auth.refused
    federated = auth.federated()
    if federated is not None:
        return federated
    browser = oauth.session_user(site.store.env, auth.pool, auth.client, site.request.cookies.get(oauth.COOKIE))
    if browser is not None:                  # already signed in on this domain: no page at all
        env = site.store.env
        return auth.finish(browser.user, tokens.SignIn(env.ids.uuid(), env.ids.uuid(), browser.auth_time), None,
                           browser=browser)
    return csrf.remember(site, go(site.url("/login", auth.params)), csrf.token(site))   # as Cognito's authorize does


def error_page(site: Site) -> Response:
    error = site.request.args.get("error", "")
    text = "An error was encountered with the requested page."
    return html(pages.message(None, None, "Error", f"{text} {error}".strip()), 400)

# --- token, userInfo, revoke ------------------------------------------------------------------


def token(site: Site) -> Response:
    try:
        form = _form(site)
        auth = oauth.client_auth(site.request.headers.get("Authorization"), form)
        _, pool, client = site.token_client(auth.client_id)
        oauth.check_client_secret(client, auth)
        req = oauth_grants.TokenRequest(site.store.env, pool, client, site.issuer(pool), form)
        return json_body(oauth_grants.exchange(req))
    except OAuthError as error:
        return oauth_error(error)


def user_info(site: Site) -> Response:
    scheme, _, access_token = (site.request.headers.get("Authorization") or "").partition(" ")
    try:
        if scheme.lower() != "bearer" or not access_token.strip():
            raise InvalidRequest("Bad OAuth2 request at UserInfo Endpoint")
        access_token = access_token.strip()
        found = site.domain() or site.pool_by_id(tokens.pool_id_of(access_token))
        if found is None:
            raise InvalidToken(oauth_grants.TOKEN_REJECTED)
        return json_body(oauth_grants.user_info(site.store.env, found[1], access_token))
    except OAuthError as error:
        header = f'error="{error.error}", error_description="{error.description}"'
        return oauth_error(error, {"WWW-Authenticate": header})


def revoke(site: Site) -> Response:
    try:
        form = _form(site)
        auth = oauth.client_auth(site.request.headers.get("Authorization"), form)
        _, pool, client = site.token_client(auth.client_id)
        oauth.check_client_secret(client, auth)
        oauth_grants.revoke(pool, client, form.get("token"))
        return Response(b"", status=200)
    except OAuthError as error:
        return oauth_error(error)


def _form(site: Site) -> dict[str, str]:
    if site.request.mimetype != FORM:
        raise InvalidRequest()
    return site.request.form.to_dict()

# --- logout -----------------------------------------------------------------------------------


def logout(site: Site) -> Response:
    """A SAML session with single logout goes to its provider first (web/oauth/federated_logout.py)."""
    args = site.request.args.to_dict()
    response = finish_logout(site, args)
    if response.status_code == 302 and not response.headers["Location"].startswith(site.url("/error")):
        _, pool, client = site.client(args.get("client_id"))
        response = federated_logout.start(site, pool, client, args) or response
        response.delete_cookie(oauth.COOKIE, path="/")
    return response


def finish_logout(site: Site, args: dict[str, str]) -> Response:
    """logout_uri (one of the client's LogoutURLs), or redirect_uri and the /login parameters."""
    _, pool, client = site.client(args.get("client_id"))
    logout_uri = args.get("logout_uri")
    if logout_uri:
        response = go(logout_uri) if logout_uri in client.logout_urls else _mismatch(site, client)
    elif args.get("redirect_uri"):
        auth = Authorization(site, {k: args[k] for k in AUTHORIZE_PARAMS if args.get(k)})
        response = auth.refused or go(site.url("/login", auth.params))
    else:
        # AWS's text (streamlit/streamlit#14601, aws-amplify/amplify-js#2423)
        raise PageError("Required String parameter 'redirect_uri' is not present")
    response.delete_cookie(oauth.COOKIE, path="/")
    return response


def _mismatch(site: Site, client: AppClient) -> Response:
    return go(site.url("/error", {"client_id": client.id, "error": "redirect_mismatch"}))


# What Cognito's hosted pages send: they cannot be framed (clickjacking), sniffed or cached.
PAGE_HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-cache, no-store, max-age=0, must-revalidate", "Pragma": "no-cache"}


def html(text: str, status: int = 200) -> Response:
    return Response(text, status=status, content_type="text/html; charset=utf-8", headers=PAGE_HEADERS)
