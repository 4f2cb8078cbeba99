"""CustomEmailSender / CustomSMSSender: a pool with one of these triggers (LambdaConfig
``CustomEmailSender`` / ``CustomSMSSender`` {LambdaArn, LambdaVersion V1_0} and ``KMSKeyID``) sends no
email / SMS itself: it calls the function instead, and the function delivers (developer guide,
"Custom email sender Lambda trigger", "Custom SMS sender Lambda trigger"). So the outbox gets nothing;
the code stays live in the pool, and the user confirms with the one the function received.

The event is the common trigger envelope with ``request`` = {type: customEmailSenderRequestV1 /
customSMSSenderRequestV1, code, userAttributes, clientMetadata (when the call carried it)}; ``code``
(the verification code, or AdminCreateUser's temporary password) is encrypted with the AWS
Encryption SDK under KMSKeyID and base64-encoded (support/encryption_sdk.py: the message format and
suite Cognito uses), so a function decrypts it with the real SDK exactly as in production. The data
key comes from KMS GenerateDataKey (backend/kms.py), asked with the store's lock let go.
"""
from __future__ import annotations

import base64

from ....errors import UnexpectedLambdaException
from ... import kms, triggers
from ...store import Env
from ....support import encryption_sdk
from .. import trigger_events
from ..models import User, UserPool

EMAIL_SENDER, SMS_SENDER = "CustomEmailSender", "CustomSMSSender"
SENDER_OF = {"EMAIL": EMAIL_SENDER, "SMS": SMS_SENDER}
REQUEST_TYPE = {EMAIL_SENDER: "customEmailSenderRequestV1", SMS_SENDER: "customSMSSenderRequestV1"}
POOL_CONTEXT = "userpool-id"       # the encryption context Cognito adds (besides the SDK's signing key)


def configured(pool: UserPool, medium: str) -> bool:
    """Whether ``medium`` (EMAIL / SMS) goes through the pool's custom sender function."""
    return triggers.configured(pool, SENDER_OF[medium]) is not None


def send(env: Env, pool: UserPool, user: User, medium: str, source: str, secret: str, *,
         client_id: str | None = None, client_metadata: dict | None = None) -> None:
    """Run the sender of ``medium`` for the message CustomMessage would have composed as ``source``
    (CustomMessage_SignUp -> CustomEmailSender_SignUp ...), with ``secret`` encrypted."""
    trigger = SENDER_OF[medium]
    trigger_source = f"{trigger}_{source.removeprefix('CustomMessage_')}"
    request: dict = {"type": REQUEST_TYPE[trigger], "code": encrypt(env, pool, trigger, secret),
                     "userAttributes": trigger_events.user_attributes(user)}
    if client_metadata:
        request["clientMetadata"] = dict(client_metadata)
    triggers.invoke(env, pool, trigger, trigger_source, username=user.username, client_id=client_id,
                    request=request, response={}, output_ignored=True)


def encrypt(env: Env, pool: UserPool, trigger: str, secret: str) -> str:
    """``secret`` as Cognito hands it over: an Encryption SDK message under KMSKeyID, base64."""
    key_id = pool.triggers.kms_key_id
    if not key_id:      # guessed text: AWS requires KMSKeyID with a custom sender when the pool is saved
        raise UnexpectedLambdaException(f"{trigger} invocation failed due to error KMSKeyID is not configured.")
    region = pool.arn.split(":")[3]

    def data_key(context: dict[str, str]) -> encryption_sdk.DataKey:     # other clients go on meanwhile
        return triggers.unlocked(env, lambda: kms.generate_data_key(region, key_id, context))

    try:
        message = encryption_sdk.encrypt(secret.encode(), {POOL_CONTEXT: pool.id}, data_key)
    except kms.KmsFailure as failure:
        # guessed: AWS's answer when it cannot use the key, in the form of its other invocation failures
        raise UnexpectedLambdaException(f"{trigger} invocation failed due to error {failure.code}.") from None
    return base64.b64encode(message).decode()
