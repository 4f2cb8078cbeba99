"""Client ID Metadata Document (CIMD) policies: Create/Describe/Update/Delete/ListCIMDPolicies,
ListClientMetadataURLs and UpdateClientMetadataURLState on a policy that received no URL yet (the
documents themselves are fetched at /oauth2/authorize: tests/web/test_cimd_authorize.py)."""
import re
from datetime import timedelta

import pytest
from botocore.exceptions import ClientError

from helpers import error_of, requires

pytestmark = requires("CreateCIMDPolicy")

PATTERNS = ["https://tools.example.net/*", "https://*.agents.example.org/client.json"]


@pytest.fixture
def policy(idp, pool_id, client_id):
    return idp.create_cimd_policy(UserPoolId=pool_id, ClientId=client_id, PolicyName="agents",
                                  URLPatterns=PATTERNS)["CIMDPolicy"]


def test_create_answers_the_policy_with_the_default_cache_duration(idp, pool_id, client_id, policy):
    assert re.fullmatch(r"[a-z0-9]+", policy["CIMDPolicyId"])
    assert {k: policy[k] for k in ("UserPoolId", "ClientId", "PolicyName", "CacheDuration", "URLPatterns")} == {
        "UserPoolId": pool_id, "ClientId": client_id, "PolicyName": "agents", "CacheDuration": 86400,
        "URLPatterns": PATTERNS}
    assert policy["CreationDate"] == policy["LastModifiedDate"]
    described = idp.describe_cimd_policy(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"])["CIMDPolicy"]
    assert described == policy


def test_update_replaces_client_and_patterns_and_keeps_what_it_omits(idp, mock, pool_id, client_id, policy):
    other = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="other")["UserPoolClient"]["ClientId"]
    idp.update_cimd_policy(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"], ClientId=client_id,
                           CacheDuration=604800, URLPatterns=PATTERNS)
    mock.clock.advance(seconds=60)
    updated = idp.update_cimd_policy(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"], ClientId=other,
                                     URLPatterns=["https://tools.example.net/v2/*"])["CIMDPolicy"]
    assert (updated["ClientId"], updated["PolicyName"], updated["CacheDuration"], updated["URLPatterns"]) == (
        other, "agents", 604800, ["https://tools.example.net/v2/*"])
    assert updated["LastModifiedDate"] - updated["CreationDate"] >= timedelta(seconds=60)
    assert idp.describe_cimd_policy(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"])["CIMDPolicy"] == updated


def test_list_pages_through_summaries(idp, pool_id, client_id, policy):
    for name in ("second", "third"):
        idp.create_cimd_policy(UserPoolId=pool_id, ClientId=client_id, PolicyName=name, CacheDuration=172800,
                               URLPatterns=[f"https://{name}.example.com/*"])
    first = idp.list_cimd_policies(UserPoolId=pool_id, MaxResults=2)
    rest = idp.list_cimd_policies(UserPoolId=pool_id, MaxResults=2, NextToken=first["NextToken"])
    summaries = first["CIMDPolicies"] + rest["CIMDPolicies"]
    assert "NextToken" not in rest and len(first["CIMDPolicies"]) == 2
    assert sorted(s["PolicyName"] for s in summaries) == ["agents", "second", "third"]
    assert all(set(s) == {"CIMDPolicyId", "ClientId", "PolicyName", "CacheDuration", "CreationDate",
                          "LastModifiedDate"} for s in summaries)
    paginated = idp.get_paginator("list_cimd_policies").paginate(UserPoolId=pool_id, MaxResults=1)
    assert sum(len(p["CIMDPolicies"]) for p in paginated) == 3


def test_delete_forgets_the_policy(idp, pool_id, policy):
    idp.delete_cimd_policy(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"])
    with pytest.raises(ClientError) as raised:
        idp.describe_cimd_policy(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"])
    assert error_of(raised) == ("ResourceNotFoundException", f"CIMD policy {policy['CIMDPolicyId']} does not exist.")
    assert idp.list_cimd_policies(UserPoolId=pool_id)["CIMDPolicies"] == []


def test_a_deleted_app_client_leaves_the_policy_without_its_client_id(idp, pool_id, client_id, policy):
    idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    described = idp.describe_cimd_policy(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"])["CIMDPolicy"]
    assert "ClientId" not in described and described["URLPatterns"] == PATTERNS
    assert "ClientId" not in idp.list_cimd_policies(UserPoolId=pool_id)["CIMDPolicies"][0]


def test_policies_go_with_their_pool(idp, pool_id, policy):
    idp.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(ClientError) as raised:
        idp.describe_cimd_policy(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"])
    assert error_of(raised) == ("ResourceNotFoundException", f"User pool {pool_id} does not exist.")


def test_the_app_client_must_exist(idp, pool_id, policy):
    with pytest.raises(ClientError) as raised:
        idp.create_cimd_policy(UserPoolId=pool_id, ClientId="nosuchclient", PolicyName="p", URLPatterns=PATTERNS)
    assert error_of(raised) == ("ResourceNotFoundException", "User pool client nosuchclient does not exist.")
    with pytest.raises(ClientError) as raised:
        idp.update_cimd_policy(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"], ClientId="nosuchclient",
                               URLPatterns=PATTERNS)
    assert error_of(raised)[0] == "ResourceNotFoundException"
    assert idp.describe_cimd_policy(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"])["CIMDPolicy"] == policy


def test_lite_pools_have_no_cimd(idp):
    pool_id = idp.create_user_pool(PoolName="lite", UserPoolTier="LITE")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c")["UserPoolClient"]["ClientId"]
    with pytest.raises(ClientError) as raised:
        idp.create_cimd_policy(UserPoolId=pool_id, ClientId=client_id, PolicyName="p", URLPatterns=PATTERNS)
    assert error_of(raised) == ("FeatureUnavailableInTierException", "The following features need to be disabled "
                                "for the LITE pricing tier configured: Client ID Metadata Document")


def test_a_pool_holds_at_most_twenty_policies(idp, pool_id, client_id):
    for n in range(20):
        idp.create_cimd_policy(UserPoolId=pool_id, ClientId=client_id, PolicyName=f"p{n}", URLPatterns=PATTERNS)
    with pytest.raises(ClientError) as raised:
        idp.create_cimd_policy(UserPoolId=pool_id, ClientId=client_id, PolicyName="one too many",
                               URLPatterns=PATTERNS)
    assert error_of(raised) == ("LimitExceededException", "The user pool already has the maximum of 20 CIMD policies.")
    assert len(idp.list_cimd_policies(UserPoolId=pool_id)["CIMDPolicies"]) == 20


def test_a_new_policy_has_received_no_url(idp, pool_id, policy):
    answer = idp.list_client_metadata_urls(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"])
    assert answer["ClientMetadataURLs"] == [] and "NextToken" not in answer
    url = "https://tools.example.net/client.json"
    for action in ("REFRESH", "INVALIDATE"):
        with pytest.raises(ClientError) as raised:
            idp.update_client_metadata_url_state(UserPoolId=pool_id, CIMDPolicyId=policy["CIMDPolicyId"], URL=url,
                                                 Action=action)
        assert error_of(raised) == ("CachedCIMDURLDoesNotExistException", "There is no cached client metadata "
                                    f"document for {url} in CIMD policy {policy['CIMDPolicyId']}.")


def test_unknown_policy_and_pool(idp, pool_id):
    for call in (lambda: idp.describe_cimd_policy(UserPoolId=pool_id, CIMDPolicyId="nosuchpolicy"),
                 lambda: idp.list_client_metadata_urls(UserPoolId=pool_id, CIMDPolicyId="nosuchpolicy"),
                 lambda: idp.delete_cimd_policy(UserPoolId=pool_id, CIMDPolicyId="nosuchpolicy")):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised) == ("ResourceNotFoundException", "CIMD policy nosuchpolicy does not exist.")
    with pytest.raises(ClientError) as raised:
        idp.list_cimd_policies(UserPoolId="us-east-1_nosuchpool")
    assert error_of(raised) == ("ResourceNotFoundException", "User pool us-east-1_nosuchpool does not exist.")
