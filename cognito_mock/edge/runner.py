"""``cognito-mock api``: Python Lambda handlers behind API Gateway's Cognito authorizers, locally.

What ``sam local start-api`` does not: each request goes through the REST API's
``COGNITO_USER_POOLS`` or the HTTP API's ``JWT`` authorizer (apigw.py) exactly as in the proxy, then
the route's handler (``module.function``, imported once, as a warm Lambda keeps it) is called with the
proxy event (payload 1.0 or 2.0, events.py) and a Lambda context; what it returns becomes the HTTP
answer as API Gateway reads it (``events.lambda_response``). A handler that raises is API Gateway's
``502 {"message": "Internal server error"}``, and the traceback goes to the log.
"""
from __future__ import annotations

import importlib
import logging
import sys
import time
from collections.abc import Callable

from ..backend.triggers import LambdaContext
from .events import EdgeRequest, lambda_response
from .gateway import Forward
from .proxy import EdgeProxy

log = logging.getLogger("cognito_mock.api")
INTERNAL_ERROR = (502, [("content-type", "application/json")], b'{"message": "Internal server error"}')


class Handlers:
    """``module.function`` -> the function, imported once from ``code_dirs`` (prepended to sys.path)."""

    def __init__(self, code_dirs: list[str] = ()) -> None:
        for directory in reversed(list(code_dirs)):
            if directory not in sys.path:
                sys.path.insert(0, directory)
        self._loaded: dict[str, Callable] = {}

    def get(self, spec: str) -> Callable:
        if spec not in self._loaded:
            module, _, name = spec.rpartition(".")
            if not module or not name:
                raise ValueError(f"handler {spec!r} is not module.function")
            self._loaded[spec] = getattr(importlib.import_module(module), name)
        return self._loaded[spec]


class LambdaApi(EdgeProxy):
    """An API Gateway (an ApiGateway with routes that name handlers) served on ``host:port``."""

    def __init__(self, api, handlers: Handlers, host: str = "127.0.0.1", port: int = 0, *, routes=None,
                 timeout: float = 30.0, region: str = "us-east-1") -> None:
        super().__init__(api, None, host, port, routes=routes, timeout=timeout)
        self.handlers, self.region = handlers, region

    def deliver(self, request: EdgeRequest, decided: Forward, port: int) -> tuple[int, list[tuple[str, str]], bytes]:
        route = decided.route
        if route is None or not route.handler or decided.event is None:
            return 404, [("content-type", "application/json")], b'{"message": "Not Found"}'
        try:
            handler = self.handlers.get(route.handler)
        except (ImportError, AttributeError, ValueError):
            log.exception("cognito-mock api: cannot load handler %s", route.handler)
            return INTERNAL_ERROR
        name = route.handler.rpartition(".")[0].replace(".", "-")
        context = LambdaContext(name, "$LATEST", f"arn:aws:lambda:{self.region}:123456789012:function:{name}",
                                decided.event["requestContext"]["requestId"], log_group_name=f"/aws/lambda/{name}",
                                log_stream_name="local", deadline=time.monotonic() + self.timeout)
        try:
            result = handler(decided.event, context)
        except Exception:        # the function failed: API Gateway answers 502, the log has the traceback
            log.exception("cognito-mock api: %s raised", route.handler)
            return INTERNAL_ERROR
        return lambda_response(result, decided.event.get("version", "1.0"))


def from_spec(spec, cognito, host: str = "127.0.0.1", port: int = 0) -> LambdaApi:
    """The LambdaApi an ApiSpec (api_spec.py) describes, its authorizer reaching Cognito through
    ``cognito`` (InProcess or Remote)."""
    from .apigw import CognitoUserPoolsAuthorizer, JwtAuthorizer
    if spec.kind == "rest":
        authorizer = CognitoUserPoolsAuthorizer(cognito, spec.user_pool_ids, identity_source=spec.identity_source)
    else:
        authorizer = JwtAuthorizer(cognito, spec.issuer, spec.audience, identity_source=spec.identity_source)
    return LambdaApi(authorizer, Handlers(spec.code_dirs), host, port, routes=spec.routes)
