"""The code exchange of a federated sign-in: the provider's authorization code for its tokens, the
ID token verified (signature by the issuer's published keys, ``iss``, ``aud``, ``nonce``, expiry),
and the claims of the user (the ID token's, and the userinfo / profile endpoint's).

An emulated provider (emulated.py) is asked directly, in-process, and its tokens are verified with
its published keys like anyone's. A real OIDC provider (its ``oidc_issuer`` answered discovery: a
Keycloak, Dex, another user pool of this emulator) is called over HTTP: the token endpoint with
the client secret (client_secret_post), userinfo by ``attributes_request_method`` (GET or POST).
That may reach this very server, so ``exchange_real`` must run outside the store's lock.
"""
from __future__ import annotations

from typing import Any

import jwt
import requests

from ...identity import provider_keys
from ...identity.external import ASYMMETRIC, unverified
from ...store import Env
from ....errors import NotAuthorizedException
from .models import IdentityProvider
from . import client_auth, emulated
from .relying_party import FederationError, Pending

TIMEOUT = (3.05, 10)
SKEW = 0            # seconds of clock skew allowed on exp/iat (guessed: AWS documents none)


def provider_error(name: str, status: int, error: str, description: str = "") -> FederationError:
    """AWS's form: the provider name and HTTP status before the provider's own error
    (federation-endpoint-idp-responses: "LoginWithAmazon Error - 400 invalid_request The request...")."""
    text = f"{name} Error - {status} {error}" + (f" {description}" if description else "")
    return FederationError(text, error if error in ("invalid_request", "access_denied") else "invalid_request")


def exchange_emulated(env: Env, idp: emulated.EmulatedIdp, provider: IdentityProvider, pending: Pending,
                      code: str, redirect_uri: str) -> dict[str, Any]:
    client_id = provider.details.client_id
    try:
        client_auth.authenticate(env, idp, client_id, client_auth.client_secret(env, provider.type, provider.details))
        answer = emulated.redeem_code(env, idp, code, client_id, redirect_uri)
        if "id_token" not in answer:
            return emulated.user_info(env, idp, answer["access_token"])
    except emulated.ProviderError as error:
        raise provider_error(provider.name, error.status, error.error, error.description) from None
    claims = verify_id_token(env, provider.name, idp.issuer, answer["id_token"], client_id, pending.nonce,
                             emulated.jwks(idp)["keys"])
    return claims


def endpoints(env: Env, provider: IdentityProvider) -> dict[str, str]:
    """authorize_url, token_url, attributes_url, jwks_uri: the configured ones, else discovery's."""
    details, found = provider.details, {}
    document: dict[str, Any] = {}
    if not (details.authorize_url and details.token_url and details.attributes_url):
        document = provider_keys.discovery(env, details.oidc_issuer)
    for key, standard in (("authorize_url", "authorization_endpoint"), ("token_url", "token_endpoint"),
                          ("attributes_url", "userinfo_endpoint"), ("jwks_uri", "jwks_uri")):
        value = getattr(details, key) or document.get(standard)
        if isinstance(value, str) and value:
            found[key] = value
    return found


def exchange_real(env: Env, provider: IdentityProvider, pending: Pending, code: str,
                  redirect_uri: str) -> dict[str, Any]:
    """The network half of a real OIDC sign-in (no lock held)."""
    details = provider.details
    try:
        urls = endpoints(env, provider)
    except provider_keys.Unreachable:
        raise FederationError(f"{provider.name} Error - unreachable issuer") from None     # guessed text
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "client_id": details.client_id}
    if details.client_secret:
        form["client_secret"] = client_auth.client_secret(env, provider.type, details)
    try:
        response = requests.post(urls["token_url"], data=form, timeout=TIMEOUT)
        answer = response.json()
    except (requests.RequestException, ValueError, KeyError):
        raise FederationError(f"{provider.name} Error - token endpoint unreachable") from None   # guessed text
    if response.status_code != 200 or not isinstance(answer, dict) or "id_token" not in answer:
        error = answer.get("error", "invalid_request") if isinstance(answer, dict) else "invalid_request"
        description = answer.get("error_description", "") if isinstance(answer, dict) else ""
        raise provider_error(provider.name, response.status_code, str(error), str(description))
    issuer = details.oidc_issuer
    header, _ = _unverified(answer["id_token"])
    try:
        keys = provider_keys.jwks(env, issuer, header.get("kid"))
    except provider_keys.Unreachable:
        raise FederationError(f"{provider.name} Error - no signing keys") from None           # guessed text
    claims = verify_id_token(env, provider.name, issuer, answer["id_token"], form["client_id"], pending.nonce, keys)
    return {**_user_info(provider, urls.get("attributes_url"), answer.get("access_token"), claims["sub"]), **claims}


def _user_info(provider: IdentityProvider, url: str | None, access_token: str | None, sub: str) -> dict[str, Any]:
    if not url or not access_token:
        return {}
    headers = {"Authorization": f"Bearer {access_token}"}
    try:
        if provider.details.attributes_request_method == "POST":
            response = requests.post(url, headers=headers, timeout=TIMEOUT)
        else:
            response = requests.get(url, headers=headers, timeout=TIMEOUT)
        info = response.json()
    except (requests.RequestException, ValueError):
        return {}
    if response.status_code != 200 or not isinstance(info, dict) or str(info.get("sub", sub)) != sub:
        return {}
    return info


def _unverified(token: str) -> tuple[dict, dict]:
    try:
        return unverified(token)
    except NotAuthorizedException:
        raise FederationError("Bad id_token: not a JWT") from None                              # guessed text


def verify_id_token(env: Env, name: str, issuer: str, token: str, audience: str, nonce: str | None,
                    keys: list[dict[str, Any]]) -> dict[str, Any]:
    """The claims of an ID token that passes every check, else FederationError (guessed texts)."""
    header, claims = _unverified(token)
    algorithm, kid = header.get("alg"), header.get("kid")
    if algorithm not in ASYMMETRIC:
        raise FederationError(f"{name} Error - invalid id_token signature algorithm")
    if not any(_signed_by(token, jwk, algorithm) for jwk in keys if kid is None or jwk.get("kid") == kid):
        raise FederationError(f"{name} Error - invalid id_token signature")
    if str(claims.get("iss", "")).rstrip("/") != issuer.rstrip("/"):
        raise FederationError(f"{name} Error - invalid id_token issuer")
    given = claims.get("aud")
    if audience not in ([given] if isinstance(given, str) else given if isinstance(given, list) else []):
        raise FederationError(f"{name} Error - invalid id_token audience")
    if nonce is not None and claims.get("nonce") != nonce:
        raise FederationError(f"{name} Error - invalid id_token nonce")
    exp = claims.get("exp")
    if not isinstance(exp, (int, float)) or isinstance(exp, bool) or env.clock.now() >= exp + SKEW:
        raise FederationError(f"{name} Error - id_token expired")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise FederationError(f"{name} Error - id_token has no sub")
    return claims


def _signed_by(token: str, jwk: dict[str, Any], algorithm: str) -> bool:
    try:
        jwt.PyJWS().decode(token, jwt.PyJWK(jwk, algorithm).key, algorithms=[algorithm])
        return True
    except (jwt.PyJWTError, ValueError, TypeError, KeyError):
        return False
