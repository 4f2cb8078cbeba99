"""mock_cognito as decorator and context manager: interception, isolation, environment."""
import os
import subprocess
import sys
import textwrap
import unittest

import boto3
import pytest
from botocore.exceptions import ClientError

from cognito_mock import mock_cognito


def pool_count(region="us-east-1"):
    idp = boto3.client("cognito-idp", region_name=region)
    return len(idp.list_user_pools(MaxResults=60)["UserPools"])


def test_context_manager_answers_and_starts_empty():
    with mock_cognito() as cognito:
        boto3.client("cognito-idp", region_name="us-east-1").create_user_pool(PoolName="p")
        assert pool_count() == 1
        assert cognito.store.index.user_pools
    with mock_cognito():
        assert pool_count() == 0


def test_nested_activations_share_the_outer_state():
    with mock_cognito() as outer:
        boto3.client("cognito-idp", region_name="us-east-1").create_user_pool(PoolName="p")
        with mock_cognito() as inner:
            assert inner is outer
            assert pool_count() == 1
        assert pool_count() == 1


@mock_cognito
def test_function_decorator():
    assert pool_count() == 0


@mock_cognito
class TestClassDecorator:
    def test_each_method_is_mocked(self):
        boto3.client("cognito-idp", region_name="us-east-1").create_user_pool(PoolName="p")
        assert pool_count() == 1

    def test_and_starts_empty(self):
        assert pool_count() == 0


def test_decorator_keeps_pytest_fixtures(tmp_path):
    @mock_cognito
    def inner(tmp_path):
        return tmp_path

    assert inner(tmp_path) == tmp_path
    assert inner.__name__ == "inner"


def test_environment_is_restored_exactly(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALKEY")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-session")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY", raising=False)
    before = dict(os.environ)
    with mock_cognito():
        assert os.environ["AWS_ACCESS_KEY_ID"] != "AKIAREALKEY"
        assert "AWS_SESSION_TOKEN" not in os.environ
    assert dict(os.environ) == before


def test_client_created_before_activation_without_credentials(monkeypatch):
    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    early = boto3.client("cognito-idp", region_name="eu-west-1")
    with mock_cognito():
        early.create_user_pool(PoolName="early")
        assert early.list_user_pools(MaxResults=10)["UserPools"][0]["Name"] == "early"


def test_clients_created_before_import_in_a_fresh_interpreter():
    script = textwrap.dedent("""
        import os
        for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
            os.environ.pop(key, None)
        os.environ.update(AWS_SHARED_CREDENTIALS_FILE="/nonexistent", AWS_CONFIG_FILE="/nonexistent",
                          AWS_EC2_METADATA_DISABLED="true")
        import boto3
        early = boto3.client("cognito-idp", region_name="us-east-1")       # no credentials at all
        from cognito_mock import mock_cognito
        with mock_cognito():
            pool = early.create_user_pool(PoolName="before-import")["UserPool"]
            later = boto3.client("cognito-idp", region_name="us-east-1")    # same default session
            print(pool["Id"].startswith("us-east-1_"), pool["Name"], len(later.list_user_pools(MaxResults=5)["UserPools"]))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["True", "before-import", "1"], out.stderr


def test_other_services_pass_through_to_moto():
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        with mock_cognito():
            s3.create_bucket(Bucket="side-by-side")           # moto answers S3
            boto3.client("cognito-idp", region_name="us-east-1").create_user_pool(PoolName="ours")
            assert pool_count() == 1                            # we answer Cognito
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["side-by-side"]
        assert pool_count() == 0                                # moto never saw our pool


def test_not_implemented_action_is_a_clear_501(monkeypatch):
    from cognito_mock.api.registry import ACTIONS
    monkeypatch.delitem(ACTIONS["cognito-idp"], "ListGroups")      # as an action botocore adds later
    with mock_cognito():
        client = boto3.client("cognito-idp", region_name="us-east-1")
        with pytest.raises(ClientError) as err:
            client.list_groups(UserPoolId="us-east-1_abc")
    assert err.value.response["Error"]["Code"] == "InternalFailure"
    assert "ListGroups" in err.value.response["Error"]["Message"]
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501


@mock_cognito
class TestUnittestStyle(unittest.TestCase):
    def setUp(self):
        self.idp = boto3.client("cognito-idp", region_name="us-east-1")
        self.pool_id = self.idp.create_user_pool(PoolName="from-setup")["UserPool"]["Id"]

    def test_set_up_state_is_visible_in_the_test(self):
        self.assertEqual(self.idp.describe_user_pool(UserPoolId=self.pool_id)["UserPool"]["Name"], "from-setup")

    def tearDown(self):
        self.idp.delete_user_pool(UserPoolId=self.pool_id)     # still mocked
