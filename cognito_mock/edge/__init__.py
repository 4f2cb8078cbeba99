"""The edge: API Gateway's Cognito authorizers and ALB's authenticate-cognito, applied locally.

- ``CognitoUserPoolsAuthorizer`` (REST API ``COGNITO_USER_POOLS``) and ``JwtAuthorizer`` (HTTP API
  ``JWT``): apigw.py; the Lambda proxy events they hand on (payload 1.0 and 2.0): events.py.
- ``AlbAuthenticator`` (``authenticate-cognito``): alb.py.
- WSGI and ASGI middleware over any of them: wsgi.py, asgi.py.
- ``cognito-mock proxy`` (proxy.py) and ``cognito-mock api`` (runner.py; routes files and SAM templates:
  api_spec.py; routes.py).

Each reaches Cognito through a ``Cognito`` transport (cognito.py): the in-process state of an active
``mock_cognito`` (or a Store), or a running ``cognito-mock serve`` over HTTP.
"""
from .alb import AlbAuthenticator
from .apigw import CognitoUserPoolsAuthorizer, JwtAuthorizer
from .asgi import EdgeASGIMiddleware
from .cognito import InProcess, Remote
from .routes import Route
from .wsgi import EdgeWSGIMiddleware

__all__ = ["AlbAuthenticator", "CognitoUserPoolsAuthorizer", "JwtAuthorizer", "EdgeWSGIMiddleware",
           "EdgeASGIMiddleware", "InProcess", "Remote", "Route"]
