"""App client OAuth rules, identity providers, refresh token rotation and client secrets."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of


OAUTH = dict(AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"])


def create(idp, pool_id, **kwargs):
    return idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", **kwargs)["UserPoolClient"]


def assert_refused(idp, pool_id, code, message, **kwargs):
    with pytest.raises(ClientError) as exc:
        create(idp, pool_id, **kwargs)
    if message is None:
        assert error_of(exc)[0] == code
    else:
        assert error_of(exc) == (code, message)
    assert idp.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"] == []


def test_oauth_defaults(idp, pool_id):
    client = create(idp, pool_id)
    assert client["AllowedOAuthFlowsUserPoolClient"] is False
    for member in ("AllowedOAuthFlows", "AllowedOAuthScopes", "CallbackURLs", "LogoutURLs",
                   "SupportedIdentityProviders", "DefaultRedirectURI"):
        assert member not in client
    assert client["RefreshTokenRotation"] == {"Feature": "DISABLED", "RetryGracePeriodSeconds": 0}


def test_oauth_round_trip(idp, pool_id):
    idp.create_resource_server(UserPoolId=pool_id, Identifier="https://api", Name="api",
                               Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}])
    client = create(idp, pool_id, AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code", "implicit"],
                    AllowedOAuthScopes=["openid", "email", "https://api/read", "aws.cognito.signin.user.admin"],
                    CallbackURLs=["https://app.example.com/cb", "http://localhost:3000/cb", "myapp://cb"],
                    LogoutURLs=["https://app.example.com/bye"], DefaultRedirectURI="myapp://cb",
                    SupportedIdentityProviders=["COGNITO"],
                    RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 10})
    assert client["AllowedOAuthScopes"] == ["openid", "email", "https://api/read", "aws.cognito.signin.user.admin"]
    assert client["DefaultRedirectURI"] == "myapp://cb"
    assert client["RefreshTokenRotation"] == {"Feature": "ENABLED", "RetryGracePeriodSeconds": 10}
    assert idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])["UserPoolClient"] == client


def test_oauth_client_needs_flows_and_scopes(idp, pool_id):
    assert_refused(idp, pool_id, "InvalidParameterException",
                   "AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.",
                   AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"])


def test_code_flow_needs_callback(idp, pool_id):
    assert_refused(idp, pool_id, "InvalidOAuthFlowException",
                   "CallbackUrls can not be empty when code flow or implicit flow is selected", **OAUTH)


def test_unknown_scope(idp, pool_id):
    assert_refused(idp, pool_id, "ScopeDoesNotExistException", "Invalid scope requested: https://api/write",
                   CallbackURLs=["https://a.example.com"], **{**OAUTH, "AllowedOAuthScopes": ["openid", "https://api/write"]})
    assert_refused(idp, pool_id, "ScopeDoesNotExistException", "Invalid scope requested: Cognito",
                   CallbackURLs=["https://a.example.com"], **{**OAUTH, "AllowedOAuthScopes": ["Cognito"]})


def test_client_credentials_needs_a_secret_and_stands_alone(idp, pool_id):
    idp.create_resource_server(UserPoolId=pool_id, Identifier="svc", Name="svc", Scopes=[
        {"ScopeName": "run", "ScopeDescription": "run"}])
    m2m = dict(AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["client_credentials"],
               AllowedOAuthScopes=["svc/run"])
    assert_refused(idp, pool_id, "InvalidOAuthFlowException",
                   "client_credentials flow can not be selected if client does not have a client secret.", **m2m)
    assert_refused(idp, pool_id, "InvalidOAuthFlowException", None, GenerateSecret=True,
                   CallbackURLs=["https://a.example.com"], **{**m2m, "AllowedOAuthFlows": ["client_credentials", "code"]})
    client = create(idp, pool_id, GenerateSecret=True, **m2m)
    assert client["AllowedOAuthFlows"] == ["client_credentials"]


@pytest.mark.parametrize("url", ["http://example.com/cb", "https://example.com/cb#frag", "not a url"])
def test_bad_callback_urls(idp, pool_id, url):
    assert_refused(idp, pool_id, "InvalidParameterException", None, CallbackURLs=[url], **OAUTH)


def test_default_redirect_must_be_a_callback(idp, pool_id):
    assert_refused(idp, pool_id, "InvalidParameterException", None, CallbackURLs=["https://a.example.com"],
                   DefaultRedirectURI="https://b.example.com", **OAUTH)


def test_supported_identity_providers_must_exist(idp, pool_id):
    assert_refused(idp, pool_id, "InvalidParameterException",
                   f"The provider Google does not exist for User Pool {pool_id}",
                   SupportedIdentityProviders=["COGNITO", "Google"])
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Google", ProviderType="Google", ProviderDetails={
        "client_id": "id", "client_secret": "secret", "authorize_scopes": "email"})
    client = create(idp, pool_id, SupportedIdentityProviders=["COGNITO", "Google"])
    assert client["SupportedIdentityProviders"] == ["COGNITO", "Google"]


def test_failed_oauth_update_changes_nothing(idp, pool_id):
    client = create(idp, pool_id, CallbackURLs=["https://a.example.com"], **OAUTH)
    with pytest.raises(ClientError) as exc:
        idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"], ClientName="x",
                                    AllowedOAuthFlowsUserPoolClient=True, AllowedOAuthFlows=["code"],
                                    AllowedOAuthScopes=["nope"], CallbackURLs=["https://a.example.com"])
    assert error_of(exc) == ("ScopeDoesNotExistException", "Invalid scope requested: nope")
    assert idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])["UserPoolClient"] == client


def test_client_secret_rotation(idp, pool_id):
    client = create(idp, pool_id, GenerateSecret=True)
    listed = idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client["ClientId"])["ClientSecrets"]
    assert len(listed) == 1 and "ClientSecretValue" not in listed[0]
    assert listed[0]["ClientSecretId"].startswith(client["ClientId"] + "--")
    added = idp.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=client["ClientId"])["ClientSecretDescriptor"]
    assert len(added["ClientSecretValue"]) == 51
    custom_value = "a" * 30
    with pytest.raises(ClientError) as exc:
        idp.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=client["ClientId"], ClientSecret=custom_value)
    assert error_of(exc)[0] == "LimitExceededException"
    idp.delete_user_pool_client_secret(UserPoolId=pool_id, ClientId=client["ClientId"],
                                       ClientSecretId=listed[0]["ClientSecretId"])
    remaining = idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=client["ClientId"])["ClientSecrets"]
    assert [s["ClientSecretId"] for s in remaining] == [added["ClientSecretId"]]
    described = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])["UserPoolClient"]
    assert described["ClientSecret"] == added["ClientSecretValue"]
    with pytest.raises(ClientError) as exc:
        idp.delete_user_pool_client_secret(UserPoolId=pool_id, ClientId=client["ClientId"],
                                           ClientSecretId=added["ClientSecretId"])
    assert error_of(exc)[0] == "InvalidParameterException"
    second = idp.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=client["ClientId"],
                                             ClientSecret=custom_value)["ClientSecretDescriptor"]
    assert "ClientSecretValue" not in second


def test_secrets_of_public_client_and_unknown_secret(idp, pool_id):
    public = create(idp, pool_id)
    with pytest.raises(ClientError) as exc:
        idp.add_user_pool_client_secret(UserPoolId=pool_id, ClientId=public["ClientId"])
    assert error_of(exc)[0] == "InvalidParameterException"
    assert idp.list_user_pool_client_secrets(UserPoolId=pool_id, ClientId=public["ClientId"])["ClientSecrets"] == []
    with pytest.raises(ClientError) as exc:
        idp.delete_user_pool_client_secret(UserPoolId=pool_id, ClientId=public["ClientId"], ClientSecretId="x--1")
    assert error_of(exc)[0] == "ResourceNotFoundException"
