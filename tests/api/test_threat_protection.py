"""Set/DescribeRiskConfiguration, Set/GetLogDeliveryConfiguration."""
import pytest
from botocore.exceptions import ClientError
from helpers import error_of

LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:cognito"
BUCKET = "arn:aws:s3:::my-bucket"
COMPROMISED = {"EventFilter": ["SIGN_IN"], "Actions": {"EventAction": "BLOCK"}}
TAKEOVER = {"Actions": {"HighAction": {"Notify": False, "EventAction": "BLOCK"}}}


@pytest.fixture
def plus_pool(idp):
    return idp.create_user_pool(PoolName="p", UserPoolTier="PLUS",
                                UserPoolAddOns={"AdvancedSecurityMode": "ENFORCED"})["UserPool"]["Id"]


def test_risk_configuration_needs_threat_protection(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.set_risk_configuration(UserPoolId=pool_id, CompromisedCredentialsRiskConfiguration=COMPROMISED)
    assert error_of(exc)[0] == "UserPoolAddOnNotEnabledException"
    with pytest.raises(ClientError) as exc:
        idp.describe_risk_configuration(UserPoolId=pool_id)
    assert error_of(exc)[0] == "UserPoolAddOnNotEnabledException"


def test_risk_configuration_round_trip(idp, plus_pool):
    assert idp.describe_risk_configuration(UserPoolId=plus_pool)["RiskConfiguration"] == {"UserPoolId": plus_pool}
    made = idp.set_risk_configuration(UserPoolId=plus_pool, CompromisedCredentialsRiskConfiguration=COMPROMISED,
                                      AccountTakeoverRiskConfiguration=TAKEOVER,
                                      RiskExceptionConfiguration={"BlockedIPRangeList": ["10.0.0.0/8"]})["RiskConfiguration"]
    assert made["CompromisedCredentialsRiskConfiguration"] == COMPROMISED
    assert made["AccountTakeoverRiskConfiguration"] == TAKEOVER
    assert made["RiskExceptionConfiguration"] == {"BlockedIPRangeList": ["10.0.0.0/8"]}
    assert idp.describe_risk_configuration(UserPoolId=plus_pool)["RiskConfiguration"] == made


def test_client_risk_configuration_falls_back_to_the_pool(idp, plus_pool):
    client_id = idp.create_user_pool_client(UserPoolId=plus_pool, ClientName="c")["UserPoolClient"]["ClientId"]
    pool_wide = idp.set_risk_configuration(UserPoolId=plus_pool, AccountTakeoverRiskConfiguration=TAKEOVER)
    got = idp.describe_risk_configuration(UserPoolId=plus_pool, ClientId=client_id)["RiskConfiguration"]
    assert got == pool_wide["RiskConfiguration"]
    own = idp.set_risk_configuration(UserPoolId=plus_pool, ClientId=client_id,
                                     CompromisedCredentialsRiskConfiguration=COMPROMISED)["RiskConfiguration"]
    assert own["ClientId"] == client_id
    assert idp.describe_risk_configuration(UserPoolId=plus_pool, ClientId=client_id)["RiskConfiguration"] == own


def test_notify_needs_a_notify_configuration(idp, plus_pool):
    with pytest.raises(ClientError) as exc:
        idp.set_risk_configuration(UserPoolId=plus_pool, AccountTakeoverRiskConfiguration={
            "Actions": {"HighAction": {"Notify": True, "EventAction": "BLOCK"}}})
    assert error_of(exc)[0] == "InvalidParameterException"
    assert idp.describe_risk_configuration(UserPoolId=plus_pool)["RiskConfiguration"] == {"UserPoolId": plus_pool}


def test_log_delivery_round_trip(idp, plus_pool):
    assert idp.get_log_delivery_configuration(UserPoolId=plus_pool)["LogDeliveryConfiguration"] == {
        "UserPoolId": plus_pool, "LogConfigurations": []}
    configs = [{"LogLevel": "ERROR", "EventSource": "userNotification",
                "CloudWatchLogsConfiguration": {"LogGroupArn": LOG_GROUP}},
               {"LogLevel": "INFO", "EventSource": "userAuthEvents", "S3Configuration": {"BucketArn": BUCKET}}]
    made = idp.set_log_delivery_configuration(UserPoolId=plus_pool, LogConfigurations=configs)
    assert made["LogDeliveryConfiguration"] == {"UserPoolId": plus_pool, "LogConfigurations": configs}
    assert idp.get_log_delivery_configuration(UserPoolId=plus_pool) ["LogDeliveryConfiguration"]["LogConfigurations"] == configs


def test_auth_events_need_plus(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.set_log_delivery_configuration(UserPoolId=pool_id, LogConfigurations=[
            {"LogLevel": "INFO", "EventSource": "userAuthEvents", "S3Configuration": {"BucketArn": BUCKET}}])
    assert error_of(exc)[0] == "FeatureUnavailableInTierException"


@pytest.mark.parametrize("config", [
    {"LogLevel": "INFO", "EventSource": "userNotification", "CloudWatchLogsConfiguration": {"LogGroupArn": LOG_GROUP}},
    {"LogLevel": "ERROR", "EventSource": "userNotification"},
    {"LogLevel": "ERROR", "EventSource": "userNotification", "S3Configuration": {"BucketArn": BUCKET}},
])
def test_bad_log_configurations(idp, plus_pool, config):
    with pytest.raises(ClientError) as exc:
        idp.set_log_delivery_configuration(UserPoolId=plus_pool, LogConfigurations=[config])
    assert error_of(exc)[0] == "InvalidParameterException"
    assert idp.get_log_delivery_configuration(UserPoolId=plus_pool)["LogDeliveryConfiguration"]["LogConfigurations"] == []
