"""The Lambda proxy events API Gateway sends (payload 1.0 for REST APIs, 2.0 for HTTP APIs) and
the responses it reads back, field by field as in the developer guide
(set-up-lambda-proxy-integrations, http-api-develop-integrations-lambda)."""
from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import parse_qsl

ACCOUNT = "123456789012"
API_ID = "localapi01"
TEXT_TYPES = ("text/", "application/json", "application/xml", "application/javascript",
              "application/x-www-form-urlencoded")


@dataclass(slots=True)
class EdgeRequest:
    """One HTTP request, transport-neutral: what WSGI, ASGI and the proxy hand the edge."""

    method: str
    path: str
    query: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    source_ip: str = "127.0.0.1"
    host: str = "localhost"
    protocol: str = "HTTP/1.1"

    def header_map(self) -> dict[str, str]:
        """Headers by name (repeated names joined with commas, as API Gateway does)."""
        merged: dict[str, str] = {}
        for name, value in self.headers:
            merged[name] = f"{merged[name]},{value}" if name in merged else value
        return merged

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((v for k, v in self.headers if k.lower() == lowered), None)


def _body(request: EdgeRequest) -> tuple[str | None, bool]:
    if not request.body:
        return None, False
    kind = (request.header("content-type") or "").lower()
    if not kind or kind.startswith(TEXT_TYPES) or "+json" in kind:
        try:
            return request.body.decode("utf-8"), False
        except UnicodeDecodeError:
            pass
    return base64.b64encode(request.body).decode(), True


def _when(now: float) -> tuple[str, int]:
    return datetime.fromtimestamp(now, timezone.utc).strftime("%d/%b/%Y:%H:%M:%S +0000"), int(now * 1000)


def rest_event(request: EdgeRequest, resource: str, path_params: dict[str, str], authorizer: dict | None,
               now: float, stage: str = "local") -> dict:
    """Payload format 1.0 (REST API ``AWS_PROXY``)."""
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, value in request.headers:
        headers[name] = value
        multi_headers.setdefault(name, []).append(value)
    query: dict[str, str] = {}
    multi_query: dict[str, list[str]] = {}
    for name, value in parse_qsl(request.query, keep_blank_values=True):
        query[name] = value
        multi_query.setdefault(name, []).append(value)
    body, encoded = _body(request)
    when, epoch = _when(now)
    context = {
        "resourceId": "local0", "resourcePath": resource, "httpMethod": request.method,
        "extendedRequestId": uuid.uuid4().hex[:16], "requestTime": when, "path": f"/{stage}{request.path}",
        "accountId": ACCOUNT, "protocol": request.protocol, "stage": stage, "domainPrefix": request.host.split(".")[0],
        "requestTimeEpoch": epoch, "requestId": str(uuid.uuid4()),
        "identity": {"cognitoIdentityPoolId": None, "accountId": None, "cognitoIdentityId": None, "caller": None,
                     "sourceIp": request.source_ip, "principalOrgId": None, "accessKey": None,
                     "cognitoAuthenticationType": None, "cognitoAuthenticationProvider": None, "userArn": None,
                     "userAgent": request.header("user-agent"), "user": None},
        "domainName": request.host, "apiId": API_ID}
    if authorizer is not None:
        context["authorizer"] = authorizer
    return {"resource": resource, "path": request.path, "httpMethod": request.method,
            "headers": headers or None, "multiValueHeaders": multi_headers or None,
            "queryStringParameters": query or None, "multiValueQueryStringParameters": multi_query or None,
            "pathParameters": path_params or None, "stageVariables": None, "requestContext": context,
            "body": body, "isBase64Encoded": encoded}


def http_event(request: EdgeRequest, route_key: str, path_params: dict[str, str], authorizer: dict | None,
               now: float, stage: str = "$default") -> dict:
    """Payload format 2.0 (HTTP API): lower-case headers, repeated values joined with commas,
    cookies apart, query values joined with commas."""
    headers: dict[str, str] = {}
    cookies: list[str] = []
    for name, value in request.headers:
        name = name.lower()
        if name == "cookie":
            cookies.extend(part.strip() for part in value.split(";") if part.strip())
            continue
        headers[name] = f"{headers[name]},{value}" if name in headers else value
    query: dict[str, str] = {}
    for name, value in parse_qsl(request.query, keep_blank_values=True):
        query[name] = f"{query[name]},{value}" if name in query else value
    body, encoded = _body(request)
    when, epoch = _when(now)
    context = {"accountId": ACCOUNT, "apiId": API_ID, "domainName": request.host,
               "domainPrefix": request.host.split(".")[0],
               "http": {"method": request.method, "path": request.path, "protocol": request.protocol,
                        "sourceIp": request.source_ip, "userAgent": request.header("user-agent") or ""},
               "requestId": str(uuid.uuid4()), "routeKey": route_key, "stage": stage, "time": when,
               "timeEpoch": epoch}
    if authorizer is not None:
        context["authorizer"] = authorizer
    event = {"version": "2.0", "routeKey": route_key, "rawPath": request.path, "rawQueryString": request.query,
             "headers": headers, "requestContext": context, "isBase64Encoded": encoded}
    if cookies:
        event["cookies"] = cookies
    if query:
        event["queryStringParameters"] = query
    if body is not None:
        event["body"] = body
    if path_params:
        event["pathParameters"] = path_params
    return event
