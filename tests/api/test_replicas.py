"""Multi-Region replication: Create/Update/Delete/ListUserPoolReplicas."""
import boto3
import pytest
from botocore.exceptions import ClientError
from helpers import error_of


@pytest.fixture
def replica_region(cognito):
    """A client in the Region the replicas go to."""
    return boto3.client("cognito-idp", region_name="eu-west-1")


def arn(region, pool_id):
    return f"arn:aws:cognito-idp:{region}:123456789012:userpool/{pool_id}"


def test_new_pool_lists_only_its_primary(idp, pool_id):
    listed = idp.list_user_pool_replicas(UserPoolId=pool_id)
    assert listed["UserPoolReplicas"] == [{"RegionName": "us-east-1", "Status": "ACTIVE", "Role": "PRIMARY",
                                           "UserPoolArn": arn("us-east-1", pool_id)}]
    assert "NextToken" not in listed


def test_create_replica_then_it_is_inactive(idp, pool_id):
    made = idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1",
                                        UserPoolTags={"team": "auth"})["UserPoolReplica"]
    assert made == {"RegionName": "eu-west-1", "Status": "CREATING", "Role": "SECONDARY",
                    "UserPoolArn": arn("eu-west-1", pool_id)}
    assert idp.list_user_pool_replicas(UserPoolId=pool_id)["UserPoolReplicas"] == [
        {"RegionName": "us-east-1", "Status": "ACTIVE", "Role": "PRIMARY", "UserPoolArn": arn("us-east-1", pool_id)},
        {"RegionName": "eu-west-1", "Status": "INACTIVE", "Role": "SECONDARY",
         "UserPoolArn": arn("eu-west-1", pool_id)},
    ]


def test_replica_region_must_differ_and_look_like_a_region(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="us-east-1")
    assert error_of(exc) == ("InvalidParameterException",
                             "The replica Region must be different from the Region of the primary user pool.")
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="moon-base")
    assert error_of(exc) == ("InvalidParameterException", "Invalid RegionName: moon-base")
    assert len(idp.list_user_pool_replicas(UserPoolId=pool_id)["UserPoolReplicas"]) == 1


def test_one_secondary_replica_per_pool(idp, pool_id):
    idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    assert error_of(exc) == ("InvalidParameterException",
                             f"A replica of user pool {pool_id} already exists in Region eu-west-1.")
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="ap-northeast-1")
    assert error_of(exc) == ("LimitExceededException", "The user pool already has the maximum number of replicas (1).")
    assert [r["RegionName"] for r in idp.list_user_pool_replicas(UserPoolId=pool_id)["UserPoolReplicas"]] == [
        "us-east-1", "eu-west-1"]


def test_lite_pools_cannot_replicate(idp):
    lite = idp.create_user_pool(PoolName="lite", UserPoolTier="LITE")["UserPool"]["Id"]
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_replica(UserPoolId=lite, RegionName="eu-west-1")
    assert error_of(exc) == ("FeatureUnavailableInTierException",
                             "The following features need to be disabled for the LITE pricing tier configured: "
                             "Multi-Region Replication")
    assert len(idp.list_user_pool_replicas(UserPoolId=lite)["UserPoolReplicas"]) == 1


def test_replica_tags_are_checked(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1",
                                     UserPoolTags={f"k{i}": "v" for i in range(51)})
    assert error_of(exc) == ("UserPoolTaggingException", "A user pool can have at most 50 tags.")
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1", UserPoolTags={"aws:x": "v"})
    assert error_of(exc) == ("UserPoolTaggingException", "Tag keys cannot start with aws:.")
    assert len(idp.list_user_pool_replicas(UserPoolId=pool_id)["UserPoolReplicas"]) == 1


def test_activate_from_either_region_and_delete_only_inactive(idp, pool_id, replica_region):
    idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    active = replica_region.update_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1",
                                                     Status="ACTIVE")["UserPoolReplica"]
    assert active == {"RegionName": "eu-west-1", "Status": "ACTIVE", "Role": "SECONDARY",
                      "UserPoolArn": arn("eu-west-1", pool_id)}
    assert replica_region.list_user_pool_replicas(UserPoolId=pool_id)["UserPoolReplicas"][1]["Status"] == "ACTIVE"
    with pytest.raises(ClientError) as exc:
        idp.delete_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    assert error_of(exc) == ("InvalidParameterException", "Only replicas in INACTIVE status can be deleted.")
    idp.update_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1", Status="INACTIVE")
    with pytest.raises(ClientError) as exc:
        replica_region.delete_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    assert error_of(exc) == ("OperationNotEnabledException",
                             "This operation must be called from the primary Region of the user pool.")
    gone = idp.delete_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")["UserPoolReplica"]
    assert gone["Status"] == "DELETING" and gone["Role"] == "SECONDARY"
    assert len(idp.list_user_pool_replicas(UserPoolId=pool_id)["UserPoolReplicas"]) == 1
    # the Region is free for a new replica
    idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")


def test_create_from_the_replica_region_is_not_enabled(idp, pool_id, replica_region):
    idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    with pytest.raises(ClientError) as exc:
        replica_region.create_user_pool_replica(UserPoolId=pool_id, RegionName="ap-northeast-1")
    assert error_of(exc)[0] == "OperationNotEnabledException"


def test_primary_cannot_be_updated_or_deleted(idp, pool_id):
    for call in (lambda: idp.update_user_pool_replica(UserPoolId=pool_id, RegionName="us-east-1", Status="INACTIVE"),
                 lambda: idp.delete_user_pool_replica(UserPoolId=pool_id, RegionName="us-east-1")):
        with pytest.raises(ClientError) as exc:
            call()
        assert error_of(exc) == ("InvalidParameterException", "The primary replica cannot be updated or deleted.")
    assert idp.list_user_pool_replicas(UserPoolId=pool_id)["UserPoolReplicas"][0]["Status"] == "ACTIVE"


def test_unknown_replica_and_pool(idp, pool_id, replica_region):
    with pytest.raises(ClientError) as exc:
        idp.update_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1", Status="ACTIVE")
    assert error_of(exc) == ("ResourceNotFoundException",
                             f"Replica of user pool {pool_id} in Region eu-west-1 does not exist.")
    with pytest.raises(ClientError) as exc:
        idp.delete_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    assert error_of(exc)[0] == "ResourceNotFoundException"
    # a Region without a replica does not know the pool
    with pytest.raises(ClientError) as exc:
        replica_region.list_user_pool_replicas(UserPoolId=pool_id)
    assert error_of(exc) == ("ResourceNotFoundException", f"User pool {pool_id} does not exist.")
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_replica(UserPoolId="us-east-1_nothere", RegionName="eu-west-1")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool us-east-1_nothere does not exist.")


def test_replicas_go_with_their_pool(idp, pool_id, replica_region):
    idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    idp.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(ClientError) as exc:
        replica_region.list_user_pool_replicas(UserPoolId=pool_id)
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_bad_pagination_token(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.list_user_pool_replicas(UserPoolId=pool_id, NextToken="not-ours")
    assert error_of(exc) == ("InvalidParameterException", "Invalid pagination token")
