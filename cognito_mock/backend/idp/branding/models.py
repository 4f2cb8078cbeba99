"""Look-and-feel entities: UI customization, managed login branding, terms, the pool's branding state."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..concept_state import ConceptState

if TYPE_CHECKING:
    from ...store import Indexes


@dataclass(slots=True)
class UICustomization:
    client_id: str                        # "ALL" for the pool-wide customization
    css: str | None
    image: bytes | None
    created: datetime
    modified: datetime
    css_version: str = ""


@dataclass(slots=True)
class BrandingAsset:
    category: str
    color_mode: str
    extension: str
    data: bytes | None = None
    resource_id: str | None = None


@dataclass(slots=True)
class ManagedLoginBranding:
    id: str
    client_id: str
    use_cognito_provided_values: bool
    settings: Any                         # the settings document, as given
    assets: list[BrandingAsset]
    created: datetime
    modified: datetime


@dataclass(slots=True)
class Terms:
    id: str
    name: str
    client_id: str
    enforcement: str
    links: dict[str, str]
    source: str
    created: datetime
    modified: datetime


@dataclass(slots=True)
class BrandingState(ConceptState):
    """A pool's look and feel (branding.py, ui_customization.py, terms.py), per app client or pool-wide."""

    ui_customizations: dict[str, UICustomization] = field(default_factory=dict)   # client id or "ALL" -> its CSS/logo
    brandings: dict[str, ManagedLoginBranding] = field(default_factory=dict)     # branding id -> style
    branding_by_client: dict[str, str] = field(default_factory=dict)              # client id -> branding id
    terms: dict[str, Terms] = field(default_factory=dict)                         # terms id -> Terms
    terms_by_client: dict[str, str] = field(default_factory=dict)                 # client_key(client id, name) -> terms id

    def forget_client(self, index: Indexes, client_id: str) -> None:
        self.ui_customizations.pop(client_id, None)
        branding_id = self.branding_by_client.pop(client_id, None)
        if branding_id is not None:
            del self.brandings[branding_id]
        for terms in [t for t in self.terms.values() if t.client_id == client_id]:
            del self.terms[terms.id]
            self.terms_by_client.pop(client_key(client_id, terms.name), None)


def client_key(client_id: str, name: str) -> str:
    """The key of ``BrandingState.terms_by_client``: one terms document of each name per app client."""
    return f"{client_id}\0{name}"
