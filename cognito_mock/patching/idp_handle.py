"""``cognito.idp(name)``: a test's handle on an emulated identity provider (backend/idp/federation/
emulated.py, saml_idp.py). It does not name the store's lock: ``CognitoMock.idp`` (patching/mock.py),
the transport, runs each of its methods and properties under it, once a call."""
from __future__ import annotations

from typing import Any

from ..backend.idp.federation import emulated, saml_idp


class Handle:
    """What ``cognito.idp(name)`` gives a test: the emulated provider ``name``'s accounts and tokens
    (creating it starts its in-process interception, patching/http_hook.py)."""

    def __init__(self, env: Any, name: str, issuer: str | None = None) -> None:
        self._env, self.name = env, name
        emulated.provider(env, name, issuer)

    def add_account(self, **claims: Any) -> dict[str, Any]:
        """Add (or update) an account, as ``POST /_mock/idp/{name}/accounts`` does; returns it."""
        return emulated.add_account(self._env, emulated.provider(self._env, self.name), claims)

    @property
    def accounts(self) -> list[dict[str, Any]]:
        return [dict(a) for a in emulated.provider(self._env, self.name).accounts.values()]

    def id_token(self, sub: str, audience: str, nonce: str | None = None, *, lifetime: int = emulated.TOKEN_SECONDS) -> str:
        """An ID token of account ``sub`` for app ``audience`` (Google, Apple, OIDC), signed by the provider."""
        return emulated.id_token(self._env, emulated.provider(self._env, self.name), sub, audience, nonce,
                                 lifetime=lifetime)

    def access_token(self, sub: str, client_id: str) -> str:
        """An access token of account ``sub`` for app ``client_id`` (what Facebook and Amazon hand apps)."""
        idp = emulated.provider(self._env, self.name)
        code = emulated.issue_code(self._env, idp, sub, client_id, None, None, [])
        return emulated.redeem_code(self._env, idp, code, client_id, None)["access_token"]

    @property
    def issuer(self) -> str:
        return emulated.provider(self._env, self.name).issuer

    def saml_response(self, sub: str, *, acs: str, audience: str, in_response_to: str | None = None) -> str:
        """A signed base64 SAMLResponse for account ``sub`` (an IdP-initiated sign-in posts it to ``acs``)."""
        idp = emulated.provider(self._env, self.name)
        return saml_idp.response(self._env, idp, idp.accounts[sub], acs=acs, audience=audience,
                                 in_response_to=in_response_to)

    def saml_metadata(self, base: str) -> str:
        """The provider's SAML metadata document (``base``: its /_mock/idp/{name} URL)."""
        return saml_idp.metadata(self._env, emulated.provider(self._env, self.name), base)
