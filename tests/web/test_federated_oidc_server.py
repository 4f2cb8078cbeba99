"""A real OpenID Connect sign-in over HTTP, on the server (``cognito.server()``): a second user pool
of the same emulator is the provider (its issuer URL on the server as ``oidc_issuer``, its hosted
sign-in as the provider's login page, its app client's id and secret as the provider's). The relying
party fetches discovery, the token endpoint and the JWKS over real HTTP from the very server that is
answering the browser, with the store's lock let go meanwhile (web/app.py ``on_web``)."""
import jwt
import requests

from federation_helpers import follow
from hosted_helpers import CALLBACK, PASSWORD, add_user, csrf, oauth_client, query


def _setup(idp, server: str, secret: str | None = None):
    upstream = idp.create_user_pool(PoolName="upstream")["UserPool"]["Id"]
    provider_app = oauth_client(idp, upstream, ClientName="downstream", GenerateSecret=True,
                                CallbackURLs=[f"{server}/oauth2/idpresponse"])
    add_user(idp, upstream, "zoe", name="Zoe Upstream")
    pool_id = idp.create_user_pool(PoolName="app")["UserPool"]["Id"]
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Upstream", ProviderType="OIDC", ProviderDetails={
        "client_id": provider_app["ClientId"], "client_secret": secret or provider_app["ClientSecret"],
        "attributes_request_method": "GET", "oidc_issuer": f"{server}/{upstream}",
        "authorize_scopes": "openid email profile"}, AttributeMapping={"email": "email", "name": "name"})
    app = oauth_client(idp, pool_id, ClientName="app", SupportedIdentityProviders=["Upstream"])
    return upstream, pool_id, app["ClientId"]


def _through_upstream(server: str, client_id: str) -> requests.Response:
    """app -> /oauth2/authorize?identity_provider=Upstream -> the upstream pool's /login, signed in as
    zoe -> /oauth2/idpresponse -> ... the answer that reaches the app's callback."""
    browser = requests.Session()
    first = browser.get(f"{server}/oauth2/authorize", allow_redirects=False, params={
        "response_type": "code", "client_id": client_id, "redirect_uri": CALLBACK, "state": "app-state",
        "identity_provider": "Upstream"}, timeout=30)
    assert first.status_code == 302, first.text
    assert first.headers["Location"].startswith(f"{server}/oauth2/authorize?")      # discovery's endpoint
    login = follow(browser, browser.get(first.headers["Location"], allow_redirects=False, timeout=30))
    assert login.status_code == 200 and 'name="password"' in login.text, login.text
    back = browser.post(login.url, data={"username": "zoe", "password": PASSWORD, **csrf(browser)},
                        allow_redirects=False, timeout=30)
    return follow(browser, back)


def test_a_second_pool_of_the_server_is_a_real_oidc_provider(idp, cognito_server):
    upstream, pool_id, client_id = _setup(idp, cognito_server)
    done = _through_upstream(cognito_server, client_id)
    callback = done.headers["Location"]
    assert callback.startswith(CALLBACK) and query(callback)["state"] == "app-state", callback
    answer = requests.post(f"{cognito_server}/oauth2/token", timeout=30, data={
        "grant_type": "authorization_code", "code": query(callback)["code"], "client_id": client_id,
        "redirect_uri": CALLBACK})
    assert answer.status_code == 200, answer.text
    token = answer.json()["id_token"]
    # the pool's own token, signed by the key its served JWKS publishes
    keys = jwt.PyJWKClient(f"{cognito_server}/{pool_id}/.well-known/jwks.json")
    claims = jwt.decode(token, keys.get_signing_key_from_jwt(token).key, algorithms=["RS256"], audience=client_id,
                        issuer=f"{cognito_server}/{pool_id}")
    zoe = idp.admin_get_user(UserPoolId=upstream, Username="zoe")["UserAttributes"]
    zoe_sub = next(a["Value"] for a in zoe if a["Name"] == "sub")
    assert claims["cognito:username"] == f"Upstream_{zoe_sub}"
    assert claims["email"] == "zoe@example.com" and claims["name"] == "Zoe Upstream"
    assert [(i["providerName"], i["providerType"], i["userId"]) for i in claims["identities"]] == [
        ("Upstream", "OIDC", zoe_sub)]


def test_a_wrong_secret_on_the_server_is_the_providers_error(idp, cognito_server):
    _, pool_id, client_id = _setup(idp, cognito_server, secret="wrong")
    params = query(_through_upstream(cognito_server, client_id).headers["Location"])
    assert (params["error"], params["error_description"]) == ("invalid_request", "Upstream Error - 401 invalid_client")
    assert idp.list_users(UserPoolId=pool_id)["Users"] == []
