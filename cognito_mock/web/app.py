"""The WSGI app: ``POST /`` and cognito-sync's REST paths go to dispatch; the rest is web."""
from __future__ import annotations

import json
import logging
from typing import Any

from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from ..backend.store import Store
from ..dispatch import WireRequest, handle
from . import cimd, hosted_ui, mock_paths, oauth2, oidc
from . import user_import
from .site import PageError, Site

log = logging.getLogger("cognito_mock")

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, PATCH, OPTIONS",
    "Access-Control-Allow-Headers": "authorization, content-type, x-amz-target, x-amz-user-agent, x-amz-date, "
                                    "x-amz-security-token, x-amz-content-sha256, amz-sdk-invocation-id, "
                                    "amz-sdk-request, x-amz-client-context, cache-control",
    "Access-Control-Expose-Headers": "x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date",
    "Access-Control-Max-Age": "86400",
}

URLS = Map([
    Rule("/", methods=["POST"], endpoint="api"),
    Rule("/identitypools/<path:rest>", endpoint="api"),
    Rule("/<pool_id>/.well-known/jwks.json", methods=["GET"], endpoint="jwks"),
    Rule("/<pool_id>/.well-known/openid-configuration", methods=["GET"], endpoint="openid_configuration"),
    Rule("/.well-known/jwks_uri", methods=["GET"], endpoint="identity_jwks"),
    Rule("/_mock/health", methods=["GET"], endpoint="health"),
    Rule("/_mock/reset", methods=["POST"], endpoint="reset"),
    Rule("/_mock/messages", methods=["GET", "DELETE"], endpoint="messages"),
    Rule("/_mock/user-import/<pool_id>/<job_id>", methods=["PUT"], endpoint="user_import"),  # web/user_import.py
    # a user pool domain: OAuth 2.0 endpoints and hosted UI pages (web/oauth2.py, web/hosted_ui.py)
    Rule("/oauth2/authorize", methods=["GET"], endpoint="web:authorize"),
    Rule("/oauth2/token", methods=["POST"], endpoint="web:token"),
    Rule("/oauth2/userInfo", methods=["GET", "POST"], endpoint="web:user_info"),
    Rule("/oauth2/revoke", methods=["POST"], endpoint="web:revoke"),
    Rule("/logout", methods=["GET"], endpoint="web:logout"),
    Rule("/error", methods=["GET"], endpoint="web:error_page"),
    Rule("/login", methods=["GET", "POST"], endpoint="web:login"),
    Rule("/signup", methods=["GET", "POST"], endpoint="web:sign_up"),
    Rule("/confirm", methods=["GET", "POST"], endpoint="web:confirm"),
    Rule("/forgotPassword", methods=["GET", "POST"], endpoint="web:forgot_password"),
    Rule("/confirmForgotPassword", methods=["GET", "POST"], endpoint="web:confirm_forgot_password"),
], strict_slashes=False)
WEB_VIEWS = {name: getattr(module, name) for module, names in (
    (oauth2, ("authorize", "token", "user_info", "revoke", "logout", "error_page")),
    (hosted_ui, ("login", "sign_up", "confirm", "forgot_password", "confirm_forgot_password"))) for name in names}


class CognitoApp:
    """``server_mode``: tokens' ``iss`` and discovery URLs use the URL the client reached us by."""

    def __init__(self, store: Store, *, server_mode: bool = True) -> None:
        self.store = store
        self.server_mode = server_mode

    def __call__(self, environ, start_response):
        request = Request(environ)
        response = self.respond(request)
        response.headers.extend(CORS_HEADERS)
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status=204)
        try:
            endpoint, args = URLS.bind_to_environ(request.environ).match()
        except HTTPException as exc:
            return json_response({"message": exc.description or exc.name}, exc.code or 404)
        if endpoint.startswith("web:"):
            return self.on_web(request, WEB_VIEWS[endpoint[4:]])
        try:
            return getattr(self, f"on_{endpoint}")(request, **args)
        except NotFound as exc:
            return json_response({"message": exc.description}, 404)

    def base_url(self, request: Request) -> str:
        return request.host_url.rstrip("/")

    # -- endpoints ---------------------------------------------------------------------------
    def on_api(self, request: Request, **_args) -> Response:
        wire = WireRequest(
            method=request.method, path=request.path, query=request.query_string.decode("latin-1"),
            headers={k.lower(): v for k, v in request.headers.items()}, body=request.get_data(),
            host=request.host, base_url=self.base_url(request) if self.server_mode else None)
        resp = handle(self.store, wire)
        return Response(resp.body, status=resp.status, headers=resp.headers)

    def on_web(self, request: Request, view) -> Response:
        """A user pool domain's endpoint or page, under the store's lock like every API call."""
        try:
            site = Site(self.store, request, self.server_mode)
            cimd.prefetch(site)                 # a client metadata document is fetched outside the lock
            with self.store.lock:
                return view(site)
        except PageError as error:
            return oauth2.page_error(error)
        except Exception:  # a bug of ours: say so in the log, never leak a traceback
            log.exception("cognito-mock failed on %s %s", request.method, request.path)
            return json_response({"error": "server_error"}, 500)

    def on_jwks(self, request: Request, pool_id: str) -> Response:
        return json_response(oidc.jwks(self.store, pool_id))

    def on_openid_configuration(self, request: Request, pool_id: str) -> Response:
        issuer_base = self.base_url(request) if self.server_mode else None
        return json_response(oidc.openid_configuration(self.store, pool_id, self.base_url(request), issuer_base,
                                                       server_mode=self.server_mode))

    def on_identity_jwks(self, request: Request) -> Response:
        return json_response(oidc.identity_jwks(self.store))

    def on_health(self, request: Request) -> Response:
        return json_response(mock_paths.health())

    def on_reset(self, request: Request) -> Response:
        return json_response(mock_paths.reset(self.store))

    def on_messages(self, request: Request) -> Response:
        if request.method == "DELETE":
            return json_response(mock_paths.clear_messages(self.store))
        return json_response(mock_paths.messages(self.store, request.args))

    def on_user_import(self, request: Request, pool_id: str, job_id: str) -> Response:
        status, headers, body = user_import.upload(self.store, pool_id, job_id, request.args, request.get_data())
        return Response(body, status=status, headers=headers)


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
