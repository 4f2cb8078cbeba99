"""Terms documents (terms of use, privacy policy) an app client's managed login links to."""
from __future__ import annotations

from ....errors import InvalidParameterException, ResourceNotFoundException, TermsExistsException
from ...store import Env
from ..models import UserPool
from .models import Terms, client_key

_LINK_KEY_PREFIX = "cognito:"


def find(pool: UserPool, terms_id: str) -> Terms:
    terms = pool.branding.terms.get(terms_id)
    if terms is None:
        raise ResourceNotFoundException(f"Terms {terms_id} does not exist.")
    return terms


def find_by_client(pool: UserPool, client_id: str, name: str) -> Terms:
    """DescribeTermsByClient: the client's terms document of that name."""
    terms_id = pool.branding.terms_by_client.get(client_key(client_id, name))
    if terms_id is None:
        raise ResourceNotFoundException(f"Terms {name} do not exist for client {client_id}.")   # guessed text
    return pool.branding.terms[terms_id]


def _check_links(links: dict[str, str]) -> None:
    for key, url in links.items():
        if not key.startswith(_LINK_KEY_PREFIX):
            raise InvalidParameterException(f"Invalid Links key: {key}")
        if not url.startswith("https://"):
            raise InvalidParameterException(f"Invalid Links URL: {url}")


def _check_unique(pool: UserPool, client_id: str, name: str, terms_id: str | None) -> None:
    other = pool.branding.terms_by_client.get(client_key(client_id, name))
    if other is not None and other != terms_id:
        raise TermsExistsException(f"Terms {name} already exist for client {client_id}.")


def create(env: Env, pool: UserPool, client_id: str, name: str, source: str, enforcement: str,
           links: dict[str, str] | None) -> Terms:
    links = dict(links or {})
    if not links:
        raise InvalidParameterException("Links are required when TermsSource is LINK.")
    _check_links(links)
    _check_unique(pool, client_id, name, None)
    now = env.clock.now_dt()
    terms = Terms(id=env.ids.uuid(), name=name, client_id=client_id, enforcement=enforcement, links=links,
                  source=source, created=now, modified=now)
    pool.branding.terms[terms.id] = terms
    pool.branding.terms_by_client[client_key(client_id, name)] = terms.id
    return terms


def update(env: Env, pool: UserPool, terms: Terms, name: str | None, source: str | None, enforcement: str | None,
           links: dict[str, str] | None) -> None:
    """The members given replace the terms'; the others stay."""
    if links is not None:
        _check_links(links)
    if name is not None:
        _check_unique(pool, terms.client_id, name, terms.id)
    if name is not None and name != terms.name:
        del pool.branding.terms_by_client[client_key(terms.client_id, terms.name)]
        pool.branding.terms_by_client[client_key(terms.client_id, name)] = terms.id
    terms.name = name or terms.name
    terms.source = source or terms.source
    terms.enforcement = enforcement or terms.enforcement
    terms.links = dict(links) if links is not None else terms.links
    terms.modified = env.clock.now_dt()


def delete(pool: UserPool, terms: Terms) -> None:
    del pool.branding.terms[terms.id]
    pool.branding.terms_by_client.pop(client_key(terms.client_id, terms.name), None)


def ordered(pool: UserPool) -> list[Terms]:
    return sorted(pool.branding.terms.values(), key=lambda t: (t.created, t.id))
