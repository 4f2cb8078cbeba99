"""CreateUserPoolDomain, DescribeUserPoolDomain, UpdateUserPoolDomain, DeleteUserPoolDomain."""
import boto3
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-123456789012"


def test_prefix_domain_round_trip(idp, pool_id):
    answer = idp.create_user_pool_domain(UserPoolId=pool_id, Domain="my-app")
    assert answer["ManagedLoginVersion"] == 1
    described = idp.describe_user_pool_domain(Domain="my-app")["DomainDescription"]
    assert described["UserPoolId"] == pool_id
    assert described["AWSAccountId"] == "123456789012"
    assert described["Domain"] == "my-app"
    assert described["Status"] == "ACTIVE"
    assert described["CloudFrontDistribution"].endswith(".cloudfront.net")
    assert described["ManagedLoginVersion"] == 1
    assert "CustomDomainConfig" not in described
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Domain"] == "my-app" and "CustomDomain" not in pool


def test_unknown_domain_describes_as_empty(idp):
    assert idp.describe_user_pool_domain(Domain="nobody-has-this")["DomainDescription"] == {}


def test_prefix_domains_are_unique_within_a_region(idp, pool_id, mock):
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="taken")
    second = idp.create_user_pool(PoolName="second")["UserPool"]["Id"]
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_domain(UserPoolId=second, Domain="taken")
    assert error_of(exc) == ("InvalidParameterException", "Domain already associated with another user pool.")
    # the region is part of the host ({prefix}.auth.{region}.amazoncognito.com): another region may use it
    other_region = boto3.client("cognito-idp", region_name="eu-west-1")
    assert other_region.describe_user_pool_domain(Domain="taken")["DomainDescription"] == {}
    other = other_region.create_user_pool(PoolName="p")["UserPool"]["Id"]
    other_region.create_user_pool_domain(UserPoolId=other, Domain="taken")
    assert other_region.describe_user_pool_domain(Domain="taken")["DomainDescription"]["UserPoolId"] == other
    assert idp.describe_user_pool_domain(Domain="taken")["DomainDescription"]["UserPoolId"] == pool_id


def test_one_prefix_domain_per_pool(idp, pool_id):
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="first")
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_domain(UserPoolId=pool_id, Domain="second")
    assert error_of(exc)[0] == "InvalidParameterException"
    assert idp.describe_user_pool_domain(Domain="second")["DomainDescription"] == {}


@pytest.mark.parametrize("word", ["aws", "amazon", "cognito"])
def test_reserved_words(idp, pool_id, word):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_domain(UserPoolId=pool_id, Domain=f"my-{word}-app")
    assert error_of(exc) == ("InvalidParameterException", f"Domain cannot contain reserved word: {word}")


def test_delete_domain_frees_the_name(idp, pool_id):
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="my-app")
    idp.delete_user_pool_domain(UserPoolId=pool_id, Domain="my-app")
    assert idp.describe_user_pool_domain(Domain="my-app")["DomainDescription"] == {}
    assert "Domain" not in idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    idp.create_user_pool_domain(UserPoolId=other, Domain="my-app")
    assert idp.describe_user_pool_domain(Domain="my-app")["DomainDescription"]["UserPoolId"] == other


def test_delete_domain_of_another_pool(idp, pool_id):
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="my-app")
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    with pytest.raises(ClientError) as exc:
        idp.delete_user_pool_domain(UserPoolId=other, Domain="my-app")
    assert error_of(exc) == ("InvalidParameterException", "No such domain or user pool exists.")
    assert idp.describe_user_pool_domain(Domain="my-app")["DomainDescription"]["UserPoolId"] == pool_id


def test_deleting_the_pool_frees_its_domain(idp, pool_id):
    idp.create_user_pool_domain(UserPoolId=pool_id, Domain="my-app")
    idp.delete_user_pool(UserPoolId=pool_id)
    assert idp.describe_user_pool_domain(Domain="my-app")["DomainDescription"] == {}


def test_managed_login_version(idp, pool_id):
    answer = idp.create_user_pool_domain(UserPoolId=pool_id, Domain="my-app", ManagedLoginVersion=2)
    assert answer["ManagedLoginVersion"] == 2
    idp.update_user_pool_domain(UserPoolId=pool_id, Domain="my-app", ManagedLoginVersion=1)
    assert idp.describe_user_pool_domain(Domain="my-app")["DomainDescription"]["ManagedLoginVersion"] == 1


def test_managed_login_needs_essentials(idp):
    lite = idp.create_user_pool(PoolName="p", UserPoolTier="LITE")["UserPool"]["Id"]
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_domain(UserPoolId=lite, Domain="my-app", ManagedLoginVersion=2)
    assert error_of(exc)[0] == "FeatureUnavailableInTierException"
    assert idp.describe_user_pool_domain(Domain="my-app")["DomainDescription"] == {}


def test_custom_domain_needs_an_acm_certificate_in_us_east_1(idp, pool_id):
    wrong = CERT.replace("us-east-1", "eu-west-1")
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool_domain(UserPoolId=pool_id, Domain="login", CustomDomainConfig={"CertificateArn": wrong})
    assert error_of(exc) == ("InvalidParameterException",
                             "The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, "
                             "or doesn't include a valid certificate chain.")


def test_custom_domain_round_trip_in_the_backend():
    """Custom domain names have dots, which botocore's DomainType pattern does not allow; the
    domain rules are exercised below the wire until the validator exempts that pattern."""
    from cognito_mock.backend.idp.oauth import domains
    from cognito_mock.backend.idp.pools import pools
    from cognito_mock.backend.store import Store
    store = Store()
    state = store.region("123456789012", "us-east-1")
    pool = pools.create(store.env, state, "p", {}, {}, None)
    domain = domains.create(store.env, store.index, pool, "123456789012", "us-east-1", "auth.example.com", CERT, None)
    assert domain.custom and pool.custom_domain == "auth.example.com"
    assert store.index.domains["auth.example.com"] == ("123456789012", "us-east-1", pool.id)
    assert domains.hostname(domain, "us-east-1") == "auth.example.com"
    new_cert = CERT[:-4] + "9999"
    domains.update(pool, "auth.example.com", new_cert, None)
    assert domain.certificate_arn == new_cert
    domains.delete(store.index, pool, "auth.example.com")
    assert "auth.example.com" not in store.index.domains and pool.custom_domain is None


def test_custom_domain_through_the_api(idp, pool_id):
    answer = idp.create_user_pool_domain(UserPoolId=pool_id, Domain="auth.example.com",
                                         CustomDomainConfig={"CertificateArn": CERT})
    assert answer["CloudFrontDomain"].endswith(".cloudfront.net")
    described = idp.describe_user_pool_domain(Domain="auth.example.com")["DomainDescription"]
    assert described["CustomDomainConfig"] == {"CertificateArn": CERT}
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["CustomDomain"] == "auth.example.com"
