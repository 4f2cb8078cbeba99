"""Seeded users take a bulk path (no handler call per user, ListUsers indexes sorted once at the end),
and an import job sorts its users in once: a pool made that way is what one made user by user with
AdminCreateUser / AdminSetUserPassword / AdminDisableUser looks like to every client."""
import copy

import pytest
from botocore.exceptions import ClientError

from cognito_mock.seeding import SeedError
from helpers import error_of

POOL = {"AliasAttributes": ["email", "preferred_username"], "AutoVerifiedAttributes": ["email"],
        "Schema": [{"Name": "tenant", "AttributeDataType": "String", "Mutable": True}],
        "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireSymbols": False}}}
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
PASSWORD = "Passw0rd12"


def user_specs(n=40):
    """Plain users (the bulk path) with, in the middle, one with Groups (through the handlers)."""
    out = []
    for i in reversed(range(n)):             # not in username order
        attributes = [{"Name": "email", "Value": f"User{i:03d}@Example.com"},
                      {"Name": "family_name", "Value": f"Family{i % 7}"},
                      {"Name": "custom:tenant", "Value": f"t{i % 3}"}]
        if i % 2:
            attributes.append({"Name": "email_verified", "Value": "true"})
        if i % 5 == 0:
            attributes.append({"Name": "preferred_username", "Value": f"pref{i}"})
        spec = {"Username": f"user{i:03d}", "UserAttributes": attributes}
        if i % 4 == 0:
            spec["TemporaryPassword"] = "Temp0rary12"
        else:
            spec["Password"] = PASSWORD
        if i % 6 == 1:
            spec["Enabled"] = False
        if i == n // 2:
            spec["Groups"] = ["staff"]
        out.append(spec)
    return out


def one_by_one(idp, specs):
    pool_id = idp.create_user_pool(PoolName="manual", **POOL)["UserPool"]["Id"]
    idp.create_group(UserPoolId=pool_id, GroupName="staff")
    for spec in specs:
        name = spec["Username"]
        idp.admin_create_user(UserPoolId=pool_id, Username=name, UserAttributes=spec["UserAttributes"],
                              MessageAction="SUPPRESS",
                              **({"TemporaryPassword": spec["TemporaryPassword"]} if "TemporaryPassword" in spec else {}))
        if "Password" in spec:
            idp.admin_set_user_password(UserPoolId=pool_id, Username=name, Password=spec["Password"], Permanent=True)
        if spec.get("Enabled") is False:
            idp.admin_disable_user(UserPoolId=pool_id, Username=name)
        for group in spec.get("Groups", []):
            idp.admin_add_user_to_group(UserPoolId=pool_id, Username=name, GroupName=group)
    return pool_id


def seeded(cognito, specs):
    cognito.load({"UserPools": [{"Id": "us-east-1_Bulk", "PoolName": "bulk", **POOL, "Groups": [{"GroupName": "staff"}],
                                 "Users": copy.deepcopy(specs)}]})
    return "us-east-1_Bulk"


def client_of(idp, pool_id):
    return idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c", ExplicitAuthFlows=FLOWS)["UserPoolClient"]["ClientId"]


def listed(idp, pool_id, filter_text=""):
    users, token = [], None
    while True:
        page = idp.list_users(UserPoolId=pool_id, Filter=filter_text, Limit=7, **({"PaginationToken": token} if token else {}))
        users += [(u["Username"], u["UserStatus"], u["Enabled"],
                   sorted((a["Name"], a["Value"]) for a in u["Attributes"] if a["Name"] != "sub")) for u in page["Users"]]
        token = page.get("PaginationToken")
        if not token:
            return users


FILTERS = ["", 'email ^= "user01"', 'email = "user013@example.com"', 'family_name = "family3"',
           'cognito:user_status = "FORCE_CHANGE_PASSWORD"', 'cognito:user_status = "UNCONFIRMED"', 'status = "Disabled"',
           'preferred_username ^= "pref"', 'username ^= "user02"', 'given_name ^= "x"']


def test_a_seeded_pool_is_one_made_user_by_user(cognito, idp):
    specs = user_specs()
    bulk, manual = seeded(cognito, specs), one_by_one(idp, specs)
    for text in FILTERS:
        assert listed(idp, bulk, text) == listed(idp, manual, text), text
    assert len(listed(idp, bulk)) == 40 and len(listed(idp, bulk, 'status = "Disabled"')) == 7
    for pool_id in (bulk, manual):
        by_alias = idp.admin_get_user(UserPoolId=pool_id, Username="User013@Example.com")   # verified email alias
        assert by_alias["Username"] == "user013"
        assert idp.admin_get_user(UserPoolId=pool_id, Username="pref15")["Username"] == "user015"
        with pytest.raises(ClientError) as raised:          # an unverified email is no alias
            idp.admin_get_user(UserPoolId=pool_id, Username="User012@Example.com")
        assert error_of(raised) == ("UserNotFoundException", "User does not exist.")
        assert [u["Username"] for u in idp.list_users_in_group(UserPoolId=pool_id, GroupName="staff")["Users"]] == ["user020"]


def test_users_may_stream_from_a_generator(cognito, idp):
    """From Python, ``Users`` may be any iterable: a generator is read once, never held whole."""
    specs = user_specs()
    taken = []

    def stream():
        for spec in copy.deepcopy(specs):
            taken.append(spec["Username"])
            yield spec
    cognito.load({"UserPools": [{"Id": "us-east-1_Bulk", "PoolName": "bulk", **POOL, "Groups": [{"GroupName": "staff"}],
                                 "Users": stream()}]})
    assert len(taken) == 40
    assert listed(idp, "us-east-1_Bulk") == listed(idp, one_by_one(idp, specs))
    with pytest.raises(SeedError) as raised:
        cognito.load({"UserPools": [{"PoolName": "other", "Users": "user1"}]})
    assert str(raised.value) == "UserPools[0].Users: expected a list, got str"


def test_a_large_load_gives_freed_memory_back(cognito, idp, monkeypatch):
    from cognito_mock.support import memory
    trims = []
    monkeypatch.setattr(memory, "_malloc_trim", lambda: trims.append)
    cognito.load({"UserPools": [{"Id": "us-east-1_Small", "PoolName": "small", **POOL, "Groups": [{"GroupName": "staff"}],
                                 "Users": user_specs(5)}]})
    assert trims == []
    users = ({"Username": f"u{i}", "Password": PASSWORD} for i in range(memory.BULK))
    cognito.load({"UserPools": [{"Id": "us-east-1_Large", "PoolName": "large", **POOL, "Users": users}]})
    assert trims == [0]
    assert idp.describe_user_pool(UserPoolId="us-east-1_Large")["UserPool"]["EstimatedNumberOfUsers"] == memory.BULK


def test_state_file_extras_are_the_same_through_the_bulk_path(cognito, idp):
    """UserStatus and PasswordHash (no API sets them): bulk users against users seeded through the handlers."""
    cognito.load({"UserPools": [{"Id": "us-east-1_Source", "PoolName": "source", **POOL,
                                 "Users": [{"Username": "ana", "Password": PASSWORD}]}]})
    stored = next(u for u in cognito.dump()["UserPools"][0]["Users"] if u["Username"] == "ana")["PasswordHash"]
    specs = user_specs(20)
    for i, spec in enumerate(specs):
        if i % 3 == 0:
            spec["UserStatus"] = ["UNCONFIRMED", "RESET_REQUIRED", "CONFIRMED", "FORCE_CHANGE_PASSWORD"][i % 4]
    specs[1] = {"Username": "ana", "PasswordHash": stored}
    slow = [dict(spec, ClientMetadata={"path": "handlers"}) for spec in specs]
    cognito.load({"UserPools": [{"Id": "us-east-1_Bulk", "PoolName": "bulk", **POOL, "Groups": [{"GroupName": "staff"}],
                                 "Users": specs},
                                {"Id": "us-east-1_Slow", "PoolName": "slow", **POOL, "Groups": [{"GroupName": "staff"}],
                                 "Users": slow}]})
    for text in FILTERS:
        assert listed(idp, "us-east-1_Bulk", text) == listed(idp, "us-east-1_Slow", text), text
    assert {u[1] for u in listed(idp, "us-east-1_Bulk")} == {"UNCONFIRMED", "RESET_REQUIRED", "CONFIRMED",
                                                            "FORCE_CHANGE_PASSWORD"}
    # the stored form is bound to its pool (the SRP realm): it signs in only where it was made
    source = client_of(idp, "us-east-1_Source")
    assert idp.initiate_auth(ClientId=source, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD})["AuthenticationResult"]
    for pool_id in ("us-east-1_Bulk", "us-east-1_Slow"):
        with pytest.raises(ClientError) as raised:
            idp.initiate_auth(ClientId=client_of(idp, pool_id), AuthFlow="USER_PASSWORD_AUTH",
                              AuthParameters={"USERNAME": "ana", "PASSWORD": PASSWORD})
        assert error_of(raised) == ("NotAuthorizedException", "Incorrect username or password.")


def test_seeded_users_sign_in_as_users_made_one_by_one_do(cognito, idp):
    specs = user_specs()
    for pool_id in (seeded(cognito, specs), one_by_one(idp, specs)):
        client_id = client_of(idp, pool_id)
        result = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                   AuthParameters={"USERNAME": "User015@Example.com", "PASSWORD": PASSWORD})
        assert result["AuthenticationResult"]["AccessToken"]
        challenge = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                      AuthParameters={"USERNAME": "user004", "PASSWORD": "Temp0rary12"})
        assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
        for username, password, expected in (("user015", "Wr0ngPassword", "Incorrect username or password."),
                                             ("user007", PASSWORD, "User is disabled.")):
            with pytest.raises(ClientError) as raised:
                idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": username, "PASSWORD": password})
            assert error_of(raised) == ("NotAuthorizedException", expected)


def test_later_calls_keep_a_seeded_pools_indexes(cognito, idp):
    pool_id = seeded(cognito, user_specs())
    idp.admin_update_user_attributes(UserPoolId=pool_id, Username="user010",
                                     UserAttributes=[{"Name": "family_name", "Value": "Zed"}])
    idp.admin_delete_user(UserPoolId=pool_id, Username="user011")
    idp.admin_create_user(UserPoolId=pool_id, Username="aaa", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "family_name", "Value": "Zed"}])
    assert [u[0] for u in listed(idp, pool_id, 'family_name = "zed"')] == ["aaa", "user010"]
    names = [u[0] for u in listed(idp, pool_id)]
    assert names[0] == "aaa" and "user011" not in names and names == sorted(names) and len(names) == 40


def load_error(cognito, specs):
    with pytest.raises(SeedError) as raised:
        cognito.load({"UserPools": [{"Id": "us-east-1_Bulk", "PoolName": "bulk", **POOL, "Groups": [{"GroupName": "staff"}],
                                     "Users": specs}]})
    return str(raised.value)


@pytest.mark.parametrize("change,message", [
    ({"Password": "short"}, "UserPools[0].Users[3].Password: InvalidPasswordException: Password did not conform "
                            "with policy: Password not long enough (AdminSetUserPassword)"),
    ({"Username": "user039"}, "UserPools[0].Users[3]: UsernameExistsException: User account already exists"),
    ({"UserAttributes": [{"Name": "email", "Value": "User039@Example.com"}, {"Name": "email_verified", "Value": "true"}]},
     "UserPools[0].Users[3]: UsernameExistsException: An account with the given email already exists."),
    ({"UserAttributes": [{"Name": "custom:nope", "Value": "x"}]}, "UserPools[0].Users[3]: InvalidParameterException"),
    ({"TemporaryPassword": "short"}, "UserPools[0].Users[3]: InvalidPasswordException: Password did not conform"),
    ({"Username": ""}, "UserPools[0].Users[3].Username: InvalidParameterException"),
    ({"Enabled": "no"}, "UserPools[0].Users[3].Enabled: expected true or false"),
])
def test_a_bad_seeded_user_fails_as_through_the_handlers_and_creates_nothing(cognito, idp, change, message):
    specs = user_specs()
    specs[3].pop("TemporaryPassword", None)
    specs[3].update(change)
    bulk = load_error(cognito, specs)
    specs[3]["ClientMetadata"] = {"path": "handlers"}       # a member the bulk path leaves to the handlers
    assert bulk.startswith(message), bulk
    assert load_error(cognito, specs) == bulk
    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []


def test_a_fixed_sub_is_found_and_used_once_a_pool(cognito, idp):
    sub = "5d1f2a9e-0000-4000-8000-000000000001"
    cognito.load({"UserPools": [{"Id": "us-east-1_Subs", "PoolName": "subs", **POOL, "Users": [
        {"Username": "ana", "Password": PASSWORD, "UserAttributes": [{"Name": "sub", "Value": sub}]},
        {"Username": "bob", "Password": PASSWORD}]}]})
    assert idp.admin_get_user(UserPoolId="us-east-1_Subs", Username=sub)["Username"] == "ana"
    with pytest.raises(SeedError) as raised:
        cognito.load({"UserPools": [{"PoolName": "twice", **POOL, "Users": [
            {"Username": name, "Password": PASSWORD, "UserAttributes": [{"Name": "sub", "Value": sub}]}
            for name in ("cy", "dee")]}]})
    assert raised.value.path == "UserPools[0].Users[1].UserAttributes" and "used twice" in raised.value.message
