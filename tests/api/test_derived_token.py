"""GetDerivedToken: OAuth 2.0 token exchange (RFC 8693), impersonation and delegation."""
import jwt
import pytest
from botocore.exceptions import ClientError
from helpers import error_of, requires

pytestmark = requires("GetDerivedToken")

FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
         "ALLOW_TOKEN_EXCHANGE_DELEGATION"]
SCOPES = ["openid", "email", "aws.cognito.signin.user.admin", "orders/read"]


@pytest.fixture
def ids(cognito_idp, user_pool):
    ids = user_pool(client={"ExplicitAuthFlows": FLOWS})
    cognito_idp.create_resource_server(UserPoolId=ids.pool_id, Identifier="orders", Name="orders",
                                       Scopes=[{"ScopeName": "read", "ScopeDescription": "read"}])
    cognito_idp.update_user_pool_client(UserPoolId=ids.pool_id, ClientId=ids.client_id, ExplicitAuthFlows=FLOWS,
                                        AllowedOAuthScopes=SCOPES, AllowedOAuthFlows=["code"],
                                        AllowedOAuthFlowsUserPoolClient=True, CallbackURLs=["https://app/cb"])
    for name in ("ana", "agent"):
        cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username=name, MessageAction="SUPPRESS")
        cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username=name, Password="Passw0rd!",
                                            Permanent=True)
    return ids


def sign_in(idp, ids, name="ana", client_id=None):
    return idp.initiate_auth(ClientId=client_id or ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": name, "PASSWORD": "Passw0rd!"})["AuthenticationResult"]


def verified(ids, token, **options):
    issuer = f"https://cognito-idp.us-east-1.amazonaws.com/{ids.pool_id}"
    keys = jwt.PyJWKClient(f"{issuer}/.well-known/jwks.json")
    return jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS256"], issuer=issuer, **options)


def test_impersonation_narrows_scopes_and_binds_the_audience(cognito_idp, ids):
    subject = sign_in(cognito_idp, ids)
    out = cognito_idp.get_derived_token(ClientId=ids.client_id, SubjectToken=subject["AccessToken"],
                                        SubjectTokenType="ACCESS_TOKEN", Audiences=["billing"],
                                        Scopes=["aws.cognito.signin.user.admin", "orders/read"])
    assert (out["IssuedTokenType"], out["TokenType"], out["ExpiresIn"]) == ("ACCESS_TOKEN", "Bearer", 3600)
    assert out["Scopes"] == ["aws.cognito.signin.user.admin"]     # orders/read is not in the subject token
    claims = verified(ids, out["IssuedToken"], audience="billing")
    original = verified(ids, subject["AccessToken"], options={"verify_aud": False})
    assert (claims["token_use"], claims["username"], claims["sub"]) == ("access", "ana", original["sub"])
    assert (claims["scope"], claims["client_id"], claims["aud"]) == ("aws.cognito.signin.user.admin",
                                                                      ids.client_id, "billing")
    assert "act" not in claims and claims["origin_jti"] == original["origin_jti"]
    assert cognito_idp.get_user(AccessToken=out["IssuedToken"])["Username"] == "ana"


def test_without_scopes_the_subject_tokens_scopes_are_kept(cognito_idp, ids):
    subject = sign_in(cognito_idp, ids)
    out = cognito_idp.get_derived_token(ClientId=ids.client_id, SubjectToken=subject["AccessToken"],
                                        SubjectTokenType="ACCESS_TOKEN", Resources=["orders"])
    assert out["Scopes"] == ["aws.cognito.signin.user.admin"]
    assert verified(ids, out["IssuedToken"], audience="orders")["aud"] == "orders"


def test_delegation_carries_the_actor(cognito_idp, ids):
    subject, actor = sign_in(cognito_idp, ids), sign_in(cognito_idp, ids, "agent")
    out = cognito_idp.get_derived_token(ClientId=ids.client_id, SubjectToken=subject["IdToken"],
                                        SubjectTokenType="ID_TOKEN", ActorToken=actor["AccessToken"],
                                        ActorTokenType="ACCESS_TOKEN", RequestedTokenType="ID_TOKEN")
    assert (out["IssuedTokenType"], out["TokenType"], "Scopes" in out) == ("ID_TOKEN", "N_A", False)
    claims = verified(ids, out["IssuedToken"], audience=ids.client_id)
    agent = verified(ids, actor["AccessToken"], options={"verify_aud": False})
    assert (claims["token_use"], claims["cognito:username"], claims["act"]) == ("id", "ana", {"sub": agent["sub"]})


def test_the_client_needs_the_exchange_flow(cognito_idp, ids):
    plain = cognito_idp.create_user_pool_client(UserPoolId=ids.pool_id, ClientName="plain",
                                                ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH",
                                                                   "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    only_impersonation = cognito_idp.create_user_pool_client(
        UserPoolId=ids.pool_id, ClientName="imp",
        ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_TOKEN_EXCHANGE_IMPERSONATION"])["UserPoolClient"]
    subject = sign_in(cognito_idp, ids)
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_derived_token(ClientId=plain["ClientId"], SubjectToken=subject["AccessToken"],
                                      SubjectTokenType="ACCESS_TOKEN")
    assert error_of(exc) == ("InvalidParameterException",
                             "ALLOW_TOKEN_EXCHANGE_IMPERSONATION is not enabled for this client")
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_derived_token(ClientId=only_impersonation["ClientId"], SubjectToken=subject["AccessToken"],
                                      SubjectTokenType="ACCESS_TOKEN", ActorToken=subject["AccessToken"],
                                      ActorTokenType="ACCESS_TOKEN")
    assert error_of(exc) == ("InvalidParameterException",
                             "ALLOW_TOKEN_EXCHANGE_DELEGATION is not enabled for this client")


def test_documented_refusals(cognito_idp, ids):
    subject = sign_in(cognito_idp, ids)
    base = {"ClientId": ids.client_id, "SubjectToken": subject["AccessToken"], "SubjectTokenType": "ACCESS_TOKEN"}
    cases = [
        ({"Audiences": ["a"], "Resources": ["orders"]},
         ("InvalidParameterException", "Audiences and Resources cannot both be requested")),
        ({"ActorToken": subject["AccessToken"]},
         ("InvalidParameterException", "ActorTokenType is required when ActorToken is provided")),
        ({"SubjectTokenType": "ID_TOKEN"}, ("NotAuthorizedException", "Invalid subject token")),
        ({"SubjectToken": "x.y.z"}, ("NotAuthorizedException", "Invalid subject token")),
        ({"Resources": ["nope"]}, ("InvalidParameterException", "Resource server nope does not exist")),
    ]
    for extra, expected in cases:
        with pytest.raises(ClientError) as exc:
            cognito_idp.get_derived_token(**{**base, **extra})
        assert error_of(exc) == expected, extra


def test_a_client_secret_is_checked(cognito_idp, ids):
    secret_client = cognito_idp.create_user_pool_client(UserPoolId=ids.pool_id, ClientName="s", GenerateSecret=True,
                                                        ExplicitAuthFlows=FLOWS)["UserPoolClient"]
    subject = sign_in(cognito_idp, ids)
    args = {"ClientId": secret_client["ClientId"], "SubjectToken": subject["AccessToken"],
            "SubjectTokenType": "ACCESS_TOKEN"}
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_derived_token(**args, ClientSecret="w" * 30)
    assert error_of(exc) == ("NotAuthorizedException", f"Unable to verify secret for client {args['ClientId']}")
    out = cognito_idp.get_derived_token(**args, ClientSecret=secret_client["ClientSecret"])
    assert verified(ids, out["IssuedToken"], options={"verify_aud": False})["client_id"] == args["ClientId"]


def test_a_revoked_subject_token_cannot_be_exchanged_and_revokes_its_derivatives(cognito_idp, ids):
    subject = sign_in(cognito_idp, ids)
    derived = cognito_idp.get_derived_token(ClientId=ids.client_id, SubjectToken=subject["AccessToken"],
                                            SubjectTokenType="ACCESS_TOKEN")["IssuedToken"]
    cognito_idp.revoke_token(Token=subject["RefreshToken"], ClientId=ids.client_id)
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_derived_token(ClientId=ids.client_id, SubjectToken=subject["AccessToken"],
                                      SubjectTokenType="ACCESS_TOKEN")
    assert error_of(exc) == ("NotAuthorizedException", "Access Token has been revoked")
    with pytest.raises(ClientError) as exc:
        cognito_idp.get_user(AccessToken=derived)
    assert error_of(exc) == ("NotAuthorizedException", "Access Token has been revoked")
