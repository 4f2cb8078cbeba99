"""The AWS KMS a custom sender trigger's data key comes from: whatever KMS boto3 reaches from here.

In-process under moto's ``mock_aws`` that is moto's KMS (keys made with ``boto3.client("kms")``);
a server (or a test) can point it anywhere with botocore's own ``AWS_ENDPOINT_URL_KMS`` (LocalStack,
``moto_server``, local-kms); otherwise it is AWS itself, with the caller's credentials. The emulator
keeps no KMS of its own: the function decrypts through the same KMS, and only a KMS that holds the key
can answer both sides. A key KMS refuses (unknown, disabled, no access, no KMS reachable) is
``KmsFailure`` with the error code KMS answered.
"""
from __future__ import annotations

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from ..support.encryption_sdk import KEY_BYTES, DataKey


class KmsFailure(Exception):
    """KMS gave no data key; ``code`` is its error code (NotFoundException...) or the client's."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def generate_data_key(region: str, key_id: str, context: dict[str, str]) -> DataKey:
    """KMS GenerateDataKey (AES_256) under ``key_id``, bound to the encryption ``context``."""
    try:
        answer = boto3.session.Session().client("kms", region_name=region).generate_data_key(
            KeyId=key_id, NumberOfBytes=KEY_BYTES, EncryptionContext=context)
    except ClientError as error:
        raise KmsFailure(error.response.get("Error", {}).get("Code") or "KMSException", str(error)) from None
    except BotoCoreError as error:
        raise KmsFailure(type(error).__name__, str(error)) from None
    return DataKey(answer["Plaintext"], "aws-kms", answer["KeyId"], answer["CiphertextBlob"])
