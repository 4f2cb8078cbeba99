"""Developer-authenticated identities."""
import jwt
import pytest
from botocore.exceptions import ClientError
from helpers import error_of as error

DEV = "login.example.com"


@pytest.fixture
def dev_pool(identity, make_pool):
    pool_id = make_pool(AllowUnauthenticatedIdentities=False, DeveloperProviderName=DEV)
    identity.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": "arn:aws:iam::123456789012:role/Auth"})
    return pool_id


def test_token_for_developer_identity_and_credentials(identity, dev_pool):
    got = identity.get_open_id_token_for_developer_identity(IdentityPoolId=dev_pool, Logins={DEV: "user-1"},
                                                            TokenDuration=120, PrincipalTags={"dept": "x"})
    claims = jwt.decode(got["Token"], options={"verify_signature": False})
    assert claims["sub"] == got["IdentityId"] and claims["aud"] == dev_pool
    assert claims["amr"] == ["authenticated", DEV, f"{DEV}:{dev_pool}:user-1"]
    assert claims["exp"] - claims["iat"] == 120
    again = identity.get_open_id_token_for_developer_identity(IdentityPoolId=dev_pool, Logins={DEV: "user-1"})
    assert again["IdentityId"] == got["IdentityId"]
    creds = identity.get_credentials_for_identity(IdentityId=got["IdentityId"],
                                                  Logins={"cognito-identity.amazonaws.com": got["Token"]})
    assert creds["Credentials"]["AccessKeyId"].startswith("ASIA")
    assert identity.describe_identity(IdentityId=got["IdentityId"])["Logins"] == [DEV]


def test_user_id_registered_to_another_identity(identity, dev_pool):
    first = identity.get_open_id_token_for_developer_identity(IdentityPoolId=dev_pool, Logins={DEV: "u1"})["IdentityId"]
    identity.get_open_id_token_for_developer_identity(IdentityPoolId=dev_pool, Logins={DEV: "u2"})
    second = identity.lookup_developer_identity(IdentityPoolId=dev_pool, DeveloperUserIdentifier="u2")["IdentityId"]
    with pytest.raises(ClientError) as exc:
        identity.get_open_id_token_for_developer_identity(IdentityPoolId=dev_pool, IdentityId=first, Logins={DEV: "u2"})
    assert error(exc)[0] == "DeveloperUserAlreadyRegisteredException"
    assert second != first


def test_lookup_merge_and_unlink(identity, dev_pool):
    a = identity.get_open_id_token_for_developer_identity(IdentityPoolId=dev_pool, Logins={DEV: "a"})["IdentityId"]
    b = identity.get_open_id_token_for_developer_identity(IdentityPoolId=dev_pool, Logins={DEV: "b"})["IdentityId"]
    assert identity.lookup_developer_identity(IdentityPoolId=dev_pool, IdentityId=a)["DeveloperUserIdentifierList"] == ["a"]
    merged = identity.merge_developer_identities(SourceUserIdentifier="a", DestinationUserIdentifier="b",
                                                 DeveloperProviderName=DEV, IdentityPoolId=dev_pool)
    assert merged["IdentityId"] == b
    assert identity.lookup_developer_identity(IdentityPoolId=dev_pool, IdentityId=b)["DeveloperUserIdentifierList"] == ["a", "b"]
    with pytest.raises(ClientError) as exc:
        identity.describe_identity(IdentityId=a)
    assert error(exc)[0] == "ResourceNotFoundException"
    identity.unlink_developer_identity(IdentityId=b, IdentityPoolId=dev_pool, DeveloperProviderName=DEV,
                                       DeveloperUserIdentifier="a")
    with pytest.raises(ClientError) as exc:
        identity.lookup_developer_identity(IdentityPoolId=dev_pool, DeveloperUserIdentifier="a")
    assert error(exc)[0] == "ResourceNotFoundException"


def test_wrong_developer_provider(identity, dev_pool):
    with pytest.raises(ClientError) as exc:
        identity.get_open_id_token_for_developer_identity(IdentityPoolId=dev_pool, Logins={"other.example": "u"})
    assert error(exc)[0] == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        identity.merge_developer_identities(SourceUserIdentifier="a", DestinationUserIdentifier="b",
                                            DeveloperProviderName="other.example", IdentityPoolId=dev_pool)
    assert error(exc)[0] == "InvalidParameterException"
