"""Federated users: AdminLinkProviderForUser, AdminDisableProviderForUser, EXTERNAL_PROVIDER users
made by federation.federated_sign_in, and the ``identities`` attribute."""
import json

import jwt
import pytest
from botocore.exceptions import ClientError

from cognito_mock.backend.idp.federation import federation
from cognito_mock.errors import NotAuthorizedException
from helpers import error_of

GOOGLE = {"client_id": "gid", "client_secret": "gsecret", "authorize_scopes": "openid email"}
OIDC = {"client_id": "oid", "client_secret": "osecret", "attributes_request_method": "GET",
        "oidc_issuer": "https://issuer.example.com", "authorize_scopes": "openid"}
LOCAL = {"ProviderName": "Cognito", "ProviderAttributeValue": "ana"}


def google(subject):
    return {"ProviderName": "Google", "ProviderAttributeName": "Cognito_Subject", "ProviderAttributeValue": subject}


def backend_pool(mock, pool_id):
    account, region = mock.store.index.user_pools[pool_id]
    return mock.store.region(account, region).user_pools[pool_id]


def get_user(idp, pool_id, username):
    got = idp.admin_get_user(UserPoolId=pool_id, Username=username)
    got.pop("ResponseMetadata")
    return got


def attrs(user):
    return {a["Name"]: a["Value"] for a in user.get("UserAttributes", user.get("Attributes", []))}


@pytest.fixture
def pool(idp, pool_id, confirmed_user):
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Google", ProviderType="Google",
                                 ProviderDetails=GOOGLE, AttributeMapping={"email": "email", "name": "name"})
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Corp", ProviderType="OIDC",
                                 ProviderDetails=OIDC, AttributeMapping={"email": "mail"})
    return pool_id


def sign_in(mock, pool_id, provider, subject, claims=None):
    pool = backend_pool(mock, pool_id)
    return federation.federated_sign_in(mock.store.env, pool, pool.federation.identity_providers[provider], subject, claims or {})


# --- AdminLinkProviderForUser ------------------------------------------------------------------

def test_link_records_the_identity_on_the_destination_user(mock, idp, pool):
    mock.clock.freeze()
    idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL, SourceUser=google("g-1"))
    got = idp.admin_get_user(UserPoolId=pool, Username="ana")
    identities = json.loads(attrs(got)["identities"])
    assert identities == [{"userId": "g-1", "providerName": "Google", "providerType": "Google", "issuer": None,
                           "primary": False, "dateCreated": int(mock.clock.now() * 1000)}]
    assert got["UserStatus"] == "CONFIRMED"
    listed = idp.list_users(UserPoolId=pool, AttributesToGet=["identities"])["Users"]
    assert attrs(listed[0]) == {"identities": attrs(got)["identities"]}


def test_linked_subject_signs_in_as_the_destination_user(mock, idp, pool):
    idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL, SourceUser=google("g-1"))
    user = sign_in(mock, pool, "Google", "g-1", {"email": "ana@gmail.example"})
    assert user.username == "ana"
    assert [u["Username"] for u in idp.list_users(UserPoolId=pool)["Users"]] == ["ana"]


def test_a_cognito_user_cannot_be_the_source(idp, pool):
    with pytest.raises(ClientError) as exc:
        idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL,
                                         SourceUser={"ProviderName": "Cognito", "ProviderAttributeValue": "ana"})
    assert error_of(exc) == ("InvalidParameterException", "Invalid SourceUser: Cognito users with a username/password "
                             "may not be passed in as a SourceUser, only as a DestinationUser")


def test_provider_and_destination_must_exist(idp, pool):
    with pytest.raises(ClientError) as exc:
        idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL,
                                         SourceUser={**google("g-1"), "ProviderName": "Nope"})
    assert error_of(exc)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser={**LOCAL, "ProviderAttributeValue": "bob"},
                                         SourceUser=google("g-1"))
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")
    assert "identities" not in attrs(idp.admin_get_user(UserPoolId=pool, Username="ana"))


def test_a_source_links_once(idp, pool):
    idp.admin_create_user(UserPoolId=pool, Username="bob", MessageAction="SUPPRESS")
    idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL, SourceUser=google("g-1"))
    before = get_user(idp, pool, "bob"), get_user(idp, pool, "ana")
    for destination in (LOCAL, {**LOCAL, "ProviderAttributeValue": "bob"}):
        with pytest.raises(ClientError) as exc:
            idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=destination, SourceUser=google("g-1"))
        assert error_of(exc) == ("InvalidParameterException", "SourceUser is already linked to DestinationUser")
    assert (get_user(idp, pool, "bob"), get_user(idp, pool, "ana")) == before


def test_a_source_that_already_signed_up_cannot_be_merged(mock, idp, pool):
    sign_in(mock, pool, "Google", "g-2")
    with pytest.raises(ClientError) as exc:
        idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL, SourceUser=google("g-2"))
    assert error_of(exc) == ("InvalidParameterException", "Merging is not currently supported, provide a SourceUser "
                             "that has not been signed up in order to link")


def test_at_most_five_linked_identities(idp, pool):
    for n in range(5):
        idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL, SourceUser=google(f"g-{n}"))
    with pytest.raises(ClientError) as exc:
        idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL, SourceUser=google("g-9"))
    assert error_of(exc)[0] == "LimitExceededException"
    assert len(json.loads(attrs(idp.admin_get_user(UserPoolId=pool, Username="ana"))["identities"])) == 5


def test_a_destination_with_an_immutable_attribute_cannot_be_linked(idp, pool):
    """AWS: "All attributes in the DestinationUser profile must be mutable. If you have assigned the user
    any immutable custom attributes, the operation won't succeed." (the message is guessed)"""
    idp.add_custom_attributes(UserPoolId=pool, CustomAttributes=[
        {"Name": "tenant", "AttributeDataType": "String", "Mutable": False},
        {"Name": "plan", "AttributeDataType": "String", "Mutable": True}])
    idp.admin_create_user(UserPoolId=pool, Username="bob", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "custom:tenant", "Value": "acme"}])
    idp.admin_create_user(UserPoolId=pool, Username="cy", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "custom:plan", "Value": "gold"}])
    with pytest.raises(ClientError) as exc:
        idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser={**LOCAL, "ProviderAttributeValue": "bob"},
                                         SourceUser=google("g-1"))
    assert error_of(exc) == ("InvalidParameterException", "Cannot link a DestinationUser that has a value for an "
                             "immutable attribute: custom:tenant")
    assert "identities" not in attrs(idp.admin_get_user(UserPoolId=pool, Username="bob"))
    # an immutable attribute the user has no value for, and mutable custom ones, do not stand in the way
    idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser={**LOCAL, "ProviderAttributeValue": "cy"},
                                     SourceUser=google("g-1"))
    assert json.loads(attrs(idp.admin_get_user(UserPoolId=pool, Username="cy"))["identities"])[0]["userId"] == "g-1"


def test_link_by_a_claim_becomes_a_link_by_subject_after_sign_in(mock, idp, pool):
    source = {"ProviderName": "Corp", "ProviderAttributeName": "mail", "ProviderAttributeValue": "ana@corp.example"}
    idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL, SourceUser=source)
    assert sign_in(mock, pool, "Corp", "corp-7", {"mail": "ana@corp.example"}).username == "ana"
    identities = json.loads(attrs(idp.admin_get_user(UserPoolId=pool, Username="ana"))["identities"])
    assert [(i["providerName"], i["userId"]) for i in identities] == [("Corp", "corp-7")]
    assert sign_in(mock, pool, "Corp", "corp-7", {"mail": "other@corp.example"}).username == "ana"


def test_deleting_the_destination_frees_the_source(mock, idp, pool):
    idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL, SourceUser=google("g-1"))
    idp.admin_delete_user(UserPoolId=pool, Username="ana")
    assert sign_in(mock, pool, "Google", "g-1").username == "Google_g-1"


# --- federated sign-in (EXTERNAL_PROVIDER users) -----------------------------------------------

def test_first_sign_in_creates_an_external_provider_user(mock, idp, pool):
    mock.clock.freeze()
    user = sign_in(mock, pool, "Google", "1234", {"email": "ana@gmail.example", "name": "Ana", "picture": "x"})
    got = idp.admin_get_user(UserPoolId=pool, Username="Google_1234")
    assert user.username == got["Username"] == "Google_1234"
    assert got["UserStatus"] == "EXTERNAL_PROVIDER" and got["Enabled"] is True
    values = attrs(got)
    assert values["email"] == "ana@gmail.example" and values["name"] == "Ana" and "picture" not in values
    assert json.loads(values["identities"]) == [{"userId": "1234", "providerName": "Google", "providerType": "Google",
                                                 "issuer": None, "primary": True,
                                                 "dateCreated": int(mock.clock.now() * 1000)}]
    found = idp.list_users(UserPoolId=pool, Filter='cognito:user_status = "EXTERNAL_PROVIDER"')["Users"]
    assert [u["Username"] for u in found] == ["Google_1234"]


def test_later_sign_ins_find_the_user_and_refresh_mapped_attributes(mock, idp, pool):
    first = sign_in(mock, pool, "Google", "1234", {"email": "a@gmail.example"})
    again = sign_in(mock, pool, "Google", "1234", {"email": "b@gmail.example"})
    assert again is first and again.sub == first.sub
    assert attrs(idp.admin_get_user(UserPoolId=pool, Username="Google_1234"))["email"] == "b@gmail.example"
    found = idp.list_users(UserPoolId=pool, Filter='email = "b@gmail.example"')["Users"]
    assert [u["Username"] for u in found] == ["Google_1234"]


def test_external_user_may_share_a_local_users_email(mock, idp, user_pool):
    ids = user_pool(UsernameAttributes=["email"])
    idp.create_identity_provider(UserPoolId=ids.pool_id, ProviderName="Google", ProviderType="Google",
                                 ProviderDetails=GOOGLE, AttributeMapping={"email": "email"})
    idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana@example.com", MessageAction="SUPPRESS")
    user = sign_in(mock, ids.pool_id, "Google", "1234", {"email": "ana@example.com"})
    assert user.username == "Google_1234"
    assert idp.admin_get_user(UserPoolId=ids.pool_id, Username="ana@example.com")["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_external_users_cannot_sign_in_with_a_password(mock, idp, pool, client_id):
    sign_in(mock, pool, "Google", "1234")
    with pytest.raises(ClientError) as exc:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "Google_1234", "PASSWORD": "Passw0rd!"})
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_id_token_carries_the_identities_claim(mock, idp, pool, client_id):
    idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL, SourceUser=google("g-1"))
    tokens = idp.admin_initiate_auth(UserPoolId=pool, ClientId=client_id, AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                     AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]
    claims = jwt.decode(tokens["IdToken"], options={"verify_signature": False})
    assert claims["identities"][0]["userId"] == "g-1" and claims["identities"][0]["primary"] == "false"
    assert isinstance(claims["identities"][0]["dateCreated"], str)


# --- AdminDisableProviderForUser ---------------------------------------------------------------

def test_disable_unlinks_a_linked_identity(mock, idp, pool):
    idp.admin_link_provider_for_user(UserPoolId=pool, DestinationUser=LOCAL, SourceUser=google("g-1"))
    idp.admin_disable_provider_for_user(UserPoolId=pool, User=google("g-1"))
    assert "identities" not in attrs(idp.admin_get_user(UserPoolId=pool, Username="ana"))
    assert sign_in(mock, pool, "Google", "g-1").username == "Google_g-1"      # a new user from now on


def test_disable_an_external_user(mock, idp, pool):
    sign_in(mock, pool, "Google", "1234")
    idp.admin_disable_provider_for_user(UserPoolId=pool, User=google("1234"))
    assert idp.admin_get_user(UserPoolId=pool, Username="Google_1234")["Enabled"] is False
    with pytest.raises(NotAuthorizedException) as exc:
        sign_in(mock, pool, "Google", "1234")
    assert exc.value.message == "User is disabled."


def test_disable_the_cognito_provider_of_a_local_user(idp, pool, client_id):
    idp.admin_disable_provider_for_user(UserPoolId=pool, User={"ProviderName": "Cognito",
                                                               "ProviderAttributeName": "Cognito_Subject",
                                                               "ProviderAttributeValue": "ana"})
    with pytest.raises(ClientError) as exc:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})
    assert error_of(exc)[0] == "NotAuthorizedException"


def test_disable_errors(idp, pool):
    with pytest.raises(ClientError) as exc:
        idp.admin_disable_provider_for_user(UserPoolId=pool, User={**google("g-1"), "ProviderName": "Nope"})
    assert error_of(exc)[0] == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        idp.admin_disable_provider_for_user(UserPoolId=pool, User={**LOCAL, "ProviderAttributeValue": "bob"})
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")
