"""ListUsers: Filter with = and ^= on the searchable attributes, AttributesToGet, pagination."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of


@pytest.fixture
def pool_id(cognito_idp, user_pool):
    pool_id = user_pool().pool_id
    for name, email, family in [("ana", "ana@example.com", "Reddy"), ("bob", "bob@example.com", "Smith"),
                                ("abe", "abe@other.org", "reddy"), ("cy", "cy@example.com", None)]:
        attributes = [{"Name": "email", "Value": email}]
        if family:
            attributes.append({"Name": "family_name", "Value": family})
        cognito_idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS",
                                      UserAttributes=attributes)
    return pool_id


def names(cognito_idp, pool_id, **kw):
    return [u["Username"] for u in cognito_idp.list_users(UserPoolId=pool_id, **kw)["Users"]]


def test_filters(cognito_idp, pool_id):
    assert names(cognito_idp, pool_id) == ["abe", "ana", "bob", "cy"]
    assert names(cognito_idp, pool_id, Filter='username = "ana"') == ["ana"]
    assert names(cognito_idp, pool_id, Filter='username ^= "a"') == ["abe", "ana"]
    assert names(cognito_idp, pool_id, Filter='email ^= "b"') == ["bob"]
    assert sorted(names(cognito_idp, pool_id, Filter='family_name = "reddy"')) == ["abe", "ana"]
    assert names(cognito_idp, pool_id, Filter='family_name = ""') == []
    assert names(cognito_idp, pool_id, Filter='email="nobody@example.com"') == []
    assert len(names(cognito_idp, pool_id, Filter='cognito:user_status = "FORCE_CHANGE_PASSWORD"')) == 4
    assert names(cognito_idp, pool_id, Filter='cognito:user_status = "force_change_password"') == []


def test_status_filter_follows_enable_and_disable(cognito_idp, pool_id):
    cognito_idp.admin_disable_user(UserPoolId=pool_id, Username="bob")
    assert names(cognito_idp, pool_id, Filter='status = "Disabled"') == ["bob"]
    cognito_idp.admin_enable_user(UserPoolId=pool_id, Username="bob")
    assert names(cognito_idp, pool_id, Filter='status = "Disabled"') == []


def test_index_follows_attribute_changes_and_deletes(cognito_idp, pool_id):
    cognito_idp.admin_update_user_attributes(UserPoolId=pool_id, Username="cy",
                                             UserAttributes=[{"Name": "email", "Value": "zed@example.com"}])
    assert names(cognito_idp, pool_id, Filter='email ^= "cy"') == []
    assert names(cognito_idp, pool_id, Filter='email = "zed@example.com"') == ["cy"]
    cognito_idp.admin_delete_user(UserPoolId=pool_id, Username="cy")
    assert names(cognito_idp, pool_id, Filter='email = "zed@example.com"') == []
    sub = cognito_idp.admin_get_user(UserPoolId=pool_id, Username="ana")["UserAttributes"][0]["Value"]
    assert names(cognito_idp, pool_id, Filter=f'sub = "{sub}"') == ["ana"]


def test_pagination_and_attributes_to_get(cognito_idp, pool_id):
    first = cognito_idp.list_users(UserPoolId=pool_id, Limit=3, AttributesToGet=["email"])
    assert [u["Username"] for u in first["Users"]] == ["abe", "ana", "bob"]
    assert all([a["Name"] for a in u["Attributes"]] == ["email"] for u in first["Users"])
    rest = cognito_idp.list_users(UserPoolId=pool_id, Limit=3, PaginationToken=first["PaginationToken"])
    assert [u["Username"] for u in rest["Users"]] == ["cy"] and "PaginationToken" not in rest
    page = cognito_idp.list_users(UserPoolId=pool_id, Limit=1, Filter='email ^= "a"')
    again = cognito_idp.list_users(UserPoolId=pool_id, Limit=1, Filter='email ^= "a"', PaginationToken=page["PaginationToken"])
    assert [u["Username"] for u in page["Users"] + again["Users"]] == ["abe", "ana"]
    with pytest.raises(ClientError) as exc:
        cognito_idp.list_users(UserPoolId=pool_id, PaginationToken="garbage")
    request_id = exc.value.response["ResponseMetadata"]["RequestId"]
    assert error_of(exc) == ("InvalidParameterException", f"Paging marker garbage is invalid for request {request_id}")


@pytest.mark.parametrize("text, message", [
    ("username = foo", "Error while parsing filter"),
    ("username=", "Error while parsing filter"),
    ('custom:foo = "bar"', "Invalid search attribute: custom:foo"),
    ('address = "x"', "Invalid search attribute: address"),
])
def test_bad_filters(cognito_idp, pool_id, text, message):
    with pytest.raises(ClientError) as exc:
        cognito_idp.list_users(UserPoolId=pool_id, Filter=text)
    assert error_of(exc) == ("InvalidParameterException", message)
