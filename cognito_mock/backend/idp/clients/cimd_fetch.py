"""Retrieving and checking a client ID metadata document (draft-ietf-oauth-client-id-metadata-document).

One GET of the client's URL: no redirect followed, 200 only, at most 5 KB read (the draft's
recommended maximum), a JSON object whose ``client_id`` is that URL (simple string comparison).
Amazon Cognito's own rules on top: CIMD clients are public (``token_endpoint_auth_method`` none, no
shared secret) and the document's ``redirect_uris`` are the client's callback URLs.

This is the emulator's one outgoing HTTP call. It goes through ``requests``: an in-process test serves
the document with the ``responses`` library, the server fetches it for real. Callers do not hold the
store's lock while it runs where they can avoid it (web/oauth/cimd.py).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import requests

from ....errors import InvalidParameterException
from .clients import check_redirect_url

MAX_BYTES = 5 * 1024              # "The recommended maximum size to read is 5 kilobytes."
TIMEOUT_SECONDS = 5               # guessed: searched docs for "Cognito client ID metadata document" (no timeout)
MIN_MAX_AGE, MAX_MAX_AGE = 86400, 31556952   # a Cache-Control max-age in this range overrides CacheDuration
_MAX_AGE = re.compile(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
# why a document is refused. guessed: searched docs and pages for "Cognito client ID metadata document", "CIMD
# policy" (AWS documents the rules, not its messages)
UNREACHABLE = "Unable to retrieve the client metadata document from {url}."
NOT_OK = "The client metadata document URL {url} answered HTTP {status}; it must answer 200 OK."
TOO_LARGE = "The client metadata document at {url} is larger than 5 KB."
NOT_JSON = "The client metadata document at {url} is not a JSON object."
CLIENT_ID_MISMATCH = "The client_id of the client metadata document does not match its URL {url}."
NOT_PUBLIC = "CIMD clients are public clients: token_endpoint_auth_method must be none."
HAS_SECRET = "A client metadata document must not contain client_secret or client_secret_expires_at."
NO_REDIRECT_URIS = "The client metadata document must contain redirect_uris, a list of URLs."
BAD_REDIRECT_URI = "The client metadata document has an invalid redirect URI: {uri}"
BAD_MEMBER = "The client metadata document member {name} has the wrong type."


@dataclass(slots=True, frozen=True)
class Retrieved:
    """A checked document (``problem`` None) or why there is none; ``max_age`` from Cache-Control."""

    document: dict[str, Any] | None
    problem: str | None = None
    max_age: int | None = None

    def cache_seconds(self, policy_seconds: int) -> int:
        """How long to keep it: the header's max-age when it is between a day and a year, else the policy's."""
        if self.max_age is not None and MIN_MAX_AGE <= self.max_age <= MAX_MAX_AGE:
            return self.max_age
        return policy_seconds


def retrieve(url: str) -> Retrieved:
    try:
        with requests.get(url, headers={"Accept": "application/json"}, allow_redirects=False,
                          timeout=TIMEOUT_SECONDS, stream=True) as response:
            status, cache_control = response.status_code, response.headers.get("Cache-Control") or ""
            body = _read(response)
    except requests.RequestException:
        return Retrieved(None, UNREACHABLE.format(url=url))
    max_age = _max_age(cache_control)
    if status != 200:
        return Retrieved(None, NOT_OK.format(url=url, status=status))
    if body is None:
        return Retrieved(None, TOO_LARGE.format(url=url))
    try:
        document = json.loads(body)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        return Retrieved(None, NOT_JSON.format(url=url))
    problem = check(url, document)
    return Retrieved(None if problem else document, problem, max_age)


def check(url: str, document: dict[str, Any]) -> str | None:
    """Why ``document`` cannot be the registration of the client ``url``, or None."""
    if document.get("client_id") != url:
        return CLIENT_ID_MISMATCH.format(url=url)
    if document.get("token_endpoint_auth_method") != "none":     # RFC 7591's default is client_secret_basic
        return NOT_PUBLIC
    if "client_secret" in document or "client_secret_expires_at" in document:
        return HAS_SECRET
    uris = document.get("redirect_uris")
    if not isinstance(uris, list) or not uris or not all(isinstance(u, str) and u for u in uris):
        return NO_REDIRECT_URIS
    for uri in uris:
        try:
            check_redirect_url(uri)
        except InvalidParameterException:
            return BAD_REDIRECT_URI.format(uri=uri)
    for name, kind in (("grant_types", list), ("response_types", list), ("scope", str), ("client_name", str),
                       ("post_logout_redirect_uris", list)):
        value = document.get(name)
        if value is not None and (not isinstance(value, kind)
                                  or (kind is list and not all(isinstance(v, str) for v in value))):
            return BAD_MEMBER.format(name=name)
    return None


def _read(response: requests.Response) -> bytes | None:
    """The body, or None past MAX_BYTES (reading stops there)."""
    body = b""
    for chunk in response.iter_content(chunk_size=1024):
        body += chunk
        if len(body) > MAX_BYTES:
            return None
    return body


def _max_age(cache_control: str) -> int | None:
    found = _MAX_AGE.search(cache_control)
    return int(found.group(1)) if found else None
