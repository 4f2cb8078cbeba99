"""Request members -> domain values for look and feel (the mirror image of views.py)."""
from __future__ import annotations

import base64

from ....backend.idp.branding.models import BrandingAsset


def assets(specs: list[dict] | None) -> list[BrandingAsset] | None:
    """Managed login branding's Assets; None when the request has none."""
    if specs is None:
        return None
    return [BrandingAsset(spec["Category"], spec["ColorMode"], spec["Extension"],
                          base64.b64decode(spec["Bytes"]) if isinstance(spec.get("Bytes"), str) else spec.get("Bytes"),
                          spec.get("ResourceId"))
            for spec in specs]
