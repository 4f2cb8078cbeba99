"""A test's own ``responses`` mock and mock_cognito side by side, in either order: the test's mock
serves the hosts it was told about, the emulator keeps answering Cognito's web hosts."""
import boto3
import requests
import responses

from cognito_mock import mock_cognito

KEYS = "https://www.googleapis.com/oauth2/v3/certs"


def jwks_url(pool_id):
    return f"https://cognito-idp.us-east-1.amazonaws.com/{pool_id}/.well-known/jwks.json"


def new_pool():
    return boto3.client("cognito-idp", region_name="us-east-1").create_user_pool(PoolName="p")["UserPool"]["Id"]


@responses.activate
def test_responses_activated_inside_the_mock(cognito):
    responses.add(responses.GET, KEYS, json={"keys": ["served"]})
    pool_id = new_pool()
    assert requests.get(KEYS, timeout=5).json() == {"keys": ["served"]}
    assert requests.get(jwks_url(pool_id), timeout=5).json()["keys"][0]["kid"]
    assert [call.request.url for call in responses.calls] == [KEYS]   # Cognito's host never reached responses


def test_a_requests_mock_started_inside_then_outside_the_mock():
    with mock_cognito():
        pool_id = new_pool()
        with responses.RequestsMock() as inner:
            inner.get(KEYS, json={"keys": ["inner"]})
            assert requests.get(KEYS, timeout=5).json() == {"keys": ["inner"]}
            assert requests.get(jwks_url(pool_id), timeout=5).status_code == 200
        assert requests.get(jwks_url(pool_id), timeout=5).status_code == 200
    with responses.RequestsMock() as outer:
        outer.get(KEYS, json={"keys": ["outer"]})
        with mock_cognito():
            pool_id = new_pool()
            with requests.Session() as session:
                assert session.get(KEYS, timeout=5).json() == {"keys": ["outer"]}
                assert session.get(jwks_url(pool_id), timeout=5).status_code == 200
