"""Which pool a web request is for: the hosted domain it reached (``{prefix}.auth.{region}.amazoncognito.com``
or a custom domain, through ``Indexes.domains``), else the app client it names (``Indexes.clients``,
the server's one port serving every pool)."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from werkzeug.utils import redirect
from werkzeug.wrappers import Request, Response

from ...backend.idp.auth.issuer import issuer
from ...backend.idp.clients.models import AppClient
from ...backend.idp.models import UserPool
from ...backend.idp.pools import pools
from ...backend.store import RegionState, Store
from ...errors import InvalidClient
from . import cimd

AUTHORIZE_PARAMS = ("client_id", "response_type", "redirect_uri", "state", "scope", "nonce", "code_challenge",
                    "code_challenge_method", "identity_provider", "idp_identifier", "lang")


class PageError(Exception):
    """An error shown as a page (no redirect URI to send it to)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.status = message, status


@dataclass(slots=True)
class Site:
    store: Store
    request: Request
    public_url: str | None          # the server's public URL; None in-process

    # -- the pool ------------------------------------------------------------------------------
    def domain(self) -> tuple[RegionState, UserPool] | None:
        """The pool of the hosted or custom domain the request reached, if it reached one."""
        host = self.request.host.split(":", 1)[0].lower()
        where = self.store.index.domains.get(host)      # keyed by host (backend/idp/domains.host_of)
        if where is None:
            return None
        region = self.store.region(where[0], where[1])
        pool = region.user_pools.get(where[2])
        return (region, pool) if pool is not None else None

    def client(self, client_id: str | None) -> tuple[RegionState, UserPool, AppClient]:
        """The app client ``client_id`` (of the domain's pool, on a domain); PageError when unknown."""
        found = self._client(client_id)
        if found is None:
            raise PageError(cimd.problem(self) or "An error was encountered with the requested page. "
                            f"Invalid client_id: {client_id or ''}".rstrip())      # guessed text
        return found

    def token_client(self, client_id: str) -> tuple[RegionState, UserPool, AppClient]:
        found = self._client(client_id)
        if found is None:
            raise InvalidClient()
        return found

    def _client(self, client_id: str | None) -> tuple[RegionState, UserPool, AppClient] | None:
        if not client_id:
            return None
        if cimd.is_client_url(client_id):       # a client ID metadata document's URL (web/oauth/cimd.py)
            return cimd.client(self, client_id)
        on_domain = self.domain()
        if on_domain is not None:
            region, pool = on_domain
        else:
            where = self.store.index.clients.get(client_id)
            if where is None:
                return None
            region = self.store.region(where[0], where[1])
            pool = region.user_pools.get(where[2])
        client = pool.clients.by_id.get(client_id) if pool is not None else None
        return (region, pool, client) if client is not None else None

    def pool_by_id(self, pool_id: str | None) -> tuple[RegionState, UserPool] | None:
        pool = pools.locate(self.store, pool_id)
        return (self.store.region(*self.store.index.user_pools[pool.id]), pool) if pool is not None else None

    # -- URLs ----------------------------------------------------------------------------------
    def issuer(self, pool: UserPool) -> str:
        """Tokens' ``iss``: the server's public URL in server mode, AWS's issuer in-process (DESIGN 1)."""
        return issuer(pool.id, self.public_url)

    @property
    def server_mode(self) -> bool:
        return self.public_url is not None

    def url(self, path: str, params: dict[str, str] | None = None) -> str:
        query = urlencode({k: v for k, v in (params or {}).items() if v is not None})
        return f"{self.request.host_url.rstrip('/')}{path}{'?' + query if query else ''}"

    def link(self, path: str, params: dict[str, str] | None = None) -> str:
        """A same-site link for a page (a path and query, no host)."""
        query = urlencode({k: v for k, v in (params or {}).items() if v is not None})
        return f"{path}{'?' + query if query else ''}"

    def authorize_params(self) -> dict[str, str]:
        """The /oauth2/authorize parameters of this request's query string (carried page to page)."""
        return {k: self.request.args[k] for k in AUTHORIZE_PARAMS if self.request.args.get(k)}


def go(location: str) -> Response:
    return redirect(location, code=302)
