"""Token signing (backend/idp/auth/signing.py): a sign-in's two JWTs are signed together, outside the
store's lock when the API answers, and still verify against the pool's JWKS."""
import multiprocessing

import boto3
import jwt
import pytest

from cognito_mock import mock_cognito
from cognito_mock.backend.idp.auth import keys, signing
from cognito_mock.dispatch import call

PASSWORD = "Signing-Passw0rd!"


def _pool(idp):
    pool_id = idp.create_user_pool(PoolName="signing")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="c", ExplicitAuthFlows=[
        "ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="ann", Password=PASSWORD, Permanent=True)
    return pool_id, client_id


def _verified(token: str, jwks: dict, **claims) -> dict:
    key = jwt.PyJWK(jwks["keys"][0]).key
    decoded = jwt.decode(token, key, algorithms=["RS256"], options={"verify_aud": False})
    for name, value in claims.items():
        assert decoded[name] == value
    return decoded


def test_api_tokens_are_signed_after_the_store_lock_is_let_go(monkeypatch):
    with mock_cognito() as cognito:
        idp = boto3.client("cognito-idp", region_name="us-east-1")
        pool_id, client_id = _pool(idp)
        held: list[bool] = []
        real = signing.sign
        monkeypatch.setattr(signing, "sign", lambda key, text: (held.append(cognito.store.lock.held()), real(key, text))[1])
        result = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                   AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD})["AuthenticationResult"]
        assert len(held) == 2 and not any(held)
        served = keys.jwks(cognito.store.region("123456789012", "us-east-1").user_pools[pool_id])
        _verified(result["AccessToken"], served, token_use="access", username="ann")
        _verified(result["IdToken"], served, token_use="id", aud=client_id)


def test_a_raw_call_gets_signed_strings():
    with mock_cognito() as cognito:
        pool_id, client_id = _pool(boto3.client("cognito-idp", region_name="us-east-1"))
        result = call(cognito.store, "cognito-idp", "AdminInitiateAuth", {
            "UserPoolId": pool_id, "ClientId": client_id, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": "ann", "PASSWORD": PASSWORD}})["AuthenticationResult"]
        served = keys.jwks(cognito.store.region("123456789012", "us-east-1").user_pools[pool_id])
        assert isinstance(result["AccessToken"], str) and isinstance(result["IdToken"], str)
        _verified(result["AccessToken"], served, client_id=client_id)


def test_two_at_once_is_one_after_the_other():
    """PKCS#1 v1.5 signatures are deterministic: the pair made on two threads is the serial pair."""
    key = keys.new_signing_key()
    inputs = [f"{key.header}.{keys.b64url(b'{}')}", f"{key.header}.{keys.b64url(b'[1]')}"]
    assert signing.sign_all(key, inputs) == [signing.sign(key, text) for text in inputs]


def test_a_busy_helper_is_not_waited_for():
    key = keys.new_signing_key()
    inputs = [f"{key.header}.e30", f"{key.header}.e31"]
    with signing._helper.idle:            # another request is using the helper thread
        assert signing.sign_all(key, inputs) == [signing.sign(key, text) for text in inputs]


def _sign_in_child(queue) -> None:
    key = keys.new_signing_key()
    inputs = [f"{key.header}.e30", f"{key.header}.e31"]
    queue.put(signing.sign_all(key, inputs) == [signing.sign(key, text) for text in inputs])


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_a_forked_child_signs_without_the_parents_helper_thread():
    key = keys.new_signing_key()
    signing.sign_all(key, [f"{key.header}.e30", f"{key.header}.e31"])    # the parent's helper thread exists
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_sign_in_child, args=(queue,))
    child.start()
    child.join(timeout=30)
    alive = child.is_alive()
    if alive:
        child.kill()
    assert not alive and child.exitcode == 0 and queue.get(timeout=5) is True
