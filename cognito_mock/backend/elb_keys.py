"""The regional ES256 keys an Application Load Balancer signs ``x-amzn-oidc-data`` with.

One P-256 key per region, its kid a UUID, its public key served as a PEM (SubjectPublicKeyInfo) at
``https://public-keys.auth.elb.{region}.amazonaws.com/{kid}`` (ELB user guide, "User claims encoding
and signature verification"; aws-jwt-verify's AwsAlbJwksCache reads it as SPKI PEM and checks the
kid is a UUID). In-process the http hook answers that URL; a server serves it at
``/_mock/elb-public-keys/{region}/{kid}``.
"""
from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ..support.ids import Ids
from .store import Store


@dataclass(slots=True, frozen=True)
class ElbKey:
    kid: str
    region: str
    private_key: ec.EllipticCurvePrivateKey
    pem: bytes


def new_key(ids: Ids, region: str) -> ElbKey:
    private = ec.generate_private_key(ec.SECP256R1())
    pem = private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return ElbKey(ids.uuid(), region, private, pem)


def key_for(store: Store, region: str) -> ElbKey:
    """The region's key in this state, made on first use. The caller holds the store's lock."""
    key = store.index.elb_keys.get(region)
    if key is None:
        key = store.index.elb_keys[region] = new_key(store.env.ids, region)
    return key


def public_pem(store: Store, region: str, kid: str) -> bytes | None:
    """The PEM of the region's key ``kid``. The caller holds the store's lock."""
    key = store.index.elb_keys.get(region)
    return key.pem if key is not None and key.kid == kid else None
