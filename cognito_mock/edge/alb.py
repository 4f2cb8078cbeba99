"""ALB's ``authenticate-cognito`` action (ELB user guide, listener-authenticate-users).

- No valid session cookie: ``OnUnauthenticatedRequest`` ``authenticate`` (the default) redirects to
  the pool's ``/oauth2/authorize`` with ``redirect_uri=https://{host}/oauth2/idpresponse``, the
  ``Scope`` (default ``openid``) and ``AuthenticationRequestExtraParams``; ``deny`` answers 401;
  ``allow`` forwards the request without claims.
- ``/oauth2/idpresponse``: the code is exchanged at the token endpoint (the client's secret, as ALB
  reads it with DescribeUserPoolClient), the ID token verified, the claims read from userInfo; the
  session cookie ``AWSELBAuthSessionCookie-0..n`` (sharded past 4K, as ALB does) is set and the
  browser sent back to the URL it first asked for.
- With a session: the request goes on with ``x-amzn-oidc-accesstoken``, ``x-amzn-oidc-identity``
  (``sub``) and ``x-amzn-oidc-data`` (ES256 JWT; header ``alg``, ``kid``, ``signer`` = the load
  balancer ARN, ``iss``, ``client``, ``exp``; payload the userInfo claims), signed with the regional
  key (backend/elb_keys.py). An expired access token is refreshed with the refresh token; a failed
  refresh (a signed-out user) or the ``SessionTimeout`` (default 7 days) ends the session. Headers of
  those names that a client sends are dropped. An app signs out by expiring the cookies.
The session cookie is sealed (AES-GCM) with a key of this authenticator: a tampered cookie is no session.
"""
from __future__ import annotations

import base64
import json
import os
from urllib.parse import parse_qsl, urlencode

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .events import EdgeRequest
from .gateway import Forward, Respond
from .verify import TokenError, Verifier

OIDC_HEADERS = frozenset({"x-amzn-oidc-accesstoken", "x-amzn-oidc-identity", "x-amzn-oidc-data"})
IDP_RESPONSE = "/oauth2/idpresponse"
SHARD = 4000            # guessed: ALB shards "a cookie that is greater than 4K"; the exact cut is not documented
DENIED = (b"<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n"
          b"<center><h1>401 Authorization Required</h1></center>\r\n</body>\r\n</html>\r\n")   # guessed page
ACCOUNT = "123456789012"


class AlbAuthenticator:
    """``AuthenticateCognitoConfig``: ``user_pool_id`` (or its ARN), ``client_id``, ``domain`` (the
    pool domain's prefix or full name), and the optional fields with ALB's defaults. ``scheme`` of
    the redirect URI is ALB's ``https``; a plain-HTTP local proxy passes ``http``."""

    def __init__(self, cognito, user_pool_id: str, client_id: str, domain: str | None = None, *,
                 client_secret: str | None = None, on_unauthenticated: str = "authenticate", scope: str = "openid",
                 session_timeout: int = 604800, cookie_name: str = "AWSELBAuthSessionCookie",
                 extra_params: dict[str, str] | None = None, load_balancer_arn: str | None = None,
                 scheme: str = "https") -> None:
        if on_unauthenticated not in ("authenticate", "deny", "allow"):
            raise ValueError("on_unauthenticated is one of authenticate, deny, allow")
        self.pool_id = user_pool_id.rsplit("/", 1)[-1]
        self.region = self.pool_id.split("_", 1)[0]
        self.cognito, self.client_id, self.scope, self.scheme = cognito, client_id, scope, scheme
        self.client_secret = client_secret
        self.on_unauthenticated, self.session_timeout = on_unauthenticated, session_timeout
        self.cookie_name, self.extra_params = cookie_name, dict(extra_params or {})
        self.arn = load_balancer_arn or f"arn:aws:elasticloadbalancing:{self.region}:{ACCOUNT}:loadbalancer/app/local-alb/50dc6c495c0c9188"
        self.issuer = cognito.issuer(self.pool_id)
        self.base = cognito.hosted_base(domain, self.region)
        self.verifier = Verifier(cognito, [self.issuer])
        self._seal = AESGCM(AESGCM.generate_key(bit_length=256))

    @property
    def key(self):
        return self.cognito.elb_key(self.region)

    # -- the request -----------------------------------------------------------------------------
    def admit(self, request: EdgeRequest) -> Respond | Forward:
        if request.path == IDP_RESPONSE:
            return self._idp_response(request)
        session, set_cookies = self._session(request)
        if session is None:
            if self.on_unauthenticated == "allow":
                return Forward(drop=OIDC_HEADERS)
            if self.on_unauthenticated == "deny":
                return Respond(401, [("Content-Type", "text/html")], DENIED)
            return self._to_authorize(request)
        return Forward(self._claims_headers(session), drop=OIDC_HEADERS, set_cookies=set_cookies)

    def _to_authorize(self, request: EdgeRequest) -> Respond:
        target = request.path + (f"?{request.query}" if request.query else "")
        params = {"client_id": self.client_id, "redirect_uri": self._redirect_uri(request), "response_type": "code",
                  "scope": self.scope, "state": self._sealed({"u": target, "n": os.urandom(8).hex()}),
                  **self.extra_params}
        return Respond(302, [("Location", f"{self.base}/oauth2/authorize?{urlencode(params)}"),
                             ("Cache-Control", "no-cache")], b"")

    def _redirect_uri(self, request: EdgeRequest) -> str:
        return f"{self.scheme}://{request.host}{IDP_RESPONSE}"

    def _idp_response(self, request: EdgeRequest) -> Respond:
        query = dict(parse_qsl(request.query))
        state = self._opened(query.get("state", ""))
        tokens = self._token({"grant_type": "authorization_code", "code": query.get("code", ""),
                              "redirect_uri": self._redirect_uri(request)}) if state else None
        session = self._new_session(tokens, None) if tokens else None
        if session is None:
            return Respond(401, [("Content-Type", "text/html")], DENIED)      # guessed: a failed exchange
        return Respond(302, [("Location", state["u"]), *(("Set-Cookie", c) for c in self._cookies(request, session))],
                       b"")

    # -- the session -----------------------------------------------------------------------------
    def _session(self, request: EdgeRequest) -> tuple[dict | None, list[str]]:
        jar = dict(part.strip().split("=", 1) for value in [request.header("cookie") or ""]
                   for part in value.split(";") if "=" in part)
        shards, n = [], 0
        while f"{self.cookie_name}-{n}" in jar:
            shards.append(jar[f"{self.cookie_name}-{n}"])
            n += 1
        session = self._opened("".join(shards)) if shards else None
        now = self.cognito.now()
        if session is None or now >= session["end"]:
            return None, []
        if now < session["aexp"]:
            return session, []
        refreshed = self._token({"grant_type": "refresh_token", "refresh_token": session.get("rt") or ""})
        session = self._new_session(refreshed, session) if refreshed else None
        return (session, self._cookies(request, session)) if session else (None, [])

    def _new_session(self, tokens: dict, previous: dict | None) -> dict | None:
        try:
            id_claims = self.verifier.verify(tokens["id_token"])
            access = self.verifier.verify(tokens["access_token"])
        except (KeyError, TokenError):
            return None
        if id_claims.get("aud") != self.client_id:
            return None
        status, _, body = self.cognito.http("GET", f"{self.base}/oauth2/userInfo",
                                            {"Authorization": f"Bearer {tokens['access_token']}"})
        if status != 200:
            return None
        end = previous["end"] if previous else self.cognito.now() + self.session_timeout
        return {"at": tokens["access_token"], "rt": tokens.get("refresh_token") or (previous or {}).get("rt"),
                "claims": json.loads(body), "aexp": access["exp"], "end": end}

    def _cookies(self, request: EdgeRequest, session: dict) -> list[str]:
        value = self._sealed(session)
        shards = [value[i:i + SHARD] for i in range(0, len(value), SHARD)]
        max_age = max(int(session["end"] - self.cognito.now()), 0)
        secure = "; Secure" if self.scheme == "https" else ""     # a plain-HTTP local proxy's browser drops Secure
        return [f"{self.cookie_name}-{i}={shard}; Path=/; Max-Age={max_age}; HttpOnly{secure}"
                for i, shard in enumerate(shards)]

    def _token(self, form: dict[str, str]) -> dict | None:
        secret = self.client_secret or self.cognito.client_secret(self.pool_id, self.client_id) or ""
        basic = base64.b64encode(f"{self.client_id}:{secret}".encode()).decode()
        status, _, body = self.cognito.http("POST", f"{self.base}/oauth2/token", {
            "Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
            urlencode(form).encode())
        return json.loads(body) if status == 200 else None

    # -- the claims --------------------------------------------------------------------------------
    def _claims_headers(self, session: dict) -> list[tuple[str, str]]:
        claims = session["claims"]
        return [("x-amzn-oidc-accesstoken", session["at"]), ("x-amzn-oidc-identity", str(claims.get("sub", ""))),
                ("x-amzn-oidc-data", self.sign({**claims, "exp": session["aexp"], "iss": self.issuer},
                                               session["aexp"]))]

    def sign(self, claims: dict, exp: int) -> str:
        """An ``x-amzn-oidc-data`` JWT: base64url segments WITH padding, as ALB sends them."""
        key = self.key
        header = {"typ": "JWT", "kid": key.kid, "alg": "ES256", "iss": self.issuer, "client": self.client_id,
                  "signer": self.arn, "exp": int(exp)}
        signing_input = f"{_b64(header)}.{_b64(claims)}"
        r, s = decode_dss_signature(key.private_key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
        return f"{signing_input}.{base64.urlsafe_b64encode(r.to_bytes(32, 'big') + s.to_bytes(32, 'big')).decode()}"

    def _sealed(self, data: dict) -> str:
        nonce = os.urandom(12)
        return base64.urlsafe_b64encode(nonce + self._seal.encrypt(nonce, json.dumps(data).encode(), None)).decode()

    def _opened(self, value: str) -> dict | None:
        try:
            raw = base64.urlsafe_b64decode(value.encode())
            return json.loads(self._seal.decrypt(raw[:12], raw[12:], None))
        except Exception:       # any tampering, truncation or garbage is no session
            return None


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode()
