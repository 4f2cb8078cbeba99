"""The start of a federated sign-in: /oauth2/authorize (or /login) with ``identity_provider`` or
``idp_identifier`` redirects to the provider (backend/idp/federation/relying_party.py, saml_sp.py).

Where the browser goes: a real OIDC provider's authorization endpoint when its issuer answers
discovery; else the emulated provider (backend/idp/federation/emulated.py). In-process a social
provider is sent to its real URL (``accounts.google.com``...), which the http hook answers from
the emulator while that provider is emulated; on the server (a real browser cannot be intercepted)
and for an emulated OIDC provider, to ``/_mock/idp/{ProviderName}/authorize`` of the same host.

The provider's documents (an OIDC issuer's discovery, a SAML MetadataURL) are fetched before the
view runs, with the store's lock let go, by web/app.py (``to_fetch`` -> ``fetch`` -> ``received``,
the CIMD pattern): the provider may be this very server. The view reads only what was cached.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qs, quote

from ...backend.identity import provider_keys
from ...backend.idp.auth.keys import b64url_decode
from ...backend.idp.federation.models import IdentityProvider
from ...backend.idp.federation import oidc_rp, relying_party, saml_sp
from ...backend.idp.clients.models import AppClient
from ...backend.idp.models import UserPool
from . import pages
from .site import Site

# the classic hosted UI's buttons (its CSS classes are documented for UI customization; the labels are
# guessed: searched "Sign in with your corporate ID" "Continue with Google" hosted UI)
CORPORATE = "Sign in with your corporate ID"
SOCIAL_LABELS = {"Google": "Continue with Google", "Facebook": "Continue with Facebook",
                 "LoginWithAmazon": "Continue with Amazon", "SignInWithApple": "Continue with Apple"}


@dataclass(slots=True)
class Fetch:
    kind: str           # "discovery" (an OIDC issuer) or "saml" (a MetadataURL)
    url: str


def to_fetch(site: Site) -> Fetch | None:
    """The provider document this request needs and the emulator has not cached (the caller holds
    the store's lock, and lets go of it for ``fetch``)."""
    provider = _provider_of(site)
    if provider is None:
        return None
    env = site.store.env
    issuer = provider.details.oidc_issuer if provider.type == "OIDC" else None
    if issuer and not provider_keys.discovery_fresh(env, issuer):
        return Fetch("discovery", issuer)
    url = provider.details.metadata_url if provider.type == "SAML" else None
    if url and not saml_sp.metadata_fresh(env, url):
        return Fetch("saml", url)
    return None


def fetch(item: Fetch):
    """The network half: touches no state (the store's lock is not held)."""
    return provider_keys.fetch_discovery(item.url) if item.kind == "discovery" else saml_sp.fetch_metadata(item.url)


def received(site: Site, item: Fetch, document) -> None:
    """Cache what was fetched, keyed by its URL (the lock is held again: a provider changed meanwhile
    simply finds nothing cached for its new URL and is emulated)."""
    if item.kind == "discovery":
        provider_keys.remember_discovery(site.store.env, item.url, document)
    else:
        saml_sp.remember_metadata(site.store.env, item.url, document)


def _provider_of(site: Site) -> IdentityProvider | None:
    """The identity provider this request will use: the one an authorize request names, or the one a
    SAML response's RelayState names (our sealed state, or IdP-initiated authorize parameters)."""
    values = site.request.values
    if site.request.path.rstrip("/") == "/saml2/idpresponse":
        relay = values.get("RelayState") or ""
        pool_id = relying_party.pool_id_of(relay)
        if pool_id is not None:
            found = site.pool_by_id(pool_id)
            name = _peek(relay).get("provider")
            return found[1].federation.identity_providers.get(name) if found and isinstance(name, str) else None
        values = {k: v[0] for k, v in parse_qs(relay).items()}
    if not (values.get("identity_provider") or values.get("idp_identifier")) or not values.get("client_id"):
        return None
    found = site._client(values["client_id"])
    return _named(found[1], values) if found is not None else None


def _peek(state: str) -> dict:
    try:
        value = json.loads(b64url_decode(state.partition(".")[0]))
    except (ValueError, UnicodeError):
        return {}
    return value if isinstance(value, dict) else {}


def _named(pool: UserPool, args) -> IdentityProvider | None:
    name = args.get("identity_provider") or pool.federation.idp_identifiers.get(args.get("idp_identifier") or "")
    return pool.federation.identity_providers.get(name or "")


def reachable(site: Site, provider: IdentityProvider) -> bool:
    """Whether an OIDC provider's issuer answered discovery (as cached by ``received``)."""
    if provider.type != "OIDC":
        return False
    issuer = provider.details.oidc_issuer
    if not provider_keys.discovery_fresh(site.store.env, issuer):
        return False
    try:
        provider_keys.discovery(site.store.env, issuer)      # from the cache: no network
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
        pending.emulated, endpoint = idp.name, provider.details.authorize_url
    return relying_party.authorize_url(env, pool, provider, pending, redirect_uri=site.url("/oauth2/idpresponse"),
                                       endpoint=endpoint)


def has_buttons(pool: UserPool, client: AppClient) -> bool:
    """Whether the client offers an identity provider of the pool besides COGNITO."""
    return any(name in pool.federation.identity_providers for name in client.identity_providers)


def buttons(site: Site, pool: UserPool, client: AppClient, params: dict[str, str], *,
            divider: bool = True) -> pages.Raw:
    """The sign-in page's buttons: one per identity provider of the client's SupportedIdentityProviders,
    each a link to /oauth2/authorize with the page's parameters and ``identity_provider``; ``divider``:
    the "or" before the username and password form."""
    base = {k: v for k, v in params.items() if k not in ("identity_provider", "idp_identifier")}
    corporate, social = pages.Raw(""), pages.Raw("")
    for name in client.identity_providers:
        provider = pool.federation.identity_providers.get(name)
        if provider is None:
            continue
        href = site.link("/oauth2/authorize", {**base, "identity_provider": name})
        if provider.type in SOCIAL_LABELS:
            social += pages.render("provider_button", kind="socialButton-customizable", href=href, name=name,
                                   label=SOCIAL_LABELS[provider.type])
        else:
            corporate += pages.render("provider_button", kind="idpButton-customizable", href=href, name=name,
                                      label=name)
    if not corporate and not social:
        return pages.Raw("")
    if corporate:
        corporate = pages.Raw(f'<p class="idpDescription-customizable">{CORPORATE}</p>') + corporate
    divide = pages.Raw('<p class="textDescription-customizable idpDivider">or</p>') if divider else pages.Raw("")
    return pages.render("providers", corporate=corporate, social=social, divider=divide)
