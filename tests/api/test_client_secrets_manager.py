"""App client secrets kept in AWS Secrets Manager: PublishSecretsInAWSSecretsManager / ClientSecretArn."""
import base64
import hashlib
import hmac
import json
import re

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from helpers import error_of, requires

pytestmark = requires("CreateUserPoolClientRequest.PublishSecretsInAWSSecretsManager")

FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
ARN = r"^arn:aws:secretsmanager:us-east-1:123456789012:secret:cognito-idp/{pool}/{client}-[A-Za-z0-9]{{6}}$"


@pytest.fixture
def secretsmanager(cognito):
    return boto3.client("secretsmanager", region_name="us-east-1")


def secret_hash(secret, username, client_id):
    return base64.b64encode(hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()).decode()


def published(idp, pool_id):
    return idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web", GenerateSecret=True,
                                       PublishSecretsInAWSSecretsManager=True,
                                       ExplicitAuthFlows=FLOWS)["UserPoolClient"]


def stored_value(secretsmanager, arn):
    return json.loads(secretsmanager.get_secret_value(SecretId=arn)["SecretString"])


def sign_in(idp, client_id, secret):
    return idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "ana", "PASSWORD": "Passw0rd!", "SECRET_HASH": secret_hash(secret, "ana", client_id)})


def test_a_published_client_answers_an_arn_instead_of_the_secret(idp, pool_id, secretsmanager):
    client = published(idp, pool_id)
    assert "ClientSecret" not in client
    assert re.match(ARN.format(pool=pool_id, client=client["ClientId"]), client["ClientSecretArn"])
    described = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])["UserPoolClient"]
    assert described["ClientSecretArn"] == client["ClientSecretArn"] and "ClientSecret" not in described


def test_the_secret_read_from_secrets_manager_signs_in(idp, pool_id, confirmed_user, secretsmanager):
    client = published(idp, pool_id)
    value = stored_value(secretsmanager, client["ClientSecretArn"])
    assert value["userPoolId"] == pool_id and value["userPoolClientId"] == client["ClientId"]
    assert "AuthenticationResult" in sign_in(idp, client["ClientId"], value["clientSecretValue"])
    with pytest.raises(ClientError) as raised:
        sign_in(idp, client["ClientId"], "not-the-secret")
    assert error_of(raised) == ("NotAuthorizedException", f"Unable to verify secret hash for client {client['ClientId']}")


def test_publishing_rotates_right_away_and_every_seven_days(idp, pool_id, confirmed_user, secretsmanager, cognito):
    cognito.clock.freeze()
    created = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web", GenerateSecret=True,
                                          ExplicitAuthFlows=FLOWS)["UserPoolClient"]
    client_id, original = created["ClientId"], created["ClientSecret"]
    arn = idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client_id, ExplicitAuthFlows=FLOWS,
                                      PublishSecretsInAWSSecretsManager=True)["UserPoolClient"]["ClientSecretArn"]
    first = stored_value(secretsmanager, arn)["clientSecretValue"]
    assert first != original                                   # the first rotation happens at once
    assert len(idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client_id)["ClientSecrets"]) == 2
    cognito.clock.advance(days=7)
    second = stored_value(secretsmanager, arn)["clientSecretValue"]
    assert second not in (first, original)
    sign_in(idp, client_id, first)                             # the previous secret still works ...
    with pytest.raises(ClientError):
        sign_in(idp, client_id, original)                      # ... the one before it was deleted
    assert len(idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client_id)["ClientSecrets"]) == 2


def test_unpublishing_deletes_the_secret_and_answers_the_plaintext_again(idp, pool_id, confirmed_user):
    client = published(idp, pool_id)
    with mock_aws():                    # moto's Secrets Manager answers what is not ours (any more)
        secretsmanager = boto3.client("secretsmanager", region_name="us-east-1")
        value = stored_value(secretsmanager, client["ClientSecretArn"])["clientSecretValue"]
        back = idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"], ExplicitAuthFlows=FLOWS,
                                           PublishSecretsInAWSSecretsManager=False)["UserPoolClient"]
        with pytest.raises(ClientError) as raised:
            secretsmanager.get_secret_value(SecretId=client["ClientSecretArn"])
        assert error_of(raised)[0] == "ResourceNotFoundException"
    assert "ClientSecretArn" not in back and back["ClientSecret"]
    sign_in(idp, client["ClientId"], back["ClientSecret"])
    sign_in(idp, client["ClientId"], value)          # the secret itself lives on in Cognito
    # omitted: how the secret is managed does not change
    again = idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"],
                                        ExplicitAuthFlows=FLOWS)["UserPoolClient"]
    assert "ClientSecretArn" not in again


def test_publishing_needs_a_generated_secret(idp, pool_id):
    plain = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="public")["UserPoolClient"]
    before = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=plain["ClientId"])["UserPoolClient"]
    with pytest.raises(ClientError) as raised:
        idp.update_user_pool_client(UserPoolId=pool_id, ClientId=plain["ClientId"], ClientName="renamed",
                                    PublishSecretsInAWSSecretsManager=True)
    assert error_of(raised)[0] == "InvalidParameterException"
    assert idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=plain["ClientId"])["UserPoolClient"] == before
    # on create it applies only with GenerateSecret: a public client stays public
    public = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="p2",
                                         PublishSecretsInAWSSecretsManager=True)["UserPoolClient"]
    assert "ClientSecretArn" not in public and "ClientSecret" not in public


def test_a_deleted_client_takes_its_secret_with_it(idp, pool_id):
    client = published(idp, pool_id)
    idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])
    with mock_aws():
        secretsmanager = boto3.client("secretsmanager", region_name="us-east-1")
        with pytest.raises(ClientError) as raised:
            secretsmanager.get_secret_value(SecretId=client["ClientSecretArn"])
    assert error_of(raised)[0] == "ResourceNotFoundException"


def test_other_secrets_pass_through(cognito):
    with mock_aws():
        secretsmanager = boto3.client("secretsmanager", region_name="us-east-1")
        secretsmanager.create_secret(Name="app/db", SecretString="hunter2")
        assert secretsmanager.get_secret_value(SecretId="app/db")["SecretString"] == "hunter2"


def test_client_type_filter(idp, pool_id, client_id):
    regular = idp.list_user_pool_clients(UserPoolId=pool_id, ClientType="REGULAR")["UserPoolClients"]
    assert [c["ClientId"] for c in regular] == [client_id]
    assert idp.list_user_pool_clients(UserPoolId=pool_id, ClientType="DCR")["UserPoolClients"] == []
    assert idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]["ClientType"] == "REGULAR"
