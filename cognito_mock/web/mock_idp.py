"""The emulated identity providers' HTTP side (backend/idp/federation/emulated.py holds their state).

Under ``/_mock/idp/{ProviderName}/`` (in-process and on the server):
  ``authorize`` (GET: the account page; POST: sign in), ``token``, ``userinfo``, ``jwks.json``,
  ``.well-known/openid-configuration``, ``accounts`` (GET: the list; POST a JSON object of claims),
  ``apps`` (POST ``client_id`` and ``client_secret``: the app registered ahead; client_auth.py),
  ``me`` and ``app`` (Facebook's Graph API), ``profile`` and ``tokeninfo`` (Login with Amazon),
  ``saml/metadata`` and ``saml/sso`` (an emulated SAML provider, web/mock_saml.py).
In-process, the social providers' real hosts and paths (``REAL``) reach the same endpoints.

The account page is a plain form: inputs named after OIDC claims (``sub``, ``email``,
``email_verified``, ``name``; any other non-protocol input is taken as one more claim), the OAuth
parameters as hidden inputs. Posting it signs in: a known ``sub`` with nothing else typed picks
that account; typed claims add or update one; no ``sub`` makes one. ``cancel`` answers
``error=access_denied``.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urlencode

from werkzeug.wrappers import Request, Response

from ..backend.idp.federation import client_auth, emulated
from ..backend.idp.federation.emulated import EmulatedIdp, ProviderError
from ..backend.store import Store

PROTOCOL = frozenset({"client_id", "redirect_uri", "state", "nonce", "scope", "response_type", "response_mode",
                      "cancel", "SAMLRequest", "RelayState", "_csrf", "account", "prompt", "access_type"})
CLAIM_INPUTS = ("sub", "email", "email_verified", "name")
_V = r"(?:/v\d+\.\d+)?"
# real host -> [(path pattern, endpoint)] (in-process only; patching/http_hook.py)
REAL: dict[str, list[tuple[re.Pattern, str]]] = {host: [(re.compile(p + r"/?$"), e) for p, e in routes] for host, routes in {
    "accounts.google.com": [(r"/o/oauth2/v2/auth", "authorize"), (r"/o/oauth2/auth", "authorize"),
                            (r"/\.well-known/openid-configuration", "discovery")],
    "www.googleapis.com": [(r"/oauth2/v4/token", "token"), (r"/oauth2/v3/certs", "jwks"),
                           (r"/oauth2/v3/userinfo", "userinfo")],
    "oauth2.googleapis.com": [(r"/token", "token")],
    "openidconnect.googleapis.com": [(r"/v1/userinfo", "userinfo")],
    "people.googleapis.com": [(r"/v1/people/me", "userinfo")],
    "www.facebook.com": [(_V + r"/dialog/oauth", "authorize")],
    "graph.facebook.com": [(_V + r"/oauth/access_token", "token"), (_V + r"/me", "me"), (_V + r"/app", "app")],
    "appleid.apple.com": [(r"/auth/authorize", "authorize"), (r"/auth/token", "token"), (r"/auth/keys", "jwks"),
                          (r"/\.well-known/openid-configuration", "discovery")],
    "www.amazon.com": [(r"/ap/oa", "authorize")],
    "api.amazon.com": [(r"/auth/o2/token", "token"), (r"/user/profile", "profile"), (r"/auth/o2/tokeninfo", "tokeninfo")],
}.items()}
PATHS = {"authorize": "authorize", "token": "token", "userinfo": "userinfo", "jwks.json": "jwks",
         ".well-known/jwks.json": "jwks", ".well-known/openid-configuration": "discovery", "accounts": "accounts",
         "me": "me", "app": "app", "profile": "profile", "tokeninfo": "tokeninfo",
         "saml/metadata": "saml_metadata", "saml/sso": "saml_sso", "saml/slo": "saml_slo",
         "apps": "apps"}


def real_endpoint(host: str, path: str) -> tuple[str, str] | None:
    """(provider name, endpoint) of a real provider URL, if the emulated provider serves it."""
    for pattern, endpoint in REAL.get(host, ()):
        if pattern.match(path):
            return emulated.HOSTS[host], endpoint
    return None


def respond(store: Store, request: Request, name: str, endpoint: str | None, base: str) -> Response:
    """One endpoint of emulated provider ``name`` (the caller holds the store's lock). ``base``:
    its ``/_mock/idp/{name}`` URL on this host."""
    if endpoint not in ENDPOINTS:
        return _json({"error": "not_found", "error_description": f"{request.path} is not an endpoint of {name}."}, 404)
    return answer(store, request, name, ENDPOINTS[endpoint], base)


def answer(store: Store, request: Request, name: str, view, base: str) -> Response:
    idp = emulated.provider(store.env, name)
    try:
        return view(store, request, idp, base)
    except ProviderError as error:
        return _json({"error": error.error, "error_description": error.description}, error.status)


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json",
                    headers={"Cache-Control": "no-store"})

# --- the authorization endpoint and its account page -----------------------------------------------


def authorize(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    values = request.values
    redirect_uri, client_id = values.get("redirect_uri"), values.get("client_id")
    if not redirect_uri or not client_id:
        raise ProviderError("invalid_request", "client_id and redirect_uri are required.")   # guessed
    if request.method == "GET":
        return account_page(idp, {k: v for k, v in values.items() if k in PROTOCOL}, request.path)
    answer: dict[str, str] = {}
    if values.get("cancel"):
        answer["error"], answer["error_description"] = "access_denied", "The user cancelled the sign-in."
    else:
        account = account_of(store, idp, values)
        scopes = (values.get("scope") or "").replace(",", " ").split()
        answer["code"] = emulated.issue_code(store.env, idp, account["sub"], client_id, redirect_uri,
                                             values.get("nonce") or None, scopes)
    if values.get("state"):
        answer["state"] = values["state"]
    if values.get("response_mode") == "form_post":
        return auto_post(redirect_uri, answer)
    return Response(status=302, headers={"Location": f"{redirect_uri}{'&' if '?' in redirect_uri else '?'}"
                                                     f"{urlencode(answer)}"})


def account_of(store: Store, idp: EmulatedIdp, values) -> dict[str, Any]:
    typed = {k: v for k, v in values.items() if k not in PROTOCOL and v != ""}
    sub = typed.get("sub")
    if sub and set(typed) == {"sub"} and sub in idp.accounts:
        return idp.accounts[sub]
    if "email_verified" not in typed and "email" in typed and "email_verified" in values:
        typed["email_verified"] = values["email_verified"]
    return emulated.add_account(store.env, idp, typed)


def account_page(idp: EmulatedIdp, protocol: dict[str, str], action: str, *, title: str | None = None) -> Response:
    esc = html.escape
    hidden = "".join(f'<input type="hidden" name="{esc(k)}" value="{esc(v)}">' for k, v in protocol.items())
    known = "".join(
        f'<form method="post" action="{esc(action)}" class="account">{hidden}'
        f'<input type="hidden" name="sub" value="{esc(sub)}"><button type="submit" data-sub="{esc(sub)}">'
        f'{esc(str(a.get("email") or a.get("name") or sub))}</button></form>' for sub, a in idp.accounts.items())
    fields = "".join(f'<label>{c} <input name="{c}" id="{c}"></label>' for c in ("sub", "email", "name"))
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{esc(title or idp.name)} (cognito-mock)</title>'
            f'</head><body><h1>Sign in with {esc(title or idp.name)}</h1>'
            f'<p>An identity provider emulated by cognito-mock: pick an account or type one.</p>{known}'
            f'<form method="post" action="{esc(action)}" id="new-account">{hidden}{fields}'
            f'<label><input type="checkbox" name="email_verified" value="true" checked> email_verified</label>'
            f'<button type="submit" id="sign-in">Sign in</button>'
            f'<button type="submit" name="cancel" value="1" id="cancel" formnovalidate>Cancel</button>'
            f'</form></body></html>')
    return Response(page, content_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})


def auto_post(url: str, values: dict[str, str]) -> Response:
    """An HTML form that posts itself (OAuth form_post, the SAML POST binding)."""
    esc = html.escape
    inputs = "".join(f'<input type="hidden" name="{esc(k)}" value="{esc(v)}">' for k, v in values.items())
    page = (f'<!DOCTYPE html><html><body onload="document.forms[0].submit()"><form method="post" '
            f'action="{esc(url)}">{inputs}<noscript><button type="submit">Continue</button></noscript></form>'
            f'</body></html>')
    return Response(page, content_type="text/html; charset=utf-8", headers={"Cache-Control": "no-store"})

# --- token, userinfo, keys, discovery, accounts ----------------------------------------------------


def token(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    values = request.values
    basic = request.authorization
    client_id = values.get("client_id") or (basic.username if basic else None)
    if values.get("grant_type", "authorization_code") != "authorization_code":
        raise ProviderError("unsupported_grant_type")
    client_auth.authenticate(store.env, idp, client_id, values.get("client_secret") or (basic.password if basic else None))
    return _json(emulated.redeem_code(store.env, idp, values.get("code", ""), client_id, values.get("redirect_uri")))


def _bearer(request: Request) -> str | None:
    scheme, _, value = (request.headers.get("Authorization") or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else request.values.get("access_token")


def userinfo(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    return _json(emulated.user_info(store.env, idp, _bearer(request)))


def me(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    info = emulated.user_info(store.env, idp, _bearer(request))
    fields = [f for f in (request.args.get("fields") or "").split(",") if f]
    return _json({k: v for k, v in info.items() if not fields or k in fields or k == "id"})


def app_info(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    return _json({"id": emulated.token_info(store.env, idp, _bearer(request))["app_id"]})


def tokeninfo(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    info = emulated.token_info(store.env, idp, _bearer(request))
    return _json({"iss": "https://www.amazon.com", "user_id": info["user_id"], "aud": info["aud"],
                  "app_id": info["app_id"], "exp": info["exp"], "iat": 0})


def apps(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    """Register an app ahead, as a developer does in the provider's console (client_auth.py)."""
    if request.method == "POST":
        return _json(client_auth.add_app(idp, request.get_json(silent=True)), 201)
    return _json({"apps": sorted(idp.apps)})


def jwks(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    return _json(emulated.jwks(idp))


def discovery(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    return _json({"issuer": idp.issuer, "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
                  "userinfo_endpoint": f"{base}/userinfo", "jwks_uri": f"{base}/jwks.json",
                  "response_types_supported": ["code"], "subject_types_supported": ["public"],
                  "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "email", "profile"],
                  "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"]})


def accounts(store: Store, request: Request, idp: EmulatedIdp, base: str) -> Response:
    if request.method == "POST":
        body = request.get_json(silent=True)
        return _json(emulated.add_account(store.env, idp, body), 201)
    return _json({"accounts": list(idp.accounts.values())})


ENDPOINTS = {"authorize": authorize, "token": token, "userinfo": userinfo, "me": me, "app": app_info,
             "profile": userinfo, "tokeninfo": tokeninfo, "jwks": jwks, "discovery": discovery, "accounts": accounts,
             "apps": apps}
