"""Client ID metadata document (CIMD) clients at a user pool domain (backend/idp/clients/cimd.py).

A request whose ``client_id`` query parameter is an HTTPS URL that one of the domain's pool's CIMD
policies takes (/oauth2/authorize, and the hosted pages and /logout that carry its parameters) has its
metadata document fetched *before* the view takes the store's lock, unless a fresh one is cached: the
fetch may take seconds on the server, and in-process the test's ``responses`` callback that serves the
document may call the emulator. The view then finds the client in the policy's cache; the token,
revocation and userInfo endpoints only ever read that cache.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...backend.idp.clients import cimd, cimd_fetch
from ...backend.idp.clients.models import AppClient
from ...backend.idp.models import UserPool
from ...backend.store import RegionState

if TYPE_CHECKING:
    from .site import Site

PROBLEM = "cognito_mock.cimd_problem"     # the WSGI environ key of why a fetched document was refused


def prefetch(site: Site) -> None:
    url = site.request.args.get("client_id")
    if not cimd.is_client_url(url):
        return
    store = site.store
    with store.lock:
        found = site.domain()
        policy_id = cimd.needs_fetch(store.env, found[1], url) if found is not None else None
    if policy_id is None:
        return
    retrieved = cimd_fetch.retrieve(url)             # the store's lock is not held here
    with store.lock:
        problem = cimd.received(store.env, found[1], policy_id, url, retrieved)
    if problem is not None:
        site.request.environ[PROBLEM] = problem


def client(site: Site, url: str) -> tuple[RegionState, UserPool, AppClient] | None:
    """The CIMD client ``url`` of the domain's pool, from its cached document; None if there is none."""
    found = site.domain()
    if found is None:
        return None
    made = cimd.client_for(found[1], url)
    return (found[0], found[1], made) if made is not None else None


def is_client_url(client_id: str | None) -> bool:
    return cimd.is_client_url(client_id)


def problem(site: Site) -> str | None:
    """Why this request's CIMD client was refused when its document was fetched, if it was."""
    return site.request.environ.get(PROBLEM)
