"""Answer ``requests`` and ``urllib`` calls to Cognito's web hosts in-process.

Only these URLs are intercepted; every other URL goes to whatever was there before us:
- ``POST https://cognito-idp.{region}.amazonaws.com/`` and ``cognito-identity``'s: the API itself,
  for clients that call it with plain HTTP (pycognito's device calls, hand-rolled JSON clients)
- ``https://cognito-idp.{region}.amazonaws.com/{poolId}/.well-known/...`` (JWKS, discovery)
- ``https://cognito-identity.amazonaws.com/.well-known/jwks_uri`` (identity pools' OpenID keys)
- ``PUT https://cognito-idp.{region}.amazonaws.com/_mock/user-import/...``: a user import job's
  pre-signed URL (CreateUserImportJob in-process; web/user_import.py)
- ``https://{prefix}.auth.{region}.amazoncognito.com/...`` (hosted domains)
- ``https://public-keys.auth.elb.{region}.amazonaws.com/{kid}``: the ALB key that signs the edge's
  ``x-amzn-oidc-data`` (backend/elb_keys.py, cognito_mock/edge/alb.py)
- the social identity providers' real hosts (``accounts.google.com``, ``www.googleapis.com``,
  ``www.facebook.com``, ``graph.facebook.com``, ``appleid.apple.com``, ``www.amazon.com``,
  ``api.amazon.com``...: backend/idp/federation/emulated.HOSTS), but ONLY while the emulator holds
  that provider's emulation (a user pool federated through it, or the test asked for it by
  ``cognito.idp(name)``): then a federated sign-in, or an app talking to "Google" itself, works
  offline against the emulated provider. Before that, and for every other provider host, requests
  go where they went (a test's own ``responses`` mock of Google's keys keeps working).

``requests``: ``Session.get_adapter`` hands these URLs to an adapter of ours, so they are answered
before any adapter's ``send`` runs. A test's own ``responses`` mock (which patches
``HTTPAdapter.send``), started before or after us, therefore neither hides Cognito's hosts nor
sees them, and serves every other URL (a provider's keys, Facebook's Graph API...) as it is told.
"""
from __future__ import annotations

import email.message
import io
import re
import urllib.error
import urllib.request
import urllib.response
from http import HTTPStatus
from urllib.parse import urlsplit

import requests
import requests.adapters
import urllib3

from ..backend.idp.federation import emulated
from ..backend.store import Store
from ..web.local import exchange

COGNITO_WEB_URL = re.compile(
    r"^https?://(?:cognito-(?:idp|identity)\.[a-z0-9-]+\.amazonaws\.com/?(?:$|\?)"
    r"|cognito-idp\.[a-z0-9-]+\.amazonaws\.com/[\w-]+_[0-9a-zA-Z]+/\.well-known/"
    r"|cognito-idp\.[a-z0-9-]+\.amazonaws\.com/_mock/user-import/"
    r"|cognito-identity\.amazonaws\.com/\.well-known/jwks_uri"
    r"|public-keys\.auth\.elb\.[a-z0-9-]+\.amazonaws\.com/"
    r"|[a-z0-9-]+\.auth\.[a-z0-9-]+\.amazoncognito\.com(?:/|$|\?))")
_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")


class HttpInterceptor:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._original_get_adapter = None
        self._original_open = None

    def start(self) -> None:
        self._original_get_adapter = original_get_adapter = requests.Session.get_adapter
        adapter = _CognitoAdapter(self.store)

        store = self.store

        def get_adapter(session, url):
            return adapter if _ours(store, url) else original_get_adapter(session, url)

        requests.Session.get_adapter = get_adapter
        self._original_open = urllib.request.OpenerDirector.open
        interceptor = self

        def open_(opener, url, data=None, *args, **kwargs):
            return interceptor._open(opener, url, data, *args, **kwargs)

        urllib.request.OpenerDirector.open = open_

    def stop(self) -> None:
        if self._original_get_adapter is not None:
            requests.Session.get_adapter = self._original_get_adapter
            self._original_get_adapter = None
        if self._original_open is not None:
            urllib.request.OpenerDirector.open = self._original_open
            self._original_open = None

    # -- urllib (urlopen and every opener go through OpenerDirector.open) ----------------------
    def _open(self, opener, url, data=None, *args, **kwargs):
        if isinstance(url, urllib.request.Request):
            full, method, headers = url.full_url, url.get_method(), dict(url.header_items())
            data = url.data if data is None else data
        else:
            full, method, headers = str(url), ("POST" if data is not None else "GET"), {}
        if not _ours(self.store, full):
            return self._original_open(opener, url, data, *args, **kwargs)
        status, resp_headers, body = exchange(self.store, method, full, headers, data)
        message = email.message.Message()
        for key, value in resp_headers.items():
            message[key] = value
        if status >= 400:
            raise urllib.error.HTTPError(full, status, _reason(status), message, io.BytesIO(body))
        return urllib.response.addinfourl(io.BytesIO(body), message, full, status)


class _CognitoAdapter(requests.adapters.HTTPAdapter):
    """Answers Cognito's web hosts from the store. Its own ``send``: whatever patches
    ``HTTPAdapter.send`` (``responses``) does not reach it."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        body = request.body.encode() if isinstance(request.body, str) else request.body
        status, headers, data = exchange(self.store, request.method, request.url, dict(request.headers), body)
        header_dict = urllib3.HTTPHeaderDict(headers)
        # cookies are read from the original response's ``msg`` (requests.cookies.extract_cookies_to_jar)
        original = urllib3.HTTPResponse(body=io.BytesIO(), msg=header_dict, preload_content=False)
        raw = urllib3.HTTPResponse(body=io.BytesIO(data), headers=header_dict, status=status, reason=_reason(status),
                                   preload_content=False, decode_content=False, original_response=original)
        return self.build_response(request, raw)


def _ours(store: Store, url: str) -> bool:
    """Cognito's own URLs, and an emulated identity provider's real host while it is emulated."""
    if COGNITO_WEB_URL.match(url):
        return True
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    return host in emulated.HOSTS and emulated.host_active(store.env, host)


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
