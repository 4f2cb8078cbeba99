"""Third-party identity providers as a test serves them with ``responses``: RSA keys and their JWKS
(Google, Apple, an OpenID Connect issuer with its discovery document), Facebook's Graph API, Login
with Amazon's tokeninfo, Twitter's verify_credentials, and SAML responses. Nothing here leaves
the process."""
from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
from datetime import datetime, timezone
from urllib.parse import parse_qs, unquote, urlsplit

import jwt
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cognito_mock.backend.identity.external import oauth1_signature   # checked against Twitter's own example

GOOGLE_CERTS = "https://www.googleapis.com/oauth2/v3/certs"
APPLE_KEYS = "https://appleid.apple.com/auth/keys"
GRAPH = "https://graph.facebook.com"
AMAZON_TOKENINFO = "https://api.amazon.com/auth/o2/tokeninfo"
TWITTER_VERIFY = "https://api.twitter.com/1.1/account/verify_credentials.json"
_KEYS: dict[str, rsa.RSAPrivateKey] = {}
_serial = itertools.count(1)


def rsa_key(name: str) -> rsa.RSAPrivateKey:
    """One RSA key per name for the whole run (generating them is slow)."""
    if name not in _KEYS:
        _KEYS[name] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return _KEYS[name]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def compact(header: dict, claims: dict, signature: bytes = b"") -> str:
    """A JWS put together by hand (alg=none, a forged signature...)."""
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}.{b64(signature)}"


def hs256(claims: dict, secret: bytes, kid: str = "key-1") -> str:
    signing_input = compact({"alg": "HS256", "typ": "JWT", "kid": kid}, claims).rsplit(".", 1)[0]
    return f"{signing_input}.{b64(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())}"


class JwtProvider:
    """An issuer of RS256 ID tokens whose key set a test serves (and, for OIDC, its discovery)."""

    def __init__(self, name: str, issuer: str, jwks_url: str, discovery: bool = False, kid: str = "key-1"):
        self.name, self.issuer, self.jwks_url, self.kid = name, issuer, jwks_url, kid
        self.discovery_url = issuer + "/.well-known/openid-configuration" if discovery else None
        self.key = rsa_key(name)

    def public_pem(self) -> bytes:
        return self.key.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo)

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def serve(self, rsps: responses.RequestsMock, headers: dict | None = None) -> None:
        rsps.get(self.jwks_url, json=self.jwks(), headers=headers or {})
        if self.discovery_url:
            rsps.get(self.discovery_url, json={"issuer": self.issuer, "jwks_uri": self.jwks_url})

    def claims(self, now: float, aud: str, **overrides) -> dict:
        claims = {"iss": self.issuer, "aud": aud, "sub": "user-1", "iat": int(now), "exp": int(now) + 3600}
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, now: float, aud: str, key: rsa.RSAPrivateKey | None = None, kid: str | None = None,
              **overrides) -> str:
        return jwt.encode(self.claims(now, aud, **overrides), key or self.key, algorithm="RS256",
                          headers={"kid": kid or self.kid})


class Facebook:
    """Graph API: ``/app`` and ``/me`` for the user access tokens issued here."""

    def __init__(self) -> None:
        self.tokens: dict[str, tuple[str, str, bool]] = {}   # token -> (app id, user id, expired)

    def issue(self, app_id: str, user_id: str, expired: bool = False) -> str:
        token = f"EAAB{next(_serial):04d}{user_id}"
        self.tokens[token] = (app_id, user_id, expired)
        return token

    def serve(self, rsps: responses.RequestsMock) -> None:
        rsps.add_callback(responses.GET, f"{GRAPH}/app", callback=lambda r: self._answer(r, 0))
        rsps.add_callback(responses.GET, f"{GRAPH}/me", callback=lambda r: self._answer(r, 1))

    def _answer(self, request, which: int):
        token = parse_qs(urlsplit(request.url).query).get("access_token", [""])[0]
        known = self.tokens.get(token)
        if known is None:
            error = {"message": "Invalid OAuth access token - Cannot parse access token", "type": "OAuthException",
                     "code": 190}
            return 400, {}, json.dumps({"error": error})
        if known[2]:
            error = {"message": "Error validating access token: Session has expired.", "type": "OAuthException",
                     "code": 190, "error_subcode": 463}
            return 400, {}, json.dumps({"error": error})
        return 200, {}, json.dumps({"id": known[which], "name": "app" if which == 0 else "Ana"})


class LoginWithAmazon:
    """``/auth/o2/tokeninfo`` for the access tokens issued here."""

    def __init__(self) -> None:
        self.tokens: dict[str, tuple[str, str]] = {}   # token -> (app id, user id)

    def issue(self, app_id: str, user_id: str) -> str:
        token = f"Atza|IwEB{next(_serial):04d}"
        self.tokens[token] = (app_id, user_id)
        return token

    def serve(self, rsps: responses.RequestsMock) -> None:
        rsps.add_callback(responses.GET, AMAZON_TOKENINFO, callback=self._answer)

    def _answer(self, request):
        token = parse_qs(urlsplit(request.url).query).get("access_token", [""])[0]
        if token not in self.tokens:
            error = {"error": "invalid_token", "error_description": "The request has an invalid parameter : access_token"}
            return 400, {}, json.dumps(error)
        app_id, user_id = self.tokens[token]
        return 200, {}, json.dumps({"iss": "https://www.amazon.com", "user_id": user_id, "app_id": app_id,
                                    "aud": "amzn1.application-oa2-client.c1", "exp": 3597, "iat": 1311280970})


class Twitter:
    """``account/verify_credentials`` for ``token;secret`` pairs issued here, checking the OAuth 1.0a
    signature the caller made with the app's consumer key and secret."""

    def __init__(self, consumer_key: str, consumer_secret: str) -> None:
        self.consumer_key, self.consumer_secret = consumer_key, consumer_secret
        self.tokens: dict[str, tuple[str, str]] = {}   # access token -> (token secret, user id)

    def issue(self, user_id: str) -> str:
        token, secret = f"{next(_serial)}-{user_id}", f"secret{next(_serial)}"
        self.tokens[token] = (secret, user_id)
        return f"{token};{secret}"

    def serve(self, rsps: responses.RequestsMock) -> None:
        rsps.add_callback(responses.GET, TWITTER_VERIFY, callback=self._answer)

    def _answer(self, request):
        header = request.headers.get("Authorization", "")
        oauth = {k: unquote(v.strip('"')) for k, _, v in
                 (part.partition("=") for part in header.removeprefix("OAuth ").split(", "))}
        signature = oauth.pop("oauth_signature", "")
        secret, user_id = self.tokens.get(oauth.get("oauth_token", ""), ("", ""))
        expected = oauth1_signature("GET", TWITTER_VERIFY, oauth, self.consumer_secret, secret)
        if not user_id or oauth.get("oauth_consumer_key") != self.consumer_key or signature != expected:
            return 401, {}, json.dumps({"errors": [{"code": 32, "message": "Could not authenticate you."}]})
        return 200, {}, json.dumps({"id_str": user_id, "screen_name": "ana"})


def saml_response(now: float, name_id: str = "ana@corp.example", signed: bool = True, success: bool = True,
                  lifetime: int = 300) -> str:
    """A base64 SAML 2.0 Response as an IdP posts it. Its ds:Signature is a placeholder: the
    emulator cannot check one (the key is in IAM's metadata of the SAML provider)."""
    def instant(at):
        return datetime.fromtimestamp(at, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    status = "Success" if success else "Requester"
    signature = ('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignatureValue>'
                 f'{b64(hashlib.sha256(name_id.encode()).digest())}</ds:SignatureValue></ds:Signature>') if signed else ""
    document = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
    xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r{next(_serial)}" Version="2.0" IssueInstant="{instant(now)}">
  <saml:Issuer>https://idp.corp.example</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:{status}"/></samlp:Status>
  <saml:Assertion ID="_a{next(_serial)}" Version="2.0" IssueInstant="{instant(now)}">
    <saml:Issuer>https://idp.corp.example</saml:Issuer>{signature}
    <saml:Subject><saml:NameID>{name_id}</saml:NameID></saml:Subject>
    <saml:Conditions NotBefore="{instant(now - 5)}" NotOnOrAfter="{instant(now + lifetime)}">
      <saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AttributeStatement><saml:Attribute Name="department"><saml:AttributeValue>finance</saml:AttributeValue>
    </saml:Attribute></saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>"""
    return base64.b64encode(document.encode()).decode()
