"""Copy-on-touch point-in-time history: a user is imaged only when a write first hands it out after a
flush, reads and walks that only look image nothing, a touched user that did not change leaves no
version, and the state the history gives for every past second is the one the pool had then, in
memory and after the state was written to a file and loaded back."""
import json
import os
import random

import pytest

from cognito_mock.backend import persistence
from cognito_mock.backend.persistence import codec
from cognito_mock.backend.idp.pools import point_in_time_history as history
from cognito_mock.backend.idp.pools.point_in_time_images import current_users, group_image
from cognito_mock.backend.store import Store
from cognito_mock.dispatch import call
from cognito_mock.errors import AwsError

IDP = "cognito-idp"
EPOCH = 1_790_000_000
NAMES = ["ana", "bob", "cy", "dee", "eve", "fay"]
CHECKING = bool(os.environ.get("COGNITO_MOCK_CHECK_PERSISTENCE"))


def setup(store=None):
    store = store or Store()
    store.env.clock.freeze(EPOCH)
    pool_id = call(store, IDP, "CreateUserPool", {"PoolName": "p"})["UserPool"]["Id"]
    return store, pool_id, pool_of(store, pool_id)


def pool_of(store, pool_id):
    return store.region("123456789012", "us-east-1").user_pools[pool_id]


def flush(store, pool_id, keep_pending=False):
    """Flush the pool's history as a request would (the pool found through its map, under the lock);
    ``keep_pending``: as a recovery does in mid-second, the second's later writes still its own."""
    with store.lock:
        pool = pool_of(store, pool_id)
        pending = pool.recovery.pending
        history.flush(store.env, pool)
        if keep_pending:
            pool.recovery.pending = pending


def act(store, action, pool_id, **params):
    try:
        call(store, IDP, action, {"UserPoolId": pool_id, **params})
    except AwsError:
        pass                               # (a refused call changes nothing)


def create(store, pool_id, username, **attributes):
    act(store, "AdminCreateUser", pool_id, Username=username, MessageAction="SUPPRESS",
        UserAttributes=[{"Name": k, "Value": v} for k, v in attributes.items()])


def test_a_user_no_write_touched_costs_no_image():
    store, pool_id, pool = setup()
    for name in ("ana", "bob", "cy"):
        create(store, pool_id, name, name=name.title())
    store.env.clock.advance(1)
    act(store, "AdminGetUser", pool_id, Username="ana")
    act(store, "ListUsers", pool_id, Filter='name ^= "A"')
    act(store, "AdminUpdateUserAttributes", pool_id, Username="bob", UserAttributes=[{"Name": "name", "Value": "B"}])
    recovery = pool.recovery
    assert recovery.touched.keys() == {"bob"} and recovery.touched["bob"].attributes["name"] == "Bob"
    store.env.clock.advance(1)
    act(store, "AdminGetUser", pool_id, Username="cy")               # a read flushes nothing, images nothing
    assert recovery.touched.keys() == {"bob"}
    flush(store, pool_id)
    assert recovery.touched == {}
    assert recovery.user_versions.keys() == {"bob"} and recovery.user_versions["bob"][0][0] == EPOCH + 1
    assert recovery.appeared == {EPOCH: ["ana", "bob", "cy"]}


def test_a_touched_user_that_did_not_change_leaves_no_version():
    store, pool_id, pool = setup()
    create(store, pool_id, "ana")
    store.env.clock.advance(1)
    act(store, "AdminUserGlobalSignOut", pool_id, Username="ana")
    assert "ana" in pool.recovery.touched
    flush(store, pool_id)
    assert pool.recovery.user_versions == {} and pool.recovery.touched == {}


def test_walks_that_only_look_image_nothing_and_a_writing_walk_images_all():
    store, pool_id, pool = setup()
    for name in NAMES:
        create(store, pool_id, name)
    act(store, "CreateGroup", pool_id, GroupName="g")
    store.env.clock.advance(1)
    act(store, "AdminAddUserToGroup", pool_id, Username="ana", GroupName="g")     # the pending second's write
    assert pool.recovery.touched.keys() == {"ana"}
    act(store, "ListUsers", pool_id)
    act(store, "ListUsersInGroup", pool_id, GroupName="g")
    with store.reading():
        assert len(list(pool.users.items())) == len(NAMES)
    with store.env.only_looking():
        assert sum(1 for _ in pool.users.values()) == len(NAMES)
    assert pool.recovery.touched.keys() == {"ana"}
    list(pool.users.values())                     # a walk that may change what it reads: all imaged
    assert pool.recovery.touched.keys() == set(NAMES)


def test_the_dashboard_overview_images_nothing():
    from cognito_mock.web import dashboard
    store, pool_id, pool = setup()
    for name in NAMES:
        create(store, pool_id, name)
    store.env.clock.advance(1)
    act(store, "AdminDisableUser", pool_id, Username="ana")
    with store.lock:
        shown = dashboard.overview(store)
    assert shown["userPools"][0]["userCount"] == len(NAMES)
    assert pool.recovery.touched.keys() == {"ana"}


def test_a_second_flushed_twice_keeps_its_oldest_images():
    """A recovery flushes in mid-second; the writes after it in the same second change nothing of what
    that second's versions say the pool was before it."""
    store, pool_id, pool = setup()
    create(store, pool_id, "ana", name="Ana")
    store.env.clock.advance(1)
    create(store, pool_id, "bob", name="Bob")
    act(store, "AdminUpdateUserAttributes", pool_id, Username="ana", UserAttributes=[{"Name": "name", "Value": "A1"}])
    recovery = pool.recovery
    before = current_users(pool)
    flush(store, pool_id, keep_pending=True)
    for name in ("ana", "bob"):
        act(store, "AdminUpdateUserAttributes", pool_id, Username=name, UserAttributes=[{"Name": "name", "Value": "Z"}])
    flush(store, pool_id)
    then, _ = history.state_at(recovery, history.present(pool, recovery), EPOCH)
    assert then.keys() == {"ana"} and then["ana"].attributes["name"] == "Ana"
    now, _ = history.state_at(recovery, history.present(pool, recovery), EPOCH + 1)
    assert now["bob"].attributes["name"] == "Z" != before["bob"].attributes["name"]
    assert recovery.appeared == {EPOCH: ["ana"], EPOCH + 1: ["bob"]} and recovery.user_versions.keys() == {"ana"}


def random_history(store, pool_id, seconds, seed):
    """Random writes over ``seconds`` seconds (sometimes a flush in mid-second, as a recovery makes);
    the users and groups at the end of each second, as the pool really had them."""
    rng = random.Random(seed)
    pool = pool_of(store, pool_id)
    truth = {}
    for second in range(seconds):
        for _ in range(rng.randint(1, 5)):
            name, kind = rng.choice(NAMES), rng.randrange(9)
            if kind <= 1:
                create(store, pool_id, name, name=f"{name}{second}")
            elif kind == 2:
                act(store, "AdminDeleteUser", pool_id, Username=name)
            elif kind == 3:
                act(store, "AdminUpdateUserAttributes", pool_id, Username=name,
                    UserAttributes=[{"Name": "name", "Value": f"v{second}"}])
            elif kind == 4:
                act(store, "AdminSetUserPassword", pool_id, Username=name, Password=f"Passw0rd!{second}",
                    Permanent=True)
            elif kind == 5:
                act(store, "AdminAddUserToGroup", pool_id, Username=name, GroupName=rng.choice("gh"))
            elif kind == 6:
                act(store, "AdminDisableUser" if rng.random() < .5 else "AdminEnableUser", pool_id, Username=name)
            elif kind == 7:
                act(store, "CreateGroup", pool_id, GroupName=rng.choice("gh"), Description=f"d{second}")
            else:
                act(store, "DeleteGroup", pool_id, GroupName=rng.choice("gh"))
            if rng.random() < .1:
                flush(store, pool_id, keep_pending=True)
        truth[EPOCH + second] = (current_users(pool), {n: group_image(g) for n, g in pool.groups.by_name.items()})
        store.env.clock.advance(1)
    flush(store, pool_id)
    return truth


def assert_history_gives(pool, truth):
    recovery = pool.recovery
    now = history.present(pool, recovery)
    for second, (users_then, groups_then) in truth.items():
        got_users, got_groups = history.state_at(recovery, now, second)
        assert got_users == users_then, second
        assert got_groups == groups_then, second
        assert history.state_at(recovery, now, second + 0.999) == (got_users, got_groups)   # the second's own writes


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_past_second_is_given_as_it_was(seed):
    store, pool_id, pool = setup()
    truth = random_history(store, pool_id, 40, seed)
    assert_history_gives(pool, truth)
    assert any(len(keys) > 0 for keys in pool.recovery.appeared.values()) and pool.recovery.user_versions


@pytest.mark.skipif(CHECKING, reason="attaches files of its own; the check mode attaches one to every store")
def test_history_loaded_back_from_a_file_gives_the_same_past(tmp_path):
    path = tmp_path / "state.db"
    store = Store()
    with store.lock:
        durable = persistence.attach(store, path)
    store, pool_id, pool = setup(store)
    truth = random_history(store, pool_id, 30, 7)
    with store.lock:
        durable.close()
    again = Store()
    with again.lock:
        durable = persistence.attach(again, path)
    loaded = pool_of(again, pool_id)
    assert loaded.recovery.touched == {} and loaded.users.watch is not None
    assert_history_gives(loaded, truth)
    again.env.clock.freeze(EPOCH + 40)                 # and it goes on recording after the load
    act(again, "AdminDeleteUser", pool_id, Username=next(iter(loaded.users)))
    with again.lock:
        durable.close()


def test_a_history_record_of_the_release_before_still_loads():
    """That release wrote every user's image at the last flush as a derived field (always null)."""
    text = '{"$dc":"PoolHistory","since":1.0,"seen_users":null,"seen_groups":null,"pending":5}'
    loaded = json.loads(text, object_hook=codec._object_hook)
    assert (loaded.pending, loaded.appeared, loaded.appeared_until, loaded.seen_groups) == (5, {}, 0, None)
    with pytest.raises(codec.FormatError):
        json.loads(text.replace('"seen_users":null', '"seen_userz":null'), object_hook=codec._object_hook)
