"""CreateUserPool/UpdateUserPool rules, AddCustomAttributes, MFA config, tiers, tags, CSV header,
signing certificate."""
import base64

import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from helpers import error_of

SMS = {"SnsCallerArn": "arn:aws:iam::123456789012:role/sms", "ExternalId": "x"}
SES = "arn:aws:ses:us-east-1:123456789012:identity/a@example.com"


def test_username_and_alias_attributes_are_exclusive(idp):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool(PoolName="p", UsernameAttributes=["email"], AliasAttributes=["phone_number"])
    assert error_of(exc) == ("InvalidParameterException",
                             "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool")
    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []


def test_mfa_on_needs_a_factor(idp):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool(PoolName="p", MfaConfiguration="ON")
    assert error_of(exc) == ("InvalidParameterException", "SMS configuration and Auto verification for "
                             "phone_number are required when MFA is required/optional")
    pool = idp.create_user_pool(PoolName="p", MfaConfiguration="OPTIONAL", SmsConfiguration=SMS,
                                SmsAuthenticationMessage="Code {####}")["UserPool"]
    assert pool["MfaConfiguration"] == "OPTIONAL"
    assert pool["SmsConfiguration"] == SMS
    assert pool["SmsAuthenticationMessage"] == "Code {####}"
    config = idp.get_user_pool_mfa_config(UserPoolId=pool["Id"])
    assert config["SmsMfaConfiguration"] == {"SmsAuthenticationMessage": "Code {####}", "SmsConfiguration": SMS}
    assert config["SoftwareTokenMfaConfiguration"] == {"Enabled": False}


def test_set_user_pool_mfa_config_round_trip(idp, pool_id):
    answer = idp.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="ON",
                                          SoftwareTokenMfaConfiguration={"Enabled": True})
    got = idp.get_user_pool_mfa_config(UserPoolId=pool_id)
    for key in ("MfaConfiguration", "SoftwareTokenMfaConfiguration", "WebAuthnConfiguration"):
        assert answer[key] == got[key]
    assert got["MfaConfiguration"] == "ON"
    assert got["SoftwareTokenMfaConfiguration"] == {"Enabled": True}
    assert "SmsMfaConfiguration" not in got and "EmailMfaConfiguration" not in got
    assert got["WebAuthnConfiguration"] == {"UserVerification": "preferred", "FactorConfiguration": "SINGLE_FACTOR"}
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["MfaConfiguration"] == "ON"
    # UpdateUserPool keeps the software token factor; MFA stays valid
    idp.update_user_pool(UserPoolId=pool_id, MfaConfiguration="OPTIONAL")
    assert idp.get_user_pool_mfa_config(UserPoolId=pool_id)["SoftwareTokenMfaConfiguration"] == {"Enabled": True}


def test_update_to_optional_needs_a_factor_the_pool_already_has(idp, pool_id):
    """Evidence (cloudformation-coverage-roadmap 2221, aws-cdk 11478/12075, aws-cli 3876): turning MFA on
    in Create/UpdateUserPool without SMS fails; a pool whose TOTP or email factor was enabled through
    SetUserPoolMfaConfig (what the console does) can be updated to OPTIONAL."""
    with pytest.raises(ClientError) as exc:
        idp.update_user_pool(UserPoolId=pool_id, MfaConfiguration="OPTIONAL", AutoVerifiedAttributes=["email"])
    assert error_of(exc) == ("InvalidParameterException", "SMS configuration and Auto verification for "
                             "phone_number are required when MFA is required/optional")
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["MfaConfiguration"] == "OFF" and "AutoVerifiedAttributes" not in pool
    idp.set_user_pool_mfa_config(UserPoolId=pool_id, SoftwareTokenMfaConfiguration={"Enabled": True})
    idp.update_user_pool(UserPoolId=pool_id, MfaConfiguration="OPTIONAL")
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["MfaConfiguration"] == "OPTIONAL"


def test_set_mfa_config_on_without_factor_changes_nothing(idp, pool_id):
    with pytest.raises(ClientError) as exc:
        idp.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="ON")
    assert error_of(exc) == ("InvalidParameterException",
                             "At least one of [SmsMfaConfiguration] or [SoftwareTokenMfaConfiguration] must be provided.")
    assert idp.get_user_pool_mfa_config(UserPoolId=pool_id)["MfaConfiguration"] == "OFF"


def test_sms_mfa_config_sets_pool_sms_configuration(idp, pool_id):
    idp.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="OPTIONAL", SmsMfaConfiguration={
        "SmsAuthenticationMessage": "Your code {####}", "SmsConfiguration": SMS})
    pool = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["SmsConfiguration"] == SMS
    assert pool["MfaConfiguration"] == "OPTIONAL"


def test_email_mfa_needs_developer_email_and_a_tier(idp):
    pool_id = idp.create_user_pool(PoolName="p")["UserPool"]["Id"]
    with pytest.raises(ClientError) as exc:
        idp.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="ON", EmailMfaConfiguration={})
    assert error_of(exc)[0] == "InvalidParameterException"
    ses = {"EmailSendingAccount": "DEVELOPER", "SourceArn": SES}
    lite = idp.create_user_pool(PoolName="p", UserPoolTier="LITE", EmailConfiguration=ses)["UserPool"]["Id"]
    with pytest.raises(ClientError) as exc:
        idp.set_user_pool_mfa_config(UserPoolId=lite, MfaConfiguration="ON", EmailMfaConfiguration={})
    assert error_of(exc) == ("FeatureUnavailableInTierException",
                             "The following features need to be disabled for the LITE pricing tier configured: Email MFA")
    essentials = idp.create_user_pool(PoolName="p", EmailConfiguration=ses)["UserPool"]["Id"]
    idp.set_user_pool_mfa_config(UserPoolId=essentials, MfaConfiguration="ON",
                                 EmailMfaConfiguration={"Message": "Code {####}", "Subject": "Code"})
    assert idp.get_user_pool_mfa_config(UserPoolId=essentials)["EmailMfaConfiguration"] == {
        "Message": "Code {####}", "Subject": "Code"}


def test_developer_email_needs_source_arn(idp):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool(PoolName="p", EmailConfiguration={"EmailSendingAccount": "DEVELOPER"})
    assert error_of(exc)[0] == "InvalidParameterException"
    pool = idp.create_user_pool(PoolName="p", EmailConfiguration={
        "EmailSendingAccount": "DEVELOPER", "SourceArn": SES, "From": "Me <a@example.com>"})["UserPool"]
    assert pool["EmailConfiguration"] == {"EmailSendingAccount": "DEVELOPER", "SourceArn": SES,
                                          "From": "Me <a@example.com>"}


@pytest.mark.parametrize("tier,kwargs,feature", [
    ("ESSENTIALS", {"UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED"}}, "Threat Protection"),
    ("LITE", {"UserPoolAddOns": {"AdvancedSecurityMode": "AUDIT"}}, "Threat Protection"),
    ("LITE", {"Policies": {"SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}}},
     "Passwordless Sign-In"),
])
def test_features_outside_the_tier(idp, tier, kwargs, feature):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool(PoolName="p", UserPoolTier=tier, **kwargs)
    assert error_of(exc) == ("FeatureUnavailableInTierException",
                             f"The following features need to be disabled for the {tier} pricing tier configured: {feature}")
    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []


def test_plus_tier_allows_threat_protection(idp):
    pool = idp.create_user_pool(PoolName="p", UserPoolTier="PLUS", UserPoolAddOns={
        "AdvancedSecurityMode": "ENFORCED", "AdvancedSecurityAdditionalFlows": {"CustomAuthMode": "AUDIT"}})["UserPool"]
    assert pool["UserPoolAddOns"] == {"AdvancedSecurityMode": "ENFORCED",
                                      "AdvancedSecurityAdditionalFlows": {"CustomAuthMode": "AUDIT"}}
    assert idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["UserPoolAddOns"] == pool["UserPoolAddOns"]
    # downgrading the tier while threat protection is on is refused, and nothing changes
    with pytest.raises(ClientError) as exc:
        idp.update_user_pool(UserPoolId=pool["Id"], UserPoolTier="ESSENTIALS",
                             UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"}, DeletionProtection="ACTIVE")
    assert error_of(exc)[0] == "FeatureUnavailableInTierException"
    after = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert (after["UserPoolTier"], after["DeletionProtection"]) == ("PLUS", "INACTIVE")


def test_update_without_add_ons_turns_threat_protection_off(idp):
    pool_id = idp.create_user_pool(PoolName="p", UserPoolTier="PLUS",
                                   UserPoolAddOns={"AdvancedSecurityMode": "AUDIT"})["UserPool"]["Id"]
    idp.update_user_pool(UserPoolId=pool_id)
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["UserPoolAddOns"] == {"AdvancedSecurityMode": "OFF"}


def test_add_custom_attributes(idp, pool_id):
    idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[
        {"Name": "team", "AttributeDataType": "String", "StringAttributeConstraints": {"MaxLength": "10"}},
        {"Name": "level", "AttributeDataType": "Number", "DeveloperOnlyAttribute": True}])
    schema = {a["Name"]: a for a in idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]}
    assert schema["custom:team"]["StringAttributeConstraints"] == {"MaxLength": "10"}
    assert schema["dev:custom:level"]["DeveloperOnlyAttribute"] is True
    header = idp.get_csv_header(UserPoolId=pool_id)
    assert header["UserPoolId"] == pool_id
    assert header["CSVHeader"][0] == "name" and "sub" not in header["CSVHeader"]
    assert "custom:team" in header["CSVHeader"]
    assert header["CSVHeader"][-2:] == ["cognito:mfa_enabled", "cognito:username"]


def test_add_existing_custom_attribute_adds_nothing(idp, pool_id):
    idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[{"Name": "team", "AttributeDataType": "String"}])
    with pytest.raises(ClientError) as exc:
        idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[
            {"Name": "other", "AttributeDataType": "String"}, {"Name": "team", "AttributeDataType": "String"}])
    assert error_of(exc) == ("InvalidParameterException", "custom:team: Existing attribute already has name custom:team.")
    names = [a["Name"] for a in idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["SchemaAttributes"]]
    assert "custom:other" not in names


def test_at_most_fifty_custom_attributes(idp, pool_id):
    idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[
        {"Name": f"a{i}", "AttributeDataType": "String"} for i in range(25)])
    idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[
        {"Name": f"b{i}", "AttributeDataType": "String"} for i in range(25)])
    with pytest.raises(ClientError) as exc:
        idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[{"Name": "c", "AttributeDataType": "String"}])
    assert error_of(exc)[0] == "InvalidParameterException"


def test_add_custom_attributes_to_unknown_pool(idp):
    with pytest.raises(ClientError) as exc:
        idp.add_custom_attributes(UserPoolId="us-east-1_nope12345",
                                  CustomAttributes=[{"Name": "c", "AttributeDataType": "String"}])
    assert error_of(exc) == ("ResourceNotFoundException", "User pool us-east-1_nope12345 does not exist.")


def test_tags(idp):
    pool = idp.create_user_pool(PoolName="p", UserPoolTags={"a": "1"})["UserPool"]
    idp.tag_resource(ResourceArn=pool["Arn"], Tags={"b": "2", "a": "3"})
    assert idp.list_tags_for_resource(ResourceArn=pool["Arn"])["Tags"] == {"a": "3", "b": "2"}
    idp.untag_resource(ResourceArn=pool["Arn"], TagKeys=["a", "zzz"])
    assert idp.list_tags_for_resource(ResourceArn=pool["Arn"])["Tags"] == {"b": "2"}
    assert idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]["UserPoolTags"] == {"b": "2"}


def test_tags_of_unknown_resource(idp, pool_id):
    arn = f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_nope12345"
    with pytest.raises(ClientError) as exc:
        idp.list_tags_for_resource(ResourceArn=arn)
    assert error_of(exc)[0] == "ResourceNotFoundException"


def test_signing_certificate_is_a_real_stable_certificate(idp, pool_id):
    first = idp.get_signing_certificate(UserPoolId=pool_id)["Certificate"]
    assert idp.get_signing_certificate(UserPoolId=pool_id)["Certificate"] == first
    cert = x509.load_der_x509_certificate(base64.b64decode(first))
    assert pool_id in cert.subject.rfc4514_string()
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    assert idp.get_signing_certificate(UserPoolId=other)["Certificate"] != first


# --- AccountRecoverySetting ------------------------------------------------------------------------
EMAIL_THEN_PHONE = {"RecoveryMechanisms": [{"Name": "verified_email", "Priority": 1},
                                           {"Name": "verified_phone_number", "Priority": 2}]}


def test_account_recovery_setting_absent_unless_given(idp):
    # AWS's model: "In the absence of this setting, Amazon Cognito uses the legacy behavior"; a pool
    # created without one describes without one (moto#10143 removed its invented default for this).
    pool = idp.create_user_pool(PoolName="p")["UserPool"]
    assert "AccountRecoverySetting" not in idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]


def test_account_recovery_setting_round_trip(idp):
    pool_id = idp.create_user_pool(PoolName="p", AccountRecoverySetting=EMAIL_THEN_PHONE)["UserPool"]["Id"]
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["AccountRecoverySetting"] == EMAIL_THEN_PHONE
    admin = {"RecoveryMechanisms": [{"Name": "admin_only", "Priority": 1}]}
    idp.update_user_pool(UserPoolId=pool_id, AccountRecoverySetting=admin)
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["AccountRecoverySetting"] == admin


@pytest.mark.parametrize("mechanisms,message", [
    ([{"Name": "verified_email", "Priority": 1}, {"Name": "verified_phone_number", "Priority": 1}],
     "Priority values in RecoveryMechanisms must be unique."),
    ([{"Name": "verified_email", "Priority": 1}, {"Name": "verified_email", "Priority": 2}],
     "Each recovery mechanism can be specified only once."),
    ([{"Name": "admin_only", "Priority": 1}, {"Name": "verified_email", "Priority": 2}],
     "admin_only cannot be combined with other recovery mechanisms."),
])
def test_account_recovery_rules(idp, mechanisms, message):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool(PoolName="p", AccountRecoverySetting={"RecoveryMechanisms": mechanisms})
    assert error_of(exc) == ("InvalidParameterException", message)
    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []
    pool_id = idp.create_user_pool(PoolName="p", AccountRecoverySetting=EMAIL_THEN_PHONE,
                                   MfaConfiguration="OFF")["UserPool"]["Id"]
    with pytest.raises(ClientError) as exc:
        idp.update_user_pool(UserPoolId=pool_id, AccountRecoverySetting={"RecoveryMechanisms": mechanisms},
                             AutoVerifiedAttributes=["email"])
    assert error_of(exc) == ("InvalidParameterException", message)
    after = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert after["AccountRecoverySetting"] == EMAIL_THEN_PHONE and "AutoVerifiedAttributes" not in after


def test_account_recovery_priority_range_is_checked_by_the_model(idp):
    with pytest.raises(ClientError) as exc:
        idp.create_user_pool(PoolName="p", AccountRecoverySetting={
            "RecoveryMechanisms": [{"Name": "verified_email", "Priority": 3}]})
    assert error_of(exc)[0] == "InvalidParameterException"


def test_schema_attribute_without_a_name_is_refused_not_a_crash(idp, pool_id):
    with pytest.raises(ClientError) as err:
        idp.add_custom_attributes(UserPoolId=pool_id, CustomAttributes=[{"AttributeDataType": "String"}])
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"
    with pytest.raises(ClientError) as err:
        idp.create_user_pool(PoolName="p", Schema=[{"AttributeDataType": "String"}])
    assert err.value.response["Error"]["Code"] == "InvalidParameterException"
