"""Classic hosted UI customization: Set/GetUICustomization."""
from __future__ import annotations

import base64

from ....backend.idp.branding import ui_customization
from ....backend.idp.models import UserPool
from ...registry import IDP, Context, action
from .. import find
from . import views


def _image_url(pool: UserPool, client_id: str, version: str) -> str | None:
    ui = pool.branding.ui_customizations.get(client_id)
    if ui is None or ui.image is None:
        return None
    domain = pool.oauth.domains.get(pool.domain or pool.custom_domain or "")
    host = domain.cloudfront if domain else "cognito.cloudfront.net"
    return f"https://{host}/{pool.id}/{client_id}/{version}/assets/images/image.jpg"


def _ui_view(pool: UserPool, client_id: str | None) -> dict:
    ui = ui_customization.effective(pool, client_id)
    url = _image_url(pool, ui.client_id, ui.css_version) if ui else None
    return views.ui_customization(pool.id, ui, client_id or ui_customization.ALL, url)


@action(IDP, "SetUICustomization")
def set_ui_customization(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client_id = params.get("ClientId")
    if client_id and client_id != ui_customization.ALL:
        find.client_of_pool(pool, client_id)
    image = base64.b64decode(params["ImageFile"]) if "ImageFile" in params else None
    ui_customization.set_customization(ctx.env, pool, client_id, params.get("CSS"), image)
    return {"UICustomization": _ui_view(pool, client_id)}


@action(IDP, "GetUICustomization")
def get_ui_customization(ctx: Context, params: dict) -> dict:
    pool = find.pool(ctx, params["UserPoolId"])
    client_id = params.get("ClientId")
    if client_id and client_id != ui_customization.ALL:
        find.client_of_pool(pool, client_id)
    return {"UICustomization": _ui_view(pool, client_id)}
