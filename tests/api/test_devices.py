"""Device tracking: NewDeviceMetadata, ConfirmDevice, device SRP with pycognito, device management."""
import jwt
import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP, generate_hash_device
from helpers import error_of


@pytest.fixture
def ids(cognito_idp, user_pool):
    ids = user_pool(DeviceConfiguration={"ChallengeRequiredOnNewDevice": True,
                                         "DeviceOnlyRememberedOnUserPrompt": False})
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="ana", MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="ana", Password="Passw0rd!", Permanent=True)
    return ids


def remembered_device(cognito_idp, ids):
    tokens = AWSSRP("ana", "Passw0rd!", ids.pool_id, ids.client_id, client=cognito_idp).authenticate_user()
    meta = tokens["AuthenticationResult"]["NewDeviceMetadata"]
    password, config = generate_hash_device(meta["DeviceGroupKey"], meta["DeviceKey"])
    confirmed = cognito_idp.confirm_device(AccessToken=tokens["AuthenticationResult"]["AccessToken"],
                                           DeviceKey=meta["DeviceKey"], DeviceSecretVerifierConfig=config,
                                           DeviceName="laptop")
    assert confirmed["UserConfirmationNecessary"] is False
    return meta["DeviceKey"], meta["DeviceGroupKey"], password, tokens["AuthenticationResult"]["AccessToken"]


def test_device_srp_with_pycognito(cognito_idp, ids):
    key, group, password, _ = remembered_device(cognito_idp, ids)
    tokens = AWSSRP("ana", "Passw0rd!", ids.pool_id, ids.client_id, client=cognito_idp,
                    device_key=key, device_group_key=group, device_password=password).authenticate_user()
    result = tokens["AuthenticationResult"]
    assert "NewDeviceMetadata" not in result
    assert jwt.decode(result["AccessToken"], options={"verify_signature": False})["device_key"] == key


def test_wrong_device_password_fails(cognito_idp, ids):
    key, group, _, _ = remembered_device(cognito_idp, ids)
    with pytest.raises(ClientError) as exc:
        AWSSRP("ana", "Passw0rd!", ids.pool_id, ids.client_id, client=cognito_idp,
               device_key=key, device_group_key=group, device_password="not-it").authenticate_user()
    assert error_of(exc) == ("NotAuthorizedException", "Incorrect username or password.")


def test_device_management(cognito_idp, ids):
    key, _, _, access = remembered_device(cognito_idp, ids)
    device = cognito_idp.get_device(AccessToken=access, DeviceKey=key)["Device"]
    assert device["DeviceKey"] == key
    assert {"Name": "device_name", "Value": "laptop"} in device["DeviceAttributes"]
    assert {"Name": "dev:device_remembered_status", "Value": "remembered"} in device["DeviceAttributes"]
    cognito_idp.update_device_status(AccessToken=access, DeviceKey=key, DeviceRememberedStatus="not_remembered")
    admin = cognito_idp.admin_get_device(UserPoolId=ids.pool_id, Username="ana", DeviceKey=key)["Device"]
    assert {"Name": "dev:device_remembered_status", "Value": "not_remembered"} in admin["DeviceAttributes"]
    assert [d["DeviceKey"] for d in cognito_idp.admin_list_devices(UserPoolId=ids.pool_id, Username="ana")["Devices"]] == [key]
    cognito_idp.forget_device(AccessToken=access, DeviceKey=key)
    assert cognito_idp.list_devices(AccessToken=access)["Devices"] == []
    with pytest.raises(ClientError) as exc:
        cognito_idp.admin_forget_device(UserPoolId=ids.pool_id, Username="ana", DeviceKey=key)
    assert exc.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_no_device_metadata_without_device_configuration(cognito_idp, user_pool):
    ids = user_pool()
    cognito_idp.admin_create_user(UserPoolId=ids.pool_id, Username="bo", TemporaryPassword="Passw0rd!",
                                  MessageAction="SUPPRESS")
    cognito_idp.admin_set_user_password(UserPoolId=ids.pool_id, Username="bo", Password="Passw0rd!", Permanent=True)
    result = cognito_idp.initiate_auth(ClientId=ids.client_id, AuthFlow="USER_PASSWORD_AUTH",
                                       AuthParameters={"USERNAME": "bo", "PASSWORD": "Passw0rd!"})
    assert "NewDeviceMetadata" not in result["AuthenticationResult"]


def test_confirming_an_unknown_device_key(cognito_idp, ids):
    _, _, _, access = remembered_device(cognito_idp, ids)
    with pytest.raises(ClientError) as err:
        cognito_idp.confirm_device(AccessToken=access, DeviceKey="us-east-1_00000000-0000-4000-8000-000000000000",
                                   DeviceSecretVerifierConfig={"PasswordVerifier": "AA==", "Salt": "AA=="})
    assert (err.value.response["Error"]["Code"], err.value.response["Error"]["Message"]) == (
        "InvalidParameterException", "Invalid device key given.")
