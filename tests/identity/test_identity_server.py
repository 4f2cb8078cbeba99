"""Server mode: the provider name in Logins stays the AWS one while tokens' iss is the server's URL."""
import boto3
import jwt


def test_enhanced_flow_and_sync_against_the_server(mock):
    url = mock.server()
    kw = dict(region_name="us-east-1", endpoint_url=url, aws_access_key_id="x", aws_secret_access_key="y")
    session = boto3.session.Session()
    idp, ids, sync = (session.client(s, **kw) for s in ("cognito-idp", "cognito-identity", "cognito-sync"))
    pool = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c",
                                         ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    idp.admin_set_user_password(UserPoolId=pool, Username="ana", Password="Passw0rd!", Permanent=True)
    token = idp.admin_initiate_auth(UserPoolId=pool, ClientId=client, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                    AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]["IdToken"]
    assert jwt.decode(token, options={"verify_signature": False})["iss"] == f"{url.rstrip('/')}/{pool}"
    provider = f"cognito-idp.us-east-1.amazonaws.com/{pool}"
    pool_id = ids.create_identity_pool(IdentityPoolName="i", AllowUnauthenticatedIdentities=False,
                                       CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": client}])["IdentityPoolId"]
    ids.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": "arn:aws:iam::123456789012:role/A"})
    identity_id = ids.get_id(IdentityPoolId=pool_id, Logins={provider: token})["IdentityId"]
    creds = ids.get_credentials_for_identity(IdentityId=identity_id, Logins={provider: token})["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    session_token = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="d")["SyncSessionToken"]
    written = sync.update_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName="d", SyncSessionToken=session_token,
                                  RecordPatches=[{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])["Records"]
    assert [(r["Key"], r["SyncCount"]) for r in written] == [("k", 1)]
