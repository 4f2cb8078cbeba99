"""Lambda functions on a real runtime: the Lambda Invoke API (``POST /2015-03-31/functions/{name}/
invocations``) as ``sam local start-lambda``, LocalStack or moto's server answer it.

``serve --lambda-endpoint URL`` (or ``cognito.triggers.endpoint = URL``) makes every trigger ARN that no
Python callable is registered for a ``RemoteFunction``: called like a handler, it sends the event, and
turns Lambda's answers into what the invoker expects: the function's returned payload; a function
error (``X-Amz-Function-Error``) raised with its ``errorMessage``, as a Python handler's exception is;
an unknown function (404) or an unreachable endpoint raised as ``FunctionUnavailable``.
"""
from __future__ import annotations

import json
from urllib.parse import quote

import requests

TIMEOUT = (3.0, 30.0)        # connect, read: Cognito waits 5 s for a trigger; local runtimes start slowly


class FunctionError(Exception):
    """The function ran and failed; ``str()`` is its errorMessage."""


class FunctionUnavailable(Exception):
    """The function could not be run: ``kind`` is the Lambda error (ResourceNotFoundException...)."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


class RemoteFunction:
    def __init__(self, endpoint: str, name: str, qualifier: str) -> None:
        self.url = f"{endpoint.rstrip('/')}/2015-03-31/functions/{quote(name, safe='')}/invocations"
        self.qualifier = None if qualifier == "$LATEST" else qualifier

    def __call__(self, event: dict, context) -> object:
        try:
            answer = requests.post(self.url, data=json.dumps(event), timeout=TIMEOUT,
                                   params={"Qualifier": self.qualifier} if self.qualifier else None,
                                   headers={"Content-Type": "application/json",
                                            "X-Amz-Invocation-Type": "RequestResponse"})
        except requests.RequestException as error:
            raise FunctionUnavailable("ServiceException", str(error)) from None
        if answer.status_code >= 400:
            kind = (answer.headers.get("x-amzn-errortype") or "").split(":", 1)[0] or (
                "ResourceNotFoundException" if answer.status_code == 404 else "ServiceException")
            raise FunctionUnavailable(kind, answer.text[:200])
        try:
            payload = answer.json() if answer.content else None
        except ValueError:
            raise FunctionError("Unable to parse the function's response") from None
        if answer.headers.get("X-Amz-Function-Error"):
            message = payload.get("errorMessage") if isinstance(payload, dict) else None
            raise FunctionError(message or "Unhandled")
        return payload
