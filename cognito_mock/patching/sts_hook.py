"""STS for what this emulator issued, so the basic (classic) identity-pool flow works end to end.

- ``AssumeRoleWithWebIdentity`` with a web identity token cognito-identity minted here (issuer
  ``https://cognito-identity.amazonaws.com``, audience one of our identity pools);
- ``GetCallerIdentity`` signed with temporary credentials issued here.
Every other STS call, and those two for tokens or credentials we did not issue, return None from
the handler so the request goes on untouched (to moto, or to real STS).
"""
from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

import botocore.handlers
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from ..backend.identity import credentials, openid
from ..backend.store import Store
from .raw_body import RawBody

_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
_KEY_ID = re.compile(r"Credential=([A-Z0-9]+)/")
_ROLE_ARN = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}):role/(?:.*/)?([\w+=,.@-]+)$")
_store_getter: Callable[[], Store | None] | None = None




def register(store_getter: Callable[[], Store | None]) -> None:
    """Answer STS from the store ``store_getter()`` returns (None: pass everything through), for
    every client created from now on."""
    global _store_getter
    _store_getter = store_getter
    spec = ("before-send.sts", before_send_sts, botocore.handlers.REGISTER_FIRST)
    if spec not in botocore.handlers.BUILTIN_HANDLERS:
        botocore.handlers.BUILTIN_HANDLERS.append(spec)


def before_send_sts(request: AWSPreparedRequest, event_name: str = "", **_kwargs) -> AWSResponse | None:
    store = _store_getter() if _store_getter else None
    return answer(store, request) if store is not None else None


def answer(store: Store, request: AWSPreparedRequest) -> AWSResponse | None:
    params = _params(request)
    operation = params.get("Action")
    with store.lock:
        if operation == "AssumeRoleWithWebIdentity":
            return _assume_role_with_web_identity(store, request, params)
        if operation == "GetCallerIdentity":
            return _get_caller_identity(store, request)
    return None


def _assume_role_with_web_identity(store: Store, request: AWSPreparedRequest, params: dict[str, str]):
    token = params.get("WebIdentityToken", "")
    try:
        unverified = openid.unverified_claims(token)
    except openid.InvalidToken:
        return None
    pool_id = str(unverified.get("aud", ""))
    if unverified.get("iss") != openid.ISSUER or pool_id not in store.index.identity_pools:
        return None                                    # not ours: let moto or STS answer
    try:
        claims = openid.verify(store.env, store.index, token)
    except openid.InvalidToken as exc:
        if str(exc) == "expired":
            return _error(request, "ExpiredTokenException", "Token expired: current date/time must be before the expiration date/time.")
        return _error(request, "InvalidIdentityToken", "Couldn't verify the signed token.")
    role_arn, session = params.get("RoleArn", ""), params.get("RoleSessionName", "")
    role = _ROLE_ARN.match(role_arn)
    if role is None:
        return _error(request, "ValidationError", f"{role_arn} is invalid")
    account, region = store.index.identity_pools[pool_id]
    issued = credentials.issue(store.env, store, role_arn=role_arn, identity_id=str(claims["sub"]),
                               identity_pool_id=pool_id, account=account, region=region,
                               lifetime=int(params.get("DurationSeconds") or credentials.LIFETIME),
                               session_name=session, extra={"amr": claims.get("amr", []), "via": "sts"})
    expiration = datetime.fromtimestamp(issued.expiration, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = (
        f"<Credentials><AccessKeyId>{issued.access_key_id}</AccessKeyId>"
        f"<SecretAccessKey>{escape(issued.secret_key)}</SecretAccessKey>"
        f"<SessionToken>{escape(issued.session_token)}</SessionToken><Expiration>{expiration}</Expiration></Credentials>"
        f"<SubjectFromWebIdentityToken>{escape(str(claims['sub']))}</SubjectFromWebIdentityToken>"
        f"<AssumedRoleUser><AssumedRoleId>{_role_id(role_arn)}:{escape(session)}</AssumedRoleId>"
        f"<Arn>{escape(credentials.assumed_role_arn(issued))}</Arn></AssumedRoleUser>"
        f"<Provider>cognito-identity.amazonaws.com</Provider><Audience>{escape(pool_id)}</Audience>")
    return _ok(request, "AssumeRoleWithWebIdentity", result)


def _get_caller_identity(store: Store, request: AWSPreparedRequest):
    found = _KEY_ID.search(_header(request, "Authorization"))
    issued = credentials.find(store, found.group(1)) if found else None
    if issued is None:
        return None                                    # not credentials we issued
    token = _header(request, "X-Amz-Security-Token")
    if token != issued.session_token:
        return _error(request, "InvalidClientTokenId", "The security token included in the request is invalid.", 403)
    if store.env.clock.now() >= issued.expiration:
        return _error(request, "ExpiredToken", "The security token included in the request is expired", 403)
    result = (f"<Arn>{escape(credentials.assumed_role_arn(issued))}</Arn>"
              f"<UserId>{_role_id(issued.role_arn)}:{escape(issued.session_name)}</UserId>"
              f"<Account>{credentials.assumed_role_arn(issued).split(':')[4]}</Account>")
    return _ok(request, "GetCallerIdentity", result)


# -- pieces ----------------------------------------------------------------------------------
def _params(request: AWSPreparedRequest) -> dict[str, str]:
    body = request.body
    if hasattr(body, "read"):
        position = body.tell() if hasattr(body, "tell") else None
        data = body.read()
        if position is not None:
            body.seek(position)
        body = data
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    query = (request.url or "").partition("?")[2]
    parsed = parse_qs(f"{query}&{body or ''}", keep_blank_values=True)
    return {k: v[-1] for k, v in parsed.items()}


def _header(request: AWSPreparedRequest, name: str) -> str:
    value = request.headers.get(name) or ""
    return value.decode() if isinstance(value, bytes) else value


def _role_id(role_arn: str) -> str:
    """A stable role id (``AROA`` + 17 characters) derived from the role's ARN."""
    digest = hashlib.sha256(role_arn.encode()).digest()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "AROA" + "".join(alphabet[b % 32] for b in digest[:17])


def _ok(request: AWSPreparedRequest, operation: str, result: str) -> AWSResponse:
    body = (f'<{operation}Response xmlns="{_NS}"><{operation}Result>{result}</{operation}Result>'
            f"<ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata></{operation}Response>")
    return _response(request, 200, body)


def _error(request: AWSPreparedRequest, code: str, message: str, status: int = 400) -> AWSResponse:
    body = (f'<ErrorResponse xmlns="{_NS}"><Error><Type>Sender</Type><Code>{code}</Code>'
            f"<Message>{escape(message)}</Message></Error><RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>")
    return _response(request, status, body)


def _response(request: AWSPreparedRequest, status: int, body: str) -> AWSResponse:
    data = body.encode()
    headers = {"Content-Type": "text/xml", "Content-Length": str(len(data)), "x-amzn-RequestId": str(uuid.uuid4())}
    return AWSResponse(request.url, status, headers, RawBody(data))
