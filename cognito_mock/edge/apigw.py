"""API Gateway's two Cognito authorizers, as AWS applies them.

REST API ``COGNITO_USER_POOLS`` (``CognitoUserPoolsAuthorizer``):
- the token is the whole value of the identity source header (default ``Authorization``), no ``Bearer``;
- a method without ``AuthorizationScopes`` takes an ID token; with them, an access token whose
  ``scope`` holds at least one of them (AWS: "If there are no scopes defined the API Gateway Cognito
  Authorizer will require the ID Token"; knowledge-center api-gateway-cognito-401-unauthorized);
- refusals are ``401 {"message":"Unauthorized"}``, an expired token
  ``401 {"message":"The incoming token has expired"}``;
- revocation is NOT checked: API Gateway verifies the JWT alone, so a signed-out user's tokens pass
  until they expire (GlobalSignOut: "Other requests might be valid until your user's token expires").
  ``check_revocation=True`` asks the emulator's state anyway (in-process only): a stricter option.
The Lambda event (payload 1.0) carries ``requestContext.authorizer.claims``, every value a string.

HTTP API ``JWT`` (``JwtAuthorizer``, docs: http-api-jwt-authorizer, http-api-troubleshooting-jwt):
``iss`` must equal the configured issuer, ``aud`` (or ``client_id`` when there is no ``aud``) one of
the audience entries, ``exp``/``nbf``/``iat`` hold, and a route's scopes need one match in ``scope``.
``401 {"message":"Unauthorized"}`` with ``www-authenticate: Bearer scope="" error="invalid_token"
error_description="..."``; a token without a route's scope: ``403 {"message":"Forbidden"}``.
Payload 2.0 carries ``requestContext.authorizer.jwt.claims`` (strings; lists as ``[a b]``) and ``.scopes``.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .verify import TokenError, Verifier

UNAUTHORIZED = {"message": "Unauthorized"}
EXPIRED = {"message": "The incoming token has expired"}
FORBIDDEN = {"message": "Forbidden"}                            # guessed: HTTP API insufficient scope body
MISSING_AUTH_TOKEN = {"message": "Missing Authentication Token"}  # REST API: no such resource or method
NOT_FOUND = {"message": "Not Found"}                            # HTTP API: no route matches
JAVA_DATE = "%a %b %d %H:%M:%S UTC %Y"                          # exp and iat in REST claims


@dataclass(slots=True)
class Denial:
    """What the gateway answers instead of calling the integration."""

    status: int
    body: dict
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> bytes:
        return json.dumps(self.body, separators=(",", ":")).encode()


@dataclass(slots=True)
class Grant:
    """An authorized request: the verified claims and what the event's ``requestContext.authorizer`` holds."""

    claims: dict
    context: dict


def header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        lowered = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == lowered), None)
    return value


class CognitoUserPoolsAuthorizer:
    """A REST API's ``COGNITO_USER_POOLS`` authorizer over ``user_pool_ids`` (one or more)."""

    kind = "rest"

    def __init__(self, cognito, user_pool_ids: str | Iterable[str], identity_source: str = "Authorization",
                 check_revocation: bool = False) -> None:
        ids = [user_pool_ids] if isinstance(user_pool_ids, str) else list(user_pool_ids)
        self.cognito = cognito
        self.pool_of = {cognito.issuer(pool_id): pool_id for pool_id in ids}
        self.verifier = Verifier(cognito, self.pool_of)
        self.identity_source = identity_source.removeprefix("method.request.header.")
        self.check_revocation = check_revocation
        self._contexts: dict[str, dict] = {}

    def authorize(self, headers: Mapping[str, str], scopes: Iterable[str] = ()) -> Grant | Denial:
        token = header(headers, self.identity_source)
        if not token:
            return Denial(401, UNAUTHORIZED)
        try:
            claims = self.verifier.verify(token)
        except TokenError as error:
            return Denial(401, EXPIRED if error.reason == "expired" else UNAUTHORIZED)
        scopes = list(scopes)
        if scopes:
            granted = str(claims.get("scope", "")).split()
            if claims.get("token_use") != "access" or not set(scopes) & set(granted):
                return Denial(401, UNAUTHORIZED)        # guessed: an under-scoped access token gets 401 too
        elif claims.get("token_use") != "id":
            return Denial(401, UNAUTHORIZED)
        if self.check_revocation and self.cognito.revoked(self.pool_of[claims["iss"]], claims):
            return Denial(401, UNAUTHORIZED)
        context = self._contexts.get(token)
        if context is None:
            context = self._contexts[token] = {"claims": {k: rest_claim(k, v) for k, v in claims.items()}}
        return Grant(claims, context)


class JwtAuthorizer:
    """An HTTP API's ``JWT`` authorizer: ``issuer`` (a pool's issuer URL, or its pool id) and
    ``audience`` (the app client ids)."""

    kind = "http"

    def __init__(self, cognito, issuer: str, audience: Iterable[str], identity_source: str = "Authorization",
                 check_revocation: bool = False) -> None:
        self.cognito = cognito
        self.issuer = issuer if "/" in issuer else cognito.issuer(issuer)
        self.audience = frozenset([audience] if isinstance(audience, str) else audience)
        self.verifier = Verifier(cognito, [self.issuer])
        self.identity_source = identity_source.removeprefix("$request.header.")
        self.check_revocation = check_revocation

    def authorize(self, headers: Mapping[str, str], scopes: Iterable[str] = ()) -> Grant | Denial:
        value = header(headers, self.identity_source)
        if not value:
            return Denial(401, UNAUTHORIZED)       # guessed: no www-authenticate when there is no token
        token = value[7:].strip() if value[:7].lower() == "bearer " else value.strip()
        try:
            claims = self.verifier.verify(token)
        except TokenError as error:
            return self._invalid(_DESCRIPTIONS[error.reason])
        audience = claims["aud"] if "aud" in claims else claims.get("client_id")
        if audience not in self.audience:
            return self._invalid("the token does not have a valid audience")
        now = self.cognito.now()
        if claims.get("nbf", 0) > now or claims.get("iat", 0) > now + 300:
            return self._invalid("the token is not valid yet")          # guessed text
        if self.check_revocation and self.cognito.revoked(self.issuer.rsplit("/", 1)[-1], claims):
            return self._invalid("the token has been revoked")          # guessed text (not an AWS check)
        scopes = list(scopes)
        granted = str(claims.get("scope", "")).split()
        if scopes and not set(scopes) & set(granted):
            wanted = " ".join(scopes)
            return Denial(403, FORBIDDEN, {"www-authenticate": f'Bearer scope="{wanted}" error="insufficient_scope" '
                                                               f'error_description="expected scopes: [{wanted}]"'})
        jwt = {"claims": {k: http_claim(v) for k, v in claims.items()}, "scopes": granted if scopes else None}
        return Grant(claims, {"jwt": jwt})

    def _invalid(self, description: str) -> Denial:
        return Denial(401, UNAUTHORIZED, {"www-authenticate": f'Bearer scope="" error="invalid_token" '
                                                             f'error_description="{description}"'})


_DESCRIPTIONS = {"malformed": "the token is malformed",                 # guessed texts but the audience one
                 "issuer": "the token does not have a valid issuer",
                 "signature": "the token signature is invalid",
                 "expired": "the token has expired"}


def rest_claim(name: str, value) -> str:
    """A claim as a REST API Cognito authorizer hands it on: strings; ``exp``/``iat`` as Java dates;
    lists joined with commas (``cognito:groups``: ``"a,b"``)."""
    if name in ("exp", "iat") and isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, timezone.utc).strftime(JAVA_DATE)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(rest_claim("", v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))     # guessed: nested claims as JSON
    return str(value)


def http_claim(value) -> str:
    """A claim as an HTTP API JWT authorizer hands it on: strings; lists as ``[a b]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + " ".join(http_claim(v) for v in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value, separators=(",", ":"))     # guessed
    return str(value)
