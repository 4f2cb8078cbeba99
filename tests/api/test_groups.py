"""CreateGroup, GetGroup, UpdateGroup, DeleteGroup, ListGroups."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

ROLE = "arn:aws:iam::123456789012:role/admins"


def test_group_round_trip(idp, pool_id):
    made = idp.create_group(UserPoolId=pool_id, GroupName="admins", Description="d", RoleArn=ROLE,
                            Precedence=1)["Group"]
    assert made["GroupName"] == "admins" and made["UserPoolId"] == pool_id
    assert (made["Description"], made["RoleArn"], made["Precedence"]) == ("d", ROLE, 1)
    assert made["CreationDate"] == made["LastModifiedDate"]
    assert idp.get_group(UserPoolId=pool_id, GroupName="admins")["Group"] == made


def test_minimal_group_has_no_optional_members(idp, pool_id):
    made = idp.create_group(UserPoolId=pool_id, GroupName="g")["Group"]
    assert set(made) == {"GroupName", "UserPoolId", "LastModifiedDate", "CreationDate"}


def test_duplicate_group(idp, pool_id):
    idp.create_group(UserPoolId=pool_id, GroupName="admins")
    with pytest.raises(ClientError) as exc:
        idp.create_group(UserPoolId=pool_id, GroupName="admins", Description="other")
    assert error_of(exc) == ("GroupExistsException", "A group with the name already exists")
    assert "Description" not in idp.get_group(UserPoolId=pool_id, GroupName="admins")["Group"]


def test_unknown_group(idp, pool_id):
    for call in (lambda: idp.get_group(UserPoolId=pool_id, GroupName="nope"),
                 lambda: idp.update_group(UserPoolId=pool_id, GroupName="nope", Description="x"),
                 lambda: idp.delete_group(UserPoolId=pool_id, GroupName="nope")):
        with pytest.raises(ClientError) as exc:
            call()
        assert error_of(exc) == ("ResourceNotFoundException", "Group not found.")


def test_update_group_changes_what_is_given(idp, pool_id):
    idp.create_group(UserPoolId=pool_id, GroupName="g", Description="d", Precedence=5)
    updated = idp.update_group(UserPoolId=pool_id, GroupName="g", RoleArn=ROLE)["Group"]
    assert (updated["Description"], updated["Precedence"], updated["RoleArn"]) == ("d", 5, ROLE)
    assert idp.get_group(UserPoolId=pool_id, GroupName="g")["Group"] == updated


def test_delete_group(idp, pool_id):
    idp.create_group(UserPoolId=pool_id, GroupName="g")
    idp.delete_group(UserPoolId=pool_id, GroupName="g")
    assert idp.list_groups(UserPoolId=pool_id)["Groups"] == []
    idp.create_group(UserPoolId=pool_id, GroupName="g")


def test_list_groups_pages(idp, pool_id):
    names = [f"g{i}" for i in range(5)]
    for name in reversed(names):
        idp.create_group(UserPoolId=pool_id, GroupName=name)
    first = idp.list_groups(UserPoolId=pool_id, Limit=3)
    second = idp.list_groups(UserPoolId=pool_id, Limit=3, NextToken=first["NextToken"])
    assert [g["GroupName"] for g in first["Groups"] + second["Groups"]] == names
    assert "NextToken" not in second
    with pytest.raises(ClientError) as exc:
        idp.list_groups(UserPoolId=pool_id, NextToken="tampered")
    assert error_of(exc) == ("InvalidParameterException", "Invalid pagination token")


def test_groups_of_unknown_pool(idp):
    with pytest.raises(ClientError) as exc:
        idp.create_group(UserPoolId="us-east-1_nope12345", GroupName="g")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool us-east-1_nope12345 does not exist.")


def test_deleting_a_group_ends_its_memberships(idp, pool_id, confirmed_user):
    idp.create_group(UserPoolId=pool_id, GroupName="g")
    idp.create_group(UserPoolId=pool_id, GroupName="keep")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=confirmed_user, GroupName="g")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username=confirmed_user, GroupName="keep")
    idp.delete_group(UserPoolId=pool_id, GroupName="g")
    listed = idp.admin_list_groups_for_user(UserPoolId=pool_id, Username=confirmed_user)["Groups"]
    assert [g["GroupName"] for g in listed] == ["keep"]
    idp.create_group(UserPoolId=pool_id, GroupName="g")
    assert idp.list_users_in_group(UserPoolId=pool_id, GroupName="g")["Users"] == []
