"""Deleting an app client leaves nothing of it in any concept's slice of the pool, and deleting a pool
leaves no entry in the global indexes (UserPool.forget_client / forget: each concept forgets its part)."""
import dataclasses

from helpers import requires

pytestmark = requires("CreateTerms", "CreateManagedLoginBranding", "CreateCIMDPolicy")

PLUS = {"UserPoolTier": "PLUS", "UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED"}}
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


def backend_pool(mock, pool_id):
    account, region = mock.store.index.user_pools[pool_id]
    return mock.store.region(account, region).user_pools[pool_id]


def mentions(value, needle):
    """Where ``needle`` occurs in ``value`` (keys, strings, dataclass fields, containers), as paths."""
    if isinstance(value, str):
        return [""] if needle in value else []
    if dataclasses.is_dataclass(value):
        items = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
    elif isinstance(value, dict):
        items = [(f"[{k!r}]", v) for k, v in value.items()] + [(f"key {k!r}", k) for k in value]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = [(f"[{n}]", v) for n, v in enumerate(value)]
    else:
        return []
    return [f".{name}{rest}" for name, item in items for rest in mentions(item, needle)]


def configure_everything_for(idp, pool_id, client_id):
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="forget-me")
    idp.set_ui_customization(UserPoolId=pool_id, ClientId=client_id, CSS=".banner-customizable {background: blue;}")
    idp.create_managed_login_branding(UserPoolId=pool_id, ClientId=client_id, UseCognitoProvidedValues=True)
    idp.create_terms(UserPoolId=pool_id, ClientId=client_id, TermsName="terms-of-use", TermsSource="LINK",
                     Enforcement="NONE", Links={"cognito:default": "https://example.com/terms"})
    idp.set_risk_configuration(UserPoolId=pool_id, ClientId=client_id,
                               CompromisedCredentialsRiskConfiguration={"Actions": {"EventAction": "BLOCK"}})
    idp.create_cimd_policy(UserPoolId=pool_id, ClientId=client_id, PolicyName="agents",
                           URLPatterns=["https://agents.example.com/*"])
    idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                      AuthParameters={"USERNAME": "ana", "PASSWORD": "Passw0rd!"})


def test_a_deleted_client_leaves_nothing_in_any_concept(idp, mock):
    pool_id = idp.create_user_pool(PoolName="p", **PLUS)["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=FLOWS,
                                            GenerateSecret=False)["UserPoolClient"]["ClientId"]
    configure_everything_for(idp, pool_id, client_id)
    pool = backend_pool(mock, pool_id)
    concepts = {name: getattr(pool, name) for name in pool.CONCEPTS}
    before = {name: mentions(state, client_id) for name, state in concepts.items()}
    assert all(before[name] for name in ("clients", "auth", "security", "branding")), before
    idp.delete_user_pool_client(UserPoolId=pool_id, ClientId=client_id)
    assert {name: mentions(state, client_id) for name, state in concepts.items()} == {name: [] for name in concepts}
    assert client_id not in mock.store.index.clients


def test_a_deleted_pool_leaves_no_index_entry(idp, mock):
    pool_id = idp.create_user_pool(PoolName="p", **PLUS)["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app", ExplicitAuthFlows=FLOWS,
                                            GenerateSecret=False)["UserPoolClient"]["ClientId"]
    configure_everything_for(idp, pool_id, client_id)
    assert mentions(dataclasses.asdict(mock.store.index), pool_id)
    idp.delete_user_pool(UserPoolId=pool_id)
    index = mock.store.index
    assert mentions({name: getattr(index, name) for name in index.__slots__}, pool_id) == []
    assert client_id not in index.clients and not any("forget-me" in host for host in index.domains)


def test_a_deleted_user_leaves_nothing_in_any_concept(idp, mock):
    pool_id = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="app",
                                            ExplicitAuthFlows=FLOWS)["UserPoolClient"]["ClientId"]
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Google", ProviderType="Google",
                                 ProviderDetails={"client_id": "gid", "client_secret": "gsecret",
                                                  "authorize_scopes": "openid email"})
    idp.admin_create_user(UserPoolId=pool_id, Username="zed-forgotten", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="zed-forgotten", Password="Passw0rd!", Permanent=True)
    idp.create_group(UserPoolId=pool_id, GroupName="team")
    idp.admin_add_user_to_group(UserPoolId=pool_id, Username="zed-forgotten", GroupName="team")
    idp.admin_link_provider_for_user(
        UserPoolId=pool_id, DestinationUser={"ProviderName": "Cognito", "ProviderAttributeValue": "zed-forgotten"},
        SourceUser={"ProviderName": "Google", "ProviderAttributeName": "Cognito_Subject",
                    "ProviderAttributeValue": "g-1"})
    idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                      AuthParameters={"USERNAME": "zed-forgotten", "PASSWORD": "Passw0rd!"})
    pool = backend_pool(mock, pool_id)
    concepts = {name: getattr(pool, name) for name in pool.CONCEPTS}
    user_key = pool.user_key("zed-forgotten")
    links = list(pool.federation.federated_links.values())
    assert mentions(concepts, "zed-forgotten") and links == [user_key]
    idp.admin_delete_user(UserPoolId=pool_id, Username="zed-forgotten")
    assert mentions(concepts, "zed-forgotten") == [] and pool.federation.federated_links == {}
    assert idp.list_users_in_group(UserPoolId=pool_id, GroupName="team")["Users"] == []
