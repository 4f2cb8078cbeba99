"""What the edge decides for one request: answer it itself (``Respond``) or pass it on (``Forward``),
for API Gateway (``ApiGateway``: route, authorizer, proxy event) and ALB (alb.py) alike."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .apigw import MISSING_AUTH_TOKEN, NOT_FOUND, Denial, Grant
from .events import EdgeRequest, http_event, rest_event
from .routes import Route, find


@dataclass(slots=True)
class Respond:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(slots=True)
class Forward:
    """Pass the request on with ``headers`` set (replacing any of the same name the client sent),
    the names in ``drop`` removed, and (API Gateway) the proxy ``event`` for the app."""

    headers: list[tuple[str, str]] = field(default_factory=list)
    drop: frozenset[str] = frozenset()
    event: dict | None = None
    route: Route | None = None
    params: dict[str, str] = field(default_factory=dict)
    set_cookies: list[str] = field(default_factory=list)    # ALB: a refreshed session's cookies

    def apply(self, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        replaced = self.drop | {name.lower() for name, _ in self.headers}
        return [(k, v) for k, v in headers if k.lower() not in replaced] + list(self.headers)


def denial(denied: Denial) -> Respond:
    return Respond(denied.status, [("content-type", "application/json"), *denied.headers.items()], denied.json())


class ApiGateway:
    """An API behind ``authorizer`` (CognitoUserPoolsAuthorizer: payload 1.0, or JwtAuthorizer: 2.0).

    ``routes``: the API's routes (routes.Route); without them every path is one authorized
    ``ANY /{proxy+}`` route asking for ``scopes``. A request no route matches gets the REST API's
    ``403 Missing Authentication Token`` or the HTTP API's ``404 Not Found``."""

    def __init__(self, authorizer, routes: Iterable[Route] | None = None, scopes: Iterable[str] = (),
                 stage: str | None = None) -> None:
        self.authorizer = authorizer
        self.version = "1.0" if authorizer.kind == "rest" else "2.0"
        self.routes = list(routes) if routes is not None else None
        self.default = Route("ANY", "/{proxy+}", list(scopes))
        self.stage = stage or ("local" if self.version == "1.0" else "$default")

    def admit(self, request: EdgeRequest) -> Respond | Forward:
        if self.routes is None:
            route, params = self.default, {"proxy": request.path.lstrip("/")}
        else:
            found = find(self.routes, request.method, request.path)
            if found is None:
                return denial(Denial(403, MISSING_AUTH_TOKEN) if self.version == "1.0" else Denial(404, NOT_FOUND))
            route, params = found
        context = None
        if route.authorizer:
            decided = self.authorizer.authorize(request.header_map(), route.scopes)
            if isinstance(decided, Denial):
                return denial(decided)
            context = decided.context
        now = self.authorizer.cognito.now()
        if self.version == "1.0":
            event = rest_event(request, route.path, params, context, now, self.stage)
        else:
            key = "$default" if self.routes is None else route.key
            event = http_event(request, key, params, context, now, self.stage)
        return Forward(event=event, route=route, params=params)


__all__ = ["ApiGateway", "Forward", "Respond", "Grant", "denial"]
