"""UI customization, managed login branding and terms -> AWS-shaped dicts."""
from __future__ import annotations

import base64
import copy
from typing import Any

from ....backend.idp.branding.models import ManagedLoginBranding, Terms, UICustomization


def ui_customization(pool_id: str, ui: UICustomization | None, client_id: str,
                     image_url: str | None) -> dict[str, Any]:
    if ui is None:
        return {"UserPoolId": pool_id, "ClientId": client_id}
    return {
        "UserPoolId": pool_id,
        "ClientId": ui.client_id,
        "ImageUrl": image_url,
        "CSS": ui.css,
        "CSSVersion": ui.css_version,
        "LastModifiedDate": ui.modified,
        "CreationDate": ui.created,
    }


def branding(pool_id: str, b: ManagedLoginBranding, *, return_merged: bool = False) -> dict[str, Any]:
    return {
        "ManagedLoginBrandingId": b.id,
        "UserPoolId": pool_id,
        "UseCognitoProvidedValues": b.use_cognito_provided_values,
        "Settings": copy.deepcopy(b.settings) if b.settings is not None else ({} if return_merged else None),
        "Assets": [{"Category": a.category, "ColorMode": a.color_mode, "Extension": a.extension,
                    "Bytes": base64.b64encode(a.data).decode() if a.data is not None else None,
                    "ResourceId": a.resource_id} for a in b.assets],
        "CreationDate": b.created,
        "LastModifiedDate": b.modified,
    }


def terms(pool_id: str, t: Terms) -> dict[str, Any]:
    return {
        "TermsId": t.id,
        "UserPoolId": pool_id,
        "ClientId": t.client_id,
        "TermsName": t.name,
        "TermsSource": t.source,
        "Enforcement": t.enforcement,
        "Links": dict(t.links),
        "CreationDate": t.created,
        "LastModifiedDate": t.modified,
    }


def terms_description(t: Terms) -> dict[str, Any]:
    return {"TermsId": t.id, "TermsName": t.name, "Enforcement": t.enforcement,
            "CreationDate": t.created, "LastModifiedDate": t.modified}
