"""Request members -> domain values for OAuth 2.0 settings (the mirror image of views.py)."""
from __future__ import annotations

from ....backend.idp.oauth.models import Scope


def scopes(params: dict) -> list[Scope]:
    """A resource server's Scopes (omitted: none)."""
    return [Scope(s["ScopeName"], s["ScopeDescription"]) for s in params.get("Scopes") or ()]
