"""The pool history behind point-in-time recovery: one flush per clock second with writes (not per
write), versions only for what changed, appearances as one key log per second, and nothing kept past
the longest window."""
from cognito_mock.backend.idp.pools import point_in_time_history as history
from cognito_mock.backend.store import Store
from cognito_mock.dispatch import call

EPOCH = 1_790_000_000


def setup():
    store = Store()
    store.env.clock.freeze(EPOCH)
    pool_id = call(store, "cognito-idp", "CreateUserPool", {"PoolName": "p"})["UserPool"]["Id"]
    return store, pool_id, store.region("123456789012", "us-east-1").user_pools[pool_id]


def create(store, pool_id, name):
    call(store, "cognito-idp", "AdminCreateUser",
         {"UserPoolId": pool_id, "Username": name, "MessageAction": "SUPPRESS"})


def test_history_is_flushed_once_per_clock_second_with_writes(monkeypatch):
    store, pool_id, pool = setup()
    flushes = []
    real = history.flush
    monkeypatch.setattr(history, "flush", lambda env, p: (flushes.append(env.clock.now()), real(env, p)))
    for i in range(50):
        create(store, pool_id, f"a{i}")
    assert flushes == []                                 # all in one second: nothing to flush yet
    store.env.clock.advance(1)
    for i in range(50):
        create(store, pool_id, f"b{i}")
    assert flushes == [EPOCH + 1]                        # the first write of the new second, only
    call(store, "cognito-idp", "ListUsers", {"UserPoolId": pool_id})
    store.env.clock.advance(1)
    call(store, "cognito-idp", "AdminGetUser", {"UserPoolId": pool_id, "Username": "a0"})
    assert flushes == [EPOCH + 1]                        # reads never flush
    assert pool.recovery.user_versions == {}             # appearing costs no version of its own
    assert pool.recovery.appeared == {EPOCH: [f"a{i}" for i in range(50)]}
    real(store.env, pool)                                # the pending second's writes, as Initiate flushes
    assert pool.recovery.appeared[EPOCH + 1] == [f"b{i}" for i in range(50)] and pool.recovery.user_versions == {}


def test_an_unchanged_pool_grows_no_history():
    store, pool_id, pool = setup()
    create(store, pool_id, "ana")
    for _ in range(5):
        store.env.clock.advance(1)
        call(store, "cognito-idp", "UpdateUserPool", {"UserPoolId": pool_id})
    history.flush(store.env, pool)
    assert pool.recovery.user_versions == {} and pool.recovery.appeared == {EPOCH: ["ana"]}


def test_versions_older_than_the_longest_window_are_pruned():
    store, pool_id, pool = setup()
    create(store, pool_id, "ana")
    store.env.clock.advance(1)
    call(store, "cognito-idp", "AdminDeleteUser", {"UserPoolId": pool_id, "Username": "ana"})
    history.flush(store.env, pool)
    assert set(pool.recovery.user_versions) == {"ana"} and pool.recovery.appeared == {EPOCH: ["ana"]}
    store.env.clock.advance(days=15)
    create(store, pool_id, "bob")
    history.flush(store.env, pool)
    assert pool.recovery.user_versions == {}
    assert pool.recovery.appeared == {EPOCH + 1 + 15 * 86400: ["bob"]} and pool.recovery.touched == {}
