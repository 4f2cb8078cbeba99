"""ASGI middleware (FastAPI, Starlette...): the same edge as wsgi.py. An admitted request reaches the
app with ``scope["aws.event"]`` (the proxy event, where Mangum puts it) and
``scope["aws.authorizer"]``; ALB's ``x-amzn-oidc-*`` headers as ordinary headers."""
from __future__ import annotations

from .events import EdgeRequest
from .gateway import Respond
from .wsgi import edge_of


class EdgeASGIMiddleware:
    def __init__(self, app, edge, *, routes=None, scopes=()) -> None:
        self.app = app
        self.edge = edge_of(edge, routes, scopes)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        request = from_scope(scope, body)
        decided = self.edge.admit(request)
        if isinstance(decided, Respond):
            await send({"type": "http.response.start", "status": decided.status,
                        "headers": [(k.lower().encode(), v.encode()) for k, v in decided.headers]})
            await send({"type": "http.response.body", "body": decided.body})
            return
        scope = dict(scope)
        scope["headers"] = [(k.lower().encode("latin-1"), v.encode("latin-1"))
                            for k, v in decided.apply(request.headers)]
        if decided.event is not None:
            scope["aws.event"] = decided.event
            scope["aws.authorizer"] = decided.event["requestContext"].get("authorizer")
        sent = False

        async def replay():
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send_with_cookies(message):
            if message["type"] == "http.response.start" and decided.set_cookies:
                message = dict(message)
                message["headers"] = list(message.get("headers", [])) + [
                    (b"set-cookie", c.encode("latin-1")) for c in decided.set_cookies]
            await send(message)
        await self.app(scope, replay, send_with_cookies)


def from_scope(scope, body: bytes) -> EdgeRequest:
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", [])]
    client = scope.get("client") or ("127.0.0.1", 0)
    host = next((v for k, v in headers if k.lower() == "host"), "localhost")
    return EdgeRequest(method=scope["method"], path=scope.get("path", "/"),
                       query=scope.get("query_string", b"").decode("latin-1"), headers=headers, body=body,
                       source_ip=client[0], host=host, protocol=f"HTTP/{scope.get('http_version', '1.1')}")
