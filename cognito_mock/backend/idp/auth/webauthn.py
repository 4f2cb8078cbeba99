"""Passkeys (WebAuthn Level 2): registration (StartWebAuthnRegistration / CompleteWebAuthnRegistration),
the credential list, and the assertion a WEB_AUTHN sign-in challenge is answered with.

The relying party is the pool's WebAuthnConfiguration.RelyingPartyId, else its hosted domain.
Registration accepts "none" and "packed" attestation; keys are COSE EC2 P-256 (ES256) or RSA
(RS256). Every check runs before anything is stored, so a refused credential changes nothing.
"""
from __future__ import annotations

import binascii
import hashlib
import json
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from ....errors import (InvalidParameterException, LimitExceededException, NotAuthorizedException,
                       ResourceNotFoundException, WebAuthnChallengeNotFoundException,
                       WebAuthnClientMismatchException, WebAuthnConfigurationMissingException,
                       WebAuthnCredentialNotSupportedException, WebAuthnNotEnabledException,
                       WebAuthnOriginNotAllowedException, WebAuthnRelyingPartyMismatchException)
from ....support.compare import same
from ...store import Env
from ..models import Passkey, PasskeyRegistration, User, UserPool
from ..oauth.domains import hostname
from . import cbor
from .keys import b64url, b64url_decode

ES256, RS256 = -7, -257
TIMEOUT_MS = 180_000                     # guessed: the options' timeout
REGISTRATION_SECONDS = TIMEOUT_MS // 1000   # guessed: how long a registration challenge lives
MAX_PASSKEYS = 20                        # AWS quota: passkeys per user
UP, UV, AT = 0x01, 0x04, 0x40            # authenticator data flags

# The exception texts below are guessed from the model's descriptions of each code.
NOT_ENABLED = "WebAuthn is not enabled for the user pool."
NO_RELYING_PARTY = "The user pool has no relying party id configured and no domain."
CHALLENGE_NOT_FOUND = "The WebAuthn registration challenge was not found or has expired."
CLIENT_MISMATCH = "The access token was issued to a different client than the one that started registration."
ORIGIN_NOT_ALLOWED = "The credential's origin is not allowed for the user pool relying party."
RP_MISMATCH = "The credential is associated with a different relying party than the user pool."
NOT_SUPPORTED = "The credential is not supported."
MALFORMED = "Invalid credential."
TOO_MANY = "The user has reached the maximum number of registered passkeys."
ALREADY_REGISTERED = "The credential is already registered."
NO_CREDENTIAL = "Credential not found."
SIGN_IN_REFUSED = "Invalid passkey credential."

# --- the relying party ----------------------------------------------------------------------------


def check_enabled(pool: UserPool) -> None:
    if "WEB_AUTHN" not in pool.first_auth_factors:
        raise WebAuthnNotEnabledException(NOT_ENABLED)


def relying_party(pool: UserPool) -> str:
    """The RP ID: configured, else the custom domain, else the prefix domain's host."""
    if pool.mfa.webauthn_relying_party_id:
        return pool.mfa.webauthn_relying_party_id
    region = pool.id.split("_", 1)[0]
    for name in (pool.custom_domain, pool.domain):
        if name and name in pool.oauth.domains:
            return hostname(pool.oauth.domains[name], region)
    if pool.custom_domain:
        return pool.custom_domain
    if pool.domain:
        return f"{pool.domain}.auth.{region}.amazoncognito.com"
    raise WebAuthnConfigurationMissingException(NO_RELYING_PARTY)


def origin_allowed(origin: str, rp_id: str) -> bool:
    """An https origin on the RP ID or a subdomain of it (http only for localhost)."""
    try:
        parts = urlsplit(origin)
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme != "https" and not (parts.scheme == "http" and host == "localhost"):
        return False
    return host == rp_id or host.endswith("." + rp_id)


def user_verification(pool: UserPool) -> str:
    return pool.mfa.webauthn_user_verification or "preferred"


# --- registration -----------------------------------------------------------------------------------

def start_registration(env: Env, pool: UserPool, client_id: str, user: User) -> dict[str, Any]:
    """CredentialCreationOptions for the browser; the challenge waits on the user."""
    check_enabled(pool)
    rp_id = relying_party(pool)
    if len(user.passkeys) >= MAX_PASSKEYS:
        raise LimitExceededException(TOO_MANY)
    challenge = b64url(env.ids.token_bytes(32))
    user.passkey_registration = PasskeyRegistration(challenge, client_id, env.clock.now() + REGISTRATION_SECONDS)
    return {
        "challenge": challenge,
        "rp": {"id": rp_id, "name": rp_id},
        "user": {"id": b64url(user.sub.encode()), "name": user.username, "displayName": user.username},
        "pubKeyCredParams": [{"type": "public-key", "alg": ES256}, {"type": "public-key", "alg": RS256}],
        "timeout": TIMEOUT_MS,
        "excludeCredentials": [_descriptor(p) for p in user.passkeys],
        "authenticatorSelection": {"requireResidentKey": True, "residentKey": "required",
                                   "userVerification": user_verification(pool)},
    }


def complete_registration(env: Env, pool: UserPool, client_id: str, user: User, credential: Any) -> Passkey:
    """Verify the browser's RegistrationResponseJSON against the open challenge, then keep the key."""
    check_enabled(pool)
    rp_id = relying_party(pool)
    pending = user.passkey_registration
    if pending is None or env.clock.now() >= pending.expires_at:
        raise WebAuthnChallengeNotFoundException(CHALLENGE_NOT_FOUND)
    if pending.client_id != client_id:
        raise WebAuthnClientMismatchException(CLIENT_MISMATCH)
    response = _member(credential, "response", dict)
    client_data_raw = _b64(_member(response, "clientDataJSON", str))
    _check_client_data(client_data_raw, "webauthn.create", pending.challenge, rp_id,
                       WebAuthnChallengeNotFoundException(CHALLENGE_NOT_FOUND))
    attestation = _cbor(_b64(_member(response, "attestationObject", str)))
    if not isinstance(attestation, dict) or not isinstance(attestation.get("authData"), bytes):
        raise InvalidParameterException(MALFORMED)
    auth_data = attestation["authData"]
    flags, sign_count = _check_auth_data(auth_data, rp_id, user_verification(pool) == "required")
    if not flags & AT:
        raise InvalidParameterException(MALFORMED)
    credential_id, cose_bytes, key = _attested_credential(auth_data)
    _check_attestation(attestation, auth_data, hashlib.sha256(client_data_raw).digest(), key)
    given_id = credential.get("rawId") or credential.get("id")
    if isinstance(given_id, str) and _b64(given_id) != credential_id:
        raise InvalidParameterException(MALFORMED)
    encoded_id = b64url(credential_id)
    if any(p.credential_id == encoded_id for p in user.passkeys):
        raise InvalidParameterException(ALREADY_REGISTERED)
    if len(user.passkeys) >= MAX_PASSKEYS:
        raise LimitExceededException(TOO_MANY)
    transports = response.get("transports")
    passkey = Passkey(encoded_id, cose_bytes, rp_id, env.clock.now_dt(), sign_count,
                      credential.get("authenticatorAttachment") if isinstance(
                          credential.get("authenticatorAttachment"), str) else None,
                      [t for t in transports if isinstance(t, str)] if isinstance(transports, list) else [])
    user.passkeys.append(passkey)
    user.passkey_registration = None
    return passkey


def listed(user: User) -> list[Passkey]:
    return sorted(user.passkeys, key=lambda p: p.credential_id)


def delete(user: User, credential_id: str) -> None:
    for i, passkey in enumerate(user.passkeys):
        if passkey.credential_id == credential_id:
            del user.passkeys[i]
            return
    raise ResourceNotFoundException(NO_CREDENTIAL)


# --- sign-in ------------------------------------------------------------------------------------------

def request_options(env: Env, pool: UserPool, user: User) -> tuple[str, dict[str, Any]]:
    """The WEB_AUTHN challenge's CREDENTIAL_REQUEST_OPTIONS (and its challenge, kept in the session)."""
    challenge = b64url(env.ids.token_bytes(32))
    return challenge, {"challenge": challenge, "timeout": TIMEOUT_MS, "rpId": relying_party(pool),
                       "allowCredentials": [_descriptor(p) for p in user.passkeys],
                       "userVerification": user_verification(pool)}


def verify_assertion(pool: UserPool, user: User, challenge: str, credential_json: str, *,
                     require_uv: bool) -> None:
    """CREDENTIAL (AuthenticationResponseJSON) proves the user holds one of their passkeys; the sign
    count moves on. Any flaw is NotAuthorizedException and nothing changes."""
    try:
        credential = json.loads(credential_json)
        response = _member(credential, "response", dict)
        credential_id = b64url(_b64(_member(credential, "id", str)))
        client_data_raw = _b64(_member(response, "clientDataJSON", str))
        auth_data = _b64(_member(response, "authenticatorData", str))
        signature = _b64(_member(response, "signature", str))
    except (ValueError, InvalidParameterException):
        raise NotAuthorizedException(SIGN_IN_REFUSED) from None
    passkey = next((p for p in user.passkeys if p.credential_id == credential_id), None)
    if passkey is None:
        raise NotAuthorizedException(SIGN_IN_REFUSED)
    rp_id = passkey.relying_party_id
    try:
        _check_client_data(client_data_raw, "webauthn.get", challenge, rp_id, NotAuthorizedException(SIGN_IN_REFUSED))
        _flags, count = _check_auth_data(auth_data, rp_id, require_uv or user_verification(pool) == "required")
        key = _public_key(cbor.decode(passkey.public_key))
    except (InvalidParameterException, WebAuthnOriginNotAllowedException, WebAuthnRelyingPartyMismatchException,
            WebAuthnCredentialNotSupportedException, cbor.CborError):
        raise NotAuthorizedException(SIGN_IN_REFUSED) from None
    if not _signature_ok(key, signature, auth_data + hashlib.sha256(client_data_raw).digest()):
        raise NotAuthorizedException(SIGN_IN_REFUSED)
    if (count or passkey.sign_count) and count <= passkey.sign_count:
        raise NotAuthorizedException(SIGN_IN_REFUSED)          # a cloned authenticator
    passkey.sign_count = count


# --- parsing and checks ------------------------------------------------------------------------------

def _descriptor(passkey: Passkey) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "public-key", "id": passkey.credential_id}
    if passkey.transports:
        out["transports"] = list(passkey.transports)
    return out


def _member(container: Any, name: str, kind: type) -> Any:
    value = container.get(name) if isinstance(container, dict) else None
    if not isinstance(value, kind):
        raise InvalidParameterException(MALFORMED)
    return value


def _b64(text: str) -> bytes:
    try:
        return b64url_decode(text.replace("+", "-").replace("/", "_").rstrip("="))
    except (binascii.Error, ValueError):
        raise InvalidParameterException(MALFORMED) from None


def _cbor(data: bytes) -> Any:
    try:
        return cbor.decode(data)
    except cbor.CborError:
        raise InvalidParameterException(MALFORMED) from None


def _check_client_data(raw: bytes, kind: str, challenge: str, rp_id: str, wrong_challenge: Exception) -> None:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidParameterException(MALFORMED) from None
    if not isinstance(data, dict) or data.get("type") != kind:
        raise InvalidParameterException(MALFORMED)
    given = data.get("challenge")
    if not isinstance(given, str) or not same(given.rstrip("="), challenge):
        raise wrong_challenge
    if not isinstance(data.get("origin"), str) or not origin_allowed(data["origin"], rp_id):
        raise WebAuthnOriginNotAllowedException(ORIGIN_NOT_ALLOWED)


def _check_auth_data(auth_data: bytes, rp_id: str, require_uv: bool) -> tuple[int, int]:
    """rpIdHash, user presence (and verification when required); returns flags and sign count."""
    if len(auth_data) < 37:
        raise InvalidParameterException(MALFORMED)
    if not same(auth_data[:32], hashlib.sha256(rp_id.encode()).digest()):
        raise WebAuthnRelyingPartyMismatchException(RP_MISMATCH)
    flags = auth_data[32]
    if not flags & UP or (require_uv and not flags & UV):
        raise InvalidParameterException(MALFORMED)
    return flags, int.from_bytes(auth_data[33:37], "big")


def _attested_credential(auth_data: bytes) -> tuple[bytes, bytes, Any]:
    """The credential id, the COSE key's bytes and the public key, after the 16-byte AAGUID."""
    pos = 37 + 16
    if len(auth_data) < pos + 2:
        raise InvalidParameterException(MALFORMED)
    length = int.from_bytes(auth_data[pos:pos + 2], "big")
    credential_id = auth_data[pos + 2:pos + 2 + length]
    if len(credential_id) != length or not length:
        raise InvalidParameterException(MALFORMED)
    start = pos + 2 + length
    try:
        cose, end = cbor.decode_prefix(auth_data, start)
    except cbor.CborError:
        raise InvalidParameterException(MALFORMED) from None
    return credential_id, auth_data[start:end], _public_key(cose)


def _public_key(cose: Any) -> Any:
    """A COSE_Key (RFC 9053): EC2 P-256 for ES256, RSA for RS256."""
    if not isinstance(cose, dict):
        raise WebAuthnCredentialNotSupportedException(NOT_SUPPORTED)
    kty, alg = cose.get(1), cose.get(3)
    try:
        if kty == 2 and alg == ES256 and cose.get(-1) == 1:
            x, y = cose.get(-2), cose.get(-3)
            if isinstance(x, bytes) and isinstance(y, bytes) and len(x) == len(y) == 32:
                return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b"\x04" + x + y)
        if kty == 3 and alg == RS256:
            n, e = cose.get(-1), cose.get(-2)
            if isinstance(n, bytes) and isinstance(e, bytes):
                return rsa.RSAPublicNumbers(int.from_bytes(e, "big"), int.from_bytes(n, "big")).public_key()
    except ValueError:
        pass
    raise WebAuthnCredentialNotSupportedException(NOT_SUPPORTED)


def _signature_ok(key: Any, signature: bytes, message: bytes) -> bool:
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        else:
            key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def _check_attestation(attestation: dict, auth_data: bytes, client_hash: bytes, key: Any) -> None:
    """"none" (empty statement) or "packed": self attestation with the credential key, or a
    certificate's key (the chain is not judged: no attestation trust store, as AWS asks "none")."""
    fmt, statement = attestation.get("fmt"), attestation.get("attStmt")
    if fmt == "none" and statement in ({}, None):
        return
    if fmt != "packed" or not isinstance(statement, dict) or not isinstance(statement.get("sig"), bytes):
        raise WebAuthnCredentialNotSupportedException(NOT_SUPPORTED)
    signer = key
    chain = statement.get("x5c")
    if chain:
        try:
            signer = x509.load_der_x509_certificate(chain[0]).public_key()
        except (ValueError, TypeError, IndexError):
            raise WebAuthnCredentialNotSupportedException(NOT_SUPPORTED) from None
    elif statement.get("alg") not in (ES256, RS256):
        raise WebAuthnCredentialNotSupportedException(NOT_SUPPORTED)
    if not _signature_ok(signer, statement["sig"], auth_data + client_hash):
        raise WebAuthnCredentialNotSupportedException(NOT_SUPPORTED)
