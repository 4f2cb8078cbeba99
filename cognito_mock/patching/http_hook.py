"""Answer ``requests`` and ``urllib`` calls to Cognito's web hosts in-process.

Only these URLs are intercepted; every other URL goes to whatever was there before us:
- ``POST https://cognito-idp.{region}.amazonaws.com/`` and ``cognito-identity``'s: the API itself,
  for clients that call it with plain HTTP (pycognito's device calls, hand-rolled JSON clients)
- ``https://cognito-idp.{region}.amazonaws.com/{poolId}/.well-known/...`` (JWKS, discovery)
- ``https://cognito-identity.amazonaws.com/.well-known/jwks_uri`` (identity pools' OpenID keys)
- ``PUT https://cognito-idp.{region}.amazonaws.com/_mock/user-import/...``: a user import job's
  pre-signed URL (CreateUserImportJob in-process; web/user_import.py)
- ``https://{prefix}.auth.{region}.amazoncognito.com/...`` (hosted domains)
"""
from __future__ import annotations

import email.message
import io
import re
import urllib.error
import urllib.request
import urllib.response
from http import HTTPStatus

import requests.adapters
import responses

from ..backend.store import Store
from ..web.local import exchange

COGNITO_WEB_URL = re.compile(
    r"^https?://(?:cognito-(?:idp|identity)\.[a-z0-9-]+\.amazonaws\.com/?(?:$|\?)"
    r"|cognito-idp\.[a-z0-9-]+\.amazonaws\.com/[\w-]+_[0-9a-zA-Z]+/\.well-known/"
    r"|cognito-idp\.[a-z0-9-]+\.amazonaws\.com/_mock/user-import/"
    r"|cognito-identity\.amazonaws\.com/\.well-known/jwks_uri"
    r"|[a-z0-9-]+\.auth\.[a-z0-9-]+\.amazoncognito\.com(?:/|$|\?))")
_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")


class HttpInterceptor:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._requests_mock: responses.RequestsMock | None = None
        self._original_open = None

    def start(self) -> None:
        mock = responses.RequestsMock(assert_all_requests_are_fired=False,
                                      real_adapter_send=requests.adapters.HTTPAdapter.send)
        for method in _METHODS:
            mock.add_callback(method, COGNITO_WEB_URL, callback=self._requests_callback)
        mock.add_passthru(re.compile(r".*"))
        mock.start()
        self._requests_mock = mock
        self._original_open = urllib.request.OpenerDirector.open
        interceptor = self

        def open_(opener, url, data=None, *args, **kwargs):
            return interceptor._open(opener, url, data, *args, **kwargs)

        urllib.request.OpenerDirector.open = open_

    def stop(self) -> None:
        if self._requests_mock is not None:
            self._requests_mock.stop()
            self._requests_mock.reset()
            self._requests_mock = None
        if self._original_open is not None:
            urllib.request.OpenerDirector.open = self._original_open
            self._original_open = None

    # -- requests ----------------------------------------------------------------------------
    def _requests_callback(self, request):
        body = request.body
        if isinstance(body, str):
            body = body.encode()
        status, headers, data = exchange(self.store, request.method, request.url, dict(request.headers), body)
        return status, headers, data

    # -- urllib (urlopen and every opener go through OpenerDirector.open) ----------------------
    def _open(self, opener, url, data=None, *args, **kwargs):
        if isinstance(url, urllib.request.Request):
            full, method, headers = url.full_url, url.get_method(), dict(url.header_items())
            data = url.data if data is None else data
        else:
            full, method, headers = str(url), ("POST" if data is not None else "GET"), {}
        if not COGNITO_WEB_URL.match(full):
            return self._original_open(opener, url, data, *args, **kwargs)
        status, resp_headers, body = exchange(self.store, method, full, headers, data)
        message = email.message.Message()
        for key, value in resp_headers.items():
            message[key] = value
        if status >= 400:
            raise urllib.error.HTTPError(full, status, _reason(status), message, io.BytesIO(body))
        return urllib.response.addinfourl(io.BytesIO(body), message, full, status)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
