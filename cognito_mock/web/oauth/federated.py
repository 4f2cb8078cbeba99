"""Where identity providers send the browser back: ``/oauth2/idpresponse`` (OIDC and social: a code
and the state, by GET or, for Apple's form_post, POST) and ``/saml2/idpresponse`` (SAML POST
binding). Both finish like a password sign-in (oauth2.Authorization.finish: a code or tokens for
the app, the session cookie).

They run under the store's lock, taken once by web/app.py. A real OIDC provider's code exchange
may call this very server (another user pool as the provider): the view answers ``Outside`` (the
exchange, and the step after it), which web/app.py runs with the lock let go and then taken again;
the step after re-checks that the pool, client and provider are still there.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable
from urllib.parse import parse_qs

from werkzeug.wrappers import Response

from ...backend.idp.auth import tokens
from ...backend.idp.federation import emulated, oidc_rp, relying_party, saml_sp
from ...backend.idp.federation.relying_party import FederationError, Pending, StateError
from ...backend.idp.oauth import oauth
from ...errors import OAuthError
from . import federated_logout, federated_start
from .oauth2 import Authorization
from .site import AUTHORIZE_PARAMS, PageError, Site, go


@dataclass(slots=True)
class Outside:
    """What a view asks its transport (web/app.py) to run with the store's lock let go (``work``, which
    touches no state), and the view's next step (``then``, given what ``work`` returned), run with the
    lock taken again."""

    work: Callable[[], Any]
    then: Callable[[Any], Any]


def _error(auth: Authorization, error: FederationError) -> Response:
    failure = OAuthError(error.description)
    failure.error = error.error
    return go(oauth.error_redirect(auth.request.redirect_uri, failure, auth.request.state,
                                   fragment=auth.request.implicit))


def _resume(site: Site, state: str | None, *, consume: bool = True) -> tuple[Authorization, Pending] | Response:
    """The app's authorize request a trusted state carries (PageError when there is none)."""
    found = site.pool_by_id(relying_party.pool_id_of(state))
    if found is None:
        raise PageError(relying_party.BAD_STATE)
    pool = found[1]
    try:
        pending = relying_party.open_state(site.store.env, pool, state, consume=consume)
    except StateError as error:
        raise PageError(str(error)) from None
    if pending.client_id not in pool.clients.by_id or pending.provider not in pool.federation.identity_providers:
        raise PageError(relying_party.BAD_STATE)
    auth = Authorization(site, pending.params)
    if auth.refused is not None:
        return auth.refused
    return auth, pending


def _finish(auth: Authorization, pending: Pending, claims: dict, *, prefix: str = "",
            saml_session: dict[str, str] | None = None) -> Response:
    env = auth.site.store.env
    provider = auth.pool.federation.identity_providers[pending.provider]
    try:
        user = relying_party.sign_in(env, auth.pool, auth.client, provider, claims, prefix=prefix)
    except FederationError as error:
        return _error(auth, error)
    response = auth.finish(user, tokens.new_sign_in(env), None)
    if saml_session:                     # for single logout (federated_logout.py)
        federated_logout.remember(auth.site, response, auth.pool, provider.name, saml_session)
    return response


def idp_response(site: Site) -> Response | Outside:
    values = site.request.values
    env = site.store.env
    resumed = _resume(site, values.get("state"))
    if isinstance(resumed, Response):
        return resumed
    auth, pending = resumed
    provider = auth.pool.federation.identity_providers[pending.provider]
    if values.get("error"):          # the provider refused (the user cancelled...): guessed form
        return _error(auth, FederationError(values.get("error_description") or values["error"],
                                            values["error"] if values["error"] == "access_denied"
                                            else "invalid_request"))
    code, redirect_uri = values.get("code", ""), site.url("/oauth2/idpresponse")
    if pending.emulated is not None:
        idp = emulated.find(env, pending.emulated)
        try:
            if idp is None:
                raise FederationError(f"{provider.name} Error - 400 invalid_grant")
            claims = oidc_rp.exchange_emulated(env, idp, provider, pending, code, redirect_uri)
        except FederationError as error:
            return _error(auth, error)
        return _finish(auth, pending, claims)
    snapshot = replace(provider, details=replace(provider.details))

    def exchange() -> dict | FederationError:          # no lock: the provider may be this server
        try:
            return oidc_rp.exchange_real(env, snapshot, pending, code, redirect_uri)
        except FederationError as error:
            return error

    def then(claims: dict | FederationError) -> Response:
        _still_there(site, auth, pending)
        return _error(auth, claims) if isinstance(claims, FederationError) else _finish(auth, pending, claims)

    return Outside(exchange, then)


def _still_there(site: Site, auth: Authorization, pending: Pending) -> None:
    found = site.pool_by_id(pending.pool_id)
    if (found is None or found[1] is not auth.pool or auth.client is not auth.pool.clients.by_id.get(pending.client_id)
            or pending.provider not in auth.pool.federation.identity_providers):
        raise PageError(relying_party.BAD_STATE)


def saml_response(site: Site) -> Response:
    """SP-initiated (RelayState = our state, InResponseTo = our request) or, when the provider has
    ``IDPInit`` set, IdP-initiated (RelayState = the app's /oauth2/authorize parameters)."""
    form, env = site.request.form, site.store.env
    relay = form.get("RelayState")
    if relying_party.pool_id_of(relay) is not None:
        resumed = _resume(site, relay)
        if isinstance(resumed, Response):
            return resumed
        auth, pending = resumed
        in_response_to = f"_{pending.jti}"
    else:
        auth, pending = _unsolicited(site, relay)
        in_response_to = None
    provider = auth.pool.federation.identity_providers[pending.provider]
    session: dict[str, str] = {}
    try:
        claims = saml_sp.verify(env, auth.pool, provider, form.get("SAMLResponse"),
                                acs=site.url("/saml2/idpresponse"), in_response_to=in_response_to,
                                emulated_base=federated_start.emulated_base(site, provider.name), session=session)
    except FederationError as error:
        return _error(auth, error)
    return _finish(auth, pending, claims, prefix=saml_sp.PREFIX, saml_session=session)


def _unsolicited(site: Site, relay: str | None) -> tuple[Authorization, Pending]:
    """An IdP-initiated response: its RelayState names the client, redirect URI and provider."""
    params = {k: v[0] for k, v in parse_qs(relay or "").items() if k in AUTHORIZE_PARAMS}
    if not params.get("client_id"):
        raise PageError(saml_sp.INVALID_RELAY)
    auth = Authorization(site, params)
    name = params.get("identity_provider") or auth.pool.federation.idp_identifiers.get(params.get("idp_identifier") or "")
    provider = auth.pool.federation.identity_providers.get(name or "")
    if (auth.refused is not None or provider is None or provider.type != "SAML"
            or name not in auth.client.identity_providers or not provider.details.idp_init):
        raise PageError(saml_sp.INVALID_RELAY)
    return auth, relying_party.pending_for(site.store.env, auth.pool, auth.client, provider, params)
