"""Passkeys: StartWebAuthnRegistration / CompleteWebAuthnRegistration with a software authenticator
(a P-256 key made here, attestation objects built by hand), the credential list, and sign-in with
the WEB_AUTHN challenge of USER_AUTH."""
import base64
import hashlib
import json
import os
import struct

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from helpers import error_of

RP = "example.com"
ORIGIN = "https://example.com"
FLOWS = ["ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def cbor(value) -> bytes:
    """Just enough CBOR to build attestation objects and COSE keys."""
    def head(major, n):
        if n < 24:
            return bytes([major << 5 | n])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if n < 1 << (8 * size):
                return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        return head(3, len(value.encode())) + value.encode()
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(cbor(v) for v in value)
    return head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())


class Authenticator:
    """A software passkey: one EC P-256 credential, a sign counter."""

    def __init__(self, rp_id=RP, origin=ORIGIN):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.rp_id, self.origin, self.count = rp_id, origin, 0

    def cose_key(self) -> bytes:
        n = self.key.public_key().public_numbers()
        return cbor({1: 2, 3: -7, -1: 1, -2: n.x.to_bytes(32, "big"), -3: n.y.to_bytes(32, "big")})

    def create(self, options, *, fmt="none", origin=None, rp_id=None, challenge=None, flags=0x45):
        client_data = json.dumps({"type": "webauthn.create", "challenge": challenge or options["challenge"],
                                  "origin": origin or self.origin}).encode()
        auth_data = (hashlib.sha256((rp_id or self.rp_id).encode()).digest() + bytes([flags]) + struct.pack(">I", 0)
                     + bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id + self.cose_key())
        statement = {}
        if fmt == "packed":
            signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
            statement = {"alg": -7, "sig": signature}
        attestation = cbor({"fmt": fmt, "attStmt": statement, "authData": auth_data})
        return {"id": b64url(self.credential_id), "rawId": b64url(self.credential_id), "type": "public-key",
                "authenticatorAttachment": "platform", "clientExtensionResults": {},
                "response": {"clientDataJSON": b64url(client_data), "attestationObject": b64url(attestation),
                             "transports": ["internal"]}}

    def get(self, options, *, challenge=None, tamper=False, count=None, flags=0x05):
        self.count = self.count + 1 if count is None else count
        client_data = json.dumps({"type": "webauthn.get", "challenge": challenge or options["challenge"],
                                  "origin": self.origin}).encode()
        auth_data = hashlib.sha256(options["rpId"].encode()).digest() + bytes([flags]) + struct.pack(">I", self.count)
        signature = self.key.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        if tamper:
            signature = self.key.sign(b"something else", ec.ECDSA(hashes.SHA256()))
        return json.dumps({"id": b64url(self.credential_id), "rawId": b64url(self.credential_id),
                           "type": "public-key", "clientExtensionResults": {},
                           "response": {"clientDataJSON": b64url(client_data), "authenticatorData": b64url(auth_data),
                                        "signature": b64url(signature), "userHandle": ""}})


@pytest.fixture
def ids(cognito, cognito_idp, user_pool):
    cognito.clock.freeze()
    ids = user_pool(client={"ExplicitAuthFlows": FLOWS},
                    Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}})
    cognito_idp.set_user_pool_mfa_config(UserPoolId=ids.pool_id,
                                         WebAuthnConfiguration={"RelyingPartyId": RP, "UserVerification": "preferred"})
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    return ids


def access_token(idp, ids):
    result = idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_AUTH", AuthParameters={
        "USERNAME": "ana", "PREFERRED_CHALLENGE": "PASSWORD", "PASSWORD": "Passw0rd!"})
    return result["AuthenticationResult"]["AccessToken"]


def register(idp, ids, authenticator, **create):
    token = access_token(idp, ids)
    options = idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    idp.complete_web_authn_registration(AccessToken=token, Credential=authenticator.create(options, **create))
    return token


def passkey_challenge(idp, ids):
    step = idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_AUTH",
                             AuthParameters={"USERNAME": "ana", "PREFERRED_CHALLENGE": "WEB_AUTHN"})
    assert step["ChallengeName"] == "WEB_AUTHN"
    return step, json.loads(step["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])


def answer(idp, ids, step, credential):
    return idp.respond_to_auth_challenge(ClientId=ids.client_id, ChallengeName="WEB_AUTHN", Session=step["Session"],
                                         ChallengeResponses={"USERNAME": "ana", "CREDENTIAL": credential})


def test_creation_options(cognito_idp, ids):
    options = cognito_idp.start_web_authn_registration(
        AccessToken=access_token(cognito_idp, ids))["CredentialCreationOptions"]
    assert options["rp"] == {"id": RP, "name": RP}
    assert options["user"]["name"] == "ana" and options["user"]["displayName"] == "ana"
    assert [p["alg"] for p in options["pubKeyCredParams"]] == [-7, -257]
    assert options["excludeCredentials"] == [] and len(unb64url(options["challenge"])) == 32
    assert options["authenticatorSelection"]["userVerification"] == "preferred"


def test_register_list_sign_in_delete(cognito_idp, ids):
    authenticator = Authenticator()
    token = register(cognito_idp, ids, authenticator)
    listed = cognito_idp.list_web_authn_credentials(AccessToken=token)["Credentials"]
    assert [(c["CredentialId"], c["RelyingPartyId"], c["AuthenticatorAttachment"], c["AuthenticatorTransports"])
            for c in listed] == [(b64url(authenticator.credential_id), RP, "platform", ["internal"])]
    factors = cognito_idp.get_user_auth_factors(AccessToken=token)["ConfiguredUserAuthFactors"]
    assert factors == ["PASSWORD", "WEB_AUTHN"]

    step = cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "ana"})
    assert step["AvailableChallenges"] == ["PASSWORD", "PASSWORD_SRP", "WEB_AUTHN"]
    step, options = passkey_challenge(cognito_idp, ids)
    assert options["rpId"] == RP and options["userVerification"] == "preferred"
    assert options["allowCredentials"] == [{"type": "public-key", "id": b64url(authenticator.credential_id),
                                            "transports": ["internal"]}]
    result = answer(cognito_idp, ids, step, authenticator.get(options))
    assert "AccessToken" in result["AuthenticationResult"]

    cognito_idp.delete_web_authn_credential(AccessToken=token, CredentialId=b64url(authenticator.credential_id))
    assert cognito_idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []
    with pytest.raises(ClientError) as exc:
        cognito_idp.delete_web_authn_credential(AccessToken=token, CredentialId=b64url(authenticator.credential_id))
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_packed_self_attestation(cognito_idp, ids):
    token = register(cognito_idp, ids, Authenticator(), fmt="packed")
    assert len(cognito_idp.list_web_authn_credentials(AccessToken=token)["Credentials"]) == 1


def test_wrong_signature_or_challenge_is_refused(cognito_idp, ids):
    authenticator = Authenticator()
    register(cognito_idp, ids, authenticator)
    step, options = passkey_challenge(cognito_idp, ids)
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, authenticator.get(options, tamper=True))
    assert error_of(exc)[0] == "NotAuthorizedException"
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, authenticator.get(options, challenge=b64url(os.urandom(32))))
    assert error_of(exc)[0] == "NotAuthorizedException"
    with pytest.raises(ClientError) as exc:                          # another authenticator's key
        answer(cognito_idp, ids, step, Authenticator().get(options))
    assert error_of(exc)[0] == "NotAuthorizedException"
    assert "AccessToken" in answer(cognito_idp, ids, step, authenticator.get(options))["AuthenticationResult"]


def test_sign_count_must_grow(cognito_idp, ids):
    authenticator = Authenticator()
    register(cognito_idp, ids, authenticator)
    step, options = passkey_challenge(cognito_idp, ids)
    answer(cognito_idp, ids, step, authenticator.get(options, count=5))
    step, options = passkey_challenge(cognito_idp, ids)
    with pytest.raises(ClientError) as exc:
        answer(cognito_idp, ids, step, authenticator.get(options, count=5))
    assert error_of(exc)[0] == "NotAuthorizedException"


def test_user_verification_required(cognito_idp, ids):
    cognito_idp.set_user_pool_mfa_config(UserPoolId=ids.pool_id,
                                         WebAuthnConfiguration={"RelyingPartyId": RP, "UserVerification": "required"})
    authenticator = Authenticator()
    register(cognito_idp, ids, authenticator)
    step, options = passkey_challenge(cognito_idp, ids)
    with pytest.raises(ClientError) as exc:                          # user present, not verified
        answer(cognito_idp, ids, step, authenticator.get(options, flags=0x01))
    assert error_of(exc)[0] == "NotAuthorizedException"
    assert "AccessToken" in answer(cognito_idp, ids, step, authenticator.get(options))["AuthenticationResult"]


@pytest.mark.parametrize("create,code", [
    ({"challenge": b64url(b"x" * 32)}, "WebAuthnChallengeNotFoundException"),
    ({"origin": "https://evil.example.net"}, "WebAuthnOriginNotAllowedException"),
    ({"rp_id": "other.example"}, "WebAuthnRelyingPartyMismatchException"),
    ({"fmt": "tpm"}, "WebAuthnCredentialNotSupportedException"),
])
def test_registration_refused(cognito_idp, ids, create, code):
    token = access_token(cognito_idp, ids)
    options = cognito_idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    with pytest.raises(ClientError) as exc:
        cognito_idp.complete_web_authn_registration(AccessToken=token, Credential=Authenticator().create(options, **create))
    assert error_of(exc)[0] == code
    assert cognito_idp.list_web_authn_credentials(AccessToken=token)["Credentials"] == []


def test_registration_challenge_expires(cognito, cognito_idp, ids):
    token = access_token(cognito_idp, ids)
    options = cognito_idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    cognito.clock.advance(seconds=600)
    with pytest.raises(ClientError) as exc:
        cognito_idp.complete_web_authn_registration(AccessToken=token, Credential=Authenticator().create(options))
    assert error_of(exc)[0] == "WebAuthnChallengeNotFoundException"


def test_garbage_credential_is_a_400(cognito_idp, ids):
    token = access_token(cognito_idp, ids)
    cognito_idp.start_web_authn_registration(AccessToken=token)
    for junk in ({}, {"response": {"clientDataJSON": "!!", "attestationObject": 3}}, {"response": "x"}):
        with pytest.raises(ClientError) as exc:
            cognito_idp.complete_web_authn_registration(AccessToken=token, Credential=junk)
        assert error_of(exc)[0] == "InvalidParameterException"


def test_not_enabled_without_web_authn_factor(cognito_idp, user_pool):
    ids = user_pool(client={"ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]})
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    token = cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "ana", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]["AccessToken"]
    with pytest.raises(ClientError) as exc:
        cognito_idp.start_web_authn_registration(AccessToken=token)
    assert error_of(exc)[0] == "WebAuthnNotEnabledException"


def test_relying_party_from_the_domain_or_missing(cognito_idp, user_pool):
    ids = user_pool(client={"ExplicitAuthFlows": FLOWS},
                    Policies={"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}})
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    token = access_token(cognito_idp, ids)
    with pytest.raises(ClientError) as exc:
        cognito_idp.start_web_authn_registration(AccessToken=token)
    assert error_of(exc)[0] == "WebAuthnConfigurationMissingException"
    cognito_idp.create_user_pool_domain(UserPoolId=ids.pool_id, Domain="my-passkeys")
    options = cognito_idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    assert options["rp"]["id"] == "my-passkeys.auth.us-east-1.amazoncognito.com"
