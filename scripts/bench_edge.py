#!/usr/bin/env python3
"""What the edge adds per request (issue 12 asks at most 0.5 ms): a bare WSGI app called directly,
then behind the REST authorizer and the HTTP API JWT authorizer with a token already verified once
(keys and verified tokens are cached, as API Gateway caches authorizer results), and the first,
uncached verification. Prints the median microseconds per request.

    python scripts/bench_edge.py [--requests 2000] [--rounds 5]
"""
from __future__ import annotations

import argparse
import io
import statistics
import time

import boto3

from cognito_mock import mock_cognito
from cognito_mock.edge import CognitoUserPoolsAuthorizer, EdgeWSGIMiddleware, InProcess, JwtAuthorizer


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def environ(token: str) -> dict:
    return {"REQUEST_METHOD": "GET", "PATH_INFO": "/orders/7", "QUERY_STRING": "a=1", "SERVER_NAME": "localhost",
            "SERVER_PORT": "80", "HTTP_HOST": "localhost", "HTTP_AUTHORIZATION": token, "HTTP_USER_AGENT": "bench",
            "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(b""), "SERVER_PROTOCOL": "HTTP/1.1"}


def per_request(wsgi, token: str, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        wsgi(environ(token), lambda status, headers, exc=None: None)
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with mock_cognito():
        idp = boto3.client("cognito-idp", region_name="us-east-1")
        pool = idp.create_user_pool(PoolName="bench")["UserPool"]["Id"]
        client = idp.create_user_pool_client(UserPoolId=pool, ClientName="bench", ExplicitAuthFlows=[
            "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
        idp.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool, Username="ana", Password="Bench-Passw0rd!", Permanent=True)
        tokens = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
            "USERNAME": "ana", "PASSWORD": "Bench-Passw0rd!"})["AuthenticationResult"]
        rest = EdgeWSGIMiddleware(app, CognitoUserPoolsAuthorizer(InProcess(), pool))
        http = EdgeWSGIMiddleware(app, JwtAuthorizer(InProcess(), pool, [client]))
        first = time.perf_counter()
        per_request(rest, tokens["IdToken"], 1)
        uncached = (time.perf_counter() - first) * 1e6
        rows: dict[str, list[float]] = {"bare app": [], "REST authorizer (cached)": [], "HTTP JWT (cached)": []}
        for _ in range(args.rounds):
            rows["bare app"].append(per_request(app, tokens["IdToken"], args.requests))
            rows["REST authorizer (cached)"].append(per_request(rest, tokens["IdToken"], args.requests))
            rows["HTTP JWT (cached)"].append(per_request(http, "Bearer " + tokens["AccessToken"], args.requests))
    bare = statistics.median(rows["bare app"])
    print(f"{'':28} {'us/request':>10} {'added':>8}")
    for name, values in rows.items():
        median = statistics.median(values)
        print(f"{name:28} {median:10.1f} {median - bare:8.1f}")
    print(f"{'first verification (JWKS)':28} {uncached:10.1f}")


if __name__ == "__main__":
    main()
