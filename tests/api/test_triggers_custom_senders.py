"""CustomEmailSender / CustomSMSSender: the pool sends nothing itself; the function gets the code
encrypted with the AWS Encryption SDK under LambdaConfig.KMSKeyID (a data key from moto's KMS here)
and decrypts it with the real aws-encryption-sdk, as the developer guide's example does."""
import base64

import boto3
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

aws_encryption_sdk = pytest.importorskip("aws_encryption_sdk")
moto = pytest.importorskip("moto")

EMAIL_ARN = "arn:aws:lambda:us-east-1:123456789012:function:email-sender"
SMS_ARN = "arn:aws:lambda:us-east-1:123456789012:function:sms-sender"
PASSWORD = "Passw0rd!"
PHONE = "+15550001234"
SNS = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sns", "ExternalId": "ext"}


@pytest.fixture
def kms(cognito):
    with moto.mock_aws():                     # moto's KMS answers; cognito-idp stays the emulator's
        yield boto3.client("kms", region_name="us-east-1")


@pytest.fixture
def key_arn(kms):
    return kms.create_key(Description="cognito custom senders")["KeyMetadata"]["Arn"]


class Sender:
    """A custom sender as in the developer guide: decrypts ``request.code`` with the Encryption SDK
    (commitment policy REQUIRE_ENCRYPT_ALLOW_DECRYPT, the key's KMS keyring) and 'sends' it."""

    def __init__(self, key_arn, policy="REQUIRE_ENCRYPT_ALLOW_DECRYPT"):
        self.client = aws_encryption_sdk.EncryptionSDKClient(
            commitment_policy=getattr(aws_encryption_sdk.CommitmentPolicy, policy))
        self.provider = aws_encryption_sdk.StrictAwsKmsMasterKeyProvider(key_ids=[key_arn])
        self.sent = []            # (triggerSource, plaintext code, event)

    def __call__(self, event, context):
        plaintext, header = self.client.decrypt(source=base64.b64decode(event["request"]["code"]),
                                                key_provider=self.provider)
        assert header.encryption_context["userpool-id"] == event["userPoolId"]
        self.sent.append((event["triggerSource"], plaintext.decode(), event))

    def last(self):
        return self.sent[-1]


@pytest.fixture
def sender(cognito, key_arn):
    made = Sender(key_arn)
    cognito.triggers.register(EMAIL_ARN, made)
    cognito.triggers.register(SMS_ARN, made)
    return made


def make_pool(user_pool, key_arn, **pool_args):
    config = {"CustomEmailSender": {"LambdaArn": EMAIL_ARN, "LambdaVersion": "V1_0"},
              "CustomSMSSender": {"LambdaArn": SMS_ARN, "LambdaVersion": "V1_0"}, "KMSKeyID": key_arn}
    return user_pool(LambdaConfig=config, **pool_args)


@pytest.fixture
def ids(user_pool, key_arn):
    return make_pool(user_pool, key_arn, AutoVerifiedAttributes=["email"])


def sign_up(idp, ids, username="ana", **extra):
    return idp.sign_up(ClientId=ids.client_id, Username=username, Password=PASSWORD,
                       UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}], **extra)


def test_the_function_gets_the_encrypted_code_and_the_user_confirms_with_it(cognito, idp, ids, sender):
    answer = sign_up(idp, ids, ClientMetadata={"app": "web"})
    assert answer["CodeDeliveryDetails"] == {"Destination": "a***@e***", "DeliveryMedium": "EMAIL",
                                             "AttributeName": "email"}
    source, code, event = sender.last()
    assert source == "CustomEmailSender_SignUp" and code.isdigit() and len(code) == 6
    assert event["version"] == "1" and event["userPoolId"] == ids.pool_id and event["userName"] == "ana"
    assert event["callerContext"]["clientId"] == ids.client_id
    assert event["request"]["type"] == "customEmailSenderRequestV1"
    assert event["request"]["clientMetadata"] == {"app": "web"}
    assert event["request"]["userAttributes"]["email"] == "ana@example.com"
    assert event["request"]["userAttributes"]["cognito:user_status"] == "UNCONFIRMED"
    assert code not in event["request"]["code"]
    assert len(cognito.outbox) == 0                        # Cognito sent nothing itself
    idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=code)
    assert idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana")["UserStatus"] == "CONFIRMED"


def test_the_ciphertext_is_what_cognito_writes(ids, idp, sender):
    """Message format 1 with suite 0x0378 (no key commitment): "AYADe..." like AWS's, which the SDK's
    default policy (REQUIRE_ENCRYPT_REQUIRE_DECRYPT) refuses, hence the guide's ALLOW_DECRYPT."""
    sign_up(idp, ids)
    blob = sender.last()[2]["request"]["code"]
    assert blob.startswith("AYADe")
    strict = aws_encryption_sdk.EncryptionSDKClient()
    with pytest.raises(aws_encryption_sdk.exceptions.ActionNotAllowedError):
        strict.decrypt(source=base64.b64decode(blob), key_provider=sender.provider)


def test_each_email_trigger_source(cognito, idp, ids, sender, key_arn):
    sign_up(idp, ids)
    idp.resend_confirmation_code(ClientId=ids.client_id, Username="ana")
    idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=sender.last()[1])
    idp.forgot_password(ClientId=ids.client_id, Username="ana")
    idp.confirm_forgot_password(ClientId=ids.client_id, Username="ana", ConfirmationCode=sender.last()[1],
                                Password="Passw0rd!2")
    idp.admin_update_user_attributes(UserPoolId=ids.pool_id, Username="ana",
                                     UserAttributes=[{"Name": "email", "Value": "ana2@example.com"}])
    assert sender.last()[2]["request"]["userAttributes"]["email"] == "ana2@example.com"
    token = idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "ana", "PASSWORD": "Passw0rd!2"})["AuthenticationResult"]["AccessToken"]
    idp.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    idp.verify_user_attribute(AccessToken=token, AttributeName="email", Code=sender.last()[1])
    assert [s for s, _, _ in sender.sent] == [
        "CustomEmailSender_SignUp", "CustomEmailSender_ResendCode", "CustomEmailSender_ForgotPassword",
        "CustomEmailSender_UpdateUserAttribute", "CustomEmailSender_VerifyUserAttribute"]
    attributes = {a["Name"]: a["Value"] for a in idp.get_user(AccessToken=token)["UserAttributes"]}
    assert attributes["email_verified"] == "true"
    assert len(cognito.outbox) == 0


def test_admin_create_user_hands_over_the_temporary_password(cognito, idp, ids, sender):
    idp.admin_create_user(UserPoolId=ids.pool_id, Username="bo", DesiredDeliveryMediums=["EMAIL"],
                          UserAttributes=[{"Name": "email", "Value": "bo@example.com"}])
    source, password, event = sender.last()
    assert source == "CustomEmailSender_AdminCreateUser" and event["callerContext"]["clientId"] == \
        "CLIENT_ID_NOT_APPLICABLE"
    step = idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "bo", "PASSWORD": password})
    assert step["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert len(cognito.outbox) == 0


def test_sms_sender_for_sign_up_and_sms_mfa(cognito, idp, user_pool, key_arn, sender):
    ids = make_pool(user_pool, key_arn, AutoVerifiedAttributes=["phone_number"])
    idp.sign_up(ClientId=ids.client_id, Username="ana", Password=PASSWORD,
                UserAttributes=[{"Name": "phone_number", "Value": PHONE}])
    source, code, event = sender.last()
    assert (source, event["request"]["type"]) == ("CustomSMSSender_SignUp", "customSMSSenderRequestV1")
    idp.confirm_sign_up(ClientId=ids.client_id, Username="ana", ConfirmationCode=code)
    idp.set_user_pool_mfa_config(UserPoolId=ids.pool_id, MfaConfiguration="ON", SmsMfaConfiguration={
        "SmsAuthenticationMessage": "Your code is {####}", "SmsConfiguration": SNS})
    step = idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD})
    assert step["ChallengeName"] == "SMS_MFA"
    source, code, _ = sender.last()
    assert source == "CustomSMSSender_Authentication"
    done = idp.respond_to_auth_challenge(ClientId=ids.client_id, ChallengeName="SMS_MFA", Session=step["Session"],
                                         ChallengeResponses={"USERNAME": "ana", "SMS_MFA_CODE": code})
    assert "AuthenticationResult" in done
    assert len(cognito.outbox) == 0


def test_custom_message_is_not_run_for_a_medium_with_a_sender(cognito, idp, user_pool, key_arn, sender):
    ids = user_pool(AutoVerifiedAttributes=["email"], LambdaConfig={
        "CustomMessage": "arn:aws:lambda:us-east-1:123456789012:function:messages",
        "CustomEmailSender": {"LambdaArn": EMAIL_ARN, "LambdaVersion": "V1_0"}, "KMSKeyID": key_arn})
    cognito.triggers.register("messages", lambda event, context: pytest.fail("CustomMessage ran"))
    sign_up(idp, ids)
    assert [c.trigger for c in cognito.triggers.calls] == ["CustomEmailSender"]


def test_a_function_that_cannot_decrypt_fails_the_call(cognito, idp, ids, kms):
    other = kms.create_key()["KeyMetadata"]["Arn"]
    cognito.triggers.register(EMAIL_ARN, Sender(other))       # the wrong key: KMS refuses the data key
    with pytest.raises(ClientError) as raised:
        sign_up(idp, ids)
    code, message = error_of(raised)
    assert code == "UserLambdaValidationException" and message.startswith("CustomEmailSender failed with error ")


def test_a_key_kms_does_not_know_fails_before_the_function_runs(cognito, idp, user_pool, sender):
    ids = make_pool(user_pool, "arn:aws:kms:us-east-1:123456789012:key/00000000-0000-0000-0000-000000000000",
                    AutoVerifiedAttributes=["email"])
    with pytest.raises(ClientError) as raised:
        sign_up(idp, ids)
    assert error_of(raised) == ("UnexpectedLambdaException",
                                "CustomEmailSender invocation failed due to error NotFoundException.")
    assert sender.sent == []
