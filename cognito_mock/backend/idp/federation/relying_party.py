"""A user pool as relying party of its identity providers (the OIDC and social side; SAML is
saml_sp.py): the redirect to the provider's authorization endpoint, the ``state`` that brings the
browser back to ``/oauth2/idpresponse``, and the sign-in the provider's answer makes.

- ``authorize_url``: the provider's authorization endpoint with its ``client_id``, the provider's
  ``authorize_scopes``, ``redirect_uri`` = the domain's ``/oauth2/idpresponse``, a ``state`` and,
  for OIDC-style providers, a ``nonce``. The state is sealed with the pool's secret: it carries the
  app's /oauth2/authorize parameters, is single use and expires (STATE_SECONDS).
- ``sign_in``: the claims of the provider's user make or refresh the EXTERNAL_PROVIDER user (or sign
  in the user they are linked to) with the triggers AWS runs for a federated sign-in.
The code exchange itself is oidc_rp.py (it may call the network, so it runs outside the store's lock).
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from ....errors import AwsError
from ...store import Env
from .. import trigger_events
from ..auth.keys import b64url, b64url_decode
from .models import IdentityProvider, federated_key
from ..clients.models import AppClient
from ..models import User, UserPool, UserStatus
from ..pools.schema import missing_required
from . import client_auth, emulated, federation
from .emulated import SUBJECT_CLAIM

STATE_SECONDS = 15 * 60          # guessed: how long a browser may stay at the provider
NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
OIDC_STYLE = frozenset({"Google", "SignInWithApple", "OIDC"})
BAD_STATE = "Invalid state parameter."                         # guessed: the page AWS shows for a bad state


class StateError(Exception):
    """The state cannot be trusted: no redirect URI may be believed (an error page answers)."""


class FederationError(Exception):
    """The sign-in failed after a trusted state: the app hears it at its redirect URI."""

    def __init__(self, description: str, error: str = "invalid_request") -> None:
        super().__init__(description)
        self.description, self.error = description, error


@dataclass(slots=True)
class Pending:
    """What the state carries: the app's authorize request and the provider it went to."""

    pool_id: str
    client_id: str
    provider: str
    params: dict[str, str]
    nonce: str
    jti: str
    expires_at: float
    emulated: str | None = None          # the emulated provider the browser went to (emulated.py)

# --- the state ----------------------------------------------------------------------------------


def seal(env: Env, pool: UserPool, pending: Pending) -> str:
    body = b64url(json.dumps(asdict(pending), separators=(",", ":")).encode())
    return f"{body}.{_mac(env, pool, body)}"


def pool_id_of(state: str | None) -> str | None:
    """The pool a state names (not yet trusted: ``open_state`` checks it)."""
    try:
        value = json.loads(b64url_decode((state or "").partition(".")[0]))
        return value.get("pool_id") if isinstance(value, dict) else None
    except (ValueError, UnicodeError):
        return None


def open_state(env: Env, pool: UserPool, state: str | None, *, consume: bool = True) -> Pending:
    """The trusted pending sign-in of ``state``: sealed by ``pool``, unexpired, used once."""
    body, _, mac = (state or "").partition(".")
    if not body or not hmac.compare_digest(mac, _mac(env, pool, body)):
        raise StateError(BAD_STATE)
    try:
        pending = Pending(**json.loads(b64url_decode(body)))
    except (ValueError, TypeError):
        raise StateError(BAD_STATE) from None
    now = env.clock.now()
    if now >= pending.expires_at or env.used_once.get(pending.jti, 0) > now:
        raise StateError(BAD_STATE)
    if consume:
        env.used_once[pending.jti] = pending.expires_at
    return pending


def mac(env: Env, pool: UserPool, body: str) -> str:
    """The pool's MAC of a sealed value (the state; saml_logout.py's session cookie)."""
    return _mac(env, pool, body)


def _mac(env: Env, pool: UserPool, body: str) -> str:
    if not pool.oauth.cookie_secret:
        pool.oauth.cookie_secret = env.ids.token_bytes(32)
    key = hashlib.sha256(b"federation-state" + pool.oauth.cookie_secret).digest()
    return b64url(hmac.new(key, body.encode(), hashlib.sha256).digest())


def pending_for(env: Env, pool: UserPool, client: AppClient, provider: IdentityProvider,
                params: dict[str, str]) -> Pending:
    return Pending(pool.id, client.id, provider.name, dict(params), env.ids.chars(NONCE_ALPHABET, 32),
                   env.ids.uuid(), env.clock.now() + STATE_SECONDS)

# --- the redirect to the provider ----------------------------------------------------------------


def authorize_url(env: Env, pool: UserPool, provider: IdentityProvider, pending: Pending, *,
                  redirect_uri: str, endpoint: str) -> str:
    """``endpoint``: the provider's authorization endpoint (its real one, or the emulated one's)."""
    details = provider.details
    query = {"client_id": details.client_id, "redirect_uri": redirect_uri, "response_type": "code",
             "scope": details.authorize_scopes.replace(",", " "), "state": seal(env, pool, pending)}
    if provider.type in OIDC_STYLE:
        query["nonce"] = pending.nonce
    if provider.type == "SignInWithApple":
        query["response_mode"] = "form_post"      # Apple posts back when scopes are asked for
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


def emulated_for(env: Env, provider: IdentityProvider, reachable: bool) -> emulated.EmulatedIdp | None:
    """The emulated provider that stands for ``provider``: always for the social ones, for an OIDC
    provider whose issuer is not reachable (``reachable``: its discovery answered)."""
    if provider.type in emulated.SOCIAL_ISSUERS:
        idp = emulated.provider(env, provider.type)
    elif provider.type == "OIDC" and not reachable:
        idp = emulated.provider(env, provider.name, provider.details.oidc_issuer or None)
    else:
        return None
    client_auth.register(idp, provider.details)      # the developer's app, as registered at the provider
    return idp

# --- the sign-in the provider's answer makes -------------------------------------------------------


def subject_of(provider: IdentityProvider, claims: dict) -> str:
    claim = provider.attribute_mapping.get("username") or SUBJECT_CLAIM.get(provider.type, "sub")
    value = claims.get(claim)
    if value in (None, ""):
        raise FederationError(f"Missing {claim} in the identity provider's answer.")    # guessed text
    return str(value)


def sign_in(env: Env, pool: UserPool, client: AppClient, provider: IdentityProvider, claims: dict, *,
            prefix: str = "") -> User:
    """The user the provider's ``claims`` stand for, with the triggers of a federated sign-in:
    PreSignUp_ExternalProvider and PostConfirmation_ConfirmSignUp when the user is new (guessed:
    the confirmation source AWS reports for a first federated sign-in), then
    PreAuthentication_Authentication and PostAuthentication_Authentication. Required attributes the
    mapping leaves empty refuse a new user. ``prefix``: what AWS puts before the error texts
    ("Invalid SAML response received: " for SAML)."""
    subject = subject_of(provider, claims)
    key = pool.user_key(federation.external_username(provider.name, subject))
    existed = key in pool.users
    try:
        if not existed and pool.federation.federated_links.get(_subject_link(provider, subject)) is None:
            missing = missing_required(pool.schema, federation.mapped(provider, claims))
            if missing:
                raise FederationError(f"{prefix}Invalid user attributes: {missing[0]}: The attribute is required")
        user = federation.federated_sign_in(env, pool, provider, subject, claims, client_id=client.id)
        created = not existed and user.status == UserStatus.EXTERNAL_PROVIDER and pool.users.get(key) is user
        if created:
            trigger_events.post_confirmation(env, pool, "PostConfirmation_ConfirmSignUp", user, client_id=client.id)
        trigger_events.pre_authentication(env, pool, client, user, client_metadata=None)
        trigger_events.post_authentication(env, pool, client, user, client_metadata=None, new_device_used=False)
    except AwsError as error:
        raise FederationError(f"{prefix}{error.message}") from None
    return user


def _subject_link(provider: IdentityProvider, subject: str) -> str:
    return federated_key(provider.name, federation.SUBJECT, subject)
