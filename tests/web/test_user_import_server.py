"""User import against the live server: the pre-signed URL points at the server itself
(``/_mock/user-import/...``), so a client outside Python can PUT the file there."""
import boto3
import pytest
import requests
from botocore.exceptions import ClientError

ROLE = "arn:aws:iam::123456789012:role/CognitoImportRole"


@pytest.fixture
def remote(cognito_server):
    return boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=cognito_server,
                        aws_access_key_id="test", aws_secret_access_key="test")


def test_full_flow_through_the_server(cognito, remote, cognito_server):
    pool_id = remote.create_user_pool(PoolName="import", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]
    flows = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    client_id = remote.create_user_pool_client(UserPoolId=pool_id, ClientName="app",
                                               ExplicitAuthFlows=flows)["UserPoolClient"]["ClientId"]
    header = remote.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
    values = {"cognito:username": "ana", "email": "ana@example.com", "email_verified": "true",
              "cognito:mfa_enabled": "false"}
    body = ",".join(header) + "\n" + ",".join(values.get(c, "") for c in header) + "\n"

    job = remote.create_user_import_job(JobName="server", UserPoolId=pool_id,
                                        CloudWatchLogsRoleArn=ROLE)["UserImportJob"]
    assert job["PreSignedUrl"].startswith(f"{cognito_server}/_mock/user-import/{pool_id}/{job['JobId']}?")
    with pytest.raises(ClientError) as excinfo:
        remote.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    assert excinfo.value.response["Error"]["Code"] == "PreconditionNotMetException"

    uploaded = requests.put(job["PreSignedUrl"], data=body, headers={"x-amz-server-side-encryption": "aws:kms"})
    assert uploaded.status_code == 200 and uploaded.headers["ETag"].startswith('"')
    assert remote.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]["Status"] == "Pending"
    listed = remote.list_user_import_jobs(UserPoolId=pool_id, MaxResults=10)["UserImportJobs"]
    assert [(j["JobId"], j["Status"], j["ImportedUsers"]) for j in listed] == [(job["JobId"], "Succeeded", 1)]
    assert requests.put(job["PreSignedUrl"], data=body).status_code == 403

    assert remote.admin_get_user(UserPoolId=pool_id, Username="ana")["UserStatus"] == "RESET_REQUIRED"
    remote.forgot_password(ClientId=client_id, Username="ana")
    code = cognito.outbox.last(to="ana@example.com").code
    remote.confirm_forgot_password(ClientId=client_id, Username="ana", ConfirmationCode=code, Password="N3w-Passw0rd!")
    tokens = remote.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "ana", "PASSWORD": "N3w-Passw0rd!"})
    assert "IdToken" in tokens["AuthenticationResult"]


def test_wrong_signature_or_unknown_job_is_refused(cognito_server):
    response = requests.put(f"{cognito_server}/_mock/user-import/us-east-1_nothere/import-0000000000"
                            "?X-Amz-Signature=abc", data="x")
    assert response.status_code == 403 and "SignatureDoesNotMatch" in response.text
    assert requests.get(f"{cognito_server}/_mock/user-import/us-east-1_nothere/import-0000000000").status_code == 405
