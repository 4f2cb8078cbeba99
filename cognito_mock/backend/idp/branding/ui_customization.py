"""Hosted UI (classic) customization: CSS limited to AWS's customizable classes, a logo image,
per app client or for the whole pool ("ALL")."""
from __future__ import annotations

import re

from ....errors import InvalidParameterException
from ...store import Env
from ..models import UserPool
from .models import UICustomization

ALL = "ALL"
MAX_IMAGE_BYTES = 100 * 1024
CLASSES = frozenset({
    "background-customizable", "banner-customizable", "errorMessage-customizable", "idpButton-customizable",
    "idpButton-customizable:hover", "inputField-customizable", "inputField-customizable:focus",
    "label-customizable", "legalText-customizable", "logo-customizable", "submitButton-customizable",
    "submitButton-customizable:hover", "textDescription-customizable",
})
NEEDS_DOMAIN = "There has to be an existing domain associated with this user pool"
_RULE = re.compile(r"([^{}]*)\{[^{}]*\}")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def check_css(css: str) -> None:
    """Every rule's selector must be one of the customizable classes (``.name``)."""
    stripped = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    leftover = _RULE.sub("", stripped).strip()
    if leftover:
        raise InvalidParameterException("Unable to parse the CSS text.")
    for selector_group in _RULE.findall(stripped):
        for selector in selector_group.split(","):
            name = selector.strip()
            if not name.startswith(".") or name[1:] not in CLASSES:
                raise InvalidParameterException(f"css: Invalid class name: {name or selector_group.strip()}")


def check_image(image: bytes) -> None:
    if len(image) > MAX_IMAGE_BYTES:
        raise InvalidParameterException("Image file size is larger than the max allowed size of 100KB.")
    if image and not image.startswith(_IMAGE_MAGIC):
        raise InvalidParameterException("Image file must be a PNG or JPEG image.")


def set_customization(env: Env, pool: UserPool, client_id: str | None, css: str | None,
                      image: bytes | None) -> UICustomization:
    if pool.domain is None and pool.custom_domain is None:
        raise InvalidParameterException(NEEDS_DOMAIN)
    if css:
        check_css(css)
    if image is not None:
        check_image(image)
    key = client_id or ALL
    now = env.clock.now_dt()
    current = pool.branding.ui_customizations.get(key)
    ui = UICustomization(client_id=key, css=css or None, image=image or None,
                         created=current.created if current else now, modified=now,
                         css_version=str(int(now.timestamp() * 1000)))
    pool.branding.ui_customizations[key] = ui
    return ui


def effective(pool: UserPool, client_id: str | None) -> UICustomization | None:
    """The client's own customization, else the pool-wide one."""
    if client_id:
        own = pool.branding.ui_customizations.get(client_id)
        if own is not None:
            return own
    return pool.branding.ui_customizations.get(ALL)
