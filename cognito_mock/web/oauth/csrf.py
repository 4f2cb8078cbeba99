"""The hosted pages' CSRF protection, as Cognito's: an ``XSRF-TOKEN`` cookie (set by
/oauth2/authorize and by every page that has a form) whose value each form carries back in a hidden
``_csrf`` field (amplify-js issue 6236 shows a direct POST to the login page needing both). A form
POSTed without them, or with a different value, is refused."""
from __future__ import annotations

import re

from werkzeug.wrappers import Response

from ...support.compare import same
from .site import Site

COOKIE = "XSRF-TOKEN"
FIELD = "_csrf"
_WELL_FORMED = re.compile(r"[0-9a-f-]{36}")
_FORM = re.compile(r'(<form method="post"[^>]*>)')


def token(site: Site) -> str:
    """The browser's token, or a new one (then ``remember`` sets it on the response)."""
    given = site.request.cookies.get(COOKIE, "")
    return given if _WELL_FORMED.fullmatch(given) else site.store.env.ids.uuid()


def remember(site: Site, response: Response, value: str) -> Response:
    if site.request.cookies.get(COOKIE) != value:
        response.set_cookie(COOKIE, value, path="/", httponly=True, samesite="Lax",
                            secure=site.request.scheme == "https")
    return response


def protect(html: str, value: str) -> str:
    """Every POST form of the page carries the token."""
    return _FORM.sub(lambda m: f'{m.group(1)}<input type="hidden" name="{FIELD}" value="{value}">', html)


def valid(site: Site) -> bool:
    """A form POST carries the browser's own token."""
    cookie, field = site.request.cookies.get(COOKIE, ""), site.request.form.get(FIELD, "")
    return bool(cookie) and _WELL_FORMED.fullmatch(cookie) is not None and same(field, cookie)
