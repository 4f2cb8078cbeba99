"""Client ID metadata document (CIMD) clients at a user pool domain (backend/idp/clients/cimd.py).

A request whose ``client_id`` query parameter is an HTTPS URL that one of the domain's pool's CIMD
policies takes (/oauth2/authorize, and the hosted pages and /logout that carry its parameters) has its
metadata document fetched *before* the view runs, with the store's lock let go (web/app.py), unless a fresh one is cached: the
fetch may take seconds on the server, and in-process the test's ``responses`` callback that serves the
document may call the emulator. The view then finds the client in the policy's cache; the token,
revocation and userInfo endpoints only ever read that cache.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ...backend.idp.clients import cimd, cimd_fetch
from ...backend.idp.clients.cimd_fetch import Retrieved
from ...backend.idp.clients.models import AppClient
from ...backend.idp.models import UserPool
from ...backend.store import RegionState

if TYPE_CHECKING:
    from .site import Site

PROBLEM = "cognito_mock.cimd_problem"     # the WSGI environ key of why a fetched document was refused


def to_fetch(site: Site) -> tuple[str, str] | None:
    """(policy id, URL) when this request names a CIMD client whose document must be fetched first.
    The caller (web/app.py) holds the store's lock, and lets go of it for ``fetch``."""
    url = site.request.args.get("client_id")
    if not cimd.is_client_url(url):
        return None
    found = site.domain()
    policy_id = cimd.needs_fetch(site.store.env, found[1], url) if found is not None else None
    return (policy_id, url) if policy_id is not None else None


def fetch(url: str) -> Retrieved:
    """The document, fetched with the store's lock not held (it may take seconds, and in-process the
    test's callback that serves it may call the emulator)."""
    return cimd_fetch.retrieve(url)


def received(site: Site, pending: tuple[str, str], retrieved: Retrieved) -> None:
    """Record the fetched document in the domain's pool as it is now (the caller holds the lock again)."""
    found = site.domain()
    if found is None:
        return
    problem = cimd.received(site.store.env, found[1], pending[0], pending[1], retrieved)
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
