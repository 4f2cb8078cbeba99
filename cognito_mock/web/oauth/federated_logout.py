"""SAML single logout at the user pool domain (backend/idp/federation/saml_logout.py): /logout sends a
user whose browser session came through a SAML provider with ``IDPSignout`` set to the provider's
SingleLogoutService; the provider's LogoutResponse comes back to ``POST /saml2/logout``, and the
browser goes on where the original /logout would have sent it."""
from __future__ import annotations

from typing import Callable

from werkzeug.wrappers import Response

from ...backend.idp.clients.models import AppClient
from ...backend.idp.federation import relying_party, saml_logout
from ...backend.idp.federation.relying_party import StateError
from ...backend.idp.models import UserPool
from ...backend.idp.oauth import oauth
from . import federated_start
from .site import PageError, Site, go

COOKIE = "cognito-saml"          # the browser's SAML session: provider, NameID, SessionIndex (sealed)


def remember(site: Site, response: Response, pool: UserPool, provider: str, session: dict[str, str]) -> None:
    """After a SAML sign-in: the session single logout will name."""
    response.set_cookie(COOKIE, saml_logout.seal_session(site.store.env, pool, provider, session), path="/",
                        httponly=True, samesite="Lax", secure=site.request.scheme == "https")


def start(site: Site, pool: UserPool, client: AppClient, args: dict[str, str]) -> Response | None:
    """The redirect to the SAML provider's SingleLogoutService, when this browser signed in through a
    SAML provider with ``IDPSignout`` (else None: /logout answers as usual)."""
    env = site.store.env
    session = saml_logout.open_session(env, pool, site.request.cookies.get(COOKIE))
    if session is None or oauth.session_user(env, pool, client, site.request.cookies.get(oauth.COOKIE)) is None:
        return None
    provider = pool.federation.identity_providers.get(session.get("provider", ""))
    if provider is None or not saml_logout.enabled(provider):
        return None
    pending = relying_party.pending_for(env, pool, client, provider, args)
    url = saml_logout.request_url(env, pool, provider, pending, session,
                                  emulated_base=federated_start.emulated_base(site, provider.name))
    if url is None:
        return None
    response = go(url)
    response.delete_cookie(COOKIE, path="/")
    return response


def logout_response(site: Site, finish: Callable[[Site, dict[str, str]], Response]) -> Response:
    """POST /saml2/logout: the provider's LogoutResponse; then ``finish`` (oauth2.finish_logout) with
    the original /logout's parameters."""
    form = site.request.form
    relay = form.get("RelayState")
    found = site.pool_by_id(relying_party.pool_id_of(relay))
    if found is None:
        raise PageError(relying_party.BAD_STATE)
    pool = found[1]
    try:
        pending = relying_party.open_state(site.store.env, pool, relay)
    except StateError as error:
        raise PageError(str(error)) from None
    provider = pool.federation.identity_providers.get(pending.provider)
    if provider is None or pending.client_id not in pool.clients.by_id:
        raise PageError(relying_party.BAD_STATE)
    try:
        saml_logout.verify_response(site.store.env, pool, provider, form.get("SAMLResponse"),
                                    request_id=f"_{pending.jti}",
                                    emulated_base=federated_start.emulated_base(site, provider.name))
    except saml_logout.LogoutError as error:
        raise PageError(str(error)) from None
    return finish(site, pending.params)
