"""Tokens of third-party identity providers in a ``Logins`` map, checked as AWS checks them.

- JWT providers (Google ``accounts.google.com``, Apple ``appleid.apple.com``, OpenID Connect
  providers named by the pool's OpenIdConnectProviderARNs): an ID token signed with an asymmetric
  algorithm (never ``none`` nor HS*) by a key the issuer publishes (provider_keys.jwks), whose
  ``iss`` is the provider name, whose ``aud`` is one of the app ids configured for the provider,
  not expired, with a ``sub``.
- Facebook (``graph.facebook.com``): a Graph API user access token; the Graph API says which app it
  was issued to (``/app``) and for whom (``/me``). Limited Login JWTs are not accepted (AWS: identity
  pools federation isn't compatible with Facebook Limited Login).
- Login with Amazon (``www.amazon.com``): an access token; ``/auth/o2/tokeninfo`` says its app
  (``app_id``, the Amazon App ID configured on the pool) and user.
- Twitter (``api.twitter.com``): ``token;secret``, checked by calling ``account/verify_credentials``
  signed (OAuth 1.0a) with it and the pool's ``consumerKey;consumerSecret``. Digits, shut down by
  its owner, can no longer verify anything.
A provider that cannot be reached fails the login (nothing is accepted unverified). The emulator's
own emulated providers (idp/federation/emulated.py) answer for their tokens without the network:
their JWKS through provider_keys.jwks, Facebook's and Amazon's token inspection through
``_emulated_opaque``.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any
from urllib.parse import quote

import jwt
from jwt.utils import base64url_decode

from ...errors import NotAuthorizedException
from ..idp.federation import emulated
from ..store import Env
from . import provider_keys
from .provider_keys import Unreachable

UNSUPPORTED = "Token is not from a supported provider of this identity pool."
BAD_ISSUER = "Invalid login token. Issuer doesn't match providerName"
BAD_SIGNATURE = "Invalid login token. Couldn't verify signed token."
NOT_OIDC = "Invalid login token. Not a valid OpenId Connect identity token."
# an access token its provider calls expired (the text SDK threads quote for Facebook logins)
EXPIRED = "Invalid login token. Token is expired."
MISSING_CLAIM = "Invalid login token. Missing a required claim: {}"

FACEBOOK, AMAZON, TWITTER, DIGITS = "graph.facebook.com", "www.amazon.com", "api.twitter.com", "www.digits.com"
GRAPH_API = "https://graph.facebook.com"
AMAZON_TOKENINFO = "https://api.amazon.com/auth/o2/tokeninfo"
TWITTER_VERIFY = "https://api.twitter.com/1.1/account/verify_credentials.json"
ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"})
_FACEBOOK_EXPIRED = 463     # Graph API error_subcode: "Session has expired"


def verify(env: Env, provider: str, token: str, configured: str | None) -> tuple[str, dict[str, Any]]:
    """(subject, claims) of a third-party login; NotAuthorizedException when it does not verify.
    ``configured``: the pool's SupportedLoginProviders value for ``provider`` (its app ids, several
    comma-separated), or None for an OpenID Connect provider: IAM holds its client ids, out of
    sight here, so any audience passes (AWS refuses others with "Invalid login token. Incorrect
    token audience.")."""
    if provider == TWITTER:
        return _twitter(env, token, configured or "")
    if provider == DIGITS:
        raise NotAuthorizedException(BAD_SIGNATURE)
    apps = None if configured is None else frozenset(a.strip() for a in configured.split(",") if a.strip())
    own = emulated.find(env, {FACEBOOK: "Facebook", AMAZON: "LoginWithAmazon"}.get(provider, ""))
    if own is not None and token in own.access_tokens:
        return _emulated_opaque(env, own, token, apps or frozenset())
    if provider == FACEBOOK:
        return _facebook(token, apps or frozenset())
    if provider == AMAZON:
        return _amazon(token, apps or frozenset())
    claims = verify_jwt(env, provider, token, apps)
    return claims["sub"], claims


def verify_jwt(env: Env, provider: str, token: str, audiences: frozenset[str] | None) -> dict[str, Any]:
    header, claims = unverified(token)
    if _issuer_name(claims.get("iss")) != provider.rstrip("/"):
        raise NotAuthorizedException(BAD_ISSUER)
    _check_signature(env, "https://" + provider.rstrip("/"), token, header)
    audience = claims.get("aud")
    if audience in (None, "", []):
        raise NotAuthorizedException(MISSING_CLAIM.format("aud"))
    given = [audience] if isinstance(audience, str) else audience
    if not isinstance(given, list) or not all(isinstance(a, str) for a in given):
        raise NotAuthorizedException(NOT_OIDC)   # guessed: no AWS text found for a malformed aud
    if audiences is not None and not audiences.intersection(given):
        raise NotAuthorizedException(UNSUPPORTED)
    check_expiry(env, claims)
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise NotAuthorizedException(MISSING_CLAIM.format("sub"))   # guessed: the form AWS uses for aud
    return claims


def unverified(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Header and claims of a compact JWS, not yet trusted; an opaque string is no ID token."""
    parts = token.split(".")
    if len(parts) != 3:
        raise NotAuthorizedException(NOT_OIDC)
    try:
        header, claims = (json.loads(base64url_decode(part.encode())) for part in parts[:2])
    except (ValueError, binascii.Error, UnicodeError, RecursionError):
        raise NotAuthorizedException(NOT_OIDC) from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise NotAuthorizedException(NOT_OIDC)
    return header, claims


def check_expiry(env: Env, claims: dict[str, Any]) -> None:
    exp = claims.get("exp")
    if exp is None:
        raise NotAuthorizedException(MISSING_CLAIM.format("exp"))   # guessed: the form AWS uses for aud
    if isinstance(exp, bool) or not isinstance(exp, (int, float)):
        raise NotAuthorizedException(NOT_OIDC)   # guessed: no AWS text found for a non-numeric exp
    now = int(env.clock.now())
    if now >= exp:
        raise NotAuthorizedException(f"Invalid login token. Token expired: {now} >= {int(exp)}")


def _issuer_name(issuer: Any) -> str | None:
    """``https://accounts.google.com/`` and ``accounts.google.com`` both name ``accounts.google.com``."""
    return issuer.removeprefix("https://").rstrip("/") if isinstance(issuer, str) else None


def _check_signature(env: Env, issuer: str, token: str, header: dict[str, Any]) -> None:
    algorithm, kid = header.get("alg"), header.get("kid")
    if algorithm not in ASYMMETRIC or (kid is not None and not isinstance(kid, str)):
        raise NotAuthorizedException(BAD_SIGNATURE)
    try:
        keys = provider_keys.jwks(env, issuer, kid)
    except Unreachable:
        raise NotAuthorizedException(BAD_SIGNATURE) from None
    for jwk in keys:
        if (kid is not None and jwk.get("kid") != kid) or jwk.get("use", "sig") != "sig":
            continue
        try:
            jwt.PyJWS().decode(token, jwt.PyJWK(jwk, algorithm).key, algorithms=[algorithm])
            return
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            continue
    raise NotAuthorizedException(BAD_SIGNATURE)


def _facebook(token: str, apps: frozenset[str]) -> tuple[str, dict[str, Any]]:
    app = _ask(f"{GRAPH_API}/app", {"access_token": token})
    if str(app.get("id")) not in apps:
        raise NotAuthorizedException(UNSUPPORTED)
    me = _ask(f"{GRAPH_API}/me", {"fields": "id", "access_token": token})
    subject = me.get("id")
    if not isinstance(subject, (str, int)) or isinstance(subject, bool) or not str(subject):
        raise NotAuthorizedException(BAD_SIGNATURE)
    return str(subject), {"sub": str(subject), "app_id": str(app["id"])}


def _amazon(token: str, apps: frozenset[str]) -> tuple[str, dict[str, Any]]:
    info = _ask(AMAZON_TOKENINFO, {"access_token": token})
    if str(info.get("app_id")) not in apps:
        raise NotAuthorizedException(UNSUPPORTED)
    subject = info.get("user_id")
    if not isinstance(subject, str) or not subject:
        raise NotAuthorizedException(BAD_SIGNATURE)
    return subject, {"sub": subject, "app_id": info["app_id"], "aud": info.get("aud")}


def _emulated_opaque(env: Env, idp: emulated.EmulatedIdp, token: str, apps: frozenset[str]) -> tuple[str, dict[str, Any]]:
    """An emulated Facebook or Login with Amazon access token, inspected as their APIs would."""
    try:
        info = emulated.token_info(env, idp, token)
    except emulated.ProviderError:
        raise NotAuthorizedException(EXPIRED) from None
    if str(info["app_id"]) not in apps:
        raise NotAuthorizedException(UNSUPPORTED)
    return info["sub"], {"sub": info["sub"], "app_id": info["app_id"], "aud": info["aud"]}


def _twitter(env: Env, token: str, configured: str) -> tuple[str, dict[str, Any]]:
    consumer_key, _, consumer_secret = configured.partition(";")
    access_token, _, token_secret = token.partition(";")
    if not access_token or not token_secret:
        raise NotAuthorizedException(BAD_SIGNATURE)   # guessed: no AWS text found for a malformed token
    oauth = {"oauth_consumer_key": consumer_key, "oauth_nonce": env.ids.chars("0123456789abcdef", 32),
             "oauth_signature_method": "HMAC-SHA1", "oauth_timestamp": str(int(env.clock.now())),
             "oauth_token": access_token, "oauth_version": "1.0"}
    oauth["oauth_signature"] = oauth1_signature("GET", TWITTER_VERIFY, oauth, consumer_secret, token_secret)
    header = "OAuth " + ", ".join(f'{_percent(k)}="{_percent(v)}"' for k, v in sorted(oauth.items()))
    user = _ask(TWITTER_VERIFY, {}, {"Authorization": header})
    subject = user.get("id_str")
    if not isinstance(subject, str) or not subject:
        raise NotAuthorizedException(BAD_SIGNATURE)
    return subject, {"sub": subject}


def oauth1_signature(method: str, url: str, params: dict[str, str], consumer_secret: str, token_secret: str) -> str:
    """OAuth 1.0a HMAC-SHA1 (RFC 5849 section 3.4): the signature of a request with these parameters."""
    normalized = "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(params.items()))
    base = "&".join((method.upper(), _percent(url), _percent(normalized)))
    key = f"{_percent(consumer_secret)}&{_percent(token_secret)}"
    return base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()


def _percent(value: str) -> str:
    return quote(value, safe="~")


def _ask(url: str, params: dict[str, str], headers: dict[str, str] | None = None) -> dict[str, Any]:
    """A token-inspection API's answer about a token; the provider's refusal is the login's."""
    try:
        status, body, _ = provider_keys.get_json(url, params, headers)
    except Unreachable:
        raise NotAuthorizedException(BAD_SIGNATURE) from None
    if status == 200:
        return body
    error = body.get("error")
    if isinstance(error, dict) and error.get("error_subcode") == _FACEBOOK_EXPIRED:
        raise NotAuthorizedException(EXPIRED)
    raise NotAuthorizedException(BAD_SIGNATURE)   # guessed: no AWS text found for a token its provider refuses
