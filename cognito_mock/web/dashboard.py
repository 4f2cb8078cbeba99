"""The dashboard's data and actions (``GET /`` from a browser, ``/_mock/ui``): what the page shows,
read under the store's lock; the few changes it offers, each one real API action run through
``dispatch`` so AWS's rules apply; and the token check (signature against the pool's keys, issuer,
expiry on the emulator's clock). The page itself is static (static/dashboard.*) and builds its
DOM with ``textContent`` only, so every value is escaped."""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import jwt

from .. import dispatch
from ..backend.idp.auth import keys
from ..backend.idp.auth.issuer import issuer as issuer_of
from ..backend.idp.pools import pools
from ..backend.store import Store
from ..errors import AwsError
from ..seeding.dump import Exporter
from ..wire.model import IDENTITY, IDP
from . import recent

STATIC = Path(__file__).with_name("static")
ASSETS = {"dashboard.js": "text/javascript; charset=utf-8", "dashboard.css": "text/css; charset=utf-8"}
# what the page may change: the action names are AWS's, the parameters the page's
ACTIONS = frozenset({"AdminConfirmSignUp", "AdminSetUserPassword", "AdminEnableUser", "AdminDisableUser",
                     "AdminDeleteUser"})
MAX_USERS = 200          # per pool, newest first
MAX_IDENTITIES = 60      # per identity pool
MAX_MESSAGES = 100


def page() -> bytes:
    return (STATIC / "dashboard.html").read_bytes()


def asset(name: str) -> tuple[bytes, str] | None:
    kind = ASSETS.get(name)
    return ((STATIC / name).read_bytes(), kind) if kind else None


# -- what the page shows ----------------------------------------------------------------------
def overview(store: Store) -> dict[str, Any]:
    """The caller (web/app.py) holds the store's lock. A read: what it walks is not noted as touched
    (persistence, point-in-time history)."""
    with store.reading():
        user_pools = [user_pool(store, pool_id, account, region)
                      for pool_id, (account, region) in sorted(store.index.user_pools.items())]
        identity_pools = [identity_pool(store, pool_id, account, region)
                          for pool_id, (account, region) in sorted(store.index.identity_pools.items())]
    messages = [asdict(m) for m in store.env.outbox.messages[-MAX_MESSAGES:]]
    now = store.env.clock.now()
    return {"now": now, "userPools": user_pools, "identityPools": identity_pools, "outbox": messages[::-1],
            "requests": recent.latest(store)}


def user_pool(store: Store, pool_id: str, account: str, region: str) -> dict[str, Any]:
    export = Exporter(store, account)
    on_pool = {"UserPoolId": pool_id}
    described = export.call(IDP, "DescribeUserPool", on_pool, region)["UserPool"]
    clients = export.listing("ListUserPoolClients", on_pool, region, "UserPoolClients")
    groups = export.listing("ListGroups", on_pool, region, "Groups", limit="Limit")
    pool = pools.locate(store, pool_id)
    people = sorted(pool.users.values(), key=lambda u: u.created, reverse=True)
    return {"id": pool_id, "name": described["Name"], "account": account, "region": region,
            "domain": described.get("Domain"), "customDomain": described.get("CustomDomain"),
            "mfa": described.get("MfaConfiguration"), "usernameAttributes": described.get("UsernameAttributes", []),
            "clients": [export.client(pool_id, c["ClientId"], region) for c in clients],
            "groups": [{k: g.get(k) for k in ("GroupName", "Precedence", "Description", "RoleArn")} for g in groups],
            "userCount": len(people), "users": [user(u) for u in people[:MAX_USERS]]}


def user(u) -> dict[str, Any]:
    mfa = u.mfa
    return {"username": u.username, "sub": u.sub, "status": u.status.value, "enabled": u.enabled,
            "attributes": dict(sorted(u.attributes.items())), "groups": sorted(u.groups),
            "mfa": {"enabled": list(mfa.enabled), "preferred": mfa.preferred} if mfa else {"enabled": [], "preferred": None},
            "devices": [{"key": d.key, "name": d.attributes.get("device_name") or d.name, "remembered": d.remembered,
                         "lastAuthenticated": d.last_authenticated.timestamp()} for d in u.devices.values()],
            "created": u.created.timestamp()}


def identity_pool(store: Store, pool_id: str, account: str, region: str) -> dict[str, Any]:
    export = Exporter(store, account)
    described = export.call(IDENTITY, "DescribeIdentityPool", {"IdentityPoolId": pool_id}, region)
    listed = export.call(IDENTITY, "ListIdentities", {"IdentityPoolId": pool_id, "MaxResults": MAX_IDENTITIES}, region)
    return {"id": pool_id, "name": described["IdentityPoolName"], "region": region,
            "allowUnauthenticated": described["AllowUnauthenticatedIdentities"],
            "providers": [p["ProviderName"] for p in described.get("CognitoIdentityProviders", [])],
            "identities": [{"id": i["IdentityId"], "logins": i.get("Logins", [])} for i in listed.get("Identities", [])]}


# -- what the page changes --------------------------------------------------------------------
def act(store: Store, body: Any) -> tuple[int, dict[str, Any]]:
    """``{"action": "AdminConfirmSignUp", "params": {...}}`` -> (status, the action's answer or AWS's error)."""
    if not isinstance(body, dict) or body.get("action") not in ACTIONS or not isinstance(body.get("params"), dict):
        return 400, {"__type": "InvalidAction", "message": f"The dashboard runs only {', '.join(sorted(ACTIONS))}."}
    try:      # the pool's account and region, found under the lock dispatch takes
        result = dispatch.call(store, IDP, body["action"], body["params"], account=None, region=None)
    except AwsError as err:
        return 400, {"__type": err.code, "message": err.message}
    return 200, result or {}


# -- the token decoder ------------------------------------------------------------------------
def check_token(store: Store, token: Any, public_url: str | None) -> dict[str, Any]:
    """Decode ``token`` and say whether this emulator issued it and it is still good."""
    token = token.strip() if isinstance(token, str) else ""
    parts = token.split(".")
    try:
        header, claims = (json.loads(_unbase64(p)) for p in parts[:2])
        if len(parts) != 3 or not isinstance(header, dict) or not isinstance(claims, dict):
            raise ValueError
    except (ValueError, binascii.Error):
        return {"valid": False, "reason": "This is not a JSON Web Token (three base64url parts)."}
    out = {"header": header, "payload": claims, "valid": False}
    iss = str(claims.get("iss", ""))
    pool_id = iss.rsplit("/", 1)[-1]
    pool = pools.locate(store, pool_id)          # the caller (web/app.py) holds the store's lock
    key_set = keys.jwks(pool) if pool else None
    now = store.env.clock.now()
    if pool is None:
        return {**out, "reason": f"No user pool {pool_id!r} (from iss) in this emulator."}
    if iss not in (issuer_of(pool_id, public_url), issuer_of(pool_id)):
        return {**out, "reason": f"iss {iss!r} is not this emulator's issuer for {pool_id}."}
    key = next((k for k in key_set["keys"] if k.get("kid") == header.get("kid")), None)
    if key is None:
        return {**out, "reason": f"kid {header.get('kid')!r} is not one of {pool_id}'s keys."}
    try:
        jwt.decode(token, jwt.PyJWK(key).key, algorithms=["RS256"],
                   options={"verify_exp": False, "verify_aud": False, "verify_iss": False, "verify_iat": False,
                            "verify_nbf": False})
    except jwt.InvalidTokenError as exc:
        return {**out, "reason": f"The signature does not verify with {pool_id}'s key: {exc}."}
    exp = claims.get("exp")
    if isinstance(exp, (int, float)) and exp <= now:
        return {**out, "reason": f"Signed by {pool_id}, but expired {int(now - exp)} s ago (emulator clock)."}
    return {**out, "valid": True, "reason": f"Signed by {pool_id}'s key; issuer and expiry are good.", "pool": pool_id}


def _unbase64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
