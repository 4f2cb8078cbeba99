"""Every member a configuration action accepts comes back from the matching read action.

Driven by botocore's model: for each Create*/Update*/Set*/Add* configuration action, every input
member (walked down through structures, lists and maps) must either be set by one of the requests
in the table below, or be on that action's commented allow-list of members AWS does not echo. The
requests then go through boto3, and what the read action returns must contain each member given.
So when a botocore release adds a member, ``test_every_input_member_has_a_value`` names it (as a
warning: a botocore release alone must never turn the suite red), and ``test_round_trip`` shows
whether the emulator stores and returns it once the table gives it a value.

Whatever botocore is installed (oldest supported to newest), a request sends only the members the
installed model has: a member an older model lacks is left out, as a client of that release would.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import warnings

import botocore
import botocore.session
import pytest

from cognito_mock.api.registry import ACTIONS, IDP
from helpers import requires

MODEL = botocore.session.get_session().get_service_model("cognito-idp")
ARN = "arn:aws:iam::123456789012:role/cognito"
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:{}"
KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
SES = "arn:aws:ses:us-east-1:123456789012:identity/noreply@example.com"
CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
STANDARD_ATTRIBUTES = {"email", "name", "phone_number", "address", "birthdate", "family_name", "gender",
                       "given_name", "locale", "middle_name", "nickname", "picture", "preferred_username",
                       "profile", "updated_at", "website", "zoneinfo", "sub"}


# --- the request values -----------------------------------------------------------------------------
def lambda_config() -> dict:
    config = {name: LAMBDA.format(name) for name in (
        "PreSignUp", "CustomMessage", "PostConfirmation", "PreAuthentication", "PostAuthentication",
        "DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse", "UserMigration")}
    config["PreTokenGeneration"] = LAMBDA.format("token")
    config["PreTokenGenerationConfig"] = {"LambdaVersion": "V2_0", "LambdaArn": LAMBDA.format("token")}
    for sender in ("CustomSMSSender", "CustomEmailSender", "InboundFederation"):
        config[sender] = {"LambdaVersion": "V1_0", "LambdaArn": LAMBDA.format(sender)}
    config["KMSKeyID"] = KMS_KEY
    return config


def sms_configuration() -> dict:
    return {"SnsCallerArn": ARN, "ExternalId": "ext", "SnsRegion": "us-east-1",
            "EumsSms": {"CallerArn": ARN, "ExternalId": "eums", "OriginationIdentity": "+15555550100",
                        "ConfigurationSetName": "set", "InEntityId": "entity", "InTemplateId": "template",
                        "Region": "us-east-1"}}


def pool_members() -> dict:
    """Members Create and UpdateUserPool share."""
    return {
        "Policies": {"PasswordPolicy": {"MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": False,
                                        "RequireNumbers": True, "RequireSymbols": False, "PasswordHistorySize": 3,
                                        "TemporaryPasswordValidityDays": 5},
                     "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP"]}},
        "DeletionProtection": "ACTIVE",
        "LambdaConfig": lambda_config(),
        "AutoVerifiedAttributes": ["email", "phone_number"],
        "SmsVerificationMessage": "Code {####}",
        "EmailVerificationMessage": "Your code {####}",
        "EmailVerificationSubject": "Verify",
        "VerificationMessageTemplate": {"SmsMessage": "Code {####}", "EmailMessage": "Your code {####}",
                                        "EmailSubject": "Verify", "EmailMessageByLink": "Click {##here##}",
                                        "EmailSubjectByLink": "Verify by link",
                                        "DefaultEmailOption": "CONFIRM_WITH_LINK"},
        "SmsAuthenticationMessage": "MFA {####}",
        "MfaConfiguration": "OPTIONAL",
        "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": ["email"]},
        "DeviceConfiguration": {"ChallengeRequiredOnNewDevice": True, "DeviceOnlyRememberedOnUserPrompt": True},
        "EmailConfiguration": {"SourceArn": SES, "ReplyToEmailAddress": "help@example.com",
                               "EmailSendingAccount": "DEVELOPER", "From": "Example <noreply@example.com>",
                               "ConfigurationSet": "cfgset"},
        "SmsConfiguration": sms_configuration(),
        "UserPoolTags": {"team": "identity"},
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True, "UnusedAccountValidityDays": 9,
                                  "InviteMessageTemplate": {"SMSMessage": "Hi {username} {####}",
                                                            "EmailMessage": "Hi {username}, {####}",
                                                            "EmailSubject": "Welcome"}},
        "UserPoolAddOns": {"AdvancedSecurityMode": "ENFORCED",
                           "AdvancedSecurityAdditionalFlows": {"CustomAuthMode": "AUDIT"}},
        "DcrConfiguration": {"EnableStatus": "Enabled", "OpenDcrEnabled": True,
                             "AuthenticatedGrantTypes": ["code", "client_credentials"],
                             "OpenDcrGrantTypes": ["code"], "AllowedScopes": ["aws.cognito.signin.user.admin"]},
        "AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"},
                                                          {"Priority": 2, "Name": "verified_phone_number"}]},
        "UserPoolTier": "PLUS",
        "KeyConfiguration": {"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": KMS_KEY},
        "IssuerConfiguration": {"Type": "UPDATED"},
        "AcrConfiguration": {"Level1": {"AcrValue": "urn:example:bronze"},
                             "Level3": {"AcrValue": "urn:example:gold"}},
    }


def client_members(ctx: dict) -> dict:
    """Members Create and UpdateUserPoolClient share."""
    return {
        "UserPoolId": ctx["pool"],
        "ClientName": "full",
        "RefreshTokenValidity": 10, "AccessTokenValidity": 2, "IdTokenValidity": 90,
        "TokenValidityUnits": {"AccessToken": "hours", "IdToken": "minutes", "RefreshToken": "days"},
        "ReadAttributes": ["email", "name"],
        "WriteAttributes": ["name"],
        "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        "SupportedIdentityProviders": ["COGNITO", "Corp"],
        "CallbackURLs": ["https://app.example.com/cb", "http://localhost:3000/cb"],
        "LogoutURLs": ["https://app.example.com/bye"],
        "DefaultRedirectURI": "https://app.example.com/cb",
        "AllowedOAuthFlows": ["code"],
        "AllowedOAuthScopes": ["openid", "email", "api/read"],
        "AllowedOAuthFlowsUserPoolClient": True,
        "PreventUserExistenceErrors": "ENABLED",
        "EnableTokenRevocation": False,
        "EnablePropagateAdditionalUserContextData": True,
        "AuthSessionValidity": 7,
        "RefreshTokenRotation": {"Feature": "ENABLED", "RetryGracePeriodSeconds": 20},
    }


ANALYTICS_BY_ID = {"ApplicationId": "0123456789abcdef", "RoleArn": ARN, "ExternalId": "ext", "UserDataShared": True}
ANALYTICS_BY_ARN = {"ApplicationArn": "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef",
                    "UserDataShared": False}
OIDC_DETAILS = {"client_id": "cid", "client_secret": "secret", "attributes_request_method": "GET",
                "oidc_issuer": "https://idp.example.com", "authorize_scopes": "openid email"}
RISK_EMAIL = {"Subject": "Sign-in", "HtmlBody": "<p>hello there</p>", "TextBody": "hello there"}


# --- setup shared by the cases -----------------------------------------------------------------------
def make_pool(idp, ctx: dict, **extra) -> None:
    """A PLUS pool with an email-sending account, an app client, an OIDC provider and a resource server."""
    ctx["pool"] = idp.create_user_pool(PoolName="p", UserPoolTier="PLUS", **extra)["UserPool"]["Id"]
    idp.create_identity_provider(UserPoolId=ctx["pool"], ProviderName="Corp", ProviderType="OIDC",
                                 ProviderDetails=OIDC_DETAILS)
    idp.create_resource_server(UserPoolId=ctx["pool"], Identifier="api", Name="API",
                               Scopes=[{"ScopeName": "read", "ScopeDescription": "read"}])
    ctx["client"] = idp.create_user_pool_client(UserPoolId=ctx["pool"], ClientName="c",
                                                GenerateSecret=True)["UserPoolClient"]["ClientId"]


def with_pool(idp, ctx):
    make_pool(idp, ctx)


def with_email_pool(idp, ctx):
    make_pool(idp, ctx, EmailConfiguration={"EmailSendingAccount": "DEVELOPER", "SourceArn": SES})


def with_domain(idp, ctx):
    make_pool(idp, ctx)
    idp.create_user_pool_domain(UserPoolId=ctx["pool"], Domain="my-prefix-domain")


def with_replica(idp, ctx):
    make_pool(idp, ctx)
    idp.create_user_pool_replica(UserPoolId=ctx["pool"], RegionName="us-west-2")


def with_custom_domain(idp, ctx):
    with_replica(idp, ctx)
    idp.create_user_pool_domain(UserPoolId=ctx["pool"], Domain="auth.example.com",
                                CustomDomainConfig={"CertificateArn": CERTIFICATE})


def with_session_tracking(idp, ctx):
    make_pool(idp, ctx)
    idp.set_user_pool_session_configuration(UserPoolId=ctx["pool"], UserSessionTracking="ENABLED",
                                            TokenSession={"MaxPerUser": 20})


def with_group(idp, ctx):
    make_pool(idp, ctx)
    idp.create_group(UserPoolId=ctx["pool"], GroupName="admins")


def with_branding(idp, ctx):
    make_pool(idp, ctx)
    ctx["branding"] = idp.create_managed_login_branding(
        UserPoolId=ctx["pool"], ClientId=ctx["client"],
        UseCognitoProvidedValues=True)["ManagedLoginBranding"]["ManagedLoginBrandingId"]


def with_terms(idp, ctx):
    make_pool(idp, ctx)
    ctx["terms"] = idp.create_terms(UserPoolId=ctx["pool"], ClientId=ctx["client"], TermsName="terms-of-use",
                                    TermsSource="LINK", Enforcement="NONE",
                                    Links={"cognito:default": "https://example.com/terms"})["Terms"]["TermsId"]


def with_cimd_policy(idp, ctx):
    make_pool(idp, ctx)
    ctx["cimd"] = idp.create_cimd_policy(UserPoolId=ctx["pool"], ClientId=ctx["client"], PolicyName="agents",
                                         URLPatterns=["https://tools.example.net/*"])["CIMDPolicy"]["CIMDPolicyId"]


# --- reading back -------------------------------------------------------------------------------------
def describe_pool(idp, ctx, params, answer):
    return idp.describe_user_pool(UserPoolId=ctx["pool"])["UserPool"]


def describe_client(idp, ctx, params, answer):
    client_id = params.get("ClientId") or answer["UserPoolClient"]["ClientId"]
    return idp.describe_user_pool_client(UserPoolId=ctx["pool"], ClientId=client_id)["UserPoolClient"]


def describe_replica(idp, ctx, params, answer):
    replicas = idp.list_user_pool_replicas(UserPoolId=ctx["pool"])["UserPoolReplicas"]
    return next(r for r in replicas if r["RegionName"] == params["RegionName"])


def schema_as_described(attributes: list[dict]) -> list[dict]:
    return [dict(a, Name=a["Name"] if a["Name"] in STANDARD_ATTRIBUTES else f"custom:{a['Name']}")
            for a in attributes]


@dataclass
class Case:
    action: str
    setup: Callable[[Any, dict], None]
    requests: list[Callable[[dict], dict]]
    read: Callable[[Any, dict, dict, dict], dict]
    # input path -> why the read action does not return it
    not_echoed: dict[str, str] = field(default_factory=dict)
    # input member -> (output member, how the value reads there)
    renamed: dict[str, tuple[str, Callable[[Any], Any]]] = field(default_factory=dict)
    output: str | None = None             # the model shape ``read`` answers with, for the reverse check


SAME = lambda value: value   # noqa: E731

CASES = [
    Case("CreateUserPool", lambda idp, ctx: None, [
        lambda ctx: {"PoolName": "full", **pool_members(), "AliasAttributes": ["email", "preferred_username"],
                     "Schema": [{"Name": "email", "AttributeDataType": "String", "Required": True, "Mutable": True},
                                {"Name": "team", "AttributeDataType": "String", "DeveloperOnlyAttribute": False,
                                 "Mutable": True, "Required": False,
                                 "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "30"}},
                                {"Name": "level", "AttributeDataType": "Number", "Mutable": False,
                                 "NumberAttributeConstraints": {"MinValue": "1", "MaxValue": "9"}}]},
        lambda ctx: {"PoolName": "by-email", "UsernameAttributes": ["email"],
                     "UsernameConfiguration": {"CaseSensitive": False}},
    ], lambda idp, ctx, params, answer: idp.describe_user_pool(UserPoolId=answer["UserPool"]["Id"])["UserPool"],
        renamed={"PoolName": ("Name", SAME), "Schema": ("SchemaAttributes", schema_as_described)},
        output="UserPoolType"),
    Case("UpdateUserPool", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "PoolName": "renamed", **pool_members()},
    ], describe_pool, renamed={"PoolName": ("Name", SAME), "UserPoolId": ("Id", SAME)}, output="UserPoolType"),
    Case("AddCustomAttributes", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "CustomAttributes": [
            {"Name": "dept", "AttributeDataType": "String", "DeveloperOnlyAttribute": False, "Mutable": True,
             "Required": False, "StringAttributeConstraints": {"MinLength": "0", "MaxLength": "40"}},
            {"Name": "age", "AttributeDataType": "Number",
             "NumberAttributeConstraints": {"MinValue": "0", "MaxValue": "150"}}]},
    ], describe_pool, renamed={"UserPoolId": ("Id", SAME),
                               "CustomAttributes": ("SchemaAttributes", schema_as_described)}, output="UserPoolType"),
    Case("TagResource", with_pool, [
        lambda ctx: {"ResourceArn": f"arn:aws:cognito-idp:us-east-1:123456789012:userpool/{ctx['pool']}",
                     "Tags": {"env": "test"}},
    ], lambda idp, ctx, params, answer: idp.list_tags_for_resource(ResourceArn=params["ResourceArn"]),
        not_echoed={"ResourceArn": "names the pool; ListTagsForResource answers only Tags"},
        output="ListTagsForResourceResponse"),
    Case("CreateUserPoolClient", with_pool, [
        lambda ctx: {**client_members(ctx), "GenerateSecret": True, "AnalyticsConfiguration": ANALYTICS_BY_ID},
        lambda ctx: {**client_members(ctx), "ClientSecret": "s" * 40, "AnalyticsConfiguration": ANALYTICS_BY_ARN},
        lambda ctx: {**client_members(ctx), "GenerateSecret": True, "PublishSecretsInAWSSecretsManager": True},
    ], describe_client, not_echoed={"GenerateSecret": "GenerateSecret is not echoed; ClientSecret is",
                                    "PublishSecretsInAWSSecretsManager": "answered as ClientSecretArn"},
        output="UserPoolClientType"),
    Case("UpdateUserPoolClient", with_pool, [
        lambda ctx: {**client_members(ctx), "ClientId": ctx["client"], "AnalyticsConfiguration": ANALYTICS_BY_ID},
        lambda ctx: {**client_members(ctx), "ClientId": ctx["client"], "AnalyticsConfiguration": ANALYTICS_BY_ARN},
        lambda ctx: {**client_members(ctx), "ClientId": ctx["client"], "PublishSecretsInAWSSecretsManager": True},
    ], describe_client, not_echoed={"PublishSecretsInAWSSecretsManager": "answered as ClientSecretArn"},
        output="UserPoolClientType"),
    Case("AddUserPoolClientSecret", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "ClientId": ctx["client"], "ClientSecret": "t" * 40},
    ], lambda idp, ctx, params, answer: {"Ids": [s["ClientSecretId"] for s in idp.list_user_pool_client_secrets(
        UserPoolId=ctx["pool"], ClientId=ctx["client"])["ClientSecrets"]]},
        not_echoed={"UserPoolId": "ClientSecretDescriptorType names neither pool nor client",
                    "ClientId": "ClientSecretDescriptorType names neither pool nor client",
                    "ClientSecret": "a caller-supplied secret value is never returned (only its id and date)"}),
    Case("SetUserPoolClientSessionConfiguration", with_session_tracking, [
        lambda ctx: {"UserPoolId": ctx["pool"], "ClientId": ctx["client"], "SSOSession": {"MaxValidityMinutes": 45}},
    ], lambda idp, ctx, params, answer: idp.get_user_pool_client_session_configuration(
        UserPoolId=ctx["pool"], ClientId=ctx["client"]), output="GetUserPoolClientSessionConfigurationResponse"),
    Case("SetUserPoolSessionConfiguration", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "UserSessionTracking": "ENABLED", "TokenSession": {"MaxPerUser": 7}},
    ], lambda idp, ctx, params, answer: idp.get_user_pool_session_configuration(UserPoolId=ctx["pool"]),
        output="GetUserPoolSessionConfigurationResponse"),
    Case("SetUserPoolMfaConfig", with_email_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "MfaConfiguration": "OPTIONAL",
                     "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Code {####}",
                                             "SmsConfiguration": sms_configuration()},
                     "SoftwareTokenMfaConfiguration": {"Enabled": True},
                     "EmailMfaConfiguration": {"Message": "Code {####}", "Subject": "Your code"},
                     "WebAuthnConfiguration": {"RelyingPartyId": "auth.example.com", "UserVerification": "required",
                                               "FactorConfiguration": "MULTI_FACTOR_WITH_USER_VERIFICATION"}},
    ], lambda idp, ctx, params, answer: idp.get_user_pool_mfa_config(UserPoolId=ctx["pool"]),
        not_echoed={"UserPoolId": "GetUserPoolMfaConfig's output does not name the pool"},
        output="GetUserPoolMfaConfigResponse"),
    Case("CreateUserPoolDomain", with_replica, [
        lambda ctx: {"UserPoolId": ctx["pool"], "Domain": "my-prefix-domain", "ManagedLoginVersion": 2},
        lambda ctx: {"UserPoolId": ctx["pool"], "Domain": "auth.example.com", "ManagedLoginVersion": 1,
                     "CustomDomainConfig": {"CertificateArn": CERTIFICATE, "SecurityPolicy": "TLS_V1_3_2025"},
                     "Routing": {"Failover": {"SecondaryRegion": "us-west-2", "PrimaryRoute53HealthCheckId": "hc-1"}}},
    ], lambda idp, ctx, params, answer: idp.describe_user_pool_domain(Domain=params["Domain"])["DomainDescription"],
        output="DomainDescriptionType"),
    Case("UpdateUserPoolDomain", with_custom_domain, [
        lambda ctx: {"UserPoolId": ctx["pool"], "Domain": "auth.example.com", "ManagedLoginVersion": 2,
                     "CustomDomainConfig": {"CertificateArn": CERTIFICATE + "-new", "SecurityPolicy": "TLS_V1_2_2021"},
                     "Routing": {"Failover": {"SecondaryRegion": "us-west-2", "PrimaryRoute53HealthCheckId": "hc-2"}}},
    ], lambda idp, ctx, params, answer: idp.describe_user_pool_domain(Domain=params["Domain"])["DomainDescription"],
        output="DomainDescriptionType"),
    Case("CreateGroup", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "GroupName": "readers", "Description": "Read only",
                     "RoleArn": ARN, "Precedence": 4},
    ], lambda idp, ctx, params, answer: idp.get_group(UserPoolId=ctx["pool"], GroupName=params["GroupName"])["Group"],
        output="GroupType"),
    Case("UpdateGroup", with_group, [
        lambda ctx: {"UserPoolId": ctx["pool"], "GroupName": "admins", "Description": "Admins", "RoleArn": ARN,
                     "Precedence": 1},
    ], lambda idp, ctx, params, answer: idp.get_group(UserPoolId=ctx["pool"], GroupName="admins")["Group"],
        output="GroupType"),
    Case("CreateResourceServer", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "Identifier": "https://orders.example.com", "Name": "Orders",
                     "Scopes": [{"ScopeName": "orders.write", "ScopeDescription": "Write orders"}]},
    ], lambda idp, ctx, params, answer: idp.describe_resource_server(
        UserPoolId=ctx["pool"], Identifier=params["Identifier"])["ResourceServer"], output="ResourceServerType"),
    Case("UpdateResourceServer", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "Identifier": "api", "Name": "API v2",
                     "Scopes": [{"ScopeName": "read", "ScopeDescription": "Read"},
                                {"ScopeName": "write", "ScopeDescription": "Write"}]},
    ], lambda idp, ctx, params, answer: idp.describe_resource_server(
        UserPoolId=ctx["pool"], Identifier="api")["ResourceServer"], output="ResourceServerType"),
    Case("CreateIdentityProvider", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "ProviderName": "Okta", "ProviderType": "OIDC",
                     "ProviderDetails": OIDC_DETAILS, "AttributeMapping": {"email": "email"},
                     "IdpIdentifiers": ["okta.example.com"],
                     "AcrMapping": {"Level1": "urn:okta:loa:1", "Level2": "urn:okta:loa:2"}},
    ], lambda idp, ctx, params, answer: idp.describe_identity_provider(
        UserPoolId=ctx["pool"], ProviderName=params["ProviderName"])["IdentityProvider"],
        output="IdentityProviderType"),
    Case("UpdateIdentityProvider", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "ProviderName": "Corp",
                     "ProviderDetails": dict(OIDC_DETAILS, authorize_scopes="openid"),
                     "AttributeMapping": {"email": "mail"}, "IdpIdentifiers": ["corp.example.com"],
                     "AcrMapping": {"Level4": "urn:corp:strong"}},
    ], lambda idp, ctx, params, answer: idp.describe_identity_provider(
        UserPoolId=ctx["pool"], ProviderName="Corp")["IdentityProvider"], output="IdentityProviderType"),
    Case("SetUICustomization", with_domain, [
        lambda ctx: {"UserPoolId": ctx["pool"], "ClientId": ctx["client"],
                     "CSS": ".label-customizable {color: red;}", "ImageFile": PNG},
    ], lambda idp, ctx, params, answer: idp.get_ui_customization(
        UserPoolId=ctx["pool"], ClientId=params["ClientId"])["UICustomization"],
        not_echoed={"ImageFile": "the image is published; UICustomizationType returns its ImageUrl"},
        output="UICustomizationType"),
    Case("CreateManagedLoginBranding", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "ClientId": ctx["client"], "UseCognitoProvidedValues": False,
                     "Settings": {"categories": {"global": {"colorSchemeMode": "DARK"}}},
                     "Assets": [{"Category": "PAGE_HEADER_LOGO", "ColorMode": "LIGHT", "Extension": "PNG",
                                 "Bytes": PNG, "ResourceId": "logo-1"}]},
    ], lambda idp, ctx, params, answer: idp.describe_managed_login_branding(
        UserPoolId=ctx["pool"], ManagedLoginBrandingId=answer["ManagedLoginBranding"]["ManagedLoginBrandingId"]
    )["ManagedLoginBranding"],
        not_echoed={"ClientId": "ManagedLoginBrandingType does not name the app client"},
        output="ManagedLoginBrandingType"),
    Case("UpdateManagedLoginBranding", with_branding, [
        lambda ctx: {"UserPoolId": ctx["pool"], "ManagedLoginBrandingId": ctx["branding"],
                     "UseCognitoProvidedValues": False,
                     "Settings": {"categories": {"global": {"colorSchemeMode": "LIGHT"}}},
                     "Assets": [{"Category": "FAVICON_ICO", "ColorMode": "DYNAMIC", "Extension": "ICO",
                                 "Bytes": b"\x00\x00\x01\x00", "ResourceId": "fav"}]},
    ], lambda idp, ctx, params, answer: idp.describe_managed_login_branding(
        UserPoolId=ctx["pool"], ManagedLoginBrandingId=ctx["branding"])["ManagedLoginBranding"],
        output="ManagedLoginBrandingType"),
    Case("CreateTerms", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "ClientId": ctx["client"], "TermsName": "privacy-policy",
                     "TermsSource": "LINK", "Enforcement": "NONE",
                     "Links": {"cognito:default": "https://example.com/privacy",
                               "cognito:spanish": "https://example.com/es/privacy"}},
    ], lambda idp, ctx, params, answer: idp.describe_terms(
        UserPoolId=ctx["pool"], TermsId=answer["Terms"]["TermsId"])["Terms"], output="TermsType"),
    Case("UpdateTerms", with_terms, [
        lambda ctx: {"UserPoolId": ctx["pool"], "TermsId": ctx["terms"], "TermsName": "terms-of-use",
                     "TermsSource": "LINK", "Enforcement": "NONE",
                     "Links": {"cognito:default": "https://example.com/terms-v2"}},
    ], lambda idp, ctx, params, answer: idp.describe_terms(UserPoolId=ctx["pool"], TermsId=ctx["terms"])["Terms"],
        output="TermsType"),
    Case("SetRiskConfiguration", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "ClientId": ctx["client"],
                     "CompromisedCredentialsRiskConfiguration": {"EventFilter": ["SIGN_IN", "PASSWORD_CHANGE"],
                                                                 "Actions": {"EventAction": "BLOCK"}},
                     "AccountTakeoverRiskConfiguration": {
                         "NotifyConfiguration": {"From": "security@example.com", "ReplyTo": "help@example.com",
                                                 "SourceArn": SES, "BlockEmail": RISK_EMAIL,
                                                 "NoActionEmail": RISK_EMAIL, "MfaEmail": RISK_EMAIL},
                         "Actions": {level: {"Notify": True, "EventAction": action} for level, action in (
                             ("LowAction", "NO_ACTION"), ("MediumAction", "MFA_IF_CONFIGURED"),
                             ("HighAction", "BLOCK"))}},
                     "RiskExceptionConfiguration": {"BlockedIPRangeList": ["192.0.2.0/24"],
                                                    "SkippedIPRangeList": ["198.51.100.0/24"]}},
    ], lambda idp, ctx, params, answer: idp.describe_risk_configuration(
        UserPoolId=ctx["pool"], ClientId=ctx["client"])["RiskConfiguration"], output="RiskConfigurationType"),
    Case("SetLogDeliveryConfiguration", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "LogConfigurations": [
            {"LogLevel": "ERROR", "EventSource": "userNotification",
             "CloudWatchLogsConfiguration": {"LogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:cognito"}},
            {"LogLevel": "INFO", "EventSource": "userAuthEvents",
             "S3Configuration": {"BucketArn": "arn:aws:s3:::cognito-logs"}}]},
        lambda ctx: {"UserPoolId": ctx["pool"], "LogConfigurations": [
            {"LogLevel": "INFO", "EventSource": "userAuthEvents",
             "FirehoseConfiguration": {"StreamArn": "arn:aws:firehose:us-east-1:123456789012:deliverystream/c"}}]},
    ], lambda idp, ctx, params, answer: idp.get_log_delivery_configuration(
        UserPoolId=ctx["pool"])["LogDeliveryConfiguration"], output="LogDeliveryConfigurationType"),
    Case("CreateUserPoolReplica", with_pool, [
        lambda ctx: {"UserPoolId": ctx["pool"], "RegionName": "eu-west-1", "UserPoolTags": {"copy": "yes"}},
    ], describe_replica,
        not_echoed={"UserPoolId": "UserPoolReplicaType names the replica by UserPoolArn",
                    "UserPoolTags": "replica tags are not part of UserPoolReplicaType"},
        output="UserPoolReplicaType"),
    Case("UpdateUserPoolReplica", with_replica, [
        lambda ctx: {"UserPoolId": ctx["pool"], "RegionName": "us-west-2", "Status": "ACTIVE"},
    ], describe_replica, not_echoed={"UserPoolId": "UserPoolReplicaType names the replica by UserPoolArn"},
        output="UserPoolReplicaType"),
]

if "CreateCIMDPolicy" in MODEL.operation_names:        # botocore 1.44.7 and later
    CASES += [
        Case("CreateCIMDPolicy", with_pool, [
            lambda ctx: {"UserPoolId": ctx["pool"], "ClientId": ctx["client"], "PolicyName": "agents",
                         "CacheDuration": 172800, "URLPatterns": ["https://*.agents.example.org/client.json"]},
        ], lambda idp, ctx, params, answer: idp.describe_cimd_policy(
            UserPoolId=ctx["pool"], CIMDPolicyId=answer["CIMDPolicy"]["CIMDPolicyId"])["CIMDPolicy"],
            output="CIMDPolicyType"),
        Case("UpdateCIMDPolicy", with_cimd_policy, [
            lambda ctx: {"UserPoolId": ctx["pool"], "CIMDPolicyId": ctx["cimd"], "ClientId": ctx["client"],
                         "PolicyName": "tools", "CacheDuration": 604800,
                         "URLPatterns": ["https://tools.example.net/v2/*", "https://tools.example.com/*"]},
        ], lambda idp, ctx, params, answer: idp.describe_cimd_policy(
            UserPoolId=ctx["pool"], CIMDPolicyId=ctx["cimd"])["CIMDPolicy"], output="CIMDPolicyType"),
    ]

# Members of the read shapes no case above gets back, and why.
NOT_RETURNED = {
    "UserPoolType.Status": "documented as no longer used",
    "UserPoolType.EmailConfigurationFailure": "deprecated; only set when email cannot be sent",
    "UserPoolType.SmsConfigurationFailure": "only set when SNS cannot send; nothing is sent to SNS here",
    "UserPoolType.Domain": "set once a prefix domain exists (tests/api/test_domains.py)",
    "UserPoolType.CustomDomain": "set once a custom domain exists (tests/api/test_domains.py)",
    "DomainDescriptionType.S3Bucket": "the static-files bucket of the hosted UI; none here",
    "ResourceServerType.ManagedBy": "reserved for resource servers Cognito manages; these are the caller's",
}


# Create/Update/Set/Add/Tag actions that are not configuration read back by another action.
NOT_CONFIGURATION = {
    "UpdateUserAttributes": "a user's attributes (users tests)",
    "UpdateDeviceStatus": "a device's remembered status (devices tests)",
    "UpdateAuthEventFeedback": "feedback on an auth event (threat protection tests)",
    "SetUserMFAPreference": "a user's MFA preference (MFA tests)",
    "SetUserSettings": "a user's legacy MFA options (MFA tests)",
    "UpdateProvisionedLimit": "an account quota (provisioned limits tests)",
    "CreateUserImportJob": "an import job, not configuration",
    "UpdateClientMetadataURLState": "a cached client metadata document's state (CIMD tests)",
}
CONFIG_PREFIXES = ("Create", "Update", "Set", "Add", "Tag")


# --- walking shapes and values ------------------------------------------------------------------------
def input_paths(shape, prefix: str = "", seen: frozenset = frozenset()) -> set[str]:
    """Every member path of ``shape``: ``A.B``, ``A[].B`` for list items, ``A{}.B`` for map values."""
    out: set[str] = set()
    if shape.type_name == "structure" and shape.name not in seen:
        for name, member in shape.members.items():
            path = f"{prefix}.{name}" if prefix else name
            out.add(path)
            out |= input_paths(member, path, seen | {shape.name})
    elif shape.type_name == "list":
        out |= input_paths(shape.member, prefix + "[]", seen)
    elif shape.type_name == "map":
        out |= input_paths(shape.value, prefix + "{}", seen)
    return out


def value_paths(shape, value, prefix: str = "") -> set[str]:
    out: set[str] = set()
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                path = f"{prefix}.{name}" if prefix else name
                out.add(path)
                out |= value_paths(member, value[name], path)
    elif shape.type_name == "list":
        for item in value:
            out |= value_paths(shape.member, item, prefix + "[]")
    elif shape.type_name == "map":
        for item in value.values():
            out |= value_paths(shape.value, item, prefix + "{}")
    return out


def installed(shape, value):
    """``value`` less the members (and enum values) the installed model does not have."""
    if shape.type_name == "structure" and isinstance(value, dict):
        return {name: installed(shape.members[name], item) for name, item in value.items() if name in shape.members}
    if shape.type_name == "list" and isinstance(value, list):
        return [installed(shape.member, item) for item in value
                if not getattr(shape.member, "enum", None) or item in shape.member.enum]
    if shape.type_name == "map" and isinstance(value, dict):
        return {key: installed(shape.value, item) for key, item in value.items()}
    return value


def request(case: "Case", build, ctx: dict) -> dict:
    return installed(MODEL.operation_model(case.action).input_shape, build(ctx))


def allowed(path: str, not_echoed: dict[str, str]) -> bool:
    return any(path == p or path.startswith(p + ".") or path.startswith(p + "[") or path.startswith(p + "{")
               for p in not_echoed)


def differences(given: Any, actual: Any, path: str) -> list[str]:
    """Where ``actual`` lacks something of ``given`` (dicts may hold more; lists of dicts match per item)."""
    if isinstance(given, dict):
        if not isinstance(actual, dict):
            return [f"{path}: missing" if actual is None else f"{path}: {actual!r} is not a structure"]
        out = []
        for key, value in given.items():
            out += differences(value, actual.get(key), f"{path}.{key}" if path else key)
        return out
    if isinstance(given, list):
        if not isinstance(actual, list):
            return [f"{path}: missing" if actual is None else f"{path}: {actual!r} is not a list"]
        if all(not isinstance(item, dict) for item in given):
            return [] if sorted(map(repr, given)) == sorted(map(repr, actual)) else [
                f"{path}: sent {given!r}, read {actual!r}"]
        return [f"{path}[]: no item matches {item!r}" for item in given
                if not any(not differences(item, candidate, "") for candidate in actual)]
    if actual is None:
        return [f"{path}: missing"]
    return [] if given == actual else [f"{path}: sent {given!r}, read {actual!r}"]


# --- the tests -------------------------------------------------------------------------------------------
def test_every_configuration_action_is_in_the_table():
    covered = {case.action for case in CASES} | set(NOT_CONFIGURATION)
    implemented = {op for op in ACTIONS[IDP] if op.startswith(CONFIG_PREFIXES)}
    assert sorted(implemented - covered) == []


class NewModelMember(UserWarning):
    """The installed botocore has a member the emulator's tables do not know yet."""


OFFERED = [pytest.param(case, marks=requires(case.action), id=case.action) for case in CASES]


@pytest.mark.parametrize("case", OFFERED)
def test_every_input_member_has_a_value(case):
    """A member botocore adds should get a value here or a reasoned place on the allow-list; until it
    does, it is reported as a warning (and by ``scripts/coverage.py``), not a failure."""
    shape = MODEL.operation_model(case.action).input_shape
    ctx = {"pool": "us-east-1_x", "client": "c", "branding": "b", "terms": "t", "cimd": "p"}
    given = set().union(*(value_paths(shape, request(case, build, ctx)) for build in case.requests))
    for path in sorted(p for p in input_paths(shape) - given if not allowed(p, case.not_echoed)):
        warnings.warn(NewModelMember(f"{case.action}: {path} has no value in the round-trip table"))


@pytest.mark.parametrize("case", OFFERED)
def test_round_trip(case, idp, cognito):
    problems = []
    for build in case.requests:
        cognito.reset()                  # each request on fresh state (some pools are deletion-protected)
        ctx: dict = {}
        case.setup(idp, ctx)
        params = request(case, build, ctx)
        answer = getattr(idp, _snake(case.action))(**params)
        read = case.read(idp, ctx, params, answer)
        for member, value in params.items():
            if allowed(member, case.not_echoed):
                continue
            out_member, reads_as = case.renamed.get(member, (member, SAME))
            problems += differences(reads_as(value), read.get(out_member), out_member)
    assert problems == [], "\n".join(problems)


def test_read_shapes_return_every_member(idp, cognito):
    """The reverse check: a member botocore adds to a read shape should be returned or explained; one
    the tables do not know yet is reported as a warning."""
    returned: dict[str, set[str]] = {}
    for case in CASES:
        if case.action not in MODEL.operation_names:
            continue
        for build in case.requests:
            cognito.reset()
            ctx: dict = {}
            case.setup(idp, ctx)
            params = request(case, build, ctx)
            answer = getattr(idp, _snake(case.action))(**params)
            returned.setdefault(case.output, set()).update(case.read(idp, ctx, params, answer))
    missing = sorted(f"{shape}.{member}" for shape, seen in returned.items() if shape
                     for member in MODEL.shape_for(shape).members
                     if member not in seen and f"{shape}.{member}" not in NOT_RETURNED)
    for member in missing:
        warnings.warn(NewModelMember(f"{member} is never returned and not on NOT_RETURNED"))
    assert returned, "no case ran"


def _snake(action: str) -> str:
    return botocore.xform_name(action)          # boto3's method names (create_cimd_policy, set_ui_customization)

