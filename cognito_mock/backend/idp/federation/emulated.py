"""Emulated identity providers: Google, Facebook, Sign in with Apple, Login with Amazon, and any
OIDC or SAML provider that cannot be reached, served by the emulator itself so federated sign-in
works offline (web/mock_idp.py is their HTTP side, under ``/_mock/idp/{ProviderName}/``).

Each is named by the ProviderName a user pool gives it (a social provider's name is its type, so
every pool federating through "Google" shares one emulated Google). It holds accounts (claims by
``sub``), authorization codes and access tokens, and its own RSA key: ID tokens are RS256 JWTs
published at its JWKS, so relying parties and identity pools verify them for real
(identity/provider_keys.py asks ``keys_for_issuer`` before the network). State lives in
``env.emulated_idps``, made on first use and dropped by reset.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from ...store import Env
from ..auth.keys import b64url, new_signing_key
from ..auth.models import SigningKey

CODE_SECONDS = 10 * 60          # an emulated provider's authorization code
TOKEN_SECONDS = 60 * 60         # its access and ID tokens
FACEBOOK_GRAPH = "https://graph.facebook.com"
# social provider type -> the issuer of its ID tokens (Facebook and Amazon hand out opaque access tokens)
SOCIAL_ISSUERS = {"Google": "https://accounts.google.com", "SignInWithApple": "https://appleid.apple.com",
                  "Facebook": "https://www.facebook.com", "LoginWithAmazon": "https://www.amazon.com"}
# the real hosts each social provider answers on; in-process they are intercepted (patching/http_hook.py)
# only while the emulator holds that provider, and routed to it (web/mock_idp.py)
HOSTS = {"accounts.google.com": "Google", "www.googleapis.com": "Google", "oauth2.googleapis.com": "Google",
         "openidconnect.googleapis.com": "Google", "people.googleapis.com": "Google",
         "www.facebook.com": "Facebook", "graph.facebook.com": "Facebook",
         "appleid.apple.com": "SignInWithApple", "www.amazon.com": "LoginWithAmazon", "api.amazon.com": "LoginWithAmazon"}
OPAQUE = frozenset({"Facebook", "LoginWithAmazon"})       # no ID token: the RP asks the profile API
SUBJECT_CLAIM = {"Facebook": "id", "LoginWithAmazon": "user_id"}   # what their profile APIs call the subject


class ProviderError(Exception):
    """An OAuth 2.0 error answer of the emulated provider (``error`` code and description)."""

    def __init__(self, error: str, description: str = "", status: int = 400) -> None:
        super().__init__(description or error)
        self.error, self.description, self.status = error, description, status


@dataclass(slots=True)
class Grant:
    """A code or an access token: whom it signs in, for which client."""

    sub: str
    client_id: str
    redirect_uri: str | None
    nonce: str | None
    scopes: list[str]
    expires_at: float


@dataclass(slots=True)
class EmulatedIdp:
    name: str
    issuer: str
    key: SigningKey
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)   # sub -> claims
    codes: dict[str, Grant] = field(default_factory=dict)
    access_tokens: dict[str, Grant] = field(default_factory=dict)
    saml: Any = None                                                    # saml_idp.SamlIdentity, made on first use
    apps: dict[str, str] = field(default_factory=dict)          # client_id -> client_secret (client_auth.py)
    app_keys: dict[str, dict[str, str]] = field(default_factory=dict)   # Apple: key_id -> team_id, public_key

    @property
    def social(self) -> bool:
        return self.name in SOCIAL_ISSUERS


def provider(env: Env, name: str, issuer: str | None = None) -> EmulatedIdp:
    """The emulated provider ``name``, made on first use. ``issuer``: an OIDC provider's configured
    ``oidc_issuer`` (its tokens carry it); social ones have their real issuer."""
    found = env.emulated_idps.get(name)
    if found is None:
        found = env.emulated_idps[name] = EmulatedIdp(name, SOCIAL_ISSUERS.get(name) or issuer
                                                      or f"urn:cognito-mock:idp:{name}", new_signing_key())
    elif issuer and not found.social:
        found.issuer = issuer.rstrip("/")
    return found


def find(env: Env, name: str) -> EmulatedIdp | None:
    return env.emulated_idps.get(name)


def host_active(env: Env, host: str) -> bool:
    """Whether a real provider host is answered in-process: its provider is emulated right now."""
    name = HOSTS.get(host.lower())
    return name is not None and name in env.emulated_idps


def keys_for_issuer(env: Env, issuer: str) -> list[dict[str, Any]] | None:
    """The JWKS keys of the emulated provider issuing as ``issuer`` (None: no such provider)."""
    wanted = issuer.rstrip("/")
    for idp in env.emulated_idps.values():       # a handful at most
        if idp.issuer.rstrip("/") == wanted:
            return [dict(idp.key.jwk)]
    return None


def jwks(idp: EmulatedIdp) -> dict[str, list[dict[str, str]]]:
    return {"keys": [dict(idp.key.jwk)]}

# --- accounts ----------------------------------------------------------------------------------


def add_account(env: Env, idp: EmulatedIdp, claims: dict[str, Any]) -> dict[str, Any]:
    """Add (or update) an account: ``sub`` names it (one is made when missing); the other claims
    are kept as given (``email_verified`` as a boolean)."""
    if not isinstance(claims, dict):
        raise ProviderError("invalid_request", "An account is a JSON object of claims.")
    account = {k: v for k, v in claims.items() if v not in (None, "")}
    account["sub"] = str(account.get("sub") or env.ids.digits(21))
    if "email_verified" in account:
        account["email_verified"] = str(account["email_verified"]).lower() in ("true", "1", "on", "yes")
    idp.accounts[account["sub"]] = {**idp.accounts.get(account["sub"], {}), **account}
    return dict(idp.accounts[account["sub"]])

# --- the authorization server ------------------------------------------------------------------


def issue_code(env: Env, idp: EmulatedIdp, sub: str, client_id: str, redirect_uri: str | None,
               nonce: str | None, scopes: list[str]) -> str:
    code = b64url(env.ids.token_bytes(24))
    idp.codes[code] = Grant(sub, client_id, redirect_uri, nonce, scopes, env.clock.now() + CODE_SECONDS)
    return code


def redeem_code(env: Env, idp: EmulatedIdp, code: str, client_id: str | None,
                redirect_uri: str | None) -> dict[str, Any]:
    """The token response for a code: single use, unexpired, for the client and redirect URI it
    was issued to. ``id_token`` for the OIDC-style providers."""
    grant = idp.codes.pop(code or "", None)
    if grant is None or env.clock.now() >= grant.expires_at:
        raise ProviderError("invalid_grant", "Invalid authorization code.")          # guessed text
    if client_id != grant.client_id or (redirect_uri or None) != (grant.redirect_uri or None):
        raise ProviderError("invalid_grant", "The code was issued to another client or redirect_uri.")   # guessed
    access_token = b64url(env.ids.token_bytes(32))
    idp.access_tokens[access_token] = Grant(grant.sub, grant.client_id, None, None, grant.scopes,
                                            env.clock.now() + TOKEN_SECONDS)
    answer: dict[str, Any] = {"access_token": access_token, "token_type": "Bearer", "expires_in": TOKEN_SECONDS}
    if idp.name not in OPAQUE:
        answer["id_token"] = id_token(env, idp, grant.sub, grant.client_id, grant.nonce)
        answer["scope"] = " ".join(grant.scopes)
    return answer


def id_token(env: Env, idp: EmulatedIdp, sub: str, audience: str, nonce: str | None = None, *,
             lifetime: int = TOKEN_SECONDS) -> str:
    """An RS256 ID token for account ``sub`` signed with the provider's key."""
    account = idp.accounts.get(sub)
    if account is None:
        raise ProviderError("invalid_request", f"No account {sub}.")
    now = int(env.clock.now())
    claims = {**account, "iss": idp.issuer, "aud": audience, "sub": sub, "iat": now, "exp": now + lifetime,
              "auth_time": now}
    if nonce:
        claims["nonce"] = nonce
    return _sign(idp.key, claims)


def _sign(key: SigningKey, claims: dict[str, Any]) -> str:
    body = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signing_input = f"{key.header}.{body}".encode()
    return f"{key.header}.{body}.{b64url(key.private_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256()))}"


def _live(env: Env, idp: EmulatedIdp, access_token: str | None) -> Grant:
    grant = idp.access_tokens.get(access_token or "")
    if grant is None or env.clock.now() >= grant.expires_at or grant.sub not in idp.accounts:
        raise ProviderError("invalid_token", "Invalid OAuth access token.", 401)     # guessed text
    return grant


def user_info(env: Env, idp: EmulatedIdp, access_token: str | None) -> dict[str, Any]:
    """The profile an access token reads: OIDC userinfo claims; Facebook's Graph ``/me`` (``id``)
    and Amazon's ``/user/profile`` (``user_id``) name the subject their own way."""
    grant = _live(env, idp, access_token)
    account = dict(idp.accounts[grant.sub])
    subject = SUBJECT_CLAIM.get(idp.name)
    if subject:
        account[subject] = account.pop("sub")
    return account


def token_info(env: Env, idp: EmulatedIdp, access_token: str | None) -> dict[str, Any]:
    """What a provider says about an access token: its app (client) and user (Facebook ``/app`` and
    Amazon's ``tokeninfo``, for identity pools)."""
    grant = _live(env, idp, access_token)
    return {"app_id": grant.client_id, "aud": grant.client_id, "user_id": grant.sub, "sub": grant.sub,
            "exp": int(grant.expires_at - env.clock.now())}

