"""The hosted UI's HTML: ``string.Template`` files under templates/, every value ``html.escape``d
unless it is a ``Raw`` fragment this module built itself from escaped parts."""
from __future__ import annotations

import base64
import functools
import html
from pathlib import Path
from string import Template

from ...backend.idp.branding import ui_customization
from ...backend.idp.models import UserPool

TEMPLATES = Path(__file__).with_name("templates")


class Raw(str):
    """HTML that is already safe (made by ``render``); two of them joined stay safe."""

    def __add__(self, other: str) -> str:
        return Raw(str.__add__(self, other)) if isinstance(other, Raw) else str.__add__(self, other)


@functools.cache
def _template(name: str) -> Template:
    return Template((TEMPLATES / f"{name}.html").read_text(encoding="utf-8"))


def render(template: str, /, **values) -> Raw:
    escaped = {k: v if isinstance(v, Raw) else html.escape("" if v is None else str(v), quote=True)
               for k, v in values.items()}
    return Raw(_template(template).substitute(escaped))


def notice(text: str | None, *, error: bool = True) -> Raw:
    if not text:
        return Raw("")
    return render("notice", kind="errorMessage-customizable" if error else "textDescription-customizable", text=text)


def field(name: str, label: str, *, value: str = "", kind: str = "text", required: bool = False) -> Raw:
    return render("field", id=name, name=name, label=label, value=value, type=kind,
                  required=Raw(" required") if required else Raw(""))


def document(pool: UserPool | None, client_id: str | None, title: str, body: Raw) -> str:
    """The whole page, with the pool's UI customization (CSS and logo) when it has one."""
    custom = ui_customization.effective(pool, client_id) if pool is not None else None
    css = (custom.css or "") if custom else ""
    logo = Raw("")
    if custom is not None and custom.image:
        kind = "png" if custom.image.startswith(b"\x89PNG") else "jpeg"
        data = base64.b64encode(custom.image).decode()
        logo = Raw(f'<img class="logo-customizable" alt="logo" src="data:image/{kind};base64,{data}">')
    # CSS is raw text inside <style>: html escaping would break it, so only "<" is neutralised there
    return render("layout", title=title, css=Raw(css.replace("<", "\\3c ")), logo=logo, body=body)


def message(pool: UserPool | None, client_id: str | None, heading: str, text: str) -> str:
    return document(pool, client_id, heading, render("message", heading=heading, message=text))
