"""SAML logins of an identity pool: ``Logins`` maps an IAM SAML provider ARN to the base64 SAML
response its IdP posted.

AWS checks the response's signature against the metadata of the IAM SAML provider; IAM is out of
the emulator's sight, so that signature cannot be checked here. What can be is: a SAML 2.0
Response that succeeded, carries a signature, an assertion naming its subject, and whose
conditions hold now. Anything else (an opaque string, an unsigned or expired assertion) is refused.
"""
from __future__ import annotations

import base64
import binascii
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import Any

from ...errors import NotAuthorizedException
from ..store import Env

PROTOCOL = "{urn:oasis:names:tc:SAML:2.0:protocol}"
ASSERTION = "{urn:oasis:names:tc:SAML:2.0:assertion}"
SIGNATURE = "{http://www.w3.org/2000/09/xmldsig#}Signature"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
INVALID = "Invalid login token. Couldn't verify signed token."   # guessed: no AWS text found for a bad SAML response


def verify(env: Env, token: str) -> tuple[str, dict[str, Any]]:
    """(subject, claims) of a SAML response: its NameID, and its attributes' first values."""
    response = _parse(token)
    status = response.find(f"{PROTOCOL}Status/{PROTOCOL}StatusCode")
    assertion = response.find(f"{ASSERTION}Assertion")
    if status is None or status.get("Value") != SUCCESS or assertion is None:
        raise NotAuthorizedException(INVALID)
    if response.find(SIGNATURE) is None and assertion.find(SIGNATURE) is None:
        raise NotAuthorizedException(INVALID)
    name_id = assertion.find(f"{ASSERTION}Subject/{ASSERTION}NameID")
    if name_id is None or not (name_id.text or "").strip():
        raise NotAuthorizedException(INVALID)
    _check_conditions(env, assertion.find(f"{ASSERTION}Conditions"))
    subject = name_id.text.strip()
    claims: dict[str, Any] = {"sub": subject}
    for attribute in assertion.iter(f"{ASSERTION}Attribute"):
        value = attribute.find(f"{ASSERTION}AttributeValue")
        if attribute.get("Name") and value is not None and value.text:
            claims.setdefault(attribute.get("Name"), value.text.strip())
    return subject, claims


def _parse(token: str) -> ET.Element:
    try:
        document = base64.b64decode(token, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise NotAuthorizedException(INVALID) from None
    if "<!DOCTYPE" in document or "<!ENTITY" in document:   # no entity expansion, ever
        raise NotAuthorizedException(INVALID)
    try:
        root = ET.fromstring(document)
    except ET.ParseError:
        raise NotAuthorizedException(INVALID) from None
    if root.tag != f"{PROTOCOL}Response":
        raise NotAuthorizedException(INVALID)
    return root


def _check_conditions(env: Env, conditions: ET.Element | None) -> None:
    if conditions is None:
        return
    now = int(env.clock.now())
    not_before, not_on_or_after = (_instant(conditions.get(name)) for name in ("NotBefore", "NotOnOrAfter"))
    if not_before is not None and now < not_before:
        raise NotAuthorizedException(INVALID)
    if not_on_or_after is not None and now >= not_on_or_after:
        # guessed: the form AWS uses for an expired ID token
        raise NotAuthorizedException(f"Invalid login token. Token expired: {now} >= {not_on_or_after}")


def _instant(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise NotAuthorizedException(INVALID) from None
    return int((instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)).timestamp())
