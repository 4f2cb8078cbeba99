"""Run one HTTP exchange through the WSGI app without a socket (for in-process interception)."""
from __future__ import annotations

from urllib.parse import urlsplit

import urllib3
from werkzeug.test import EnvironBuilder, run_wsgi_app

from ..backend.store import Store
from .app import CognitoApp


def exchange(store: Store, method: str, url: str, headers: dict[str, str] | None = None,
             body: bytes | None = None) -> tuple[int, urllib3.HTTPHeaderDict, bytes]:
    """(status, headers, body). The headers keep every Set-Cookie (a page may set several cookies)."""
    parts = urlsplit(url)
    builder = EnvironBuilder(method=method, base_url=f"{parts.scheme}://{parts.netloc}", path=parts.path or "/",
                             query_string=parts.query, headers=headers or {}, data=body or b"")
    try:
        env = builder.get_environ()
    finally:
        builder.close()
    app_iter, status, resp_headers = run_wsgi_app(CognitoApp(store), env)
    try:
        data = b"".join(app_iter)
    finally:
        getattr(app_iter, "close", lambda: None)()
    headers = urllib3.HTTPHeaderDict()
    for key, value in resp_headers.items():
        headers.add(key, value)
    return int(status.split(" ", 1)[0]), headers, data
