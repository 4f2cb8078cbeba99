"""aiobotocore and aioboto3 clients are answered in-process exactly like boto3's (the same
``before-call`` seam). They run where they can be installed beside the botocore under test: the newest
aiobotocore accepts only botocore < 1.43.118, so CI runs these in its oldest-botocore leg (.ci/run
installs them there) and they skip in the newest leg."""
import asyncio

import pytest
from botocore.exceptions import ClientError

from cognito_mock import mock_cognito

aiobotocore_session = pytest.importorskip("aiobotocore.session", reason="aiobotocore is not installable beside "
                                                                        "this botocore")


def run(coroutine):
    return asyncio.run(coroutine)


async def sign_up_and_sign_in(client):
    pool = (await client.create_user_pool(PoolName="async"))["UserPool"]["Id"]
    app = (await client.create_user_pool_client(UserPoolId=pool, ClientName="c", ExplicitAuthFlows=[
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]))["UserPoolClient"]["ClientId"]
    await client.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS")
    await client.admin_set_user_password(UserPoolId=pool, Username="ana", Password="Passw0rd!", Permanent=True)
    tokens = (await client.initiate_auth(ClientId=app, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "ana", "PASSWORD": "Passw0rd!"}))["AuthenticationResult"]
    return pool, (await client.get_user(AccessToken=tokens["AccessToken"]))["Username"]


def test_aiobotocore_client_is_answered_in_process():
    async def scenario():
        with mock_cognito() as cognito:
            async with aiobotocore_session.get_session().create_client("cognito-idp", region_name="us-east-1") as idp:
                pool, username = await sign_up_and_sign_in(idp)
                assert username == "ana"
                with pytest.raises(ClientError) as raised:
                    await idp.admin_get_user(UserPoolId=pool, Username="nobody")
                assert raised.value.response["Error"] == {"Code": "UserNotFoundException",
                                                          "Message": "User does not exist."}
            # the same state answers boto3
            import boto3
            listed = boto3.client("cognito-idp", region_name="us-east-1").list_users(UserPoolId=pool)["Users"]
            assert [u["Username"] for u in listed] == ["ana"] and cognito.store is not None
    run(scenario())


def test_aioboto3_client_is_answered_in_process():
    aioboto3 = pytest.importorskip("aioboto3")

    async def scenario():
        with mock_cognito():
            async with aioboto3.Session().client("cognito-idp", region_name="eu-west-1") as idp:
                pool, username = await sign_up_and_sign_in(idp)
                assert pool.startswith("eu-west-1_") and username == "ana"
            async with aioboto3.Session().client("cognito-identity", region_name="eu-west-1") as identity:
                made = await identity.create_identity_pool(IdentityPoolName="p", AllowUnauthenticatedIdentities=True)
                assert (await identity.get_id(IdentityPoolId=made["IdentityPoolId"]))["IdentityId"]
    run(scenario())
