"""How the edge reaches Cognito: the JWKS, the token and userInfo endpoints, and the clock.

``InProcess``: the state of an active ``mock_cognito`` (or any Store), through the same WSGI app the
server runs (web/local.py), so keys come from the pool's served JWKS exactly as over HTTP.
``Remote``: a running ``cognito-mock serve`` at ``base_url``, over HTTP (urllib).
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

from ..backend import elb_keys
from ..backend.idp.auth.issuer import issuer
from ..backend.idp.clients import clients
from ..backend.idp.pools import pools
from ..backend.store import Store
from ..support.ids import Ids
from ..web.local import exchange

Answer = tuple[int, dict[str, str], bytes]


@dataclass(slots=True)
class InProcess:
    """``store``: the emulator's state (``cognito.store`` of a mock, or the active one by default).
    ``public_url``: set when the tokens were minted by a server sharing this store."""

    store: Store | None = None
    public_url: str | None = None

    def __post_init__(self) -> None:
        if self.store is None:
            from ..patching import mock  # the active mock_cognito's state
            if mock._shared is None:
                raise RuntimeError("InProcess() needs a store or an active mock_cognito")
            self.store = mock._shared.store

    def issuer(self, pool_id: str) -> str:
        return issuer(pool_id, self.public_url)

    def hosted_base(self, domain: str | None, region: str) -> str:
        """Where the pool's /oauth2 endpoints answer: its hosted domain (a prefix or a full name)."""
        if self.public_url:
            return self.public_url
        if domain and "." in domain:
            return f"https://{domain}"
        return f"https://{domain}.auth.{region}.amazoncognito.com"

    def http(self, method: str, url: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> Answer:
        return exchange(self.store, method, url, headers, body)

    def now(self) -> float:
        return self.store.env.clock.now()

    def client_secret(self, pool_id: str, client_id: str) -> str | None:
        with self.store.lock:
            found = clients.locate(self.store, client_id)
        return found[1].secret if found is not None else None

    def elb_key(self, region: str) -> elb_keys.ElbKey:
        """The region's ALB key, kept in the state so the http hook and the server serve it."""
        with self.store.lock:
            return elb_keys.key_for(self.store, region)

    def revoked(self, pool_id: str, claims: dict) -> bool:
        """Whether the sign-in of a verified token was revoked (RevokeToken, GlobalSignOut)."""
        with self.store.lock:
            pool = pools.locate(self.store, pool_id)
            return pool is None or claims.get("origin_jti") in pool.auth.revoked_origins


@dataclass(slots=True)
class Remote:
    """A ``cognito-mock serve`` at ``base_url`` (its ``--public-url``)."""

    base_url: str
    timeout: float = 10.0
    _opener: urllib.request.OpenerDirector = field(default_factory=lambda: urllib.request.build_opener(_NoRedirect))
    _elb_keys: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")

    def issuer(self, pool_id: str) -> str:
        return issuer(pool_id, self.base_url)

    def hosted_base(self, domain: str | None, region: str) -> str:
        return self.base_url        # the server answers every pool's /oauth2 endpoints by client_id

    def http(self, method: str, url: str, headers: dict[str, str] | None = None, body: bytes | None = None) -> Answer:
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                return answer.status, dict(answer.headers.items()), answer.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers.items()), error.read()

    def now(self) -> float:
        return time.time()

    def client_secret(self, pool_id: str, client_id: str) -> str | None:
        """DescribeUserPoolClient on the server, as ALB reads the secret of the client it is given."""
        region = pool_id.split("_", 1)[0]
        status, _, body = self.http("POST", self.base_url + "/", {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": "AWSCognitoIdentityProviderService.DescribeUserPoolClient",
            "Authorization": f"AWS4-HMAC-SHA256 Credential=cognito-mock-edge/20240101/{region}/cognito-idp/aws4_request, "
                             "SignedHeaders=host, Signature=0"},
            json.dumps({"UserPoolId": pool_id, "ClientId": client_id}).encode())
        return json.loads(body)["UserPoolClient"].get("ClientSecret") if status == 200 else None

    def elb_key(self, region: str) -> elb_keys.ElbKey:
        """A key of this process (the proxy serves its public half at /_mock/elb-public-keys/...)."""
        if region not in self._elb_keys:
            self._elb_keys[region] = elb_keys.new_key(Ids(), region)
        return self._elb_keys[region]

    def revoked(self, pool_id: str, claims: dict) -> bool | None:
        return None     # not knowable from outside, as for API Gateway itself


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
