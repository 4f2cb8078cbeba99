"""The server's surface toward other web pages: a stable issuer whatever the Host, only its own Host
names answered (no DNS rebinding), CORS for the AWS APIs and OAuth endpoints but none for /_mock/, and
no change to /_mock/ from a page on another origin."""
import boto3
import jwt
import pytest
import requests

from cognito_mock.backend.store import Store
from cognito_mock.web.serving import BackgroundServer

CREDS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}
PASSWORD = "Passw0rd!"


def signed_in_tokens(url):
    idp = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=url, **CREDS)
    pool = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c", ExplicitAuthFlows=[
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="ana", Password=PASSWORD, Permanent=True)
    tokens = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD})["AuthenticationResult"]
    return pool, tokens


def test_the_issuer_is_the_same_whatever_host_a_client_used(cognito_server):
    port = cognito_server.rsplit(":", 1)[1]
    pool, by_ip = signed_in_tokens(cognito_server)
    _, by_name = signed_in_tokens(f"http://localhost:{port}")
    issuers = {jwt.decode(t["IdToken"], options={"verify_signature": False})["iss"] for t in (by_ip, by_name)}
    assert len({i.rsplit("/", 1)[0] for i in issuers}) == 1
    discovered = requests.get(f"http://localhost:{port}/{pool}/.well-known/openid-configuration").json()
    assert discovered["issuer"] == f"{cognito_server}/{pool}"
    key = jwt.PyJWKClient(discovered["jwks_uri"]).get_signing_key_from_jwt(by_ip["IdToken"]).key
    jwt.decode(by_ip["IdToken"], key, algorithms=["RS256"], issuer=discovered["issuer"],
               options={"verify_aud": False})


def test_public_url_names_the_issuer_and_its_host_is_answered():
    server = BackgroundServer(Store(), public_url="http://cognito.test:8080").start()
    try:
        real = "http://127.0.0.1:" + str(server._server.server_address[1])
        pool, tokens = signed_in_tokens(real)
        assert jwt.decode(tokens["IdToken"], options={"verify_signature": False})["iss"] == \
            f"http://cognito.test:8080/{pool}"
        named = requests.get(f"{real}/{pool}/.well-known/openid-configuration", headers={"Host": "cognito.test:8080"})
        assert named.status_code == 200 and named.json()["token_endpoint"] == "http://cognito.test:8080/oauth2/token"
    finally:
        server.stop()


@pytest.mark.parametrize("host", ["evil.example", "attacker.test:9229", "192.0.2.1"])
def test_a_foreign_host_header_is_refused(cognito_server, host):
    answer = requests.post(cognito_server + "/_mock/reset", headers={"Host": host})
    assert answer.status_code == 421
    api = requests.post(cognito_server + "/", data="{}", headers={
        "Host": host, "X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools"})
    assert api.status_code == 421


def test_a_pools_own_domain_is_answered(cognito_server):
    idp = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=cognito_server, **CREDS)
    pool = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    host = "myapp.auth.us-east-1.amazoncognito.com"
    assert requests.get(f"{cognito_server}/{pool}/.well-known/jwks.json", headers={"Host": host}).status_code == 421
    idp.create_user_pool_domain(UserPoolId=pool, Domain="myapp")
    assert requests.get(f"{cognito_server}/{pool}/.well-known/jwks.json", headers={"Host": host}).status_code == 200


def test_mock_paths_answer_no_cors_and_refuse_changes_from_another_origin(cognito, cognito_server):
    idp = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=cognito_server, **CREDS)
    idp.create_user_pool(PoolName="kept")
    evil = {"Origin": "https://evil.example"}
    refused = requests.post(cognito_server + "/_mock/reset", headers=evil)
    assert refused.status_code == 403 and "Access-Control-Allow-Origin" not in refused.headers
    assert requests.delete(cognito_server + "/_mock/messages", headers=evil).status_code == 403
    assert len(idp.list_user_pools(MaxResults=10)["UserPools"]) == 1
    read = requests.get(cognito_server + "/_mock/messages", headers=evil)
    assert "Access-Control-Allow-Origin" not in read.headers          # a browser will not show it to the page
    own = requests.post(cognito_server + "/_mock/reset", headers={"Origin": cognito_server})
    assert own.status_code == 200 and idp.list_user_pools(MaxResults=10)["UserPools"] == []


def test_the_aws_api_and_oauth_endpoints_answer_cors(cognito_server):
    for path in ("/", "/oauth2/token"):
        pre = requests.options(cognito_server + path, headers={"Origin": "http://localhost:3000",
                                                               "Access-Control-Request-Method": "POST"})
        assert pre.status_code == 204 and pre.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method,path", [("GET", "/identitypools//identities/x"), ("GET", "/nope"), ("PUT", "/"),
                                         ("DELETE", "/"),
                                         ("GET", "/identitypools/us-east-1:00000000-0000-4000-8000-000000000000"
                                                 "/identities//datasets")])
def test_api_paths_never_redirect_and_always_answer_aws_shaped(cognito_server, method, path):
    answer = requests.request(method, cognito_server + path, allow_redirects=False)
    assert 400 <= answer.status_code < 500
    assert answer.json()["__type"] and answer.json()["message"]
