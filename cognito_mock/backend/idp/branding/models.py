"""Look-and-feel entities: UI customization, managed login branding, terms, the pool's branding state."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


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
