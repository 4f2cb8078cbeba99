"""What a user costs (issue 13): containers made only when used, one string per attribute name, and
the ListUsers indexes as parallel lists sorted in once by a bulk load, in the same order as one by one."""
import random
import time

import pytest

from cognito_mock.backend.idp.models import SortedIndex
from cognito_mock.backend.idp.pools import pools
from cognito_mock.backend.idp.users import user_index
from cognito_mock.backend.idp.users.user_models import LAZY, history_pack, history_unpack
from cognito_mock.backend.store import Store
from cognito_mock.dispatch import call

IDP = "cognito-idp"


def pool_with_users(store, names):
    pool_id = call(store, IDP, "CreateUserPool", {"PoolName": "p"})["UserPool"]["Id"]
    for name in names:
        call(store, IDP, "AdminCreateUser", {"UserPoolId": pool_id, "Username": name, "MessageAction": "SUPPRESS",
                                             "UserAttributes": [{"Name": "email", "Value": f"{name}@example.com"}]})
    return pools.locate(store, pool_id)


def test_a_user_made_read_listed_and_recorded_has_no_containers_made():
    store = Store()
    store.env.clock.freeze(1_700_000_000)
    pool = pool_with_users(store, ["ana", "bob"])
    call(store, IDP, "AdminGetUser", {"UserPoolId": pool.id, "Username": "ana"})
    call(store, IDP, "ListUsers", {"UserPoolId": pool.id, "Filter": 'email ^= "a"'})
    store.env.clock.advance(5)
    call(store, IDP, "AdminDisableUser", {"UserPoolId": pool.id, "Username": "bob"})   # flushes the pool's history
    assert "ana" not in pool.recovery.touched
    ana = pool.users["ana"]                      # handed out outside a read: imaged, as a write's touch would
    assert pool.recovery.touched["ana"].username == "ana"
    assert {name: ana.peek(name) for name in [*LAZY, "password_history"]} == dict.fromkeys([*LAZY, "password_history"])
    assert ana._more is None
    call(store, IDP, "CreateGroup", {"UserPoolId": pool.id, "GroupName": "staff"})
    call(store, IDP, "AdminAddUserToGroup", {"UserPoolId": pool.id, "Username": "ana", "GroupName": "staff"})
    assert ana.peek("groups") == {"staff"} and ana.groups is ana.peek("groups")
    assert ana.peek("devices") is None and ana.devices == {} and ana.peek("devices") == {}
    assert ana.failed_sign_ins == 0 and ana.mfa is None and ana._more.keys() == {"groups", "devices"}


def test_attribute_names_are_one_string_each():
    pool = pool_with_users(Store(), ["ana", "bob"])
    (first,), (second,) = ([n for n in pool.users[u].attributes if n == "email"] for u in ("ana", "bob"))
    assert first is second


def test_a_batch_sorts_in_as_one_insert_at_a_time_does():
    rng = random.Random(3)
    entries = [(rng.choice(["x", "y", "zz", "a"]) if i % 3 else f"v{rng.randrange(50)}", f"k{i:03d}")
               for i in range(300)]
    one_by_one, bulk = pool_with_users(Store(), []), pool_with_users(Store(), [])
    for pool in (one_by_one, bulk):
        index = pool.search["family_name"] = SortedIndex()
        for value, key in entries[:40]:                  # already in the pool
            user_index._insert(index, value, key)
    for value, key in entries[40:]:
        user_index._insert(one_by_one.search["family_name"], value, key)
    batch = user_index.Batch(bulk)
    for value, key in entries[40:]:
        batch.pending.setdefault("family_name", SortedIndex())
        batch.pending["family_name"].values.append(value)
        batch.pending["family_name"].keys.append(key)
    batch.close()
    expected = sorted(entries)
    for pool in (one_by_one, bulk):
        index = pool.search["family_name"]
        assert list(zip(index.values, index.keys)) == expected
    pool = bulk
    assert [key for _, key in user_index.matches(pool, "family_name", False, "y", None)] == \
        [key for value, key in expected if value == "y"]
    middle = next(entry for entry in expected if entry[0] == "y")
    assert list(user_index.matches(pool, "family_name", True, "z", None)) == [e for e in expected if e[0] == "zz"]
    assert list(user_index.matches(pool, "family_name", False, "y", middle)) == \
        [e for e in expected if e[0] == "y" and e > middle]


def test_past_passwords_are_packed_in_one_bytes_object_shared_by_history_images():
    store = Store()
    store.env.clock.freeze(1_700_000_000)
    pool = pool_with_users(store, ["ana"])
    for second, password in enumerate(["First-Passw0rd!", "Second-Passw0rd!", "Third-Passw0rd!"]):
        store.env.clock.advance(second + 1)
        call(store, IDP, "AdminSetUserPassword", {"UserPoolId": pool.id, "Username": "ana", "Password": password,
                                                  "Permanent": True})
    store.env.clock.advance(1)
    call(store, IDP, "AdminDisableUser", {"UserPoolId": pool.id, "Username": "ana"})   # images her when touched
    ana = pool.users["ana"]
    past = ana.password_history
    assert len(past) == 2 and all(len(salt) == 16 and len(hashed) == 32 for salt, hashed in past)
    assert type(ana._password_history) is bytes and len(ana._password_history) == 2 * (2 + 16 + 2 + 32)
    assert pool.recovery.touched["ana"].password[3] is ana._password_history
    assert history_unpack(history_pack(past)) == past
    odd = [(b"s", b"h" * 300), (b"", b"x")]          # lengths a state file's stored form may give
    assert history_unpack(history_pack(odd)) == odd
    packed = history_pack(odd)
    assert history_pack(packed) is packed
    ana.password_history = [tuple(pair) for pair in past]     # a list of pairs (a store written before packing)
    assert ana.password_history == past and ana.peek("password_history") == history_pack(past)
    ana.password_history = []
    assert ana.peek("password_history") is None and ana.password_history == []


def test_users_made_at_one_frozen_instant_share_its_datetime_and_keys_share_names():
    store = Store()
    store.env.clock.freeze(1_700_000_000)
    pool = pool_with_users(store, ["ana", "bob"])
    ana, bob = pool.users["ana"], pool.users["bob"]
    assert ana.created is bob.created and ana.created.timestamp() == 1_700_000_000
    store.env.clock.advance(1)
    call(store, IDP, "AdminCreateUser", {"UserPoolId": pool.id, "Username": "cy", "MessageAction": "SUPPRESS"})
    assert pool.users["cy"].created.timestamp() == 1_700_000_001 and ana.created.timestamp() == 1_700_000_000
    store.env.clock.unfreeze()
    first = store.env.clock.now_ms_dt()           # a running clock: users' dates to the millisecond, as AWS's are
    time.sleep(0.003)
    later = store.env.clock.now_ms_dt()
    assert later is not first and later > first and first.microsecond % 1000 == 0 == later.microsecond % 1000
    assert store.env.clock.now_dt() is not store.env.clock.now_dt()     # the rest keep microseconds
    call(store, IDP, "AdminCreateUser", {"UserPoolId": pool.id, "Username": "eli", "MessageAction": "SUPPRESS"})
    assert pool.users["eli"].created.microsecond % 1000 == 0
    insensitive = call(store, IDP, "CreateUserPool", {"PoolName": "i", "UsernameConfiguration": {"CaseSensitive": False}})
    pool = pools.locate(store, insensitive["UserPool"]["Id"])
    name = "".join(["dee"])                                              # a string of its own, not a constant
    assert pool.user_key(name) is name and pool.user_key("Dee") == "dee"


def test_a_seeded_pool_is_made_at_one_instant():
    from cognito_mock.seeding import load
    store = Store()
    load(store, {"UserPools": [{"Id": "us-east-1_Seeded", "PoolName": "s", "Users": [
        {"Username": f"u{i}", "Password": "Seeded-Passw0rd!"} for i in range(3)]}]})
    users = list(pools.locate(store, "us-east-1_Seeded").users.values())
    assert len({id(u.created) for u in users}) == 1 and len({u.password_set_at for u in users}) == 1


def test_a_password_is_one_packed_bytes_object():
    from cognito_mock.backend.idp.models import User, UserStatus
    user = User("u", "s", {}, UserStatus.CONFIRMED, None, None)
    assert user._password is None and (user.password_salt, user.password_hash, user.password_set_at) == (b"", b"", 0.0)
    user.set_password_fields(b"", b"", 1_700_000_000.5)    # a time alone (a suppressed invitation)
    assert (user.password_salt, user.password_hash, user.password_set_at) == (b"", b"", 1_700_000_000.5)
    user.set_password_fields(b"\x10" * 16, b"y" * 32, 1_700_000_001.25)
    assert type(user._password) is bytes and len(user._password) == 10 + 16 + 32
    assert (user.password_salt, user.password_hash, user.password_set_at) == (b"\x10" * 16, b"y" * 32, 1_700_000_001.25)
    with pytest.raises(AttributeError):                   # one way to change them: together
        user.password_hash = b"z" * 32
    older = {"password_salt": b"s" * 300, "password_hash": b"h", "password_set_at": 5.0, "enabled": True}
    User._from_older(older)                               # a schema-1 record's fields, as the codec reads them
    assert older.keys() == {"_password", "enabled"}
    user._password = older["_password"]
    assert (user.password_salt, user.password_hash, user.password_set_at) == (b"s" * 300, b"h", 5.0)
