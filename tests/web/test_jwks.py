"""Tokens verify with a standard verifier against the served key set, in-process and served."""
import boto3
import jwt
import pytest
import requests

PASSWORD = "Corr3ct-Horse!"
CREDS = {"aws_access_key_id": "test", "aws_secret_access_key": "test"}


def sign_in(idp, ids, username="ana"):
    idp.admin_create_user(UserPoolId=ids.pool_id, Username=username, MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}])
    idp.admin_set_user_password(UserPoolId=ids.pool_id, Username=username, Password=PASSWORD, Permanent=True)
    return idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD})["AuthenticationResult"]


def test_tokens_verify_against_the_in_process_jwks(cognito_idp, user_pool):
    ids = user_pool()
    tokens = sign_in(cognito_idp, ids)
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{ids.pool_id}"
    keys = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json")          # fetched with urllib, answered in-process
    id_key = keys.get_signing_key_from_jwt(tokens["IdToken"])
    claims = jwt.decode(tokens["IdToken"], id_key.key, algorithms=["RS256"], audience=ids.client_id, issuer=issuer)
    assert (claims["token_use"], claims["cognito:username"], claims["email"]) == ("id", "ana", "ana@example.com")
    access = jwt.decode(tokens["AccessToken"], keys.get_signing_key_from_jwt(tokens["AccessToken"]).key,
                        algorithms=["RS256"], issuer=issuer, options={"verify_aud": False})
    assert (access["token_use"], access["client_id"], access["username"]) == ("access", ids.client_id, "ana")
    discovery = requests.get(f"{issuer}/.well-known/openid-configuration").json()   # requests, answered in-process
    assert discovery["issuer"] == issuer and discovery["jwks_uri"] == f"{issuer}/.well-known/jwks.json"
    assert discovery["id_token_signing_alg_values_supported"] == ["RS256"]


def test_each_pool_has_its_own_key(cognito_idp, user_pool):
    first, second = user_pool(), user_pool()
    tokens = sign_in(cognito_idp, first)
    jwks = [requests.get(f"https://cognito-idp.us-east-1.amazonaws.com/{p.pool_id}/.well-known/jwks.json").json()
            for p in (first, second)]
    kids = [k["kid"] for doc in jwks for k in doc["keys"]]
    assert len(kids) == len(set(kids)) >= 2
    assert all(set(k) >= {"kty", "alg", "use", "kid", "n", "e"} and "d" not in k for doc in jwks for k in doc["keys"])
    other_key = jwt.PyJWK(jwks[1]["keys"][0]).key
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(tokens["IdToken"], other_key, algorithms=["RS256"], options={"verify_aud": False})


def test_server_mode_issuer_is_the_server_and_discovery_finds_the_keys(cognito, cognito_server, user_pool):
    ids = user_pool()
    served = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=cognito_server, **CREDS)
    tokens = sign_in(served, ids)
    issuer = jwt.decode(tokens["IdToken"], options={"verify_signature": False})["iss"]
    assert issuer == f"{cognito_server}/{ids.pool_id}"
    discovery = requests.get(f"{issuer}/.well-known/openid-configuration").json()
    assert discovery["issuer"] == issuer
    assert discovery["token_endpoint"] == f"{cognito_server}/oauth2/token"
    key = jwt.PyJWKClient(discovery["jwks_uri"]).get_signing_key_from_jwt(tokens["IdToken"]).key
    claims = jwt.decode(tokens["IdToken"], key, algorithms=["RS256"], audience=ids.client_id, issuer=issuer)
    assert claims["cognito:username"] == "ana"
    assert served.get_user(AccessToken=tokens["AccessToken"])["Username"] == "ana"
