"""WSGI middleware: API Gateway's authorizers or ALB's authenticate-cognito in front of a WSGI app
(Flask, Django...). A refused request never reaches the app.

An admitted request reaches the app with, as serverless-wsgi (the adapter most Flask/Django
Lambdas run under) hands them on: ``environ["serverless.event"]`` (the proxy event) and
``environ["serverless.authorizer"]`` (its ``requestContext.authorizer``); ALB's ``x-amzn-oidc-*``
headers arrive as ordinary headers.
"""
from __future__ import annotations

import io

from .events import EdgeRequest
from .gateway import ApiGateway, Forward, Respond


def edge_of(edge, routes=None, scopes=()):
    """An authorizer becomes an ApiGateway; an ApiGateway or AlbAuthenticator is used as it is."""
    if hasattr(edge, "authorize"):
        return ApiGateway(edge, routes, scopes)
    return edge


class EdgeWSGIMiddleware:
    def __init__(self, app, edge, *, routes=None, scopes=()) -> None:
        self.app = app
        self.edge = edge_of(edge, routes, scopes)

    def __call__(self, environ, start_response):
        request = from_environ(environ)
        decided = self.edge.admit(request)
        if isinstance(decided, Respond):
            start_response(f"{decided.status} {_REASONS.get(decided.status, 'Status')}", decided.headers)
            return [decided.body]
        environ = dict(environ)
        environ["wsgi.input"] = io.BytesIO(request.body)
        environ["CONTENT_LENGTH"] = str(len(request.body))
        _set_headers(environ, decided)
        if decided.event is not None:
            environ["serverless.event"] = decided.event
            environ["serverless.authorizer"] = decided.event["requestContext"].get("authorizer")
        if not decided.set_cookies:
            return self.app(environ, start_response)

        def with_cookies(status, headers, exc_info=None):
            return start_response(status, list(headers) + [("Set-Cookie", c) for c in decided.set_cookies], exc_info)
        return self.app(environ, with_cookies)


def from_environ(environ) -> EdgeRequest:
    headers = [(key[5:].replace("_", "-").title(), value) for key, value in environ.items() if key.startswith("HTTP_")]
    if environ.get("CONTENT_TYPE"):
        headers.append(("Content-Type", environ["CONTENT_TYPE"]))
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    return EdgeRequest(method=environ["REQUEST_METHOD"], path=environ.get("PATH_INFO") or "/",
                       query=environ.get("QUERY_STRING", ""), headers=headers, body=body,
                       source_ip=environ.get("REMOTE_ADDR") or "127.0.0.1",
                       host=environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "localhost"),
                       protocol=environ.get("SERVER_PROTOCOL", "HTTP/1.1"))


def _set_headers(environ: dict, decided: Forward) -> None:
    for name in decided.drop:
        environ.pop("HTTP_" + name.upper().replace("-", "_"), None)
    for name, value in decided.headers:
        environ["HTTP_" + name.upper().replace("-", "_")] = value


_REASONS = {302: "Found", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error",
            502: "Bad Gateway"}
