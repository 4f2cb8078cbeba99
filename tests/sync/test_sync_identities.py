"""cognito-sync data of identities that go away: DeleteIdentities removes it, merges keep it as
merged datasets ``{name}.{mergedIdentityId}`` reported in ListRecords' MergedDatasetNames."""
import boto3
import pytest
import responses
from botocore.exceptions import ClientError
from fake_idps import GOOGLE_CERTS, Facebook, JwtProvider
from helpers import error_of as error

FACEBOOK, GOOGLE, DEV = "graph.facebook.com", "accounts.google.com", "login.example.com"
PUSH = {"ApplicationArns": ["arn:aws:sns:us-east-1:123456789012:app/GCM/app"], "RoleArn": "arn:aws:iam::123456789012:role/push"}


@pytest.fixture
def identity(mock):
    return boto3.client("cognito-identity", region_name="us-east-1")


@pytest.fixture
def pool_id(identity):
    return identity.create_identity_pool(IdentityPoolName="p", AllowUnauthenticatedIdentities=True,
                                         SupportedLoginProviders={FACEBOOK: "fb-app", GOOGLE: "g-app"},
                                         DeveloperProviderName=DEV)["IdentityPoolId"]


def put(sync, pool_id, identity_id, dataset, **values):
    token = sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName=dataset)["SyncSessionToken"]
    current = {r["Key"]: r["SyncCount"] for r in sync.list_records(IdentityPoolId=pool_id, IdentityId=identity_id,
                                                                      DatasetName=dataset)["Records"]}
    patches = [{"Op": "replace", "Key": k, "Value": v, "SyncCount": current.get(k, 0)} for k, v in values.items()]
    return sync.update_records(IdentityPoolId=pool_id, IdentityId=identity_id, DatasetName=dataset,
                               SyncSessionToken=token, RecordPatches=patches)["Records"]


def names(sync, pool_id, identity_id):
    return [d["DatasetName"] for d in sync.list_datasets(IdentityPoolId=pool_id, IdentityId=identity_id)["Datasets"]]


def sync_state(mock, pool_id):
    return mock.store.region("123456789012", "us-east-1").sync[pool_id]


def test_delete_identities_removes_their_sync_data(identity, sync, pool_id, mock):
    gone = identity.get_id(IdentityPoolId=pool_id)["IdentityId"]
    kept = identity.get_id(IdentityPoolId=pool_id)["IdentityId"]
    put(sync, pool_id, gone, "prefs", theme="dark")
    put(sync, pool_id, kept, "prefs", theme="light")
    sync.set_identity_pool_configuration(IdentityPoolId=pool_id, PushSync=PUSH)
    device = sync.register_device(IdentityPoolId=pool_id, IdentityId=gone, Platform="GCM", Token="t")["DeviceId"]
    sync.subscribe_to_dataset(IdentityPoolId=pool_id, IdentityId=gone, DatasetName="prefs", DeviceId=device)
    sync.delete_dataset(IdentityPoolId=pool_id, IdentityId=gone, DatasetName="prefs")
    put(sync, pool_id, gone, "other", k="v")

    assert identity.delete_identities(IdentityIdsToDelete=[gone])["UnprocessedIdentityIds"] == []

    assert names(sync, pool_id, gone) == [] and names(sync, pool_id, kept) == ["prefs"]
    with pytest.raises(ClientError) as exc:
        sync.describe_dataset(IdentityPoolId=pool_id, IdentityId=gone, DatasetName="other")
    assert error(exc) == ("ResourceNotFoundException", "Dataset 'other' not found.")
    with pytest.raises(ClientError) as exc:
        sync.subscribe_to_dataset(IdentityPoolId=pool_id, IdentityId=gone, DatasetName="prefs", DeviceId=device)
    assert error(exc) == ("ResourceNotFoundException", f"Device '{device}' not found.")
    usage = sync.describe_identity_pool_usage(IdentityPoolId=pool_id)["IdentityPoolUsage"]
    assert usage["DataStorage"] == len("themelight")
    state = sync_state(mock, pool_id)
    assert gone not in state.datasets and gone not in state.deleted and gone not in state.identity_devices
    assert gone not in state.identity_sessions and all(s.identity_id != gone for s in state.sessions.values())
    assert state.devices == {} and state.device_keys == {}


@pytest.fixture
def provider_tokens(mock):
    """A Facebook access token and a Google ID token for the pool's apps, their providers served."""
    facebook, google = Facebook(), JwtProvider("google", "https://accounts.google.com", GOOGLE_CERTS)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as served:
        facebook.serve(served)
        google.serve(served)
        yield facebook.issue("fb-app", "10215"), google.token(mock.clock.now(), "g-app")


def test_get_id_merge_keeps_the_merged_identitys_datasets(identity, sync, pool_id, mock, provider_tokens):
    fb_token, g_token = provider_tokens
    first = identity.get_id(IdentityPoolId=pool_id, Logins={FACEBOOK: fb_token})["IdentityId"]
    second = identity.get_id(IdentityPoolId=pool_id, Logins={GOOGLE: g_token})["IdentityId"]
    put(sync, pool_id, first, "prefs", theme="dark")
    put(sync, pool_id, second, "prefs", theme="light", lang="en")
    put(sync, pool_id, second, "scores", best="10")

    merged = identity.get_id(IdentityPoolId=pool_id, Logins={FACEBOOK: fb_token, GOOGLE: g_token})["IdentityId"]

    assert merged == first
    assert names(sync, pool_id, first) == ["prefs", f"prefs.{second}", f"scores.{second}"]
    listed = sync.list_records(IdentityPoolId=pool_id, IdentityId=first, DatasetName="prefs")
    assert listed["MergedDatasetNames"] == [f"prefs.{second}"]
    assert [(r["Key"], r["Value"]) for r in listed["Records"]] == [("theme", "dark")]
    assert sync.list_records(IdentityPoolId=pool_id, IdentityId=first, DatasetName="scores")["MergedDatasetNames"] == [
        f"scores.{second}"]
    copy = sync.list_records(IdentityPoolId=pool_id, IdentityId=first, DatasetName=f"prefs.{second}")
    assert sorted((r["Key"], r["Value"]) for r in copy["Records"]) == [("lang", "en"), ("theme", "light")]
    assert "MergedDatasetNames" not in copy
    described = sync.describe_dataset(IdentityPoolId=pool_id, IdentityId=first, DatasetName=f"prefs.{second}")["Dataset"]
    assert described["IdentityId"] == first and described["NumRecords"] == 2
    assert names(sync, pool_id, second) == []

    # DeleteDataset: "Datasets that this dataset was merged with will no longer report the merge."
    sync.delete_dataset(IdentityPoolId=pool_id, IdentityId=first, DatasetName=f"prefs.{second}")
    assert "MergedDatasetNames" not in sync.list_records(IdentityPoolId=pool_id, IdentityId=first, DatasetName="prefs")
    assert (first, "prefs") not in sync_state(mock, pool_id).merged


def test_merge_developer_identities_reports_merged_datasets(identity, sync, pool_id):
    a = identity.get_open_id_token_for_developer_identity(IdentityPoolId=pool_id, Logins={DEV: "a"})["IdentityId"]
    b = identity.get_open_id_token_for_developer_identity(IdentityPoolId=pool_id, Logins={DEV: "b"})["IdentityId"]
    c = identity.get_open_id_token_for_developer_identity(IdentityPoolId=pool_id, Logins={DEV: "c"})["IdentityId"]
    put(sync, pool_id, a, "game", level="3")
    put(sync, pool_id, b, "game", level="7")
    identity.merge_developer_identities(SourceUserIdentifier="a", DestinationUserIdentifier="b",
                                        DeveloperProviderName=DEV, IdentityPoolId=pool_id)
    assert sync.list_records(IdentityPoolId=pool_id, IdentityId=b, DatasetName="game")["MergedDatasetNames"] == [
        f"game.{a}"]
    # merged again: the datasets keep being reported under their root name
    identity.merge_developer_identities(SourceUserIdentifier="b", DestinationUserIdentifier="c",
                                        DeveloperProviderName=DEV, IdentityPoolId=pool_id)
    assert sync.list_records(IdentityPoolId=pool_id, IdentityId=c, DatasetName="game")["MergedDatasetNames"] == sorted(
        [f"game.{a}.{b}", f"game.{b}"])
    assert names(sync, pool_id, c) == sorted([f"game.{a}.{b}", f"game.{b}"])
