"""Members botocore added to the configuration surface: DcrConfiguration, KeyConfiguration,
IssuerConfiguration, AcrConfiguration (pools), AcrMapping (identity providers), Routing and
CustomDomainConfig.SecurityPolicy (domains), ReplicaRegions (ListUserPools)."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of as error, requires

MRK = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
SINGLE_REGION_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234"
OIDC = {"client_id": "cid", "client_secret": "secret", "attributes_request_method": "GET",
        "oidc_issuer": "https://idp.example.com", "authorize_scopes": "openid"}
GOOGLE = {"client_id": "cid", "client_secret": "secret", "authorize_scopes": "openid"}


def described(idp, pool_id):
    return idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]


# --- defaults -----------------------------------------------------------------------------------------
def test_a_new_pool_reads_back_the_effective_key_issuer_and_acr_names(idp, pool_id):
    pool = described(idp, pool_id)
    assert pool["KeyConfiguration"] == {"KeyType": "AWS_OWNED_KEY"}
    assert pool["IssuerConfiguration"] == {"Type": "ORIGINAL"}
    assert pool["AcrConfiguration"] == {f"Level{n}": {"AcrValue": f"urn:cognito:loa:{n}"} for n in range(1, 5)}
    assert "DcrConfiguration" not in pool


def test_acr_names_merge_with_the_defaults(idp):
    pool_id = idp.create_user_pool(PoolName="p", AcrConfiguration={"Level2": {"AcrValue": "urn:x:silver"}})[
        "UserPool"]["Id"]
    acr = described(idp, pool_id)["AcrConfiguration"]
    assert acr["Level2"] == {"AcrValue": "urn:x:silver"}
    assert acr["Level1"] == {"AcrValue": "urn:cognito:loa:1"} and acr["Level4"] == {"AcrValue": "urn:cognito:loa:4"}


@requires("CreateUserPoolRequest.DcrConfiguration")
def test_an_empty_dcr_configuration_turns_registration_on(idp):
    pool_id = idp.create_user_pool(PoolName="p", DcrConfiguration={})["UserPool"]["Id"]
    assert described(idp, pool_id)["DcrConfiguration"] == {"EnableStatus": "Enabled", "OpenDcrEnabled": False}


@requires("CreateUserPoolRequest.DcrConfiguration")
def test_an_empty_grant_type_list_is_kept_apart_from_an_unset_one(idp):
    pool_id = idp.create_user_pool(PoolName="p", DcrConfiguration={"OpenDcrGrantTypes": []})["UserPool"]["Id"]
    dcr = described(idp, pool_id)["DcrConfiguration"]
    assert dcr["OpenDcrGrantTypes"] == [] and "AuthenticatedGrantTypes" not in dcr


# --- rules --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("member", [pytest.param({"DcrConfiguration": {"EnableStatus": "Enabled"}},
                                                 marks=requires("CreateUserPoolRequest.DcrConfiguration")),
                                    {"AcrConfiguration": {"Level1": {"AcrValue": "urn:x:1"}}}])
def test_dcr_and_custom_acr_names_need_essentials_or_plus(idp, member):
    with pytest.raises(ClientError) as raised:
        idp.create_user_pool(PoolName="p", UserPoolTier="LITE", **member)
    code, message = error(raised)
    assert code == "FeatureUnavailableInTierException"
    assert message.startswith("The following features need to be disabled for the LITE pricing tier configured: ")


@requires("CreateUserPoolRequest.DcrConfiguration")
def test_a_disabled_dcr_configuration_is_fine_on_lite(idp):
    pool_id = idp.create_user_pool(PoolName="p", UserPoolTier="LITE",
                                   DcrConfiguration={"EnableStatus": "Disabled"})["UserPool"]["Id"]
    assert described(idp, pool_id)["DcrConfiguration"]["EnableStatus"] == "Disabled"


def test_acr_names_must_be_unique_including_the_defaults(idp):
    with pytest.raises(ClientError) as raised:
        idp.create_user_pool(PoolName="p", AcrConfiguration={"Level3": {"AcrValue": "urn:cognito:loa:1"}})
    assert error(raised)[0] == "InvalidParameterException"


@pytest.mark.parametrize("key", [{"KeyType": "CUSTOMER_MANAGED_KEY"},
                                 {"KeyType": "AWS_OWNED_KEY", "KmsKeyArn": MRK},
                                 {"KeyType": "CUSTOMER_MANAGED_KEY",
                                  "KmsKeyArn": "arn:aws:iam::123456789012:role/not-a-key"}])
def test_key_configuration_rules(idp, key):
    with pytest.raises(ClientError) as raised:
        idp.create_user_pool(PoolName="p", KeyConfiguration=key)
    assert error(raised)[0] == "InvalidParameterException"


@requires("CreateUserPoolRequest.DcrConfiguration")
def test_update_keeps_key_and_issuer_but_resets_dcr_and_acr_when_omitted(idp):
    pool_id = idp.create_user_pool(
        PoolName="p", KeyConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": MRK},
        IssuerConfiguration={"Type": "UPDATED"}, DcrConfiguration={"OpenDcrEnabled": True},
        AcrConfiguration={"Level1": {"AcrValue": "urn:x:1"}})["UserPool"]["Id"]
    idp.update_user_pool(UserPoolId=pool_id)
    pool = described(idp, pool_id)
    assert pool["KeyConfiguration"] == {"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": MRK}
    assert pool["IssuerConfiguration"] == {"Type": "UPDATED"}
    assert "DcrConfiguration" not in pool
    assert pool["AcrConfiguration"]["Level1"] == {"AcrValue": "urn:cognito:loa:1"}


def test_replication_needs_a_multi_region_key(idp):
    pool_id = idp.create_user_pool(PoolName="p", KeyConfiguration={
        "KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": SINGLE_REGION_KEY})["UserPool"]["Id"]
    with pytest.raises(ClientError) as raised:
        idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    assert error(raised)[0] == "InvalidParameterException"
    idp.update_user_pool(UserPoolId=pool_id, KeyConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": MRK})
    idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    with pytest.raises(ClientError) as raised:
        idp.update_user_pool(UserPoolId=pool_id, KeyConfiguration={"KeyType": "CUSTOMER_MANAGED_KEY",
                                                                   "KmsKeyArn": SINGLE_REGION_KEY})
    assert error(raised)[0] == "InvalidParameterException"
    assert described(idp, pool_id)["KeyConfiguration"]["KmsKeyArn"] == MRK


def test_list_user_pools_names_the_replica_regions(idp, pool_id):
    alone = idp.create_user_pool(PoolName="alone")["UserPool"]["Id"]
    idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="eu-west-1")
    listed = {p["Id"]: p for p in idp.list_user_pools(MaxResults=60)["UserPools"]}
    assert listed[pool_id]["ReplicaRegions"] == ["eu-west-1"]
    assert "ReplicaRegions" not in listed[alone]


# --- identity providers: AcrMapping ---------------------------------------------------------------------
def test_acr_mapping_is_for_oidc_providers_only(idp, pool_id):
    with pytest.raises(ClientError) as raised:
        idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Google", ProviderType="Google",
                                     ProviderDetails=GOOGLE, AcrMapping={"Level1": "x"})
    assert error(raised)[0] == "InvalidParameterException"
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Google", ProviderType="Google",
                                 ProviderDetails=GOOGLE)
    with pytest.raises(ClientError) as raised:
        idp.update_identity_provider(UserPoolId=pool_id, ProviderName="Google", AcrMapping={"Level1": "x"})
    assert error(raised)[0] == "InvalidParameterException"


def test_update_without_acr_mapping_keeps_it(idp, pool_id):
    idp.create_identity_provider(UserPoolId=pool_id, ProviderName="Corp", ProviderType="OIDC",
                                 ProviderDetails=OIDC, AcrMapping={"Level2": "urn:corp:mfa"})
    idp.update_identity_provider(UserPoolId=pool_id, ProviderName="Corp", AttributeMapping={"email": "email"})
    provider = idp.describe_identity_provider(UserPoolId=pool_id, ProviderName="Corp")["IdentityProvider"]
    assert provider["AcrMapping"] == {"Level2": "urn:corp:mfa"}


# --- domains: Routing, SecurityPolicy ----------------------------------------------------------------
@pytest.fixture
def replicated(idp):
    pool_id = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    idp.create_user_pool_replica(UserPoolId=pool_id, RegionName="us-west-2")
    return pool_id


FAILOVER = {"Failover": {"SecondaryRegion": "us-west-2", "PrimaryRoute53HealthCheckId": "hc-1"}}


def test_routing_is_answered_and_described_for_a_custom_domain(idp, replicated):
    made = idp.create_user_pool_domain(UserPoolId=replicated, Domain="auth.example.com", Routing=FAILOVER,
                                       CustomDomainConfig={"CertificateArn": CERTIFICATE,
                                                           "SecurityPolicy": "TLS_V1_2_2021"})
    assert made["Routing"] == FAILOVER
    description = idp.describe_user_pool_domain(Domain="auth.example.com")["DomainDescription"]
    assert description["Routing"] == FAILOVER
    assert description["CustomDomainConfig"] == {"CertificateArn": CERTIFICATE, "SecurityPolicy": "TLS_V1_2_2021"}
    idp.update_user_pool_domain(UserPoolId=replicated, Domain="auth.example.com", ManagedLoginVersion=2)
    assert idp.describe_user_pool_domain(Domain="auth.example.com")["DomainDescription"]["Routing"] == FAILOVER


def test_routing_is_for_custom_domains_only(idp, replicated):
    with pytest.raises(ClientError) as raised:
        idp.create_user_pool_domain(UserPoolId=replicated, Domain="my-prefix-x", Routing=FAILOVER)
    assert error(raised)[0] == "InvalidParameterException"
    assert idp.describe_user_pool_domain(Domain="my-prefix-x")["DomainDescription"] == {}


def test_routing_fails_over_to_a_replica_region(idp, replicated):
    elsewhere = {"Failover": {"SecondaryRegion": "ap-south-1", "PrimaryRoute53HealthCheckId": "hc-1"}}
    with pytest.raises(ClientError) as raised:
        idp.create_user_pool_domain(UserPoolId=replicated, Domain="auth.example.com", Routing=elsewhere,
                                    CustomDomainConfig={"CertificateArn": CERTIFICATE})
    assert error(raised)[0] == "InvalidParameterException"
