import pytest
from botocore.exceptions import ClientError
from helpers import error_of


def test_create_client_with_aws_defaults(idp, pool_id):
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app")["UserPoolClient"]
    assert len(client["ClientId"]) == 26
    assert "ClientSecret" not in client
    assert client["RefreshTokenValidity"] == 30
    assert client["AccessTokenValidity"] == 60
    assert client["IdTokenValidity"] == 60
    assert client["TokenValidityUnits"] == {"AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days"}
    assert client["ExplicitAuthFlows"] == ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"]
    assert client["EnableTokenRevocation"] is True
    assert client["AuthSessionValidity"] == 3
    assert client["PreventUserExistenceErrors"] == "LEGACY"
    assert "ReadAttributes" not in client


def test_generate_secret(idp, pool_id):
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", GenerateSecret=True)["UserPoolClient"]
    assert len(client["ClientSecret"]) == 51
    described = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])["UserPoolClient"]
    assert described == client


def test_round_trip_of_every_setting(idp, pool_id):
    created = idp.create_user_pool_client(
        UserPoolId=pool_id, ClientName="app", AccessTokenValidity=2, IdTokenValidity=30, RefreshTokenValidity=7,
        TokenValidityUnits={"IdToken": "minutes"}, ReadAttributes=["email", "email_verified"],
        WriteAttributes=["email"], ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        PreventUserExistenceErrors="ENABLED", EnableTokenRevocation=False, AuthSessionValidity=10,
        CallbackURLs=["https://example.com/cb"], AllowedOAuthFlows=["code"], AllowedOAuthScopes=["openid"],
        AllowedOAuthFlowsUserPoolClient=True, SupportedIdentityProviders=["COGNITO"],
    )["UserPoolClient"]
    assert created["TokenValidityUnits"] == {"AccessToken": "hours", "IdToken": "minutes", "RefreshToken": "days"}
    assert created["ReadAttributes"] == ["email", "email_verified"]
    assert created["CallbackURLs"] == ["https://example.com/cb"]
    assert created["AllowedOAuthFlowsUserPoolClient"] is True
    described = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=created["ClientId"])["UserPoolClient"]
    assert described == created


@pytest.mark.parametrize("kwargs", [
    {"AccessTokenValidity": 2, "TokenValidityUnits": {"AccessToken": "days"}},
    {"IdTokenValidity": 4, "TokenValidityUnits": {"IdToken": "minutes"}},
    {"RefreshTokenValidity": 30, "TokenValidityUnits": {"RefreshToken": "minutes"}},
    {"RefreshTokenValidity": 3651},
])
def test_token_validity_out_of_range(idp, pool_id, kwargs):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", **kwargs)
    assert error_of(exc) == ("InvalidParameterException", "Invalid range for token validity.")
    assert idp.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"] == []


def test_refresh_token_validity_zero_means_default(idp, pool_id):
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", RefreshTokenValidity=0)["UserPoolClient"]
    assert client["RefreshTokenValidity"] == 30


def test_unknown_read_attribute(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", ReadAttributes=["custom:nope"])
    assert error_of(exc) == ("InvalidParameterException", "Invalid read attributes specified while creating a client")


def test_refresh_flow_is_mandatory_with_allow_flows(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"])
    assert error_of(exc) == ("InvalidParameterException", "REFRESH_TOKEN_AUTH should always be allowed.")


def test_client_in_unknown_pool(idp):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_client(UserPoolId="us-east-1_nope12345", ClientName="app")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool us-east-1_nope12345 does not exist.")


def test_describe_unknown_client(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.describe_user_pool_client(UserPoolId=pool_id, ClientId="abc")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool client abc does not exist.")


def test_client_of_another_pool_is_not_found(idp, pool_id, client_id):
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    with pytest.raises(ClientError) as exc:
        idp.describe_user_pool_client(UserPoolId=other, ClientId=client_id)
    assert error_of(exc) == ("ResourceNotFoundException", f"User pool client {client_id} does not exist.")


def test_list_clients_pages(idp, pool_id):
    ids = [idp.create_user_pool_client(UserPoolId=pool_id, ClientName=f"c{i}")["UserPoolClient"]["ClientId"]
           for i in range(3)]
    first = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=2)
    second = idp.list_user_pool_clients(UserPoolId=pool_id, MaxResults=2, NextToken=first["NextToken"])
    listed = first["UserPoolClients"] + second["UserPoolClients"]
    assert [c["ClientId"] for c in listed] == ids
    assert listed[0] == {"ClientId": ids[0], "UserPoolId": pool_id, "ClientName": "c0"}


def test_update_resets_omitted_members(idp, pool_id):
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", AccessTokenValidity=2,
                                         ReadAttributes=["email"], GenerateSecret=True)["UserPoolClient"]
    updated = idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"],
                                          ClientName="renamed")["UserPoolClient"]
    assert updated["ClientName"] == "renamed"
    assert updated["AccessTokenValidity"] == 60
    assert "ReadAttributes" not in updated
    assert updated["ClientSecret"] == client["ClientSecret"]
    assert idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client["ClientId"])["UserPoolClient"] == updated


def test_failed_update_changes_nothing(idp, pool_id, client_id):
    before = idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"]
    with pytest.raises(ClientError) as exc:
        idp.update_user_pool_client(UserPoolId=pool_id, ClientId=client_id, ClientName="x", AccessTokenValidity=99)
    assert error_of(exc) == ("InvalidParameterException", "Invalid range for token validity.")
    assert idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)["UserPoolClient"] == before


def test_delete_client(idp, pool_id, client_id):
    idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    with pytest.raises(ClientError) as exc:
        idp.describe_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    assert error_of(exc)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "a", "PASSWORD": "b"})
    assert error_of(exc) == ("ResourceNotFoundException", f"User pool client {client_id} does not exist.")
