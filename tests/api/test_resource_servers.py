"""Create/Describe/Update/Delete/ListResourceServers."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

SCOPES = [{"ScopeName": "read", "ScopeDescription": "Read"}, {"ScopeName": "write", "ScopeDescription": "Write"}]


def test_resource_server_round_trip(idp, pool_id):
    made = idp.create_resource_server(UserPoolId=pool_id, Identifier="https://api.example.com", Name="api",
                                      Scopes=SCOPES)["ResourceServer"]
    assert made == {"UserPoolId": pool_id, "Identifier": "https://api.example.com", "Name": "api", "Scopes": SCOPES}
    assert idp.describe_resource_server(UserPoolId=pool_id, Identifier="https://api.example.com")["ResourceServer"] == made


def test_resource_server_without_scopes(idp, pool_id):
    made = idp.create_resource_server(UserPoolId=pool_id, Identifier="svc", Name="svc")["ResourceServer"]
    assert made["Scopes"] == []


def test_duplicate_identifier(idp, pool_id):
    idp.create_resource_server(UserPoolId=pool_id, Identifier="svc", Name="svc")
    with pytest.raises(ClientError) as exc:
        idp.create_resource_server(UserPoolId=pool_id, Identifier="svc", Name="other")
    assert error_of(exc) == ("InvalidParameterException", f"svc already exists in user pool {pool_id}.")
    assert idp.describe_resource_server(UserPoolId=pool_id, Identifier="svc")["ResourceServer"]["Name"] == "svc"


def test_duplicate_scope_names_are_refused(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.create_resource_server(UserPoolId=pool_id, Identifier="svc", Name="svc", Scopes=SCOPES + SCOPES[:1])
    assert error_of(exc)[0] == "InvalidParameterException"
    assert idp.list_resource_servers(UserPoolId=pool_id, MaxResults=10)["ResourceServers"] == []


def test_update_replaces_name_and_scopes(idp, pool_id):
    idp.create_resource_server(UserPoolId=pool_id, Identifier="svc", Name="svc", Scopes=SCOPES)
    updated = idp.update_resource_server(UserPoolId=pool_id, Identifier="svc", Name="renamed",
                                         Scopes=SCOPES[1:])["ResourceServer"]
    assert updated["Name"] == "renamed" and updated["Scopes"] == SCOPES[1:]
    assert idp.describe_resource_server(UserPoolId=pool_id, Identifier="svc")["ResourceServer"] == updated
    assert idp.update_resource_server(UserPoolId=pool_id, Identifier="svc", Name="n")["ResourceServer"]["Scopes"] == []


def test_unknown_resource_server(idp, pool_id):
    for call in (lambda: idp.describe_resource_server(UserPoolId=pool_id, Identifier="nope"),
                 lambda: idp.update_resource_server(UserPoolId=pool_id, Identifier="nope", Name="n"),
                 lambda: idp.delete_resource_server(UserPoolId=pool_id, Identifier="nope")):
        with pytest.raises(ClientError) as exc:
            call()
        assert error_of(exc) == ("ResourceNotFoundException", "Resource server nope does not exist.")


def test_delete_and_list(idp, pool_id):
    for i in range(3):
        idp.create_resource_server(UserPoolId=pool_id, Identifier=f"svc{i}", Name="s")
    first = idp.list_resource_servers(UserPoolId=pool_id, MaxResults=2)
    second = idp.list_resource_servers(UserPoolId=pool_id, MaxResults=2, NextToken=first["NextToken"])
    assert [s["Identifier"] for s in first["ResourceServers"] + second["ResourceServers"]] == ["svc0", "svc1", "svc2"]
    idp.delete_resource_server(UserPoolId=pool_id, Identifier="svc1")
    listed = idp.list_resource_servers(UserPoolId=pool_id, MaxResults=10)["ResourceServers"]
    assert [s["Identifier"] for s in listed] == ["svc0", "svc2"]


def test_deleted_scope_no_longer_grantable(idp, pool_id):
    idp.create_resource_server(UserPoolId=pool_id, Identifier="svc", Name="svc", Scopes=SCOPES)
    idp.delete_resource_server(UserPoolId=pool_id, Identifier="svc")
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c", AllowedOAuthScopes=["svc/read"])
    assert error_of(exc) == ("ScopeDoesNotExistException", "Invalid scope requested: svc/read")
