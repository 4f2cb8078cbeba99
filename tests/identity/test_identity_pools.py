"""CreateIdentityPool ... DeleteIdentityPool, tags, principal tag maps."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of as error


def test_create_and_describe_echo_every_member(identity, user_pool):
    created = identity.create_identity_pool(
        IdentityPoolName="ids", AllowUnauthenticatedIdentities=False, AllowClassicFlow=True,
        SupportedLoginProviders={"accounts.google.com": "google-client"}, DeveloperProviderName="login.example",
        OpenIdConnectProviderARNs=["arn:aws:iam::123456789012:oidc-provider/issuer.example.com"],
        CognitoIdentityProviders=[user_pool.provider_config(True)],
        SamlProviderARNs=["arn:aws:iam::123456789012:saml-provider/corp"], IdentityPoolTags={"team": "a"})
    pool_id = created["IdentityPoolId"]
    assert pool_id.startswith("us-east-1:") and len(pool_id) == len("us-east-1:") + 36
    described = identity.describe_identity_pool(IdentityPoolId=pool_id)
    created.pop("ResponseMetadata")
    described.pop("ResponseMetadata")
    assert described == created
    assert described["CognitoIdentityProviders"] == [
        {"ProviderName": user_pool.provider, "ClientId": user_pool.client_id, "ServerSideTokenCheck": True}]
    assert described["IdentityPoolTags"] == {"team": "a"}


def test_unknown_pool_is_not_found(identity):
    with pytest.raises(ClientError) as exc:
        identity.describe_identity_pool(IdentityPoolId="us-east-1:00000000-0000-4000-8000-000000000000")
    assert error(exc) == ("ResourceNotFoundException",
                          "IdentityPool 'us-east-1:00000000-0000-4000-8000-000000000000' not found.")


def test_update_replaces_members_but_keeps_developer_provider(identity, make_pool):
    pool_id = make_pool(SupportedLoginProviders={"graph.facebook.com": "123"}, DeveloperProviderName="login.example")
    updated = identity.update_identity_pool(IdentityPoolId=pool_id, IdentityPoolName="renamed",
                                            AllowUnauthenticatedIdentities=False)
    assert updated["IdentityPoolName"] == "renamed"
    assert "SupportedLoginProviders" not in updated
    assert updated["DeveloperProviderName"] == "login.example"
    with pytest.raises(ClientError) as exc:
        identity.update_identity_pool(IdentityPoolId=pool_id, IdentityPoolName="renamed",
                                      AllowUnauthenticatedIdentities=False, DeveloperProviderName="other.example")
    assert error(exc)[0] == "InvalidParameterException"
    assert identity.describe_identity_pool(IdentityPoolId=pool_id)["DeveloperProviderName"] == "login.example"


def test_list_pages_and_delete(identity, make_pool):
    ids = sorted(make_pool(IdentityPoolName=f"p{i}") for i in range(5))
    first = identity.list_identity_pools(MaxResults=3)
    assert [p["IdentityPoolId"] for p in first["IdentityPools"]] == ids[:3]
    rest = identity.list_identity_pools(MaxResults=3, NextToken=first["NextToken"])
    assert [p["IdentityPoolId"] for p in rest["IdentityPools"]] == ids[3:]
    assert "NextToken" not in rest
    identity.delete_identity_pool(IdentityPoolId=ids[0])
    with pytest.raises(ClientError) as exc:
        identity.delete_identity_pool(IdentityPoolId=ids[0])
    assert error(exc)[0] == "ResourceNotFoundException"


def test_validation_comes_from_the_model(identity):
    with pytest.raises(ClientError) as exc:
        identity.describe_identity_pool(IdentityPoolId="not-an-id")
    assert error(exc)[0] == "ValidationException"


def test_tags(identity, make_pool):
    pool_id = make_pool(IdentityPoolTags={"a": "1"})
    arn = f"arn:aws:cognito-identity:us-east-1:123456789012:identitypool/{pool_id}"
    identity.tag_resource(ResourceArn=arn, Tags={"b": "2"})
    assert identity.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"a": "1", "b": "2"}
    identity.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert identity.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"b": "2"}
    with pytest.raises(ClientError) as exc:
        identity.list_tags_for_resource(ResourceArn=arn.replace(pool_id, "us-east-1:00000000-0000-4000-8000-000000000000"))
    assert error(exc)[0] == "ResourceNotFoundException"


def test_principal_tag_map_defaults_and_custom(identity, pool_with_users, user_pool):
    got = identity.get_principal_tag_attribute_map(IdentityPoolId=pool_with_users, IdentityProviderName=user_pool.provider)
    assert got["UseDefaults"] is True and got["PrincipalTags"] == {"username": "sub", "client": "aud"}
    set_ = identity.set_principal_tag_attribute_map(IdentityPoolId=pool_with_users, IdentityProviderName=user_pool.provider,
                                                    UseDefaults=False, PrincipalTags={"mail": "email"})
    assert set_["PrincipalTags"] == {"mail": "email"} and set_["UseDefaults"] is False
    got = identity.get_principal_tag_attribute_map(IdentityPoolId=pool_with_users, IdentityProviderName=user_pool.provider)
    assert got["PrincipalTags"] == {"mail": "email"}
