"""The per-pool SAML signing certificate, and the per-provider encryption certificate of a SAML
provider with ``EncryptedResponses`` ("Amazon Cognito assigns a public-private RSA key pair and a
certificate to each external SAML provider"): real self-signed X.509 certificates, made once."""
from __future__ import annotations

from datetime import timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from ...store import Env
from ..models import UserPool
from .models import IdentityProvider, SigningCertificate

VALIDITY_DAYS = 3650


def signing_certificate(env: Env, pool: UserPool) -> SigningCertificate:
    """The pool's certificate, generated the first time anyone asks for it."""
    if pool.federation.saml_certificate is None:
        pool.federation.saml_certificate = _new_certificate(env, pool.id)
    return pool.federation.saml_certificate


def encryption_certificate(env: Env, pool: UserPool, provider: IdentityProvider) -> SigningCertificate:
    """The provider's encryption certificate (ActiveEncryptionCertificate), generated the first time."""
    if provider.encryption is None:
        provider.encryption = _new_certificate(env, f"{pool.id} {provider.name}")
    return provider.encryption


def certificate_body(cert: SigningCertificate) -> str:
    """The base64 DER body of the certificate (the PEM without its armour lines)."""
    return "".join(cert.pem.strip().splitlines()[1:-1])


def _new_certificate(env: Env, common_name: str) -> SigningCertificate:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Washington"),
        x509.NameAttribute(NameOID.LOCALITY_NAME, "Seattle"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Amazon Web Services"),
        x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Cognito"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    now = env.clock.now_dt()
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(int.from_bytes(env.ids.token_bytes(16), "big") >> 1)
            .not_valid_before(now - timedelta(minutes=1)).not_valid_after(now + timedelta(days=VALIDITY_DAYS))
            .sign(key, hashes.SHA256()))
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    return SigningCertificate(pem=pem, private_key=key)
