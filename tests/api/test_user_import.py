"""User import jobs in-process: the CSV file PUT to the pre-signed URL with requests or urllib, the
job's statuses, counts and messages, and the imported users' first sign-in through a reset."""
import re
import urllib.error
import urllib.request

import pytest
import requests
from botocore.exceptions import ClientError
from helpers import error_of

ROLE = "arn:aws:iam::123456789012:role/CognitoImportRole"
SSE = {"x-amz-server-side-encryption": "aws:kms"}


@pytest.fixture
def pool_id(idp):
    return idp.create_user_pool(PoolName="import", AutoVerifiedAttributes=["email"])["UserPool"]["Id"]


def csv_file(idp, pool_id, *users, reverse=True):
    """A file with the pool's header (in reverse order: the order does not matter) and one row a user."""
    header = idp.get_csv_header(UserPoolId=pool_id)["CSVHeader"]
    if reverse:
        header = header[::-1]
    rows = [",".join(header)]
    for user in users:
        values = {"cognito:mfa_enabled": "FALSE", **user}
        rows.append(",".join(values.get(column, "") for column in header))
    return "\n".join(rows) + "\n"


def new_job(idp, pool_id, name="customers"):
    return idp.create_user_import_job(JobName=name, UserPoolId=pool_id, CloudWatchLogsRoleArn=ROLE)["UserImportJob"]


def run(idp, pool_id, body):
    job = new_job(idp, pool_id)
    assert requests.put(job["PreSignedUrl"], data=body, headers=SSE).status_code == 200
    started = idp.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]
    assert started["Status"] == "Pending"
    return idp.describe_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]


def test_create_gives_a_job_and_a_pre_signed_url(idp, pool_id):
    job = new_job(idp, pool_id)
    assert re.fullmatch(r"import-[0-9a-zA-Z]{10}", job["JobId"])
    assert job["Status"] == "Created" and job["JobName"] == "customers" and job["CloudWatchLogsRoleArn"] == ROLE
    assert (job["ImportedUsers"], job["SkippedUsers"], job["FailedUsers"]) == (0, 0, 0)
    assert "CreationDate" in job and "StartDate" not in job and "CompletionDate" not in job
    url = job["PreSignedUrl"]
    assert url.startswith(f"https://cognito-idp.us-east-1.amazonaws.com/_mock/user-import/{pool_id}/{job['JobId']}?")
    assert re.search(r"X-Amz-Signature=[0-9a-f]{64}", url)
    assert new_job(idp, pool_id)["PreSignedUrl"] != url


def test_full_flow_imports_users_in_reset_required(idp, pool_id):
    body = csv_file(idp, pool_id,
                    {"cognito:username": "ana", "email": "ana@example.com", "email_verified": "TRUE",
                     "given_name": "Ana", "address": r"1 Main Street\, Springfield"},
                    {"cognito:username": "bob", "email": "bob@example.com", "email_verified": "true"})
    job = run(idp, pool_id, body)
    assert job["Status"] == "Succeeded"
    assert job["CompletionMessage"] == "Import Job Completed Successfully."
    assert (job["ImportedUsers"], job["SkippedUsers"], job["FailedUsers"]) == (2, 0, 0)
    assert job["StartDate"] <= job["CompletionDate"]
    ana = idp.admin_get_user(UserPoolId=pool_id, Username="ana")
    assert ana["UserStatus"] == "RESET_REQUIRED"
    attributes = {a["Name"]: a["Value"] for a in ana["UserAttributes"]}
    assert attributes["email_verified"] == "true" and attributes["address"] == "1 Main Street, Springfield"
    assert attributes["given_name"] == "Ana" and "sub" in attributes
    found = idp.list_users(UserPoolId=pool_id, Filter='email = "bob@example.com"')["Users"]
    assert [u["Username"] for u in found] == ["bob"]


def test_upload_with_urllib(idp, pool_id):
    job = new_job(idp, pool_id)
    body = csv_file(idp, pool_id, {"cognito:username": "ana", "email": "ana@example.com", "email_verified": "true"})
    request = urllib.request.Request(job["PreSignedUrl"], data=body.encode(), method="PUT", headers=SSE)
    with urllib.request.urlopen(request) as response:
        assert response.status == 200 and response.headers["ETag"]
    idp.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    assert idp.describe_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]["ImportedUsers"] == 1


def test_start_without_a_file(idp, pool_id):
    job = new_job(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        idp.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    assert error_of(excinfo) == ("PreconditionNotMetException", f"No csv file was uploaded for {job['JobId']}")


def test_header_that_does_not_match_fails_the_job(idp, pool_id):
    body = "cognito:username,email,email_verified,cognito:mfa_enabled\nana,ana@example.com,true,false\n"
    job = run(idp, pool_id, body)
    assert job["Status"] == "Failed"
    assert (job["ImportedUsers"], job["SkippedUsers"], job["FailedUsers"]) == (0, 0, 0)
    assert "header" in job["CompletionMessage"]
    with pytest.raises(ClientError) as exc:
        idp.admin_get_user(UserPoolId=pool_id, Username="ana")
    assert error_of(exc) == ("UserNotFoundException", "User does not exist.")


def test_existing_users_are_skipped_and_bad_rows_fail(idp, pool_id):
    idp.admin_create_user(UserPoolId=pool_id, Username="old", MessageAction="SUPPRESS")
    good = [{"cognito:username": f"user{i}", "email": f"user{i}@example.com", "email_verified": "true"}
            for i in range(4)]
    bad = [
        {"cognito:username": "old", "email": "old@example.com", "email_verified": "true"},      # exists: skipped
        {"cognito:username": "user0", "email": "again@example.com", "email_verified": "true"},   # twice in the file
        {"cognito:username": "nomail", "email": "nomail@example.com", "email_verified": "false"},  # nothing verified
        {"cognito:username": "odd", "email": "odd@example.com", "email_verified": "maybe"},       # not a boolean
        {"cognito:username": "has space", "email": "s@example.com", "email_verified": "true"},
    ]
    job = run(idp, pool_id, csv_file(idp, pool_id, *good, *bad))
    assert (job["ImportedUsers"], job["SkippedUsers"], job["FailedUsers"]) == (4, 1, 4)
    assert job["Status"] == "Failed"
    assert job["CompletionMessage"] == "Too many users have failed or been skipped during the import."
    assert idp.admin_get_user(UserPoolId=pool_id, Username="old")["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    user0 = idp.admin_get_user(UserPoolId=pool_id, Username="user0")["UserAttributes"]
    assert {"Name": "email", "Value": "user0@example.com"} in user0


def test_a_few_failures_still_succeed(idp, pool_id):
    rows = [{"cognito:username": f"user{i}", "email": f"user{i}@example.com", "email_verified": "true"}
            for i in range(3)] + [{"cognito:username": "nomail"}]
    job = run(idp, pool_id, csv_file(idp, pool_id, *rows))
    assert job["Status"] == "Succeeded" and (job["ImportedUsers"], job["FailedUsers"]) == (3, 1)


def test_missing_required_attribute_fails_the_row(idp):
    schema = [{"Name": "name", "AttributeDataType": "String", "Required": True}]
    pool_id = idp.create_user_pool(PoolName="required", AutoVerifiedAttributes=["email"], Schema=schema)["UserPool"]["Id"]
    job = run(idp, pool_id, csv_file(idp, pool_id,
                                     {"cognito:username": "ana", "email": "a@example.com", "email_verified": "true",
                                      "name": "Ana"},
                                     {"cognito:username": "bob", "email": "b@example.com", "email_verified": "true"}))
    assert (job["ImportedUsers"], job["FailedUsers"]) == (1, 1)


def test_mfa_enabled_must_follow_the_pool(idp, pool_id):
    base = {"email_verified": "true"}
    rows = [{**base, "cognito:username": "ana", "email": "a@example.com", "cognito:mfa_enabled": "true"},
            {**base, "cognito:username": "bob", "email": "b@example.com", "cognito:mfa_enabled": ""}]
    job = run(idp, pool_id, csv_file(idp, pool_id, *rows))          # MFA is OFF: must be false
    assert (job["ImportedUsers"], job["FailedUsers"]) == (0, 2)


def test_imported_user_resets_the_password_then_signs_in(mock, idp, pool_id, client_id):
    run(idp, pool_id, csv_file(idp, pool_id, {"cognito:username": "ana", "email": "ana@example.com",
                                              "email_verified": "true"}))
    sent = idp.forgot_password(ClientId=client_id, Username="ana")["CodeDeliveryDetails"]
    assert sent["DeliveryMedium"] == "EMAIL"
    code = mock.outbox.last(to="ana@example.com").code
    idp.confirm_forgot_password(ClientId=client_id, Username="ana", ConfirmationCode=code, Password="N3w-Passw0rd!")
    assert idp.admin_get_user(UserPoolId=pool_id, Username="ana")["UserStatus"] == "CONFIRMED"
    result = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ana", "PASSWORD": "N3w-Passw0rd!"})
    assert "AccessToken" in result["AuthenticationResult"]


def test_imported_user_signing_in_is_told_to_reset(idp, pool_id, client_id):
    run(idp, pool_id, csv_file(idp, pool_id, {"cognito:username": "ana", "email": "ana@example.com",
                                              "email_verified": "true"}))
    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "ana", "PASSWORD": "Anything1!"})
    assert error_of(excinfo) == ("PasswordResetRequiredException", "Password reset required for the user")


def test_stop(idp, pool_id):
    job = new_job(idp, pool_id)
    body = csv_file(idp, pool_id, {"cognito:username": "ana", "email": "a@example.com", "email_verified": "true"})
    requests.put(job["PreSignedUrl"], data=body)
    idp.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    stopped = idp.stop_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]
    assert stopped["Status"] == "Stopped"
    assert stopped["CompletionMessage"] == "The Import Job was stopped by the developer."
    assert "StartDate" in stopped and "CompletionDate" in stopped
    assert idp.describe_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]["Status"] == "Stopped"
    for call in (idp.stop_user_import_job, idp.start_user_import_job):     # a stopped job cannot be restarted
        with pytest.raises(ClientError) as excinfo:
            call(UserPoolId=pool_id, JobId=job["JobId"])
        assert error_of(excinfo)[0] == "InvalidParameterException"


def test_a_finished_or_unstarted_job_cannot_be_stopped(idp, pool_id):
    job = new_job(idp, pool_id)
    with pytest.raises(ClientError) as excinfo:
        idp.stop_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    assert error_of(excinfo)[0] == "InvalidParameterException"


def test_upload_is_refused_once_started_with_a_wrong_signature_or_late(mock, idp, pool_id):
    body = csv_file(idp, pool_id, {"cognito:username": "ana", "email": "a@example.com", "email_verified": "true"})
    job = new_job(idp, pool_id)
    forged = re.sub(r"X-Amz-Signature=\w+", "X-Amz-Signature=" + "0" * 64, job["PreSignedUrl"])
    refused = requests.put(forged, data=body)
    assert refused.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in refused.text
    requests.put(job["PreSignedUrl"], data=body)
    idp.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    late = requests.put(job["PreSignedUrl"], data=body)
    assert late.status_code == 403 and "<Code>AccessDenied</Code>" in late.text
    other = new_job(idp, pool_id)
    mock.clock.advance(minutes=16)
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        urllib.request.urlopen(urllib.request.Request(other["PreSignedUrl"], data=body.encode(), method="PUT"))
    assert excinfo.value.code == 403 and b"Request has expired" in excinfo.value.read()


def test_a_job_never_started_expires(mock, idp, pool_id):
    job = new_job(idp, pool_id)
    mock.clock.advance(hours=24)
    assert idp.describe_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])["UserImportJob"]["Status"] == "Expired"
    with pytest.raises(ClientError) as excinfo:
        idp.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    assert error_of(excinfo)[0] == "InvalidParameterException"


def test_pool_without_auto_verified_attributes_cannot_start(idp):
    pool_id = idp.create_user_pool(PoolName="plain")["UserPool"]["Id"]
    job = new_job(idp, pool_id)
    requests.put(job["PreSignedUrl"], data=csv_file(idp, pool_id, {"cognito:username": "ana"}))
    with pytest.raises(ClientError) as excinfo:
        idp.start_user_import_job(UserPoolId=pool_id, JobId=job["JobId"])
    assert error_of(excinfo)[0] == "PreconditionNotMetException"


def test_unknown_job(idp, pool_id):
    with pytest.raises(ClientError) as excinfo:
        idp.describe_user_import_job(UserPoolId=pool_id, JobId="import-0123456789")
    assert error_of(excinfo)[0] == "ResourceNotFoundException"


def test_list_newest_first_with_pagination(mock, idp, pool_id):
    ids = []
    for name in ("first", "second", "third"):
        ids.append(new_job(idp, pool_id, name)["JobId"])
        mock.clock.advance(seconds=5)
    page = idp.list_user_import_jobs(UserPoolId=pool_id, MaxResults=2)
    assert [j["JobId"] for j in page["UserImportJobs"]] == [ids[2], ids[1]]
    rest = idp.list_user_import_jobs(UserPoolId=pool_id, MaxResults=2, PaginationToken=page["PaginationToken"])
    assert [j["JobId"] for j in rest["UserImportJobs"]] == [ids[0]]
    assert "PaginationToken" not in rest
    with pytest.raises(ClientError) as excinfo:
        idp.list_user_import_jobs(UserPoolId=pool_id, MaxResults=2, PaginationToken="junk")
    assert error_of(excinfo)[0] == "InvalidParameterException"


def test_imported_user_starting_srp_is_told_to_reset(idp, pool_id):
    from pycognito.aws_srp import AWSSRP
    client_id = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="srp", ExplicitAuthFlows=[
        "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]["ClientId"]
    run(idp, pool_id, csv_file(idp, pool_id, {"cognito:username": "ana", "email": "ana@example.com",
                                              "email_verified": "true"}))
    srp = AWSSRP(username="ana", password="Anything1!", pool_id=pool_id, client_id=client_id, client=idp)
    with pytest.raises(ClientError) as excinfo:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH",
                          AuthParameters={"USERNAME": "ana", "SRP_A": format(srp.large_a_value, "x")})
    assert error_of(excinfo) == ("PasswordResetRequiredException", "Password reset required for the user")


def test_imported_users_are_in_the_list_users_indexes_with_the_pools_own(idp, pool_id):
    """A job sorts its users into the ListUsers indexes once, at its end: listing and filters see them
    among the users the pool had before, in order."""
    for name in ("m-early", "zz-early"):
        idp.admin_create_user(UserPoolId=pool_id, Username=name, MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "family_name", "Value": "Kim"}])
    rows = [{"cognito:username": f"u{i:02d}", "email": f"U{i:02d}@example.com", "email_verified": "true",
             "family_name": "Kim" if i % 10 == 3 else "Lee"} for i in reversed(range(30))]
    assert run(idp, pool_id, csv_file(idp, pool_id, *rows))["ImportedUsers"] == 30
    names, token = [], None
    while True:
        page = idp.list_users(UserPoolId=pool_id, Limit=7, **({"PaginationToken": token} if token else {}))
        names += [u["Username"] for u in page["Users"]]
        token = page.get("PaginationToken")
        if not token:
            break
    assert names == ["m-early"] + [f"u{i:02d}" for i in range(30)] + ["zz-early"]
    kims = idp.list_users(UserPoolId=pool_id, Filter='family_name = "kim"')["Users"]
    assert [u["Username"] for u in kims] == ["m-early", "u03", "u13", "u23", "zz-early"]
    found = idp.list_users(UserPoolId=pool_id, Filter='email ^= "u1"')["Users"]
    assert [u["Username"] for u in found] == [f"u{i}" for i in range(10, 20)]
    reset = idp.list_users(UserPoolId=pool_id, Filter='cognito:user_status = "RESET_REQUIRED"')["Users"]
    assert len(reset) == 30
