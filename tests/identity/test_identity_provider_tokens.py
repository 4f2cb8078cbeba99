"""Identity pools verify third-party tokens as AWS does: an ID token's signature against the keys
its provider publishes, its issuer, audience and expiry; Facebook and Login with Amazon access
tokens through their providers' APIs. The providers are served by ``responses`` in each test."""
import pytest
import requests
import responses
from botocore.exceptions import ClientError
from fake_idps import (AMAZON_TOKENINFO, APPLE_KEYS, GOOGLE_CERTS, GRAPH, TWITTER_VERIFY, Facebook, JwtProvider,
                       LoginWithAmazon, Twitter, compact, hs256, rsa_key, saml_response)
from helpers import error_of as error

from cognito_mock.backend.identity.external import oauth1_signature

AUTH_ROLE = "arn:aws:iam::123456789012:role/Cognito_Auth_Role"
GOOGLE_APP, APPLE_APP = "123-abc.apps.googleusercontent.com", "com.example.app.sid"
FACEBOOK_APP, AMAZON_APP = "1234567890123", "amzn1.application.12312k3j234j13rjiwuenf"
TWITTER_APP = ("xvz1evFS4wEEPTGEFPHBog", "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw")   # consumer key, secret
OIDC_NAME = "login.example.com/tenant"
SAML_ARN = "arn:aws:iam::123456789012:saml-provider/corp"
NOT_AUTHORIZED = "NotAuthorizedException"
UNSUPPORTED = "Token is not from a supported provider of this identity pool."
BAD_ISSUER = "Invalid login token. Issuer doesn't match providerName"
BAD_SIGNATURE = "Invalid login token. Couldn't verify signed token."
NOT_OIDC = "Invalid login token. Not a valid OpenId Connect identity token."

PROVIDERS = {   # name: (provider, Logins key, audience the pool accepts)
    "google": (JwtProvider("google", "https://accounts.google.com", GOOGLE_CERTS), "accounts.google.com", GOOGLE_APP),
    "apple": (JwtProvider("apple", "https://appleid.apple.com", APPLE_KEYS), "appleid.apple.com", APPLE_APP),
    "oidc": (JwtProvider("oidc", f"https://{OIDC_NAME}", "https://keys.example.com/tenant/jwks.json", discovery=True),
             OIDC_NAME, "any-client"),
}


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mocked:
        yield mocked


@pytest.fixture
def now(mock):
    return int(mock.clock.freeze().now())


@pytest.fixture
def pool(identity, make_pool):
    pool_id = make_pool(AllowUnauthenticatedIdentities=False, DeveloperProviderName="login.dev",
                        SupportedLoginProviders={"accounts.google.com": GOOGLE_APP, "appleid.apple.com": APPLE_APP,
                                                 "graph.facebook.com": FACEBOOK_APP, "www.amazon.com": AMAZON_APP,
                                                 "api.twitter.com": ";".join(TWITTER_APP), "www.digits.com": "d;s"},
                        OpenIdConnectProviderARNs=[f"arn:aws:iam::123456789012:oidc-provider/{OIDC_NAME}"],
                        SamlProviderARNs=[SAML_ARN])
    identity.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": AUTH_ROLE})
    return pool_id


def listed(identity, pool_id):
    return [i["IdentityId"] for i in identity.list_identities(IdentityPoolId=pool_id, MaxResults=60)["Identities"]]


def refused(identity, pool_id, logins):
    """GetId's error for these logins, having checked that no identity was created."""
    before = listed(identity, pool_id)
    with pytest.raises(ClientError) as raised:
        identity.get_id(IdentityPoolId=pool_id, Logins=logins)
    assert listed(identity, pool_id) == before
    return error(raised)


@pytest.mark.parametrize("name", PROVIDERS)
def test_a_token_signed_with_the_published_key_gets_an_identity_and_credentials(identity, pool, rsps, now, name):
    provider, login, audience = PROVIDERS[name]
    provider.serve(rsps)
    token = provider.token(now, audience, sub="ana-at-provider")
    identity_id = identity.get_id(IdentityPoolId=pool, Logins={login: token})["IdentityId"]
    credentials = identity.get_credentials_for_identity(IdentityId=identity_id, Logins={login: token})["Credentials"]
    assert credentials["AccessKeyId"] and credentials["SessionToken"]
    later = provider.token(now + 60, audience, sub="ana-at-provider", jti="another")
    assert identity.get_id(IdentityPoolId=pool, Logins={login: later})["IdentityId"] == identity_id
    assert identity.get_id(IdentityPoolId=pool, Logins={login: provider.token(now, audience, sub="bob")}
                           )["IdentityId"] != identity_id
    assert identity.describe_identity(IdentityId=identity_id)["Logins"] == [login]


def bad_tokens(name, now):
    """Every way a token of ``name`` must be refused: case -> (token, expected message)."""
    provider, _, audience = PROVIDERS[name]
    claims = provider.claims(now, audience)
    return {
        "wrong signature": (provider.token(now, audience, key=rsa_key("attacker")), BAD_SIGNATURE),
        "unpublished key": (provider.token(now, audience, key=rsa_key("attacker"), kid="attacker"), BAD_SIGNATURE),
        "wrong audience": (provider.token(now, "someone-elses-app"), UNSUPPORTED),
        "wrong issuer": (provider.token(now, audience, iss="https://issuer.example.net"), BAD_ISSUER),
        "expired": (provider.token(now, audience, exp=now - 1), f"Invalid login token. Token expired: {now} >= {now - 1}"),
        "exp not a number": (provider.token(now, audience, exp="soon"), NOT_OIDC),
        "no exp": (provider.token(now, audience, exp=None), "Invalid login token. Missing a required claim: exp"),
        "no aud": (provider.token(now, None), "Invalid login token. Missing a required claim: aud"),
        "no sub": (provider.token(now, audience, sub=None), "Invalid login token. Missing a required claim: sub"),
        "alg none": (compact({"alg": "none", "kid": provider.kid}, claims), BAD_SIGNATURE),
        "alg none, signature kept": (compact({"alg": "none", "kid": provider.kid}, claims, b"x" * 256), BAD_SIGNATURE),
        "HS256 keyed with the public key": (hs256(claims, provider.public_pem(), provider.kid), BAD_SIGNATURE),
        "HS256 with any key": (hs256(claims, b"my own secret", provider.kid), BAD_SIGNATURE),
        "opaque string": ("anything", NOT_OIDC),
        "not JSON inside": ("e30.bm90IGpzb24.c2ln", NOT_OIDC),
    }


CASE_NAMES = ("wrong signature", "unpublished key", "wrong audience", "wrong issuer", "expired", "exp not a number",
              "no exp", "no aud", "no sub", "alg none", "alg none, signature kept", "HS256 keyed with the public key",
              "HS256 with any key", "opaque string", "not JSON inside")
CASES = [(name, case) for name in PROVIDERS for case in CASE_NAMES
         if (name, case) != ("oidc", "wrong audience")]   # an OIDC provider's client ids live in IAM, out of sight


@pytest.mark.parametrize("name,case", CASES)
def test_a_bad_token_is_refused_and_creates_nothing(identity, pool, rsps, now, name, case):
    provider, login, _ = PROVIDERS[name]
    provider.serve(rsps)
    cases = bad_tokens(name, now)
    assert set(cases) == set(CASE_NAMES)
    token, message = cases[case]
    assert refused(identity, pool, {login: token}) == (NOT_AUTHORIZED, message)
    assert listed(identity, pool) == []


@pytest.mark.parametrize("name", PROVIDERS)
def test_unreachable_keys_refuse_the_login(identity, pool, rsps, now, name):
    provider, login, audience = PROVIDERS[name]
    for url in filter(None, (provider.jwks_url, provider.discovery_url)):
        rsps.get(url, body=requests.ConnectionError("no route to host"))
    assert refused(identity, pool, {login: provider.token(now, audience)}) == (NOT_AUTHORIZED, BAD_SIGNATURE)


def test_a_key_set_that_is_not_one_refuses_the_login(identity, pool, rsps, now):
    provider, login, audience = PROVIDERS["google"]
    rsps.get(GOOGLE_CERTS, body="<html>maintenance</html>", status=503)
    assert refused(identity, pool, {login: provider.token(now, audience)}) == (NOT_AUTHORIZED, BAD_SIGNATURE)


def fetches(rsps, url):
    return sum(1 for call in rsps.calls if call.request.url == url)


def test_keys_are_cached_for_their_max_age(identity, pool, rsps, now, mock):
    provider, login, audience = PROVIDERS["google"]
    provider.serve(rsps, headers={"Cache-Control": "public, max-age=600, must-revalidate"})
    for sub in ("ana", "bob", "cy"):
        identity.get_id(IdentityPoolId=pool, Logins={login: provider.token(now, audience, sub=sub)})
    assert fetches(rsps, GOOGLE_CERTS) == 1
    mock.clock.advance(601)
    identity.get_id(IdentityPoolId=pool, Logins={login: provider.token(now + 601, audience, sub="dee")})
    assert fetches(rsps, GOOGLE_CERTS) == 2


def test_a_rotated_key_is_fetched_again(identity, pool, rsps, now, mock):
    provider, login, audience = PROVIDERS["oidc"]
    provider.serve(rsps)
    identity.get_id(IdentityPoolId=pool, Logins={login: provider.token(now, audience)})
    rotated = JwtProvider("oidc-rotated", provider.issuer, provider.jwks_url, discovery=True, kid="key-2")
    rsps.replace(responses.GET, provider.jwks_url, json=rotated.jwks())
    mock.clock.advance(61)
    identity_id = identity.get_id(IdentityPoolId=pool, Logins={login: rotated.token(now + 61, audience, sub="eve")})
    assert identity_id["IdentityId"] in listed(identity, pool)
    assert fetches(rsps, provider.jwks_url) == 2


def test_a_failed_fetch_is_not_cached(identity, pool, rsps, now):
    provider, login, audience = PROVIDERS["apple"]
    rsps.get(APPLE_KEYS, body=requests.ConnectionError("no route to host"))
    assert refused(identity, pool, {login: provider.token(now, audience)}) == (NOT_AUTHORIZED, BAD_SIGNATURE)
    rsps.replace(responses.GET, APPLE_KEYS, json=provider.jwks())
    assert identity.get_id(IdentityPoolId=pool, Logins={login: provider.token(now, audience)})["IdentityId"]


def test_facebook_access_tokens_are_checked_with_the_graph_api(identity, pool, rsps, now):
    facebook = Facebook()
    facebook.serve(rsps)
    first = identity.get_id(IdentityPoolId=pool, Logins={"graph.facebook.com": facebook.issue(FACEBOOK_APP, "10215")})
    again = identity.get_id(IdentityPoolId=pool, Logins={"graph.facebook.com": facebook.issue(FACEBOOK_APP, "10215")})
    assert first["IdentityId"] == again["IdentityId"]     # the same Facebook user, whatever the token
    other = identity.get_id(IdentityPoolId=pool, Logins={"graph.facebook.com": facebook.issue(FACEBOOK_APP, "20000")})
    assert other["IdentityId"] != first["IdentityId"]
    limited_login = JwtProvider("facebook", "https://www.facebook.com", "https://limited.facebook.com/keys")
    bad = [(facebook.issue("999999", "10215"), UNSUPPORTED),
           (facebook.issue(FACEBOOK_APP, "10215", expired=True), "Invalid login token. Token is expired."),
           ("anything", BAD_SIGNATURE),
           (limited_login.token(now, FACEBOOK_APP), BAD_SIGNATURE)]   # AWS: Limited Login isn't compatible
    for token, message in bad:
        assert refused(identity, pool, {"graph.facebook.com": token}) == (NOT_AUTHORIZED, message), token


def test_login_with_amazon_access_tokens_are_checked_with_tokeninfo(identity, pool, rsps):
    amazon = LoginWithAmazon()
    amazon.serve(rsps)
    token = amazon.issue(AMAZON_APP, "amzn1.account.K2LI23KL2LK2")
    identity_id = identity.get_id(IdentityPoolId=pool, Logins={"www.amazon.com": token})["IdentityId"]
    credentials = identity.get_credentials_for_identity(IdentityId=identity_id, Logins={"www.amazon.com": token})
    assert credentials["Credentials"]["AccessKeyId"]
    wrong_app = amazon.issue("amzn1.application.other", "amzn1.account.K2LI23KL2LK2")
    assert refused(identity, pool, {"www.amazon.com": wrong_app}) == (NOT_AUTHORIZED, UNSUPPORTED)
    assert refused(identity, pool, {"www.amazon.com": "anything"}) == (NOT_AUTHORIZED, BAD_SIGNATURE)
    assert listed(identity, pool) == [identity_id]


def test_twitter_tokens_are_checked_with_a_signed_verify_credentials(identity, pool, make_pool, rsps):
    twitter = Twitter(*TWITTER_APP)
    twitter.serve(rsps)
    first = identity.get_id(IdentityPoolId=pool, Logins={"api.twitter.com": twitter.issue("783214")})["IdentityId"]
    again = identity.get_id(IdentityPoolId=pool, Logins={"api.twitter.com": twitter.issue("783214")})["IdentityId"]
    assert first == again
    token = twitter.issue("783214").split(";")[0]
    for bad in (f"{token};not-its-secret", "anything"):
        assert refused(identity, pool, {"api.twitter.com": bad}) == (NOT_AUTHORIZED, BAD_SIGNATURE), bad
    assert listed(identity, pool) == [first]
    wrong_secret = make_pool(SupportedLoginProviders={"api.twitter.com": f"{TWITTER_APP[0]};not-the-app-secret"})
    assert refused(identity, wrong_secret, {"api.twitter.com": twitter.issue("783214")}) == (NOT_AUTHORIZED,
                                                                                             BAD_SIGNATURE)


def test_oauth1_signature_matches_twitters_worked_example():
    params = {"include_entities": "true", "oauth_consumer_key": TWITTER_APP[0],
              "oauth_nonce": "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", "oauth_signature_method": "HMAC-SHA1",
              "oauth_timestamp": "1318622958", "oauth_token": "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb",
              "oauth_version": "1.0", "status": "Hello Ladies + Gentlemen, a signed OAuth request!"}
    assert oauth1_signature("POST", "https://api.twitter.com/1.1/statuses/update.json", params, TWITTER_APP[1],
                            "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE") == "hCtSmYh+iHYCEqBWrE7C7hYmtUk="


def test_digits_can_verify_nothing_any_more(identity, pool):
    assert refused(identity, pool, {"www.digits.com": "token;secret"}) == (NOT_AUTHORIZED, BAD_SIGNATURE)


@pytest.mark.parametrize("url,login", [(f"{GRAPH}/app", "graph.facebook.com"), (AMAZON_TOKENINFO, "www.amazon.com"),
                                       (TWITTER_VERIFY, "api.twitter.com")])
def test_unreachable_token_apis_refuse_the_login(identity, pool, rsps, url, login):
    rsps.get(url, body=requests.ConnectionError("no route to host"))
    assert refused(identity, pool, {login: "EAABsometoken;secret"}) == (NOT_AUTHORIZED, BAD_SIGNATURE)


def test_a_saml_response_must_have_succeeded_be_signed_name_its_subject_and_be_current(identity, pool, now):
    first = identity.get_id(IdentityPoolId=pool, Logins={SAML_ARN: saml_response(now)})["IdentityId"]
    assert identity.get_id(IdentityPoolId=pool, Logins={SAML_ARN: saml_response(now - 60)})["IdentityId"] == first
    bad = [("anything", BAD_SIGNATURE), ("YW55dGhpbmc=", BAD_SIGNATURE),      # base64 of "anything"
           (saml_response(now, signed=False), BAD_SIGNATURE),
           (saml_response(now, success=False), BAD_SIGNATURE),
           (saml_response(now, name_id=""), BAD_SIGNATURE),
           (saml_response(now + 60), BAD_SIGNATURE),                        # not valid before a minute from now
           (saml_response(now - 600), f"Invalid login token. Token expired: {now} >= {now - 300}")]
    for token, message in bad:
        assert refused(identity, pool, {SAML_ARN: token}) == (NOT_AUTHORIZED, message), token
    assert listed(identity, pool) == [first]


def test_other_operations_refuse_a_forged_login_and_change_nothing(identity, pool, rsps, now):
    provider, login, audience = PROVIDERS["google"]
    provider.serve(rsps)
    token = provider.token(now, audience)
    identity_id = identity.get_id(IdentityPoolId=pool, Logins={login: token})["IdentityId"]
    forged = hs256(provider.claims(now, audience), b"my own secret", provider.kid)
    calls = [lambda: identity.get_credentials_for_identity(IdentityId=identity_id, Logins={login: forged}),
             lambda: identity.get_open_id_token(IdentityId=identity_id, Logins={login: forged}),
             lambda: identity.unlink_identity(IdentityId=identity_id, Logins={login: forged}, LoginsToRemove=[login]),
             lambda: identity.get_open_id_token_for_developer_identity(
                 IdentityPoolId=pool, Logins={"login.dev": "dev-user", login: forged})]
    for call in calls:
        with pytest.raises(ClientError) as raised:
            call()
        assert error(raised) == (NOT_AUTHORIZED, BAD_SIGNATURE)
    assert listed(identity, pool) == [identity_id]
    assert identity.describe_identity(IdentityId=identity_id)["Logins"] == [login]
    identity.unlink_identity(IdentityId=identity_id, Logins={login: token}, LoginsToRemove=[login])
    assert "Logins" not in identity.describe_identity(IdentityId=identity_id)
