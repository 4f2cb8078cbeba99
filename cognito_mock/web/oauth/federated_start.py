"""The start of a federated sign-in: /oauth2/authorize (or /login) with ``identity_provider`` or
``idp_identifier`` redirects to the provider (backend/idp/federation/relying_party.py, saml_sp.py).

Where the browser goes: a real OIDC provider's authorization endpoint when its issuer answers
discovery; else the emulated provider (backend/idp/federation/emulated.py). In-process a social
provider is sent to its real URL (``accounts.google.com``...), which the http hook answers from
the emulator while that provider is emulated; on the server (a real browser cannot be intercepted)
and for an emulated OIDC provider, to ``/_mock/idp/{ProviderName}/authorize`` of the same host.
"""
from __future__ import annotations

from urllib.parse import quote

from ...backend.identity import provider_keys
from ...backend.idp.federation.models import IdentityProvider
from ...backend.idp.federation import oidc_rp, relying_party, saml_sp
from ...backend.idp.clients.models import AppClient
from ...backend.idp.models import UserPool
from .site import Site


def prefetch(site: Site) -> None:
    """An OIDC provider's discovery, fetched before the store's lock is taken (it may be this server)."""
    args = site.request.args
    if not (args.get("identity_provider") or args.get("idp_identifier")) or not args.get("client_id"):
        return
    with site.store.lock:
        found = site._client(args["client_id"])
        provider = _named(found[1], args) if found is not None else None
        issuer = provider.details.get("oidc_issuer") if provider is not None and provider.type == "OIDC" else None
    if issuer:
        try:
            provider_keys.discovery(site.store.env, issuer)
        except provider_keys.Unreachable:
            pass


def _named(pool: UserPool, args) -> IdentityProvider | None:
    name = args.get("identity_provider") or pool.federation.idp_identifiers.get(args.get("idp_identifier") or "")
    return pool.federation.identity_providers.get(name or "")


def reachable(site: Site, provider: IdentityProvider) -> bool:
    if provider.type != "OIDC":
        return False
    try:
        provider_keys.discovery(site.store.env, provider.details["oidc_issuer"])
        return True
    except provider_keys.Unreachable:
        return False


def emulated_base(site: Site, name: str) -> str:
    return site.url(f"/_mock/idp/{quote(name, safe='')}")


def start_url(site: Site, pool: UserPool, client: AppClient, provider: IdentityProvider,
              params: dict[str, str]) -> str:
    env = site.store.env
    pending = relying_party.pending_for(env, pool, client, provider, params)
    if provider.type == "SAML":
        return saml_sp.request_url(env, pool, provider, pending, acs=site.url("/saml2/idpresponse"),
                                   emulated_sso=emulated_base(site, provider.name) + "/saml/sso")
    idp = relying_party.emulated_for(env, provider, reachable(site, provider))
    if idp is None:
        endpoint = oidc_rp.endpoints(env, provider)["authorize_url"]
    elif site.server_mode or not idp.social:
        pending.emulated, endpoint = idp.name, emulated_base(site, idp.name) + "/authorize"
    else:
        pending.emulated, endpoint = idp.name, provider.details["authorize_url"]
    return relying_party.authorize_url(env, pool, provider, pending, redirect_uri=site.url("/oauth2/idpresponse"),
                                       endpoint=endpoint)
