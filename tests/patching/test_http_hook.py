"""requests and urllib calls to Cognito's own URLs are answered in-process; nothing else is."""
import json
import urllib.request

import pytest
import requests

TARGET = {"X-Amz-Target": "AWSCognitoIdentityProviderService.ListUserPools",
          "Content-Type": "application/x-amz-json-1.1"}


def test_plain_http_api_calls_reach_the_emulator(cognito_idp):
    pool_id = cognito_idp.create_user_pool(PoolName="plain")["UserPool"]["Id"]
    answer = requests.post("https://cognito-idp.us-east-1.amazonaws.com/", data=json.dumps({"MaxResults": 5}),
                           headers=TARGET)
    assert answer.status_code == 200
    assert [p["Id"] for p in answer.json()["UserPools"]] == [pool_id]
    request = urllib.request.Request("https://cognito-idp.us-east-1.amazonaws.com/", method="POST",
                                     data=json.dumps({"MaxResults": 0}).encode(), headers=TARGET)
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request)
    assert err.value.code == 400
    assert json.loads(err.value.read())["__type"] == "InvalidParameterException"


def test_unknown_pool_keys_are_a_404(cognito):
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_nope/.well-known/jwks.json")
    assert err.value.code == 404


def test_other_hosts_are_not_intercepted(cognito):
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get("http://127.0.0.1:9/", timeout=2)     # nothing listens there; we did not answer
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=2)
