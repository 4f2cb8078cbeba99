"""Where identity providers send the browser back: ``/oauth2/idpresponse`` (OIDC and social: a code
and the state, by GET or, for Apple's form_post, POST) and ``/saml2/idpresponse`` (SAML POST
binding). Both finish like a password sign-in (oauth2.Authorization.finish: a code or tokens for
the app, the session cookie).

These views take the store's lock themselves: a real provider's code exchange may call this very
server (another user pool as the provider), so it runs between two locked steps.
"""
from __future__ import annotations

from werkzeug.wrappers import Response

from ...backend.idp.auth import tokens
from ...backend.idp.federation import emulated, oidc_rp, relying_party, saml_sp
from ...backend.idp.federation.relying_party import FederationError, Pending, StateError
from ...backend.idp.oauth import oauth
from ...errors import InvalidRequest, OAuthError
from .oauth2 import Authorization
from .site import PageError, Site, go


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
    if pending.client_id not in pool.clients or pending.provider not in pool.identity_providers:
        raise PageError(relying_party.BAD_STATE)
    auth = Authorization(site, pending.params)
    if auth.refused is not None:
        return auth.refused
    return auth, pending


def _finish(auth: Authorization, pending: Pending, claims: dict, *, prefix: str = "") -> Response:
    env = auth.site.store.env
    provider = auth.pool.identity_providers[pending.provider]
    try:
        user = relying_party.sign_in(env, auth.pool, auth.client, provider, claims, prefix=prefix)
    except FederationError as error:
        return _error(auth, error)
    return auth.finish(user, tokens.new_sign_in(env), None)


def idp_response(site: Site) -> Response:
    values = site.request.values
    lock, env = site.store.lock, site.store.env
    with lock:
        resumed = _resume(site, values.get("state"))
        if isinstance(resumed, Response):
            return resumed
        auth, pending = resumed
        provider = auth.pool.identity_providers[pending.provider]
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
    try:
        claims = oidc_rp.exchange_real(env, provider, pending, code, redirect_uri)     # no lock: may be us
    except FederationError as error:
        with lock:
            return _error(auth, error)
    with lock:
        return _finish(auth, pending, claims)


def saml_response(site: Site) -> Response:
    """SP-initiated (RelayState = our state) or, when the provider allows it, IdP-initiated
    (RelayState = the app's authorize parameters)."""
    form, env = site.request.form, site.store.env
    with site.store.lock:
        try:
            found = saml_sp.receive(env, site, form.get("SAMLResponse"), form.get("RelayState"))
        except saml_sp.SamlError as error:
            raise PageError(str(error)) from None
        if isinstance(found, Response):
            return found
        auth, pending, claims, problem = found
        if problem is not None:
            return _error(auth, problem)
        return _finish(auth, pending, claims, prefix=saml_sp.PREFIX)


__all__ = ["idp_response", "saml_response", "InvalidRequest"]
