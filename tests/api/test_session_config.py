"""Get/SetUserPoolSessionConfiguration and Get/SetUserPoolClientSessionConfiguration."""
import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from helpers import error_of, requires

pytestmark = requires("SetUserPoolSessionConfiguration", "SetUserPoolClientSessionConfiguration")


def enable(idp, pool_id, max_per_user=20, tracking="ENABLED"):
    return idp.set_user_pool_session_configuration(UserPoolId=pool_id, UserSessionTracking=tracking,
                                                   TokenSession={"MaxPerUser": max_per_user})


def answer(response):
    response.pop("ResponseMetadata")
    return response


def test_pool_defaults_when_never_set(idp, pool_id):
    assert answer(idp.get_user_pool_session_configuration(UserPoolId=pool_id)) == {
        "UserPoolId": pool_id, "UserSessionTracking": "DISABLED", "TokenSession": {"MaxPerUser": 20}}


def test_pool_configuration_round_trip_and_full_replacement(idp, pool_id):
    assert answer(enable(idp, pool_id, max_per_user=5)) == {
        "UserPoolId": pool_id, "UserSessionTracking": "ENABLED", "TokenSession": {"MaxPerUser": 5}}
    assert answer(idp.get_user_pool_session_configuration(UserPoolId=pool_id))["TokenSession"] == {"MaxPerUser": 5}
    enable(idp, pool_id, max_per_user=100, tracking="DISABLED")
    assert answer(idp.get_user_pool_session_configuration(UserPoolId=pool_id)) == {
        "UserPoolId": pool_id, "UserSessionTracking": "DISABLED", "TokenSession": {"MaxPerUser": 100}}


@pytest.fixture
def unchecked(cognito):
    """A client that sends what it is given, so the emulator's own checks answer."""
    return boto3.client("cognito-idp", region_name="us-east-1", config=Config(parameter_validation=False))


@pytest.mark.parametrize("value", [0, 101])
def test_max_per_user_range(idp, unchecked, pool_id, value):
    with pytest.raises(ClientError) as exc:
        enable(unchecked, pool_id, max_per_user=value)
    assert error_of(exc)[0] == "InvalidParameterException"
    assert "validation error" in error_of(exc)[1]
    assert idp.get_user_pool_session_configuration(UserPoolId=pool_id)["UserSessionTracking"] == "DISABLED"


def test_lite_pools_cannot_set_sessions(idp):
    lite = idp.create_user_pool(PoolName="lite", UserPoolTier="LITE")["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=lite, ClientName="app")["UserPoolClient"]["ClientId"]
    message = ("The following features need to be disabled for the LITE pricing tier configured: "
               "Session Management")
    with pytest.raises(ClientError) as exc:
        enable(idp, lite)
    assert error_of(exc) == ("FeatureUnavailableInTierException", message)
    with pytest.raises(ClientError) as exc:
        idp.set_user_pool_client_session_configuration(UserPoolId=lite, ClientId=client,
                                                       SSOSession={"MaxValidityMinutes": 10})
    assert error_of(exc) == ("FeatureUnavailableInTierException", message)
    assert idp.get_user_pool_session_configuration(UserPoolId=lite)["UserSessionTracking"] == "DISABLED"
    assert idp.get_user_pool_client_session_configuration(UserPoolId=lite, ClientId=client)["SSOSession"] == {
        "MaxValidityMinutes": 60}


def test_unknown_pool(idp):
    with pytest.raises(ClientError) as exc:
        idp.get_user_pool_session_configuration(UserPoolId="us-east-1_nothere")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool us-east-1_nothere does not exist.")
    with pytest.raises(ClientError) as exc:
        enable(idp, "us-east-1_nothere")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool us-east-1_nothere does not exist.")


def test_client_default_is_sixty_minutes(idp, pool_id, client_id):
    assert answer(idp.get_user_pool_client_session_configuration(UserPoolId=pool_id, ClientId=client_id)) == {
        "UserPoolId": pool_id, "ClientId": client_id, "SSOSession": {"MaxValidityMinutes": 60}}


def test_client_configuration_needs_tracking(idp, pool_id, client_id):
    with pytest.raises(ClientError) as exc:
        idp.set_user_pool_client_session_configuration(UserPoolId=pool_id, ClientId=client_id,
                                                       SSOSession={"MaxValidityMinutes": 0})
    assert error_of(exc) == ("OperationNotEnabledException", "Session tracking is not enabled for this user pool.")
    assert idp.get_user_pool_client_session_configuration(
        UserPoolId=pool_id, ClientId=client_id)["SSOSession"]["MaxValidityMinutes"] == 60


def test_client_configuration_round_trip_and_dormant_while_disabled(idp, pool_id, client_id):
    enable(idp, pool_id)
    made = idp.set_user_pool_client_session_configuration(UserPoolId=pool_id, ClientId=client_id,
                                                          SSOSession={"MaxValidityMinutes": 129600})
    assert answer(made) == {"UserPoolId": pool_id, "ClientId": client_id,
                            "SSOSession": {"MaxValidityMinutes": 129600}}
    idp.set_user_pool_client_session_configuration(UserPoolId=pool_id, ClientId=client_id,
                                                   SSOSession={"MaxValidityMinutes": 0})
    enable(idp, pool_id, tracking="DISABLED")
    # retained while tracking is off
    assert idp.get_user_pool_client_session_configuration(
        UserPoolId=pool_id, ClientId=client_id)["SSOSession"] == {"MaxValidityMinutes": 0}


def test_client_validity_range_and_unknown_client(idp, unchecked, pool_id, client_id):
    enable(idp, pool_id)
    with pytest.raises(ClientError) as exc:
        unchecked.set_user_pool_client_session_configuration(UserPoolId=pool_id, ClientId=client_id,
                                                       SSOSession={"MaxValidityMinutes": 129601})
    assert error_of(exc)[0] == "InvalidParameterException"
    with pytest.raises(ClientError) as exc:
        idp.get_user_pool_client_session_configuration(UserPoolId=pool_id, ClientId="nosuchclient")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool client nosuchclient does not exist.")
    with pytest.raises(ClientError) as exc:
        idp.set_user_pool_client_session_configuration(UserPoolId=pool_id, ClientId="nosuchclient",
                                                       SSOSession={"MaxValidityMinutes": 5})
    assert error_of(exc) == ("ResourceNotFoundException", "User pool client nosuchclient does not exist.")
