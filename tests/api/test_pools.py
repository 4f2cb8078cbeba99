import pytest
from botocore.exceptions import ClientError
from helpers import error_of


STANDARD = ["sub", "name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
            "profile", "picture", "website", "email", "email_verified", "gender", "birthdate", "zoneinfo",
            "locale", "phone_number", "phone_number_verified", "address", "updated_at"]


def test_create_user_pool_returns_aws_defaults(idp):
    pool = idp.create_user_pool(PoolName="pool")["UserPool"]
    region, _, suffix = pool["Id"].partition("_")
    assert region == "us-east-1" and len(suffix) == 9 and suffix.isalnum()
    assert pool["Arn"] == f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{pool['Id']}"
    assert pool["Policies"] == {
        "PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
                           "RequireNumbers": True, "RequireSymbols": True, "TemporaryPasswordValidityDays": 7},
        "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD"]},
    }
    assert pool["MfaConfiguration"] == "OFF"
    assert pool["DeletionProtection"] == "INACTIVE"
    assert pool["UserPoolTier"] == "ESSENTIALS"
    assert pool["EstimatedNumberOfUsers"] == 0
    assert pool["LambdaConfig"] == {}
    assert pool["EmailConfiguration"] == {"EmailSendingAccount": "COGNITO_DEFAULT"}
    assert pool["VerificationMessageTemplate"] == {"DefaultEmailOption": "CONFIRM_WITH_CODE"}
    assert pool["AdminCreateUserConfig"] == {"AllowAdminCreateUserOnly": False, "UnusedAccountValidityDays": 7}
    assert "AccountRecoverySetting" not in pool
    assert pool["CreationDate"] == pool["LastModifiedDate"]


def test_schema_has_every_standard_attribute_with_default_constraints(idp):
    schema = idp.create_user_pool(PoolName="pool")["UserPool"]["SchemaAttributes"]
    assert [a["Name"] for a in schema] == STANDARD
    by_name = {a["Name"]: a for a in schema}
    assert by_name["sub"] == {"Name": "sub", "AttributeDataType": "String", "DeveloperOnlyAttribute": False,
                              "Mutable": False, "Required": True,
                              "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "2048"}}
    assert by_name["birthdate"]["StringAttributeConstraints"] == {"MinLength": "10", "MaxLength": "10"}
    assert by_name["updated_at"]["NumberAttributeConstraints"] == {"MinValue": "0"}
    assert "StringAttributeConstraints" not in by_name["email_verified"]


def test_custom_and_overridden_attributes(idp):
    schema = idp.create_user_pool(PoolName="pool", Schema=[
        {"Name": "email", "AttributeDataType": "String", "Required": True},
        {"Name": "team", "AttributeDataType": "String", "StringAttributeConstraints": {"MaxLength": "20"}},
        {"Name": "age", "AttributeDataType": "Number"},
    ])["UserPool"]["SchemaAttributes"]
    by_name = {a["Name"]: a for a in schema}
    assert by_name["email"]["Required"] is True
    assert by_name["custom:team"]["StringAttributeConstraints"] == {"MaxLength": "20"}
    assert by_name["custom:age"]["NumberAttributeConstraints"] == {}
    assert [a["Name"] for a in schema][-2:] == ["custom:team", "custom:age"]


def test_required_custom_attribute_is_refused(idp):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool(PoolName="pool", Schema=[{"Name": "x", "AttributeDataType": "String", "Required": True}])
    assert error_of(exc) == ("InvalidParameterException", "Required custom attributes are not supported currently.")
    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []


def test_describe_returns_what_create_stored(idp):
    created = idp.create_user_pool(
        PoolName="pool", Policies={"PasswordPolicy": {"MinimumLength": 12, "RequireSymbols": False}},
        MfaConfiguration="OFF", AutoVerifiedAttributes=["email"], UsernameAttributes=["email"],
        LambdaConfig={"PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:f"},
        UserPoolTags={"team": "a"}, DeletionProtection="ACTIVE",
        AccountRecoverySetting={"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"}]},
        EmailVerificationMessage="Code {####}", UsernameConfiguration={"CaseSensitive": False},
    )["UserPool"]
    described = idp.describe_user_pool(UserPoolId=created["Id"])["UserPool"]
    assert described == created
    assert described["Policies"]["PasswordPolicy"]["MinimumLength"] == 12
    assert described["Policies"]["PasswordPolicy"]["RequireSymbols"] is False
    assert described["VerificationMessageTemplate"]["EmailMessage"] == "Code {####}"
    assert described["UsernameConfiguration"] == {"CaseSensitive": False}
    assert described["UserPoolTags"] == {"team": "a"}


def test_describe_unknown_pool(idp):
    with pytest.raises(ClientError) as exc:
        idp.describe_user_pool(UserPoolId="us-east-1_nope12345")
    assert error_of(exc) == ("ResourceNotFoundException", "User pool us-east-1_nope12345 does not exist.")


def test_list_user_pools_pages(idp):
    ids = [idp.create_user_pool(PoolName=f"p{i}")["UserPool"]["Id"] for i in range(5)]
    first = idp.list_user_pools(MaxResults=3)
    second = idp.list_user_pools(MaxResults=3, NextToken=first["NextToken"])
    assert [p["Id"] for p in first["UserPools"] + second["UserPools"]] == ids
    assert "NextToken" not in second
    assert set(first["UserPools"][0]) == {"Id", "Name", "LambdaConfig", "LastModifiedDate", "CreationDate"}


def test_pools_are_per_region(mock):
    import boto3
    east = boto3.client("cognito-idp", region_name="us-east-1")
    west = boto3.client("cognito-idp", region_name="eu-west-1")
    pool_id = west.create_user_pool(PoolName="p")["UserPool"]["Id"]
    assert pool_id.startswith("eu-west-1_")
    assert east.list_user_pools(MaxResults=10)["UserPools"] == []
    with pytest.raises(ClientError) as exc:
        east.describe_user_pool(UserPoolId=pool_id)
    assert error_of(exc) == ("ResourceNotFoundException", f"User pool {pool_id} does not exist.")


def test_update_resets_omitted_members_to_defaults(idp):
    pool_id = idp.create_user_pool(PoolName="pool", Policies={"PasswordPolicy": {"MinimumLength": 20}},
                                   AutoVerifiedAttributes=["email"], MfaConfiguration="OFF",
                                   UserPoolTier="PLUS")["UserPool"]["Id"]
    idp.update_user_pool(UserPoolId=pool_id, DeletionProtection="ACTIVE")
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    assert "AutoVerifiedAttributes" not in pool
    assert pool["DeletionProtection"] == "ACTIVE"
    assert pool["UserPoolTier"] == "PLUS"           # the one member an update keeps
    assert pool["Name"] == "pool"
    assert pool["LastModifiedDate"] >= pool["CreationDate"]


def test_delete_user_pool(idp, pool_id):
    idp.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(ClientError) as exc:
        idp.describe_user_pool(UserPoolId=pool_id)
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_delete_protected_pool_is_refused(idp):
    pool_id = idp.create_user_pool(PoolName="pool", DeletionProtection="ACTIVE")["UserPool"]["Id"]
    with pytest.raises(ClientError) as exc:
        idp.delete_user_pool(UserPoolId=pool_id)
    assert error_of(exc) == ("InvalidParameterException",
                             "The user pool cannot be deleted because deletion protection is activated. "
                             "Deletion protection must be inactivated first.")
    idp.update_user_pool(UserPoolId=pool_id, DeletionProtection="INACTIVE")
    idp.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(ClientError) as exc:
        idp.describe_user_pool(UserPoolId=pool_id)
    assert error_of(exc) == ("ResourceNotFoundException", f"User pool {pool_id} does not exist.")


def test_deleting_a_pool_forgets_its_clients(idp, pool_id, client_id):
    idp.delete_user_pool(UserPoolId=pool_id)
    with pytest.raises(ClientError) as exc:
        idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "a", "PASSWORD": "b"})
    assert error_of(exc) == ("ResourceNotFoundException", f"User pool client {client_id} does not exist.")
