"""Encrypted messages in the AWS Encryption SDK's message format, as Amazon Cognito writes the codes
it hands to custom sender triggers, so that a function decrypts them with the real SDK.

Cognito's ciphertexts (one quoted in awslabs/aws-sdk-rust#1250) are message format version 1 with
algorithm suite 0x0378, AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384 (signed, no key commitment:
why the developer guide's examples decrypt with CommitmentPolicy REQUIRE_ENCRYPT_ALLOW_DECRYPT), an
encryption context of ``aws-crypto-public-key`` (the signing key) and ``userpool-id``, one data key
from AWS KMS (provider ``aws-kms``, the key ARN as provider info), and framed content (frame length
4096, the code in a single final frame). The layout follows the "AWS Encryption SDK message format
reference" (header, body, footer) and its body AAD and HKDF rules for version 1.

Only writing is here (``encrypt``); the data key comes from the caller (``DataKey``: KMS
GenerateDataKey with this message's encryption context).
"""
from __future__ import annotations

import base64
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

ALGORITHM_ID = 0x0378          # AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384
VERSION, TYPE = 1, 0x80        # message format 1, "customer authenticated encrypted data"
FRAMED, FRAME_LENGTH, IV_LENGTH, TAG_LENGTH = 2, 4096, 12, 16
KEY_BYTES = 32                 # AES-256 data key
PUBLIC_KEY = "aws-crypto-public-key"
FRAME, FINAL_FRAME = b"AWSKMSEncryptionClient Frame", b"AWSKMSEncryptionClient Final Frame"
END_OF_FRAMES = 0xFFFFFFFF


@dataclass(slots=True, frozen=True)
class DataKey:
    """What a keyring returns: the plaintext data key and its encrypted copy."""

    plaintext: bytes             # 32 bytes
    provider_id: str             # "aws-kms"
    provider_info: str           # the KMS key ARN
    ciphertext: bytes            # KMS's CiphertextBlob


def encrypt(plaintext: bytes, context: dict[str, str], data_key: Callable[[dict[str, str]], DataKey]) -> bytes:
    """The encrypted message of ``plaintext``. ``data_key(full_context)`` is asked once, with the
    encryption context that includes the signing key (what KMS binds the data key to)."""
    signer = ec.generate_private_key(ec.SECP384R1())
    public = signer.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
    full = {**context, PUBLIC_KEY: base64.b64encode(public).decode()}
    key = data_key(dict(full))
    if len(key.plaintext) != KEY_BYTES:
        raise ValueError("the data key must be 32 bytes (AES_256)")
    message_id = os.urandom(16)
    derived = HKDF(hashes.SHA384(), KEY_BYTES, salt=None,
                   info=struct.pack(">H", ALGORITHM_ID) + message_id).derive(key.plaintext)
    header = _header(message_id, full, key)
    gcm = AESGCM(derived)
    header_iv = bytes(IV_LENGTH)
    header_auth = header_iv + gcm.encrypt(header_iv, b"", header)          # an empty text: only the tag
    body = _frames(gcm, message_id, plaintext)
    signed = header + header_auth + body
    signature = signer.sign(signed, ec.ECDSA(hashes.SHA384()))
    return signed + struct.pack(">H", len(signature)) + signature


def _short(data: bytes) -> bytes:
    return struct.pack(">H", len(data)) + data


def _header(message_id: bytes, context: dict[str, str], key: DataKey) -> bytes:
    pairs = sorted((k.encode(), v.encode()) for k, v in context.items())   # sorted by key bytes
    aad = struct.pack(">H", len(pairs)) + b"".join(_short(k) + _short(v) for k, v in pairs) if pairs else b""
    edk = _short(key.provider_id.encode()) + _short(key.provider_info.encode()) + _short(key.ciphertext)
    return (struct.pack(">BBH", VERSION, TYPE, ALGORITHM_ID) + message_id + _short(aad)
            + struct.pack(">H", 1) + edk
            + struct.pack(">B4sBI", FRAMED, bytes(4), IV_LENGTH, FRAME_LENGTH))


def _frames(gcm: AESGCM, message_id: bytes, plaintext: bytes) -> bytes:
    """Regular frames of FRAME_LENGTH bytes, then the final frame (possibly empty)."""
    out, sequence, offset = [], 1, 0
    while len(plaintext) - offset >= FRAME_LENGTH:
        chunk = plaintext[offset:offset + FRAME_LENGTH]
        iv, sealed = _seal(gcm, message_id, FRAME, sequence, chunk)
        out.append(struct.pack(">I", sequence) + iv + sealed)
        sequence, offset = sequence + 1, offset + FRAME_LENGTH
    chunk = plaintext[offset:]
    iv, sealed = _seal(gcm, message_id, FINAL_FRAME, sequence, chunk)
    out.append(struct.pack(">II", END_OF_FRAMES, sequence) + iv + struct.pack(">I", len(chunk)) + sealed)
    return b"".join(out)


def _seal(gcm: AESGCM, message_id: bytes, content: bytes, sequence: int, chunk: bytes) -> tuple[bytes, bytes]:
    """(IV, ciphertext + tag) of one frame: the IV is the sequence number, padded on the left."""
    iv = sequence.to_bytes(IV_LENGTH, "big")
    aad = message_id + content + struct.pack(">IQ", sequence, len(chunk))
    return iv, gcm.encrypt(iv, chunk, aad)
