"""The durable store (``--persist``): what is written, what is read back, and what is refused.

A state written and read back is the same state (every record equal), signs in the same and verifies
its old tokens with its old keys; a request writes only the records of what it touched; a file that
is not this release's store is refused untouched; a crafted file never makes anything but our own
data classes."""
import json
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import boto3
import jwt
import pytest

from cognito_mock import mock_cognito
from cognito_mock.backend import persistence
from cognito_mock.backend.persistence import FormatError, StoreFileError, durable as durable_module
from cognito_mock.backend.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
pytestmark = pytest.mark.skipif(bool(os.environ.get("COGNITO_MOCK_CHECK_PERSISTENCE")),
                                reason="attaches files of its own; the check mode attaches one to every store")


def attach(store, path):
    with store.lock:
        return persistence.attach(store, path)


def rich_state(cognito):
    """A pool with a client, a group, a confirmed user with tokens and TOTP; an identity; sync data."""
    idp = boto3.client("cognito-idp", region_name="us-east-1")
    pool = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=pool, SoftwareTokenMfaConfiguration={"Enabled": True},
                                 MfaConfiguration="OPTIONAL")
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c", GenerateSecret=True, ExplicitAuthFlows=[
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    idp.create_user_pool_domain(UserPoolId=pool, Domain="kept-domain")
    idp.create_group(UserPoolId=pool, GroupName="g")
    idp.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "ana@example.com"}])
    idp.admin_set_user_password(UserPoolId=pool, Username="ana", Password="Passw0rd!", Permanent=True)
    idp.admin_add_user_to_group(UserPoolId=pool, Username="ana", GroupName="g")
    tokens = idp.admin_initiate_auth(UserPoolId=pool, ClientId=client["ClientId"], AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                     AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!", "SECRET_HASH": _hash(
                                         client, "ana")})["AuthenticationResult"]
    idp.associate_software_token(AccessToken=tokens["AccessToken"])
    identity = boto3.client("cognito-identity", region_name="us-east-1")
    ipool = identity.create_identity_pool(IdentityPoolName="i", AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
    identity_id = identity.get_id(IdentityPoolId=ipool)["IdentityId"]
    sync = boto3.client("cognito-sync", region_name="us-east-1")
    token = sync.list_records(IdentityPoolId=ipool, IdentityId=identity_id, DatasetName="d")["SyncSessionToken"]
    sync.update_records(IdentityPoolId=ipool, IdentityId=identity_id, DatasetName="d", SyncSessionToken=token,
                        RecordPatches=[{"Op": "replace", "Key": "k", "Value": "v", "SyncCount": 0}])
    return idp, pool, client, tokens


def _hash(client, username):
    import base64
    import hashlib
    import hmac
    digest = hmac.new(client["ClientSecret"].encode(), (username + client["ClientId"]).encode(), hashlib.sha256)
    return base64.b64encode(digest.digest()).decode()


def test_a_state_read_back_is_the_same_state_and_works(tmp_path):
    path = tmp_path / "state.db"
    with mock_cognito() as cognito:
        idp, pool, client, tokens = rich_state(cognito)
        durable = attach(cognito.store, path)
        before = durable_module.expected_rows(durable)
        durable.close()
    with mock_cognito() as cognito:
        durable = attach(cognito.store, path)
        assert durable_module.expected_rows(durable) == before
        idp = boto3.client("cognito-idp", region_name="us-east-1")
        again = idp.admin_initiate_auth(UserPoolId=pool, ClientId=client["ClientId"], AuthFlow="REFRESH_TOKEN_AUTH",
                                        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"],
                                                        "SECRET_HASH": _hash(client, "ana")})
        assert again["AuthenticationResult"]["AccessToken"]
        assert idp.admin_get_user(UserPoolId=pool, Username="ana")["UserStatus"] == "CONFIRMED"
        assert [u["Username"] for u in idp.list_users(UserPoolId=pool, Filter='email = "ana@example.com"')["Users"]] \
            == ["ana"]                                              # the search index is rebuilt
        durable.close()


def test_old_tokens_verify_against_the_reloaded_keys(tmp_path):
    path = tmp_path / "state.db"
    with mock_cognito() as cognito:
        idp, pool, client, tokens = rich_state(cognito)
        attach(cognito.store, path).close()
    with mock_cognito() as cognito:
        url = cognito.server()
        durable = attach(cognito.store, path)
        import requests
        keys = requests.get(f"{url}/{pool}/.well-known/jwks.json").json()["keys"]
        key = jwt.PyJWK(next(k for k in keys if k["kid"] == jwt.get_unverified_header(tokens["IdToken"])["kid"]))
        claims = jwt.decode(tokens["IdToken"], key.key, algorithms=["RS256"], audience=client["ClientId"],
                            options={"verify_exp": False, "verify_iss": False})
        assert claims["cognito:username"] == "ana"
        durable.close()


def test_a_write_rewrites_only_what_it_touched(tmp_path):
    with mock_cognito() as cognito:
        idp = boto3.client("cognito-idp", region_name="us-east-1")
        pool = idp.create_user_pool(PoolName="big")["UserPool"]["Id"]
        for n in range(300):
            idp.admin_create_user(UserPoolId=pool, Username=f"user{n}", MessageAction="SUPPRESS")
        durable = attach(cognito.store, tmp_path / "state.db")
        written = []
        plain_write = durable.file.write

        def spy(**changes):
            written.append(changes)
            plain_write(**changes)
        durable.file.write = spy
        idp.admin_update_user_attributes(UserPoolId=pool, Username="user7",
                                         UserAttributes=[{"Name": "name", "Value": "Seven"}])
        upserts = [(path.rsplit("/", 1)[-1], key) for change in written for path, key, _ in change["upserts"]]
        assert ("users", "user7") in upserts
        assert len(upserts) <= 3, upserts                  # the user (and at most the pool and index records)
        written.clear()
        idp.list_users(UserPoolId=pool, Limit=60)          # a read writes nothing
        idp.admin_get_user(UserPoolId=pool, Username="user8")
        assert not any(change["upserts"] or change["deletes"] for change in written)
        durable.close()


def test_a_deleted_pool_leaves_no_record(tmp_path):
    path = tmp_path / "state.db"
    with mock_cognito() as cognito:
        idp, pool, client, tokens = rich_state(cognito)
        durable = attach(cognito.store, path)
        idp.delete_user_pool(UserPoolId=pool)
        rows = [(p, k) for p, k, _ in durable.file.rows()]
        assert not [row for row in rows if pool in row[0] or row[1] == pool], rows
        durable_module.check(durable)
        durable.close()


@pytest.mark.parametrize("version", [1, 2])
def test_the_files_of_every_release_are_read(tmp_path, version):
    """tests/fixtures/store-vN.db was written by the release that introduced schema N
    (scripts/make_store_fixture.py): later releases must read it (1: the first; 2: a user's password
    fields packed in one)."""
    path = tmp_path / "store.db"
    shutil.copy(FIXTURES / f"store-v{version}.db", path)
    facts = json.loads((FIXTURES / f"store-v{version}.json").read_text())
    with closing(sqlite3.connect(path)) as db:
        users = [body for (body,) in db.execute("SELECT body FROM records WHERE body LIKE '{\"$dc\":\"User\"%'")]
    assert users and all(('"password_salt"' in body) == (version == 1) for body in users)
    with mock_cognito() as cognito:
        url = cognito.server()
        durable = attach(cognito.store, path)
        idp = boto3.client("cognito-idp", region_name="us-east-1")
        signed_in = idp.initiate_auth(ClientId=facts["client"], AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
            "USERNAME": facts["username"], "PASSWORD": facts["password"]})["AuthenticationResult"]
        assert jwt.decode(signed_in["IdToken"], options={"verify_signature": False})["custom:team"] == "blue"
        import requests
        keys = requests.get(f"{url}/{facts['pool']}/.well-known/jwks.json").json()["keys"]
        old = facts["id_token"]
        key = jwt.PyJWK(next(k for k in keys if k["kid"] == jwt.get_unverified_header(old)["kid"]))
        assert jwt.decode(old, key.key, algorithms=["RS256"], audience=facts["client"],
                          options={"verify_exp": False, "verify_iss": False})["cognito:groups"] == ["admins"]
        sync = boto3.client("cognito-sync", region_name="us-east-1")
        records = sync.list_records(IdentityPoolId=facts["identity_pool"], IdentityId=facts["identity"],
                                    DatasetName="prefs")["Records"]
        assert [(r["Key"], r["Value"]) for r in records] == [("theme", "dark")]
        sub = jwt.decode(old, options={"verify_signature": False})["sub"]
        assert idp.admin_get_user(UserPoolId=facts["pool"], Username=sub)["Username"] == facts["username"]
        durable.close()
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert db.execute("SELECT count(*) FROM records WHERE path LIKE '%/subs'").fetchone()[0] == 0


def _refused(path, fragment):
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(StoreFileError) as info:
        attach(Store(), path)
    assert fragment in str(info.value) and "\n" not in str(info.value)
    assert (path.read_bytes() if path.is_file() else None) == before
    return str(info.value)


def test_a_file_that_is_not_a_store_is_refused_untouched(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    _refused(text, "not a cognito-mock store")
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    _refused(empty, "not a cognito-mock store")
    foreign = tmp_path / "other.db"
    with closing(sqlite3.connect(foreign)) as db, db:
        db.execute("CREATE TABLE t (x)")
    _refused(foreign, "not a cognito-mock store")
    truncated = tmp_path / "truncated.db"
    truncated.write_bytes((FIXTURES / "store-v1.db").read_bytes()[:5000])
    with pytest.raises((StoreFileError, FormatError)):
        attach(Store(), truncated)


def test_a_file_from_a_newer_release_is_refused(tmp_path):
    newer = tmp_path / "newer.db"
    shutil.copy(FIXTURES / "store-v1.db", newer)
    with closing(sqlite3.connect(newer)) as db:
        db.execute("PRAGMA user_version=99")
    assert "upgrade cognito-mock" in _refused(newer, "schema 99")


def test_paths_that_cannot_keep_a_state_are_refused(tmp_path):
    _refused(tmp_path / "no" / "such" / "state.db", "does not exist")
    _refused(tmp_path, "is a directory")
    if os.geteuid() != 0:                       # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        _refused(locked / "state.db", "not writable")


@pytest.mark.parametrize("body", [
    '{"$dc":"Popen","args":"touch pwned"}',                     # not one of our classes
    '{"$dc":"User","__class__":"os.system"}',                  # not a field
    '{"$en":"Signals","v":9}',
    '{"$nope":1}',
])
def test_a_crafted_record_never_makes_anything_but_our_data(tmp_path, body):
    path = tmp_path / "crafted.db"
    shutil.copy(FIXTURES / "store-v1.db", path)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE records SET body = ? WHERE path = 'regions'", (body,))
    with pytest.raises(FormatError):
        attach(Store(), path)
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_no_pickle_anywhere():
    root = Path(__file__).resolve().parents[2] / "cognito_mock"
    import re
    users = [p for p in root.rglob("*.py") if re.search(r"import pickle|pickle\.|from pickle|marshal\.load|shelve",
                                                        p.read_text())]
    assert not users, users


def test_the_outbox_and_clock_are_kept(tmp_path):
    path = tmp_path / "state.db"
    with mock_cognito() as cognito:
        idp = boto3.client("cognito-idp", region_name="us-east-1")
        pool = idp.create_user_pool(PoolName="p", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
        client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c")["UserPoolClient"]["ClientId"]
        durable = attach(cognito.store, path)
        idp.sign_up(ClientId=client, Username="bo", Password="Passw0rd!",
                    UserAttributes=[{"Name": "email", "Value": "bo@example.com"}])
        code = cognito.outbox.last(to="bo@example.com").code
        cognito.clock.advance(hours=2)
        with cognito.store.lock:
            pass                                 # a transport's release commits the clock
        later = cognito.clock.now()
        durable.close()
    with mock_cognito() as cognito:
        durable = attach(cognito.store, path)
        assert cognito.outbox.last(to="bo@example.com").code == code
        assert cognito.clock.now() >= later
        boto3.client("cognito-idp", region_name="us-east-1").confirm_sign_up(
            ClientId=client, Username="bo", ConfirmationCode=code)
        durable.close()


def test_a_file_in_use_by_another_server_is_refused(tmp_path):
    path = tmp_path / "state.db"
    first = Store()
    durable = attach(first, path)
    try:
        _refused(path, "in use by another process")
    finally:
        with first.lock:
            durable.close()
    attach(Store(), path).close()                  # free again once the first one closed it


def test_a_failed_write_is_answered_as_an_error_and_written_by_the_next_one(tmp_path):
    with mock_cognito() as cognito:
        idp = boto3.client("cognito-idp", region_name="us-east-1")
        pool = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
        durable = attach(cognito.store, tmp_path / "state.db")
        plain_write = durable.file.write
        failures = [OSError(28, "No space left on device")]

        def full_disk(**changes):
            if failures:
                raise failures.pop()
            plain_write(**changes)
        durable.file.write = full_disk
        with pytest.raises(idp.exceptions.InternalErrorException):
            idp.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS")
        idp.admin_create_user(UserPoolId=pool, Username="bo", MessageAction="SUPPRESS")
        durable_module.check(durable)                  # ana (in memory since the first call) is on disk too
        assert {key for path, key, _ in durable.file.rows() if path.endswith("/users")} == {"ana", "bo"}
        durable.close()
