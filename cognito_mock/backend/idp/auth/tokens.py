"""The one token minter (ID, access, refresh) and the access-token verifier.

Claims follow what Cognito mints from the user-pools API (aws-jwt-verify's model): the ID token
carries the client's readable attributes, the access token the user-admin scope. Tokens are signed
RS256 with the pool's own key (keys.py) directly through cryptography, to keep minting cheap.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature

from ....errors import NotAuthorizedException, RefreshTokenReuseException
from ...store import Env
from ..clients.models import AppClient
from ..models import User, UserPool
from ..pools.schema import readable_by_default
from ..sessions import user_sessions
from . import signing
from .keys import b64url, b64url_decode, signing_key
from .models import RefreshGrant, SigningKey
from .signing import PKCS1, SHA256, Jwts

ADMIN_SCOPE = "aws.cognito.signin.user.admin"
_BOOLEAN_CLAIMS = frozenset({"email_verified", "phone_number_verified"})
_REFRESH_HEADER = b64url(b'{"cty":"JWT","enc":"A256GCM","alg":"RSA-OAEP"}')


@dataclass(slots=True, frozen=True)
class SignIn:
    """One authentication event; refreshed tokens keep its ids and auth_time."""

    origin_jti: str
    event_id: str
    auth_time: int


@dataclass(slots=True)
class Tokens:
    jwts: Jwts                                     # the access token (0) and the ID token (1), signed when first read
    expires_in: int
    refresh_token: str | None = None
    new_device: tuple[str, str] | None = None      # (DeviceKey, DeviceGroupKey) of NewDeviceMetadata

    @property
    def access_token(self) -> str:
        return self.jwts.token(0)

    @property
    def id_token(self) -> str:
        return self.jwts.token(1)


def new_sign_in(env: Env) -> SignIn:
    return SignIn(env.ids.uuid(), env.ids.uuid(), int(env.clock.now()))


def mint(env: Env, pool: UserPool, client: AppClient, user: User, issuer: str, sign_in: SignIn,
         *, with_refresh: bool, device_key: str | None = None, scopes: list[str] | None = None,
         nonce: str | None = None, customize: Callable[[dict, dict], None] | None = None) -> Tokens:
    """ID and access tokens for ``user`` through ``client`` (and a refresh token if asked).

    ``scopes``: tokens of the OAuth 2.0 endpoints (hosted UI, /oauth2/token): the access token
    carries those scopes and ``version`` 2, the ID token ``at_hash`` (and ``nonce`` when given).
    ``customize(id_claims, access_claims)``: changes the claims in place before signing."""
    key = signing_key(pool)
    iat = int(env.clock.now())
    access_life = client.access_validity.seconds
    groups = _group_claims(pool, user)
    access_claims = _access_claims(env, client, user, issuer, sign_in, iat, iat + access_life, groups, device_key)
    if scopes is not None:
        access_claims.update(scope=" ".join(scopes), version=2)
    id_claims = _id_claims(env, pool, client, user, issuer, sign_in, iat, iat + client.id_validity.seconds, groups)
    if customize is not None:       # a PreTokenGeneration trigger's overrides (trigger_events.py)
        customize(id_claims, access_claims)
    access = None
    if scopes is not None:          # the ID token's at_hash is a hash of the signed access token
        access = signing.sign(key, _signing_input(key, access_claims))
        id_claims["at_hash"] = at_hash(access)
    if nonce is not None:
        id_claims["nonce"] = nonce
    if access is None:
        jwts = Jwts(key, [_signing_input(key, access_claims), _signing_input(key, id_claims)])
    else:
        jwts = Jwts(key, [], [access, signing.sign(key, _signing_input(key, id_claims))])
    refresh = issue_refresh_token(env, pool, client, user, sign_in) if with_refresh else None
    user.sign_ins.add(sign_in.origin_jti)
    return Tokens(jwts, access_life, refresh)


def mint_client_token(env: Env, pool: UserPool, client: AppClient, issuer: str, scopes: list[str]) -> tuple[str, int]:
    """The access token of a client_credentials grant (machine to machine): no user, no ID token."""
    iat = int(env.clock.now())
    life = client.access_validity.seconds
    claims = {"sub": client.id, "token_use": "access", "scope": " ".join(scopes), "auth_time": iat, "iss": issuer,
              "exp": iat + life, "iat": iat, "version": 2, "jti": env.ids.uuid(), "client_id": client.id}
    return _sign(signing_key(pool), claims), life


def mint_derived(env: Env, pool: UserPool, client: AppClient, user: User, issuer: str, sign_in: SignIn, *,
                 token_use: str, scopes: list[str], audience: str | None = None,
                 act: dict | None = None) -> tuple[str, int]:
    """One token of a token exchange (GetDerivedToken): an access or ID token of ``user`` through
    ``client`` that keeps the subject token's sign-in (revoking it revokes this token too), with the
    granted ``scopes`` (access token), ``aud`` bound to the requested audience and, for delegation,
    the ``act`` claim naming the actor (RFC 8693 section 4.1)."""
    iat = int(env.clock.now())
    groups = _group_claims(pool, user)
    if token_use == "access":
        life = client.access_validity.seconds
        claims = _access_claims(env, client, user, issuer, sign_in, iat, iat + life, groups, None)
        if scopes:
            claims["scope"] = " ".join(scopes)
        else:
            del claims["scope"]
        if audience is not None:
            claims["aud"] = audience
    else:
        life = client.id_validity.seconds
        claims = _id_claims(env, pool, client, user, issuer, sign_in, iat, iat + life, groups)
        if audience is not None:
            claims["aud"] = audience
    if act is not None:
        claims["act"] = act
    return _sign(signing_key(pool), claims), life


def at_hash(access_token: str) -> str:
    """OIDC's at_hash: the left half of the access token's SHA-256, base64url."""
    return b64url(hashlib.sha256(access_token.encode()).digest()[:16])


def _group_claims(pool: UserPool, user: User) -> dict:
    """cognito:groups by precedence; cognito:roles; cognito:preferred_role of the single best group."""
    if not user.groups:
        return {}
    groups = sorted((pool.groups.by_name[name] for name in user.groups if name in pool.groups.by_name),
                    key=lambda g: (g.precedence is None, g.precedence or 0, g.name))
    claims: dict = {"cognito:groups": [g.name for g in groups]}
    roles = [g for g in groups if g.role_arn]
    if roles:
        claims["cognito:roles"] = sorted({g.role_arn for g in roles})
        best = [g for g in roles if g.precedence == roles[0].precedence]
        if len(best) == 1 or len({g.role_arn for g in best}) == 1:
            claims["cognito:preferred_role"] = best[0].role_arn
    return claims


def _access_claims(env: Env, client: AppClient, user: User, issuer: str, s: SignIn, iat: int, exp: int,
                   groups: dict, device_key: str | None) -> dict:
    claims: dict = {"sub": user.sub}
    if "cognito:groups" in groups:
        claims["cognito:groups"] = groups["cognito:groups"]
    if device_key:
        claims["device_key"] = device_key
    claims.update({"iss": issuer, "client_id": client.id, "origin_jti": s.origin_jti,
                   "event_id": s.event_id, "token_use": "access", "scope": ADMIN_SCOPE, "auth_time": s.auth_time,
                   "exp": exp, "iat": iat, "jti": env.ids.uuid(), "username": user.username})
    return claims


def _id_claims(env: Env, pool: UserPool, client: AppClient, user: User, issuer: str, s: SignIn,
               iat: int, exp: int, groups: dict) -> dict:
    claims: dict = {"sub": user.sub, **groups}
    readable = client.read_attributes or readable_by_default(pool.schema)
    for name in readable:
        if name != "sub" and name in user.attributes:
            claims[name] = _claim_value(name, user.attributes[name])
    if user.identities:
        claims["identities"] = _identity_claims(user)
    claims.update({"iss": issuer, "cognito:username": user.username, "origin_jti": s.origin_jti,
                   "aud": client.id, "event_id": s.event_id, "token_use": "id", "auth_time": s.auth_time,
                   "exp": exp, "iat": iat, "jti": env.ids.uuid()})
    return claims


def _identity_claims(user: User) -> list[dict]:
    """The ``identities`` claim: the attribute's entries, with the string values AWS mints."""
    return [{"userId": i.user_id, "providerName": i.provider_name, "providerType": i.provider_type,
             "issuer": i.issuer, "primary": "true" if i.primary else "false", "dateCreated": str(i.created_ms)}
            for i in user.identities]


def _claim_value(name: str, value: str):
    if name in _BOOLEAN_CLAIMS:
        return value.lower() == "true"
    if name == "updated_at" and value.isdigit():
        return int(value)
    return value


def _sign(key: SigningKey, claims: dict) -> str:
    return signing.sign(key, _signing_input(key, claims))


def _signing_input(key: SigningKey, claims: dict) -> str:
    return f"{key.header}.{b64url(json.dumps(claims, separators=(',', ':')).encode())}"

# --- refresh tokens --------------------------------------------------------------------------


def issue_refresh_token(env: Env, pool: UserPool, client: AppClient, user: User, s: SignIn,
                        *, new_session: bool = True, origin_session: str | None = None) -> str:
    """An opaque, unguessable token shaped like Cognito's (a five-part JWE). A new sign-in's first
    refresh token opens its token session when the pool tracks sessions (user_sessions.py);
    ``origin_session``: the SSO session the sign-in came through (the hosted UI's cookie)."""
    parts = (env.ids.token_bytes(256), env.ids.token_bytes(12), env.ids.token_bytes(384), env.ids.token_bytes(16))
    token = ".".join([_REFRESH_HEADER, *(b64url(p) for p in parts)])
    expires_at = env.clock.now() + client.refresh_validity.seconds
    pool.auth.refresh_tokens[token] = RefreshGrant(user.username, client.id, s.origin_jti, s.event_id, s.auth_time,
                                              expires_at)
    if pool.sessions.config is not None and user_sessions.tracking(pool):
        if new_session:
            for evicted in user_sessions.open_token_session(env, pool, client.id, user, s.origin_jti, expires_at,
                                                            origin_session):
                revoke_sign_in(pool, user, evicted)
        else:
            user_sessions.touch(env, pool, user.username, s.origin_jti, expires_at)
    return token


def redeem_refresh_token(env: Env, pool: UserPool, client: AppClient, token: str) -> RefreshGrant:
    grant = pool.auth.refresh_tokens.get(token)
    if grant is None or grant.client_id != client.id or grant.origin_jti in pool.auth.revoked_origins:
        raise NotAuthorizedException(INVALID_REFRESH_TOKEN)
    if env.clock.now() >= grant.expires_at:
        raise NotAuthorizedException("Refresh Token has expired")
    if grant.superseded_at is not None and env.clock.now() > grant.superseded_at + client.refresh_retry_grace_seconds:
        raise RefreshTokenReuseException(REUSED)
    if pool.sessions.config is not None and user_sessions.tracking(pool):
        user_sessions.touch(env, pool, grant.username, grant.origin_jti)
    return grant


def rotate(env: Env, pool: UserPool, client: AppClient, user: User, token: str, grant: RefreshGrant) -> str:
    """Refresh-token rotation: a new token of the same sign-in; the old one lives on for the grace period."""
    if grant.superseded_at is None:
        grant.superseded_at = env.clock.now()
    return issue_refresh_token(env, pool, client, user, SignIn(grant.origin_jti, grant.event_id, grant.auth_time),
                               new_session=False)


def revoke_sign_in(pool: UserPool, user: User | None, origin_jti: str) -> None:
    """Every token of one sign-in stops working (RevokeToken)."""
    pool.auth.revoked_origins.add(origin_jti)
    if user is not None:
        user.sign_ins.discard(origin_jti)
        if user.session_of_sign_in:
            user_sessions.forget_sign_in(user, origin_jti)


def sign_out_everywhere(pool: UserPool, user: User) -> None:
    """(Admin)GlobalSignOut, disabling: every sign-in of the user is revoked."""
    pool.auth.revoked_origins.update(user.sign_ins)
    user.sign_ins.clear()
    user_sessions.forget_token_sessions(user)

# --- access-token verification ---------------------------------------------------------------

INVALID_ACCESS_TOKEN = "Invalid Access Token"
INVALID_REFRESH_TOKEN = "Invalid Refresh Token"
REUSED = "Refresh token has already been used."     # guessed text


def pool_id_of(token: str) -> str | None:
    """The pool id named by a token's ``iss`` (unverified; used only to find the key)."""
    try:
        claims = json.loads(b64url_decode(token.split(".")[1]))
        return str(claims["iss"]).rstrip("/").rsplit("/", 1)[-1]
    except Exception:
        return None


def verify_access_token(env: Env, pool: UserPool, token: str) -> dict:
    """The claims of a valid access token of ``pool``; NotAuthorizedException otherwise."""
    return verify_token(env, pool, token, "access")


def verify_token(env: Env, pool: UserPool, token: str, token_use: str) -> dict:
    """The claims of a valid ``token_use`` ("access" or "id") token of ``pool``: signature, kind,
    expiry and revocation of its sign-in; NotAuthorizedException otherwise."""
    name = "Access Token" if token_use == "access" else "Id Token"     # the ID token texts are guessed
    key = signing_key(pool)
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        if json.loads(b64url_decode(header_b64)).get("kid") != key.kid:
            raise ValueError("unknown kid")
        key.public_key.verify(b64url_decode(signature_b64), f"{header_b64}.{payload_b64}".encode(), PKCS1, SHA256)
        claims = json.loads(b64url_decode(payload_b64))
    except (ValueError, InvalidSignature, AttributeError):
        raise NotAuthorizedException(f"Invalid {name}") from None
    if not isinstance(claims, dict) or claims.get("token_use") != token_use:
        raise NotAuthorizedException(f"Invalid {name}")
    if env.clock.now() >= claims.get("exp", 0):
        raise NotAuthorizedException(f"{name} has expired")
    if claims.get("origin_jti") in pool.auth.revoked_origins:
        raise NotAuthorizedException(f"{name} has been revoked")
    return claims
