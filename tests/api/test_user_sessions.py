"""Session management: (Admin)ListUserSessions, (Admin)RevokeUserSession, MaxPerUser eviction."""
import re

import pytest
from botocore.exceptions import ClientError

from cognito_mock.api.idp.sessions import user_sessions as idp_user_sessions
from helpers import error_of, requires

pytestmark = requires("ListUserSessions", "SetUserPoolSessionConfiguration")

TRACKING_OFF = ("OperationNotEnabledException", "Session tracking is not enabled for this user pool.")


def track(idp, ids, max_per_user=20):
    idp.set_user_pool_session_configuration(UserPoolId=ids.pool_id, UserSessionTracking="ENABLED",
                                            TokenSession={"MaxPerUser": max_per_user})


def sign_in(idp, ids):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]


def refresh(idp, ids, token):
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                             AuthParameters={"REFRESH_TOKEN": token})["AuthenticationResult"]


def admin_sessions(idp, ids):
    return idp.admin_list_user_sessions(UserPoolId=ids.pool_id, Username="ana")["Sessions"]


def test_sign_ins_are_token_sessions_and_the_caller_sees_its_own(cognito_idp, ids):
    track(cognito_idp, ids)
    one, two = sign_in(cognito_idp, ids), sign_in(cognito_idp, ids)
    listed = cognito_idp.list_user_sessions(AccessToken=two["AccessToken"])
    assert "NextToken" not in listed
    sessions = listed["Sessions"]
    assert len(sessions) == 2
    for s in sessions:
        assert re.fullmatch(r"tkn[a-z0-9]{25}", s["SessionId"])
        assert (s["SessionType"], s["ClientId"], s["DeviceType"]) == ("TOKEN", ids.client_id, "unknown")
        assert "OriginSessionId" not in s and s["CreateDate"] <= s["LastActiveDate"]
    assert [s["IsCurrentSession"] for s in sessions] == [False, True]
    assert [s["IsCurrentSession"] for s in admin_sessions(cognito_idp, ids)] == [False, False]
    assert [s["SessionId"] for s in admin_sessions(cognito_idp, ids)] == [s["SessionId"] for s in sessions]


def test_nothing_is_tracked_while_tracking_is_off(cognito_idp, ids):
    tokens = sign_in(cognito_idp, ids)
    calls = [lambda: cognito_idp.list_user_sessions(AccessToken=tokens["AccessToken"]),
             lambda: cognito_idp.admin_list_user_sessions(UserPoolId=ids.pool_id, Username="ana"),
             lambda: cognito_idp.revoke_user_session(AccessToken=tokens["AccessToken"], SessionId="tkn" + "a" * 25),
             lambda: cognito_idp.admin_revoke_user_session(UserPoolId=ids.pool_id, Username="ana",
                                                           SessionId="tkn" + "a" * 25)]
    for call in calls:
        with pytest.raises(ClientError) as exc:
            call()
        assert error_of(exc) == TRACKING_OFF
    track(cognito_idp, ids)
    assert admin_sessions(cognito_idp, ids) == []       # the sign-in before tracking has no record


def test_refresh_keeps_the_session_and_marks_it_active(cognito, cognito_idp, ids):
    track(cognito_idp, ids)
    cognito.clock.freeze()
    tokens = sign_in(cognito_idp, ids)
    cognito.clock.advance(seconds=600)
    refresh(cognito_idp, ids, tokens["RefreshToken"])
    [session] = admin_sessions(cognito_idp, ids)
    assert (session["LastActiveDate"] - session["CreateDate"]).total_seconds() == 600


def test_revoke_user_session_revokes_its_tokens(cognito_idp, ids):
    track(cognito_idp, ids)
    other, mine = sign_in(cognito_idp, ids), sign_in(cognito_idp, ids)
    sessions = cognito_idp.list_user_sessions(AccessToken=mine["AccessToken"])["Sessions"]
    target = next(s["SessionId"] for s in sessions if not s["IsCurrentSession"])
    cognito_idp.revoke_user_session(AccessToken=mine["AccessToken"], SessionId=target)
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_user(AccessToken=other["AccessToken"])
    assert error_of(exc) == ("NotAuthorizedException", "Access Token has been revoked")
    with pytest.raises(ClientError) as exc:
        refresh(cognito_idp, ids, other["RefreshToken"])
    assert error_of(exc) == ("NotAuthorizedException", "Invalid Refresh Token")
    assert [s["IsCurrentSession"] for s in admin_sessions(cognito_idp, ids)] == [False]
    assert cognito_idp.get_user(AccessToken=mine["AccessToken"])["Username"] == "ana"
    with pytest.raises(ClientError) as exc:                   # the record is gone
        cognito_idp.revoke_user_session(AccessToken=mine["AccessToken"], SessionId=target)
    assert error_of(exc) == ("ResourceNotFoundException", "Session not found.")


def test_the_callers_own_session_cannot_be_revoked(cognito_idp, ids):
    track(cognito_idp, ids)
    mine = sign_in(cognito_idp, ids)
    [current] = cognito_idp.list_user_sessions(AccessToken=mine["AccessToken"])["Sessions"]
    with pytest.raises(ClientError) as exc:
        cognito_idp.revoke_user_session(AccessToken=mine["AccessToken"], SessionId=current["SessionId"],
                                        RevokeAssociatedSessions="LINKED")
    assert error_of(exc) == ("InvalidParameterException",
                             "You can't revoke the session that the calling access token belongs to.")
    assert cognito_idp.get_user(AccessToken=mine["AccessToken"])["Username"] == "ana"


def test_admin_revoke_needs_the_sessions_owner(cognito_idp, ids):
    track(cognito_idp, ids)
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="bo", MessageAction="SUPPRESS")
    tokens = sign_in(cognito_idp, ids)
    [session] = admin_sessions(cognito_idp, ids)
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_revoke_user_session(UserPoolId=ids.pool_id, Username="bo", SessionId=session["SessionId"])
    assert error_of(exc) == ("ResourceNotFoundException", "Session not found.")
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_revoke_user_session(UserPoolId=ids.pool_id, Username="nobody",
                                              SessionId=session["SessionId"])
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")
    cognito_idp.admin_revoke_user_session(UserPoolId=ids.pool_id, Username="ana", SessionId=session["SessionId"])
    assert admin_sessions(cognito_idp, ids) == []
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_user(AccessToken=tokens["AccessToken"])
    assert error_of(exc) == ("NotAuthorizedException", "Access Token has been revoked")


def test_max_per_user_evicts_the_least_recently_used_session(cognito, cognito_idp, ids):
    track(cognito_idp, ids, max_per_user=2)
    cognito.clock.freeze()
    first = sign_in(cognito_idp, ids)
    cognito.clock.advance(seconds=60)
    second = sign_in(cognito_idp, ids)
    cognito.clock.advance(seconds=60)
    refresh(cognito_idp, ids, first["RefreshToken"])          # the first is now the most recently used
    cognito.clock.advance(seconds=60)
    third = sign_in(cognito_idp, ids)
    assert len(admin_sessions(cognito_idp, ids)) == 2
    with pytest.raises(ClientError) as exc:
        refresh(cognito_idp, ids, second["RefreshToken"])
    assert error_of(exc) == ("NotAuthorizedException", "Invalid Refresh Token")
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_user(AccessToken=second["AccessToken"])
    assert error_of(exc) == ("NotAuthorizedException", "Access Token has been revoked")
    for alive in (first, third):
        assert cognito_idp.get_user(AccessToken=alive["AccessToken"])["Username"] == "ana"


def test_lowering_the_limit_evicts_on_the_next_sign_in_only(cognito, cognito_idp, ids):
    track(cognito_idp, ids, max_per_user=5)
    cognito.clock.freeze()
    for _ in range(4):
        sign_in(cognito_idp, ids)
        cognito.clock.advance(seconds=1)
    track(cognito_idp, ids, max_per_user=2)
    assert len(admin_sessions(cognito_idp, ids)) == 4
    sign_in(cognito_idp, ids)
    assert len(admin_sessions(cognito_idp, ids)) == 2


def test_revoked_and_expired_sessions_are_not_listed(cognito, cognito_idp, ids):
    track(cognito_idp, ids)
    cognito.clock.freeze()
    one, two = sign_in(cognito_idp, ids), sign_in(cognito_idp, ids)
    cognito_idp.revoke_token(Token=one["RefreshToken"], ClientId=ids.client_id)
    assert len(admin_sessions(cognito_idp, ids)) == 1
    cognito.clock.advance(seconds=30 * 86400)                 # the refresh token's default 30 days
    assert admin_sessions(cognito_idp, ids) == []
    sign_in(cognito_idp, ids)
    cognito_idp.admin_user_global_sign_out(UserPoolId=ids.pool_id, Username="ana")
    assert admin_sessions(cognito_idp, ids) == []


def test_pages_and_a_foreign_next_token(cognito_idp, ids, monkeypatch):
    track(cognito_idp, ids)
    monkeypatch.setattr(idp_user_sessions, "PAGE", 2)
    tokens = [sign_in(cognito_idp, ids) for _ in range(3)]
    first = cognito_idp.list_user_sessions(AccessToken=tokens[0]["AccessToken"])
    rest = cognito_idp.list_user_sessions(AccessToken=tokens[0]["AccessToken"], NextToken=first["NextToken"])
    assert (len(first["Sessions"]), len(rest["Sessions"]), "NextToken" in rest) == (2, 1, False)
    ids_seen = {s["SessionId"] for s in first["Sessions"] + rest["Sessions"]}
    assert len(ids_seen) == 3
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_list_user_sessions(UserPoolId=ids.pool_id, Username="ana", NextToken="garbage")
    assert error_of(exc) == ("InvalidParameterException", "Invalid pagination token")


def test_rotation_keeps_one_session(cognito_idp, user_pool):
    ids = user_pool(client={"RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 0}})
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    track(cognito_idp, ids)
    tokens = sign_in(cognito_idp, ids)
    rotated = cognito_idp.get_tokens_from_refresh_token(RefreshToken=tokens["RefreshToken"], ClientId=ids.client_id)
    assert rotated["AuthenticationResult"]["RefreshToken"] != tokens["RefreshToken"]
    assert len(admin_sessions(cognito_idp, ids)) == 1


def test_sso_sessions_and_linked_revocation(cognito, cognito_idp, ids):
    """SSO records (the hosted UI's sessions) through the domain: LINKED reaches the token sessions
    that came through the SSO session, and a token session's parent."""
    from cognito_mock.backend.idp.sessions import user_sessions
    track(cognito_idp, ids)
    tokens = [sign_in(cognito_idp, ids) for _ in range(3)]
    account, region, pool_id = cognito.store.index.clients[ids.client_id]
    pool = cognito.store.region(account, region).user_pools[pool_id]
    user = pool.users["ana"]
    env = cognito.store.env
    sso = user_sessions.open_sso(env, user, ids.client_id, env.clock.now() + 3600)
    token_sessions = [s for s in user.sessions.values() if s.kind == "TOKEN"]
    for s in token_sessions[:2]:
        s.origin_session = sso.id
    listed = cognito_idp.list_user_sessions(AccessToken=tokens[2]["AccessToken"])["Sessions"]
    kinds = {s["SessionType"] for s in listed}
    assert kinds == {"TOKEN", "SSO"}
    assert {s.get("OriginSessionId") for s in listed if s["SessionType"] == "TOKEN"} == {sso.id, None}
    cognito_idp.revoke_user_session(AccessToken=tokens[2]["AccessToken"], SessionId=token_sessions[0].id,
                                    RevokeAssociatedSessions="LINKED")
    left = admin_sessions(cognito_idp, ids)
    assert sorted(s["SessionId"] for s in left) == sorted([token_sessions[1].id, token_sessions[2].id])
    assert not user_sessions.sso_alive(env, user, sso.id)
    sso2 = user_sessions.open_sso(env, user, ids.client_id, env.clock.now() + 3600)
    token_sessions[1].origin_session = sso2.id
    cognito_idp.admin_revoke_user_session(UserPoolId=ids.pool_id, Username="ana", SessionId=sso2.id,
                                          RevokeAssociatedSessions="LINKED")
    assert [s["SessionId"] for s in admin_sessions(cognito_idp, ids)] == [token_sessions[2].id]
    with pytest.raises(ClientError) as exc:
        refresh(cognito_idp, ids, tokens[1]["RefreshToken"])
    assert error_of(exc) == ("NotAuthorizedException", "Invalid Refresh Token")
