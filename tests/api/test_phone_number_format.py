"""phone_number must be E.164 (a plus sign, the country code, digits only) on every path that writes
attributes: AWS answers InvalidParameterException "Invalid phone number format." and keeps nothing."""
import pytest
import requests
from botocore.exceptions import ClientError

from helpers import error_of

BAD = ["5555550100", "+1 555 555 0100", "+1-555-555-0100", "(555) 5550100", "+", "+0123", "+1234567890123456"]
GOOD = ["+15555550100", "+447700900123", "+861012345678"]
REFUSED = ("InvalidParameterException", "Invalid phone number format.")


def phone(value):
    return [{"Name": "phone_number", "Value": value}]


@pytest.mark.parametrize("value", BAD)
def test_sign_up_refuses_a_malformed_number_and_creates_nobody(idp, pool_id, client_id, value):
    with pytest.raises(ClientError) as raised:
        idp.sign_up(ClientId=client_id, Username="ana", Password="Passw0rd!", UserAttributes=phone(value))
    assert error_of(raised) == REFUSED
    assert idp.list_users(UserPoolId=pool_id)["Users"] == []


@pytest.mark.parametrize("value", GOOD)
def test_e164_numbers_are_accepted(idp, pool_id, client_id, value):
    idp.sign_up(ClientId=client_id, Username="ana", Password="Passw0rd!", UserAttributes=phone(value))
    attributes = idp.admin_get_user(UserPoolId=pool_id, Username="ana")["UserAttributes"]
    assert {"Name": "phone_number", "Value": value} in attributes


def test_admin_create_user_refuses_it(idp, pool_id):
    with pytest.raises(ClientError) as raised:
        idp.admin_create_user(UserPoolId=pool_id, Username="ana", MessageAction="SUPPRESS",
                              UserAttributes=phone("555-0100"))
    assert error_of(raised) == REFUSED
    assert idp.list_users(UserPoolId=pool_id)["Users"] == []


def test_updates_refuse_it_and_keep_the_old_number(idp, pool_id, client_id, confirmed_user):
    idp.admin_update_user_attributes(UserPoolId=pool_id, Username="ana", UserAttributes=phone("+15555550100"))
    with pytest.raises(ClientError) as raised:
        idp.admin_update_user_attributes(UserPoolId=pool_id, Username="ana", UserAttributes=phone("0044 7700 900123"))
    assert error_of(raised) == REFUSED
    token = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={
        "USERNAME": "ana", "PASSWORD": "Passw0rd!"})["AuthenticationResult"]["AccessToken"]
    with pytest.raises(ClientError) as raised:
        idp.update_user_attributes(AccessToken=token, UserAttributes=phone("+1 (555) 555-0100"))
    assert error_of(raised) == REFUSED
    attributes = idp.get_user(AccessToken=token)["UserAttributes"]
    assert {"Name": "phone_number", "Value": "+15555550100"} in attributes


def test_an_import_row_with_a_malformed_number_fails(idp):
    pool_id = idp.create_user_pool(PoolName="import", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    header = idp.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
    rows = [{"cognito:username": "ana", "email": "a@example.com", "email_verified": "true",
             "phone_number": "+15555550100"},
            {"cognito:username": "bob", "email": "b@example.com", "email_verified": "true",
             "phone_number": "555 0100"}]
    body = "\n".join([",".join(header)] + [",".join({"cognito:mfa_enabled": "FALSE", **row}.get(c, "") for c in header)
                                           for row in rows]) + "\n"
    job = idp.create_user_import_job(JobName="j", UserPoolId=pool_id,
                                     CloudWatchLogsRoleArn="arn:aws:iam::123456789012:role/Import")["UserImportJob"]
    assert requests.put(job["PreSignedUrl"], data=body,
                        headers={"x-amz-server-side-encryption": "aws:kms"}).status_code == 200
    idp.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    done = idp.describe_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]
    assert (done["ImportedUsers"], done["FailedUsers"]) == (1, 1)
    assert [u["Username"] for u in idp.list_users(UserPoolId=pool_id)["Users"]] == ["ana"]
