"""State files in-process: ``cognito.load(file or dict)`` creates pools, clients, users and identity
pools through the real API; ``cognito.dump()`` writes the same format; a bad file names the member."""
import copy
import json

import boto3
import jwt
import pytest
from botocore.exceptions import ClientError

from cognito_mock.backend.idp.auth import keys
from cognito_mock.seeding import SeedError
from helpers import error_of

POOL_ID = "us-east-1_SeedPool1"
CLIENT_ID = "seedclient0000000000000001"
SECRET_CLIENT_ID = "seedclient0000000000000002"
SECRET = "seedsecret0123456789abcdefghijklmnopqrstuvwxyz0123"
IDENTITY_POOL_ID = "us-east-1:0b9e7c1e-6c0a-4f55-9d3c-3c3a1f8e0a11"
SUB = "7d3f4c2a-1b2c-4d5e-8f90-a1b2c3d4e5f6"

SEED = {
    "UserPools": [{
        "Id": POOL_ID, "PoolName": "app", "AliasAttributes": ["email"], "AutoVerifiedAttributes": ["email"],
        "Schema": [{"Name": "tenant", "AttributeDataType": "String", "Mutable": True}],
        "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireSymbols": False}},
        "ResourceServers": [{"Identifier": "api", "Name": "api", "Scopes": [{"ScopeName": "read", "ScopeDescription": "r"}]}],
        "Clients": [
            {"ClientId": CLIENT_ID, "ClientName": "web",
             "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]},
            {"ClientId": SECRET_CLIENT_ID, "ClientName": "backend", "ClientSecret": SECRET,
             "AllowedOAuthFlows": ["client_credentials"], "AllowedOAuthScopes": ["api/read"],
             "AllowedOAuthFlowsUserPoolClient": True},
        ],
        "Domain": "seeded-app",
        "Groups": [{"GroupName": "admins", "Precedence": 1, "Description": "Admins"}, {"GroupName": "readers"}],
        "Users": [
            {"Username": "ana", "Password": "Passw0rd12",
             "UserAttributes": [{"Name": "email", "Value": "ana@example.com"}, {"Name": "email_verified", "Value": "true"},
                                {"Name": "custom:tenant", "Value": "t1"}, {"Name": "sub", "Value": SUB}],
             "Groups": ["admins", "readers"]},
            {"Username": "bob", "Password": "Passw0rd12", "Enabled": False},
            {"Username": "cy", "Password": "Passw0rd12", "UserStatus": "UNCONFIRMED"},
            {"Username": "dee", "TemporaryPassword": "Temp0rary12"},
        ],
    }],
    "IdentityPools": [{
        "IdentityPoolId": IDENTITY_POOL_ID, "IdentityPoolName": "app_identities", "AllowUnauthenticatedIdentities": True,
        "CognitoIdentityProviders": [{"ProviderName": f"cognito-idp.us-east-1.amazonaws.com/{POOL_ID}", "ClientId": CLIENT_ID}],
        "Roles": {"unauthenticated": "arn:aws:iam::123456789012:role/guest",
                  "authenticated": "arn:aws:iam::123456789012:role/user"},
    }],
}


def sign_in(idp, username, password, client_id=CLIENT_ID):
    return idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": password})


def test_a_seeded_state_is_what_the_api_sees(cognito, idp):
    assert cognito.load(copy.deepcopy(SEED)) == {"UserPools": 1, "Clients": 2, "Users": 4, "IdentityPools": 1}
    pool = idp.describe_user_pool(UserPoolId=POOL_ID)["UserPool"]
    assert pool["Name"] == "app" and pool["Domain"] == "seeded-app"
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 10
    client = idp.describe_user_pool_client(UserPoolId=POOL_ID, ClientId=SECRET_CLIENT_ID)["UserPoolClient"]
    assert client["ClientSecret"] == SECRET and client["AllowedOAuthScopes"] == ["api/read"]
    ana = idp.admin_get_user(UserPoolId=POOL_ID, Username="ana@example.com")         # email is an alias
    assert ana["Username"] == "ana" and ana["UserStatus"] == "CONFIRMED"
    assert {"Name": "sub", "Value": SUB} in ana["UserAttributes"]
    assert {"Name": "custom:tenant", "Value": "t1"} in ana["UserAttributes"]
    groups = idp.admin_list_groups_for_user(UserPoolId=POOL_ID, Username="ana")["Groups"]
    assert sorted(g["GroupName"] for g in groups) == ["admins", "readers"]
    assert idp.admin_get_user(UserPoolId=POOL_ID, Username="bob")["Enabled"] is False
    assert idp.admin_get_user(UserPoolId=POOL_ID, Username="cy")["UserStatus"] == "UNCONFIRMED"
    assert idp.admin_get_user(UserPoolId=POOL_ID, Username="dee")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert cognito.outbox.messages == []            # seeded users get no invitation
    identity = boto3.client("cognito-identity", region_name="us-east-1")
    roles = identity.get_identity_pool_roles(IdentityPoolId=IDENTITY_POOL_ID)["Roles"]
    assert roles["authenticated"] == "arn:aws:iam::123456789012:role/user"


def test_seeded_users_sign_in_with_their_password_and_the_fixed_client(cognito, idp):
    cognito.load(copy.deepcopy(SEED))
    tokens = sign_in(idp, "ana", "Passw0rd12")["AuthenticationResult"]
    assert idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "ana"
    with pytest.raises(ClientError) as raised:
        sign_in(idp, "bob", "Passw0rd12")
    assert error_of(raised) == ("NotAuthorizedException", "User is disabled.")
    challenge = sign_in(idp, "dee", "Temp0rary12")
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_a_file_path_loads_json_and_yaml(cognito, idp, tmp_path):
    yaml = pytest.importorskip("yaml")
    (tmp_path / "a.json").write_text(json.dumps({"UserPools": [{"Id": "us-east-1_FromJson", "PoolName": "j"}]}))
    (tmp_path / "b.yaml").write_text(yaml.safe_dump({"UserPools": [{"Id": "eu-west-1_FromYaml", "PoolName": "y"}]}))
    cognito.load(str(tmp_path / "a.json"))
    cognito.load(tmp_path / "b.yaml")
    assert idp.describe_user_pool(UserPoolId="us-east-1_FromJson")["UserPool"]["Name"] == "j"
    europe = boto3.client("cognito-idp", region_name="eu-west-1")       # the region is the id's
    assert europe.describe_user_pool(UserPoolId="eu-west-1_FromYaml")["UserPool"]["Name"] == "y"


def test_export_seeds_an_equal_state(cognito, idp):
    cognito.load(copy.deepcopy(SEED))
    idp.admin_create_user(UserPoolId=POOL_ID, Username="eve", MessageAction="SUPPRESS")   # made through the API
    idp.admin_set_user_password(UserPoolId=POOL_ID, Username="eve", Password="Evepassw0rd", Permanent=True)
    exported = cognito.dump()
    assert json.loads(json.dumps(exported)) == exported                      # plain JSON
    eve = next(u for u in exported["UserPools"][0]["Users"] if u["Username"] == "eve")
    assert "Password" not in eve and eve["PasswordHash"].startswith("cognito-mock-srp-sha256$")
    cognito.reset()
    cognito.load(exported)
    assert cognito.dump() == exported
    assert sign_in(idp, "eve", "Evepassw0rd")["AuthenticationResult"]["AccessToken"]


def test_an_email_username_pool_round_trips(cognito, idp):
    pool_id = idp.create_user_pool(PoolName="emails", UsernameAttributes=["email"])["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c",
                                            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="zoe@example.com", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="zoe@example.com", Password="Passw0rd!", Permanent=True)
    exported = cognito.dump()
    cognito.reset()
    cognito.load(exported)
    assert cognito.dump() == exported
    assert sign_in(idp, "zoe@example.com", "Passw0rd!", client_id)["AuthenticationResult"]


# -- bad files: the member's path, and nothing created ---------------------------------------------
def with_change(change):
    seed = copy.deepcopy(SEED)
    change(seed)
    return seed


def set_in(path, value):
    def change(seed):
        target = seed
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


BAD = [
    (set_in(["UserPools", 0, "Clients", 1, "ExplicitAuthFlows"], ["ALLOW_NOTHING"]),
     "UserPools[0].Clients[1].ExplicitAuthFlows: InvalidParameterException: 1 validation error detected: "
     "Value '[ALLOW_NOTHING]' at 'explicitAuthFlows'"),
    (set_in(["UserPools", 0, "Clients", 0, "AccessTokenValidity"], "an hour"),
     "UserPools[0].Clients[0].AccessTokenValidity: SerializationException: STRING_VALUE can not be converted to an Integer"),
    (set_in(["UserPools", 0, "Clients", 0, "TokenValidityUnits"], {"AccessToken": "weeks"}),
     "UserPools[0].Clients[0].TokenValidityUnits.AccessToken: InvalidParameterException"),
    (set_in(["UserPools", 0, "Clients", 0, "ExplicitAuthFlow"], []),
     "UserPools[0].Clients[0].ExplicitAuthFlow: unknown member"),
    (set_in(["UserPools", 0, "Id"], "not a pool id"), "UserPools[0].Id: InvalidParameterException"),
    (set_in(["UserPools", 0, "Clients", 1, "ClientId"], CLIENT_ID), "UserPools[0].Clients[1].ClientId: "
     f"'{CLIENT_ID}' is used twice in this file"),
    (set_in(["UserPools", 0, "Users", 0, "Password"], "short"),
     "UserPools[0].Users[0].Password: InvalidPasswordException: Password did not conform with policy: "
     "Password not long enough"),
    (set_in(["UserPools", 0, "Users", 1, "Groups"], ["nobody"]),
     "UserPools[0].Users[1].Groups[0]: ResourceNotFoundException"),
    (set_in(["UserPools", 0, "Users", 1, "PasswordHash"], "x"), "UserPools[0].Users[1].PasswordHash: give Password or "
     "PasswordHash, not both"),
    (set_in(["UserPools", 0, "Users", 3, "PasswordHash"], "md5$abc"), "UserPools[0].Users[3].PasswordHash: not a password "
     "stored by cognito-mock"),
    (set_in(["UserPools", 0, "Users", 2, "UserStatus"], "ACTIVE"), "UserPools[0].Users[2].UserStatus: expected one of"),
    (set_in(["UserPools", 0, "Users", 3, "UserAttributes"], [{"Name": "custom:nope", "Value": "x"}]),
     "UserPools[0].Users[3]: InvalidParameterException"),
    (lambda seed: seed["UserPools"][0].pop("PoolName"),
     "UserPools[0].PoolName: InvalidParameterException: 1 validation error detected: Value null at 'poolName'"),
    (set_in(["IdentityPools", 0, "Roles"], {"authenticated": "not-an-arn"}),
     "IdentityPools[0].Roles"),
    (set_in(["Pools"], []), "Pools: unknown member"),
    (set_in(["UserPools", 0, "Groups"], {"GroupName": "admins"}), "UserPools[0].Groups: expected a list"),
    (set_in(["UserPools", 0, "SigningKey"], "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n"),
     "UserPools[0].SigningKey: expected an RSA private key (2048 bits or more) in PEM, as `export` writes it"),
]


@pytest.mark.parametrize("change,message", BAD, ids=[m.split(":")[0] for _, m in BAD])
def test_a_bad_file_names_the_member_and_creates_nothing(cognito, idp, change, message):
    with pytest.raises(SeedError) as raised:
        cognito.load(with_change(change))
    assert str(raised.value).startswith(message), str(raised.value)
    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []
    identity = boto3.client("cognito-identity", region_name="us-east-1")
    assert identity.list_identity_pools(MaxResults=10)["IdentityPools"] == []


def test_a_file_clashing_with_the_state_changes_nothing(cognito, idp):
    cognito.load({"UserPools": [{"Id": POOL_ID, "PoolName": "first"}]})
    with pytest.raises(SeedError) as raised:
        cognito.load({"UserPools": [{"Id": "us-east-1_Other", "PoolName": "other"}, {"Id": POOL_ID, "PoolName": "again"}]})
    assert str(raised.value) == f"already in the emulator: {POOL_ID} (reset it first)"
    assert [p["Name"] for p in idp.list_user_pools(MaxResults=10)["UserPools"]] == ["first"]


def test_unreadable_files_say_why(cognito, tmp_path):
    (tmp_path / "bad.json").write_text('{"UserPools": [}')
    with pytest.raises(SeedError, match=r"bad.json is not valid JSON: Expecting value at line 1 column 16"):
        cognito.load(str(tmp_path / "bad.json"))
    with pytest.raises(SeedError, match="cannot read"):
        cognito.load(str(tmp_path / "missing.json"))


def test_triggers_do_not_run_while_seeding(cognito, idp):
    calls = []
    cognito.triggers.register("pre-sign-up", lambda event, context: calls.append(event) or event)
    cognito.load({"UserPools": [{"Id": POOL_ID, "PoolName": "p", "LambdaConfig": {
        "PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up",
        "CustomMessage": "arn:aws:lambda:us-east-1:123456789012:function:not-registered"},
        "Users": [{"Username": "ana", "Password": "Passw0rd!"}]}]})
    assert calls == [] and cognito.triggers.calls == []
    idp.admin_create_user(UserPoolId=POOL_ID, Username="later", MessageAction="SUPPRESS")
    assert [e["triggerSource"] for e in calls] == ["PreSignUp_AdminCreateUser"]     # configured for what follows


def test_a_pool_keeps_its_signing_key_through_dump_and_load(cognito, idp):
    """The JWKS is part of a pool's visible state: an exported pool signs with the same key when seeded
    again, so tokens it issued before still verify. A pool that never signed exports no key."""
    cognito.load(copy.deepcopy(SEED))
    assert "SigningKey" not in cognito.dump()["UserPools"][0]
    token = sign_in(idp, "ana", "Passw0rd12")["AuthenticationResult"]["IdToken"]
    state = cognito.dump()
    assert state["UserPools"][0]["SigningKey"].startswith("-----BEGIN PRIVATE KEY-----")
    jwks = cognito_jwks(cognito)
    cognito.reset()
    cognito.load(state)
    assert cognito_jwks(cognito) == jwks
    assert idp.get_user(AccessToken=sign_in(idp, "ana", "Passw0rd12")["AuthenticationResult"]["AccessToken"])
    key = jwt.PyJWK(jwks["keys"][0]).key
    assert jwt.decode(token, key, algorithms=["RS256"], audience=CLIENT_ID)["cognito:username"] == "ana"


def cognito_jwks(cognito):
    account, region = cognito.store.index.user_pools[POOL_ID]
    return keys.jwks(cognito.store.region(account, region).user_pools[POOL_ID])
