"""Triggers in server mode: the live server shares the handle's registry; ``serve --trigger``."""
import json

import boto3
import pytest
from botocore.exceptions import ClientError

from cognito_mock.backend.store import Store
from cognito_mock.cli import register_trigger

ARN = "arn:aws:lambda:us-east-1:123456789012:function:gate"


def test_server_runs_functions_registered_on_the_handle(cognito, cognito_idp, cognito_server):
    pool_id = cognito_idp.create_user_pool(PoolName="p", LambdaConfig={"PreSignUp": ARN})["UserPool"]["Id"]
    client_id = cognito_idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"]["ClientId"]
    remote = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=cognito_server,
                          aws_access_key_id="test", aws_secret_access_key="test")
    with pytest.raises(ClientError) as excinfo:          # configured, nothing registered
        remote.sign_up(ClientId=client_id, Username="ana", Password="Passw0rd!")
    assert excinfo.value.response["Error"]["Code"] == "UnexpectedLambdaException"
    cognito.triggers.register("gate", lambda event, context: {**event, "response": {"autoConfirmUser": True}})
    assert remote.sign_up(ClientId=client_id, Username="ana", Password="Passw0rd!")["UserConfirmed"] is True


def test_cli_trigger_option_registers_a_handler():
    store = Store()
    register_trigger(store, f"{ARN}=json:dumps")
    register_trigger(store, "other=json:loads")
    assert store.env.triggers.resolve(ARN) is json.dumps
    assert store.env.triggers.resolve("arn:aws:lambda:eu-west-1:210987654321:function:other") is json.loads
    with pytest.raises(ValueError):
        register_trigger(store, "no-module-given")
