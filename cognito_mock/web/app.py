"""The WSGI app: ``POST /`` and cognito-sync's REST paths go to dispatch; the rest is web."""
from __future__ import annotations

import json
import logging
from functools import partial
from urllib.parse import urlsplit
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response
from werkzeug.wsgi import get_host

from .. import seeding
from ..backend import elb_keys
from ..backend.store import Store
from ..dispatch import WireRequest, handle
from ..wire import rest_json
from ..backend.idp.federation import emulated
from . import mock_idp, mock_paths, mock_saml, dashboard, recent, user_import
from .oauth import cimd, federated, federated_logout, federated_start, hosted_ui, oauth2, oidc
from .oauth.site import PageError, Site

log = logging.getLogger("cognito_mock")
ELB_KEYS_HOST = "public-keys.auth.elb."

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
    Rule("/", methods=["GET"], endpoint="root"),                  # a browser gets the dashboard (web/dashboard.py)
    Rule("/_mock/ui", methods=["GET"], endpoint="ui"),
    Rule("/_mock/ui/<name>", methods=["GET"], endpoint="ui_asset"),
    Rule("/_mock/ui/api/overview", methods=["GET"], endpoint="ui_overview"),
    Rule("/_mock/ui/api/action", methods=["POST"], endpoint="ui_action"),
    Rule("/_mock/ui/api/token", methods=["POST"], endpoint="ui_token"),
    # cognito-sync's REST paths, from the installed model (wire/rest_json.py routes them to operations)
    *(Rule(f"/{root}{rest}", endpoint="api") for root in rest_json.path_roots() for rest in ("", "/<path:rest>")),
    Rule("/<pool_id>/.well-known/jwks.json", methods=["GET"], endpoint="jwks"),
    Rule("/<pool_id>/.well-known/openid-configuration", methods=["GET"], endpoint="openid_configuration"),
    Rule("/.well-known/jwks_uri", methods=["GET"], endpoint="identity_jwks"),
    Rule("/_mock/health", methods=["GET"], endpoint="health"),
    Rule("/_mock/reset", methods=["POST"], endpoint="reset"),
    Rule("/_mock/messages", methods=["GET", "DELETE"], endpoint="messages"),
    Rule("/_mock/state", methods=["GET"], endpoint="state"),      # the seed-file format (seeding/)
    Rule("/_mock/user-import/<pool_id>/<job_id>", methods=["PUT"], endpoint="user_import"),  # web/user_import.py
    Rule("/_mock/elb-public-keys/<region>/<kid>", methods=["GET"], endpoint="elb_public_key"),  # backend/elb_keys.py
    Rule("/_mock/idp/<name>/<path:rest>", methods=["GET", "POST"], endpoint="mock_idp"),   # web/mock_idp.py
    # where identity providers send the browser back (web/oauth/federated.py)
    Rule("/oauth2/idpresponse", methods=["GET", "POST"], endpoint="idp_response"),
    Rule("/saml2/idpresponse", methods=["POST"], endpoint="saml_response"),
    Rule("/saml2/logout", methods=["POST"], endpoint="saml_logout"),     # web/oauth/federated_logout.py
    # a user pool domain: OAuth 2.0 endpoints and hosted UI pages (web/oauth/oauth2.py, web/oauth/hosted_ui.py)
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
], strict_slashes=False, merge_slashes=False)   # never redirect an API path
# endpoints that read or change the state: run under the store's lock, taken once here. "api" and
# "ui_action" go through dispatch, which takes it; "web:*" pages take it in on_web.
LOCKED = frozenset({"jwks", "openid_configuration", "identity_jwks", "reset", "messages", "elb_public_key",
                    "state", "ui_overview", "ui_token", "user_import"})
WEB_VIEWS = {name: getattr(module, name) for module, names in (
    (oauth2, ("authorize", "token", "user_info", "revoke", "logout", "error_page")),
    (hosted_ui, ("login", "sign_up", "confirm", "forgot_password", "confirm_forgot_password"))) for name in names}


class CognitoApp:
    """The emulator's one WSGI app. ``public_url`` (server mode) is the URL tokens' ``iss`` and the
    discovery documents name, whatever Host a request used; None in-process, where the app answers
    the AWS hosts the http hook intercepts.

    In server mode only the Host names of ``allowed_hosts`` (loopback names, what ``--host`` and
    ``--public-url`` declare, and the pools' own domains) are answered: a page on another site cannot
    reach the emulator through DNS rebinding. The AWS APIs and the OAuth2/OIDC endpoints answer CORS as AWS does (browser SDKs and
    SPAs call them from any origin); ``/_mock/`` answers none, and refuses changes asked from another
    origin, so a web page the developer visits cannot reset the state or read the codes.
    """

    def __init__(self, store: Store, *, public_url: str | None = None,
                 allowed_hosts: frozenset[str] | None = None) -> None:
        self.store = store
        self.public_url = public_url
        self.allowed_hosts = allowed_hosts      # None: any Host (in-process)

    @property
    def server_mode(self) -> bool:
        return self.public_url is not None

    def __call__(self, environ, start_response):
        if (environ.get("HTTP_X_AMZ_TARGET") and environ.get("REQUEST_METHOD") == "POST"
                and environ.get("PATH_INFO") == "/" and str(environ.get("CONTENT_LENGTH", "")).isdigit()
                and "HTTP_TRANSFER_ENCODING" not in environ):
            host = get_host(environ)
            if self.answers_host(host_name(host)) and not host.startswith(ELB_KEYS_HOST):
                return self.on_json_api(environ, start_response, host)
        request = Request(environ)
        response = self.respond(request)
        if not request.path.startswith("/_mock/"):
            response.headers.extend(CORS_HEADERS)
        return response(environ, start_response)

    def respond(self, request: Request) -> Response:
        if not self.answers_host(host_name(request.host)):
            return json_response({"__type": "MisdirectedRequest", "message":
                                  f"This cognito-mock server does not answer for host {request.host!r}; "
                                  "start it with --public-url to add a name."}, 421)
        if request.method == "OPTIONS":
            return Response(status=204)
        real_idp = self.emulated_provider_url(request)
        if real_idp is not None:           # in-process: accounts.google.com... while that provider is emulated
            return self.on_mock_idp(request, real_idp[0], endpoint=real_idp[1])
        if request.host.startswith(ELB_KEYS_HOST):      # https://public-keys.auth.elb.{region}.amazonaws.com/{kid}
            return self.on_elb_public_key(request, request.host[len(ELB_KEYS_HOST):].split(".")[0],
                                          request.path.strip("/"))
        if (request.path.startswith("/_mock/") and request.method not in ("GET", "HEAD")
                and not self.same_origin(request)):
            return json_response({"__type": "AccessDeniedException",
                                  "message": "Emulator paths cannot be changed from another origin."}, 403)
        try:
            endpoint, args = URLS.bind_to_environ(request.environ).match()
        except HTTPException as exc:
            # guessed: what AWS's API hosts answer for a path or method they do not serve
            return json_response({"__type": "UnknownOperationException" if exc.code == 404 else "InvalidAction",
                                  "message": exc.description or exc.name}, exc.code or 404)
        if endpoint.startswith("web:"):
            return self.on_web(request, WEB_VIEWS[endpoint[4:]])
        try:
            if endpoint in LOCKED:
                with self.store.lock:
                    return getattr(self, f"on_{endpoint}")(request, **args)
            return getattr(self, f"on_{endpoint}")(request, **args)
        except NotFound as exc:
            return json_response({"message": exc.description}, 404)

    def answers_host(self, name: str) -> bool:
        """Its allowed names, and the user pools' own domains (a prefix or custom domain mapped to
        this server in /etc/hosts, as a developer may do to try them)."""
        if self.allowed_hosts is None or name in self.allowed_hosts:
            return True
        with self.store.lock:
            return name in self.store.index.domains

    def same_origin(self, request: Request) -> bool:
        """No Origin (a script, curl, an SDK) or an Origin naming an allowed host of this server."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        host = urlsplit(origin).netloc
        allowed = self.allowed_hosts if self.allowed_hosts is not None else {host_name(request.host)}
        return host_name(host) in allowed and host.rpartition(":")[2] == request.host.rpartition(":")[2]

    def base_url(self, request: Request) -> str:
        return self.public_url or request.host_url.rstrip("/")

    # -- endpoints ---------------------------------------------------------------------------
    def on_api(self, request: Request, **_args) -> Response:
        wire = WireRequest(
            method=request.method, path=request.path, query=request.query_string.decode("latin-1"),
            headers={k.lower(): v for k, v in request.headers.items()}, body=request.get_data(),
            host=request.host, base_url=self.public_url)
        resp = handle(self.store, wire)
        error = str(resp.headers.get("x-amzn-ErrorType", "")).split(":", 1)[0] if resp.status >= 400 else ""
        if error:     # for the server's log line (web/serving.py)
            request.environ["cognito_mock.error"] = error
        recent.record_call(self.store, request.headers.get("X-Amz-Target", ""), request.method, request.path,
                           resp.status, error)
        return Response(resp.body, status=resp.status, headers=resp.headers)

    def on_json_api(self, environ, start_response, host: str):
        """The JSON APIs' ``POST /`` (X-Amz-Target), the hot path: what ``on_api`` and the CORS headers
        answer, without werkzeug's Request, routing and Response (a quarter of a millisecond a call)."""
        headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key[:5] == "HTTP_"}
        headers.pop("content-type", None), headers.pop("content-length", None)
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        headers["content-length"] = environ["CONTENT_LENGTH"]
        wire = WireRequest(method="POST", path="/", query=environ.get("QUERY_STRING", ""), headers=headers,
                           body=environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])), host=host,
                           base_url=self.public_url)
        resp = handle(self.store, wire)
        error = str(resp.headers.get("x-amzn-ErrorType", "")).split(":", 1)[0] if resp.status >= 400 else ""
        if error:     # for the server's log line (web/serving.py)
            environ["cognito_mock.error"] = error
        recent.record_call(self.store, environ["HTTP_X_AMZ_TARGET"], "POST", "/", resp.status, error)
        start_response(f"{resp.status} {HTTP_STATUS_CODES.get(resp.status, 'UNKNOWN').upper()}",
                       [*resp.headers.items(), *CORS_HEADERS.items()])
        return [resp.body]

    def on_web(self, request: Request, view) -> Response:
        """A user pool domain's endpoint or page, under the store's lock (taken once, here) like every
        API call. What the request needs from another server (a CIMD client's document, an identity
        provider's discovery or SAML metadata) is fetched first with the lock let go; a view that must
        call out midway (a real OIDC provider's code exchange, web/oauth/federated.py) answers
        ``Outside``, run here the same way."""
        try:
            site = Site(self.store, request, self.public_url)
            with self.store.lock:
                pending = cimd.to_fetch(site)
                if pending is not None:
                    with self.store.lock.released():
                        retrieved = cimd.fetch(pending[1])
                    cimd.received(site, pending, retrieved)
                needed = federated_start.to_fetch(site)
                if needed is not None:
                    with self.store.lock.released():
                        document = federated_start.fetch(needed)
                    federated_start.received(site, needed, document)
                answer = view(site)
                while isinstance(answer, federated.Outside):
                    with self.store.lock.released():
                        result = answer.work()
                    answer = answer.then(result)
                return answer
        except PageError as error:
            return oauth2.page_error(error)
        except Exception:  # a bug of ours: say so in the log, never leak a traceback
            log.exception("cognito-mock failed on %s %s", request.method, request.path)
            return json_response({"error": "server_error"}, 500)

    def on_idp_response(self, request: Request) -> Response:
        return self.on_web(request, federated.idp_response)

    def on_saml_response(self, request: Request) -> Response:
        return self.on_web(request, federated.saml_response)

    def on_saml_logout(self, request: Request) -> Response:
        return self.on_web(request, partial(federated_logout.logout_response, finish=oauth2.finish_logout))

    def emulated_provider_url(self, request: Request) -> tuple[str, str] | None:
        """(provider, endpoint) of a real social provider URL the emulator answers (in-process only)."""
        if self.server_mode:
            return None
        host = host_name(request.host)
        if not emulated.host_active(self.store.env, host):
            return None
        return mock_idp.real_endpoint(host, request.path) or (emulated.HOSTS[host], "")

    def on_mock_idp(self, request: Request, name: str, rest: str = "", endpoint: str | None = None) -> Response:
        base = f"{request.host_url.rstrip('/')}/_mock/idp/{name}"
        endpoint = endpoint or mock_idp.PATHS.get(rest.strip("/"))
        with self.store.lock:
            if endpoint in ("saml_metadata", "saml_sso", "saml_slo"):         # web/mock_saml.py
                return mock_idp.answer(self.store, request, name, getattr(mock_saml, endpoint[5:]), base)
            return mock_idp.respond(self.store, request, name, endpoint, base)

    def on_jwks(self, request: Request, pool_id: str) -> Response:
        return json_response(oidc.jwks(self.store, pool_id))

    def on_openid_configuration(self, request: Request, pool_id: str) -> Response:
        return json_response(oidc.openid_configuration(self.store, pool_id, request.host_url.rstrip("/"),
                                                       self.public_url))

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

    def on_elb_public_key(self, request: Request, region: str, kid: str) -> Response:
        pem = elb_keys.public_pem(self.store, region, kid)
        if pem is None:
            return Response(b"", status=404)
        return Response(pem, content_type="application/x-pem-file")

    def on_state(self, request: Request) -> Response:
        return Response(json.dumps(seeding.dump(self.store), indent=2), content_type="application/json")

    def on_root(self, request: Request) -> Response:
        """``GET /``: the dashboard for a browser; anything else gets the 405 the API host answers."""
        if request.accept_mimetypes.accept_html:
            return self.on_ui(request)
        return json_response({"__type": "InvalidAction", "message": MethodNotAllowed.description}, 405)

    def on_ui(self, request: Request) -> Response:
        return Response(dashboard.page(), content_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY",
                                 "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'"})

    def on_ui_asset(self, request: Request, name: str) -> Response:
        found = dashboard.asset(name)
        if found is None:
            raise NotFound(f"No dashboard file {name}.")
        return Response(found[0], content_type=found[1], headers={"Cache-Control": "no-store"})

    def on_ui_overview(self, request: Request) -> Response:
        return json_response(dashboard.overview(self.store))

    def on_ui_action(self, request: Request) -> Response:
        status, body = dashboard.act(self.store, request.get_json(silent=True))
        return json_response(body, status)

    def on_ui_token(self, request: Request) -> Response:
        body = request.get_json(silent=True)
        return json_response(dashboard.check_token(self.store, body.get("token") if isinstance(body, dict) else None,
                                                   self.public_url))

    def on_user_import(self, request: Request, pool_id: str, job_id: str) -> Response:
        status, headers, body = user_import.upload(self.store, pool_id, job_id, request.args, request.get_data())
        return Response(body, status=status, headers=headers)


def host_name(host: str) -> str:
    """A Host header's (or an origin's) name: ``127.0.0.1:9229`` -> ``127.0.0.1``, ``[::1]:9229`` -> ``::1``."""
    host = host.lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.split(":", 1)[0] if host.count(":") == 1 else host


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
