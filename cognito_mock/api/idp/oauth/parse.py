"""Request members -> domain values for OAuth 2.0 settings (the mirror image of views.py)."""
from __future__ import annotations

from ....backend.idp.oauth.models import Scope
from ....backend.idp.oauth.token_exchange import DerivedTokenRequest


def scopes(params: dict) -> list[Scope]:
    """A resource server's Scopes (omitted: none)."""
    return [Scope(s["ScopeName"], s["ScopeDescription"]) for s in params.get("Scopes") or ()]


def derived_token_request(params: dict) -> DerivedTokenRequest:
    """GetDerivedToken's members."""
    return DerivedTokenRequest(
        params["SubjectToken"], params["SubjectTokenType"], params.get("ActorToken"), params.get("ActorTokenType"),
        bool(params.get("SubjectTokenProviderName") or (params.get("ActorToken") and params.get("ActorTokenProviderName"))),
        params.get("RequestedTokenType"), params.get("Audiences"), params.get("Resources"), params.get("Scopes"))
