"""How an emulated provider's token endpoint authenticates the app, as the real ones do, and how a
user pool (the relying party) proves it is that app.

- Google, Facebook, Login with Amazon and an OIDC provider: the ``client_secret`` of the app
  registered with them (client_secret_post, or HTTP Basic).
- Sign in with Apple: the client secret is an ES256 JWT the developer's private key signs (header
  ``kid`` = ``key_id``; ``iss`` = ``team_id``, ``sub`` = ``client_id``, ``aud`` =
  https://appleid.apple.com, ``exp`` at most six months after ``iat``); Apple verifies it with the
  public half of the key registered under ``key_id``.

An emulated provider learns an app the way a developer registers one in the provider's console: ahead
(``POST /_mock/idp/{ProviderName}/apps``), or from the identity provider's ProviderDetails the first
time a user pool sends a browser to it with that client id (an Apple key id, likewise, is bound to
its key the first time it is seen). A later change of the pool's secret or key is then a wrong
secret, and the sign-in fails with the provider's error, as it would against the real provider.
"""
from __future__ import annotations

from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization

from ...store import Env
from .emulated import EmulatedIdp, ProviderError
from .models import ProviderDetails

APPLE = "SignInWithApple"
APPLE_AUDIENCE = "https://appleid.apple.com"
APPLE_MAX_SECONDS = 15777000            # Apple: "not greater than 15777000 (6 months in seconds)"
# provider -> (HTTP status, error, description) of a wrong client secret
REFUSED = {"Google": (401, "invalid_client", "Unauthorized"),
           "Facebook": (400, "OAuthException", "Error validating client secret."),
           "LoginWithAmazon": (401, "invalid_client", "Client authentication failed"),     # guessed text
           APPLE: (400, "invalid_client", "")}
OTHER = (401, "invalid_client", "Client authentication failed")                            # guessed text


def register(idp: EmulatedIdp, details: ProviderDetails) -> None:
    """The app of ``details`` (a provider's ProviderDetails), registered at ``idp`` if it is not yet."""
    client_id = details.client_id
    if not client_id or client_id in idp.apps:
        return
    if idp.name == APPLE:
        key_id, public = details.key_id, _public_pem(details.private_key)
        if key_id and public and key_id not in idp.app_keys:
            idp.app_keys[key_id] = {"team_id": details.team_id, "public_key": public}
        idp.apps[client_id] = ""
    else:
        idp.apps[client_id] = details.client_secret


def add_app(idp: EmulatedIdp, body: Any) -> dict[str, str]:
    """``POST /_mock/idp/{name}/apps``: ``client_id`` and ``client_secret`` (Apple: ``key_id``,
    ``team_id`` and the ``public_key`` PEM)."""
    if not isinstance(body, dict) or not isinstance(body.get("client_id"), str) or not body["client_id"]:
        raise ProviderError("invalid_request", "An app is a JSON object with a client_id.")
    if idp.name == APPLE and body.get("key_id"):
        idp.app_keys[str(body["key_id"])] = {"team_id": str(body.get("team_id") or ""),
                                             "public_key": str(body.get("public_key") or "")}
    idp.apps[body["client_id"]] = str(body.get("client_secret") or "")
    return {"client_id": body["client_id"]}


def authenticate(env: Env, idp: EmulatedIdp, client_id: str | None, secret: str | None) -> None:
    """The token endpoint's check of the app; ProviderError (the provider's own answer) when it fails."""
    if client_id in idp.apps and (_apple_secret_ok(env, idp, client_id, secret) if idp.name == APPLE
                                  else secret == idp.apps[client_id]):
        return
    status, error, description = REFUSED.get(idp.name, OTHER)
    raise ProviderError(error, description, status)


def _apple_secret_ok(env: Env, idp: EmulatedIdp, client_id: str, secret: str | None) -> bool:
    try:
        header = jwt.get_unverified_header(secret or "")
        key = idp.app_keys.get(str(header.get("kid")))
        if key is None or header.get("alg") != "ES256":
            return False
        claims = jwt.decode(secret, key["public_key"], algorithms=["ES256"], audience=APPLE_AUDIENCE,
                            options={"verify_exp": False, "verify_iat": False, "verify_nbf": False})
    except (jwt.PyJWTError, ValueError, TypeError):
        return False
    now, iat, exp = env.clock.now(), claims.get("iat"), claims.get("exp")
    return (claims.get("iss") == key["team_id"] and claims.get("sub") == client_id
            and isinstance(iat, (int, float)) and isinstance(exp, (int, float))
            and iat - 60 <= now < exp and exp - iat <= APPLE_MAX_SECONDS)


def apple_client_secret(env: Env, details: ProviderDetails) -> str:
    """The relying party's side: the ES256 client secret made from ProviderDetails (empty when the
    private key cannot be read: Apple then refuses it)."""
    try:
        key = serialization.load_pem_private_key(details.private_key.encode(), password=None)
        now = int(env.clock.now())
        return jwt.encode({"iss": details.team_id, "iat": now, "exp": now + 300, "aud": APPLE_AUDIENCE,
                           "sub": details.client_id}, key, algorithm="ES256", headers={"kid": details.key_id})
    except (ValueError, TypeError, jwt.PyJWTError):
        return ""


def client_secret(env: Env, kind: str, details: ProviderDetails) -> str:
    """What the relying party sends as ``client_secret`` to a provider of type ``kind``."""
    return apple_client_secret(env, details) if kind == APPLE else details.client_secret


def _public_pem(private_pem: str) -> str | None:
    try:
        key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    except (ValueError, TypeError):
        return None
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()
