"""Write tests/fixtures/store-vN.db (N: this release's schema version) and its facts: a small state kept by
this release's store format, which every later release must still read (tests/backend/test_store_file.py
loads every one). Run it only when the store's schema version changes, to add a file for the new version
beside the old ones."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import boto3

from cognito_mock import mock_cognito
from cognito_mock.backend import persistence
from cognito_mock.backend.persistence.record_file import SCHEMA_VERSION

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def main() -> int:
    target = OUT / f"store-v{SCHEMA_VERSION}.db"
    target.unlink(missing_ok=True)
    with mock_cognito() as cognito:
        idp = boto3.client("cognito-idp", region_name="us-east-1")
        identity = boto3.client("cognito-identity", region_name="us-east-1")
        sync = boto3.client("cognito-sync", region_name="us-east-1")
        pool = idp.create_user_pool(PoolName="kept", AutoVerifiedAttributes=["email"],
                                    Schema=[{"Name": "team", "AttributeDataType": "String"}])["UserPool"]["Id"]
        client = idp.create_user_pool_client(UserPoolId=pool, ClientName="app", GenerateSecret=False,
                                             ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        client_id = client["UserPoolClient"]["ClientId"]
        idp.create_group(UserPoolId=pool, GroupName="admins", Precedence=1)
        idp.admin_create_user(UserPoolId=pool, Username="ana", MessageAction="SUPPRESS", UserAttributes=[
            {"Name": "email", "Value": "ana@example.com"}, {"Name": "email_verified", "Value": "true"},
            {"Name": "custom:team", "Value": "blue"}])
        idp.admin_set_user_password(UserPoolId=pool, Username="ana", Password="Kept-Passw0rd!", Permanent=True)
        idp.admin_add_user_to_group(UserPoolId=pool, Username="ana", GroupName="admins")
        tokens = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
            "USERNAME": "ana", "PASSWORD": "Kept-Passw0rd!"})["AuthenticationResult"]
        ipool = identity.create_identity_pool(IdentityPoolName="kept", AllowUnauthenticatedIdentities=True)
        identity_id = identity.get_id(IdentityPoolId=ipool["IdentityPoolId"])["IdentityId"]
        session = sync.list_records(IdentityPoolId=ipool["IdentityPoolId"], IdentityId=identity_id,
                                    DatasetName="prefs")["SyncSessionToken"]
        sync.update_records(IdentityPoolId=ipool["IdentityPoolId"], IdentityId=identity_id, DatasetName="prefs",
                            SyncSessionToken=session, RecordPatches=[
                                {"Op": "replace", "Key": "theme", "Value": "dark", "SyncCount": 0}])
        with cognito.store.lock:
            durable = persistence.attach(cognito.store, target)
        durable.close()
    facts = {"pool": pool, "client": client_id, "username": "ana", "password": "Kept-Passw0rd!",
             "id_token": tokens["IdToken"], "refresh_token": tokens["RefreshToken"],
             "identity_pool": ipool["IdentityPoolId"], "identity": identity_id}
    (OUT / f"store-v{SCHEMA_VERSION}.json").write_text(json.dumps(facts, indent=2) + "\n")
    for extra in (OUT / f"store-v{SCHEMA_VERSION}.db-wal", OUT / f"store-v{SCHEMA_VERSION}.db-shm"):
        extra.unlink(missing_ok=True)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
