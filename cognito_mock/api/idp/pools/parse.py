"""Request members -> domain settings for user pools (the mirror image of views.py)."""
from __future__ import annotations

import copy
from typing import Any

from ....backend.idp.clients.models import DcrConfig
from ....backend.idp.pools.schema import AttributeRequest
from ....backend.idp.models import (DeviceTracking, EmailSending, KeyConfig, MessageTemplates, MfaConfig,
                                    PasswordPolicy, RecoveryMechanism, TriggerConfig)


# LambdaConfig members that hold a {LambdaArn, LambdaVersion} object rather than an ARN string, by trigger
VERSIONED = {"PreTokenGeneration": "PreTokenGenerationConfig", "CustomSMSSender": "CustomSMSSender",
             "CustomEmailSender": "CustomEmailSender"}
# What DescribeUserPool shows for these members when they were not given.
ECHO_DEFAULTS: dict[str, Any] = {
    "LambdaConfig": {},
    "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_CODE"},
    "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
}
# Legacy top-level message members and the VerificationMessageTemplate member each mirrors.
_MIRRORED = {"SmsVerificationMessage": "SmsMessage", "EmailVerificationMessage": "EmailMessage",
             "EmailVerificationSubject": "EmailSubject"}

# Members of Create/UpdateUserPool kept as given and echoed by DescribeUserPool.
ECHOED_POOL_MEMBERS = (
    "LambdaConfig", "SmsVerificationMessage", "EmailVerificationMessage", "EmailVerificationSubject",
    "VerificationMessageTemplate", "UserAttributeUpdateSettings",
    "DeviceConfiguration", "EmailConfiguration", "SmsConfiguration",
    "AccountRecoverySetting", "InviteMessageTemplate",
)


def pool_settings(params: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    """Typed UserPool fields from a Create/UpdateUserPool request (absent members left out)."""
    out: dict[str, Any] = {}
    policies = params.get("Policies") or {}
    if "PasswordPolicy" in policies:
        out["password_policy"] = password_policy(policies["PasswordPolicy"])
    if "SignInPolicy" in policies:
        out["first_auth_factors"] = list(policies["SignInPolicy"].get("AllowedFirstAuthFactors", ["PASSWORD"]))
    simple = {"DeletionProtection": "deletion_protection", "MfaConfiguration": "mfa_configuration",
              "AutoVerifiedAttributes": "auto_verified_attributes"}
    if creating:
        simple |= {"AliasAttributes": "alias_attributes", "UsernameAttributes": "username_attributes",
                   "UserPoolTags": "tags", "UserPoolTier": "tier"}
        if "UsernameConfiguration" in params:
            out["username_case_sensitive"] = params["UsernameConfiguration"]["CaseSensitive"]
    elif "UserPoolTier" in params:
        out["tier"] = params["UserPoolTier"]
    for member, name in simple.items():
        if member in params:
            out[name] = params[member]
    out["mfa"] = MfaConfig(sms_enabled=params.get("MfaConfiguration", "OFF") != "OFF" and "SmsConfiguration" in params,
                           sms_message=params.get("SmsAuthenticationMessage"))
    addons = params.get("UserPoolAddOns")
    if addons is not None:
        out["advanced_security_mode"] = addons["AdvancedSecurityMode"]
        flows = addons.get("AdvancedSecurityAdditionalFlows") or {}
        out["advanced_security_custom_auth"] = flows.get("CustomAuthMode")
    admin = params.get("AdminCreateUserConfig") or {}
    if "AllowAdminCreateUserOnly" in admin:
        out["admin_create_user_only"] = admin["AllowAdminCreateUserOnly"]
    if "UnusedAccountValidityDays" in admin:
        out["unused_account_validity_days"] = admin["UnusedAccountValidityDays"]
    if "DcrConfiguration" in params:
        out["dcr"] = dcr_config(params["DcrConfiguration"])
    if "KeyConfiguration" in params:
        key = params["KeyConfiguration"]
        out["key_config"] = KeyConfig(customer_managed=key.get("KeyType", "CUSTOMER_MANAGED_KEY" if "KmsKeyArn" in key
                                                               else "AWS_OWNED_KEY") == "CUSTOMER_MANAGED_KEY",
                                      kms_key_arn=key.get("KmsKeyArn"))
    if "IssuerConfiguration" in params:
        out["issuer_type"] = params["IssuerConfiguration"].get("Type", "ORIGINAL")
    if "AcrConfiguration" in params:
        out["acr_names"] = {int(level.removeprefix("Level")): spec["AcrValue"]
                            for level, spec in params["AcrConfiguration"].items()}
    out["triggers"] = trigger_config(params.get("LambdaConfig") or {})
    out["messages"] = message_templates(params)
    out["recovery_mechanisms"] = [RecoveryMechanism(m["Name"], m["Priority"]) for m in
                                  (params.get("AccountRecoverySetting") or {}).get("RecoveryMechanisms") or ()]
    email = params.get("EmailConfiguration") or {}
    out["email_sending"] = EmailSending(developer=email.get("EmailSendingAccount") == "DEVELOPER",
                                        source_arn=email.get("SourceArn"))
    devices = params.get("DeviceConfiguration")
    out["device_tracking"] = None if devices is None else DeviceTracking(
        remembered_on_user_prompt=bool(devices.get("DeviceOnlyRememberedOnUserPrompt")))
    out["verify_before_update"] = list((params.get("UserAttributeUpdateSettings") or {})
                                       .get("AttributesRequireVerificationBeforeUpdate") or ())
    return out


def trigger_config(config: dict[str, Any]) -> TriggerConfig:
    """LambdaConfig: plain members name a function; a versioned trigger's object wins with its LambdaArn."""
    functions = {member: value for member, value in config.items()
                 if isinstance(value, str) and value and member != "KMSKeyID"}
    versions = {}
    for trigger, member in VERSIONED.items():
        detail = config.get(member)
        if isinstance(detail, dict):
            if detail.get("LambdaArn"):
                functions[trigger] = detail["LambdaArn"]
            if detail.get("LambdaVersion"):
                versions[trigger] = detail["LambdaVersion"]
    return TriggerConfig(functions, versions, config.get("KMSKeyID") or None)


def message_templates(params: dict[str, Any]) -> MessageTemplates:
    """The verification texts (VerificationMessageTemplate's member, else the legacy top-level one)
    and the invitation's (AdminCreateUserConfig.InviteMessageTemplate)."""
    template = params.get("VerificationMessageTemplate") or {}
    invite = (params.get("AdminCreateUserConfig") or {}).get("InviteMessageTemplate") or {}
    return MessageTemplates(
        code_email=template.get("EmailMessage") or params.get("EmailVerificationMessage"),
        code_email_subject=template.get("EmailSubject") or params.get("EmailVerificationSubject"),
        code_sms=template.get("SmsMessage") or params.get("SmsVerificationMessage"),
        invite_email=invite.get("EmailMessage"), invite_email_subject=invite.get("EmailSubject"),
        invite_sms=invite.get("SMSMessage"))


def dcr_config(spec: dict[str, Any]) -> DcrConfig:
    """DcrConfiguration: without EnableStatus it turns registration on (documented)."""
    def listed(member: str) -> list[str] | None:
        return list(spec[member]) if member in spec else None

    return DcrConfig(enabled=spec.get("EnableStatus", "Enabled") == "Enabled",
                     open_enabled=spec.get("OpenDcrEnabled", False),
                     authenticated_grant_types=listed("AuthenticatedGrantTypes"),
                     open_grant_types=listed("OpenDcrGrantTypes"), allowed_scopes=listed("AllowedScopes"))


def pool_echo(params: dict[str, Any]) -> dict[str, Any]:
    """The members DescribeUserPool returns as given, with its defaults and the legacy message
    members mirrored into VerificationMessageTemplate (and back)."""
    echo = copy.deepcopy(ECHO_DEFAULTS) | {member: copy.deepcopy(params[member])
                                          for member in ECHOED_POOL_MEMBERS if member in params}
    template = (params.get("AdminCreateUserConfig") or {}).get("InviteMessageTemplate")
    if template is not None:
        echo["InviteMessageTemplate"] = copy.deepcopy(template)
    template = echo.setdefault("VerificationMessageTemplate", {})
    template.setdefault("DefaultEmailOption", "CONFIRM_WITH_CODE")
    for legacy, member in _MIRRORED.items():
        if legacy in echo and member not in template:
            template[member] = echo[legacy]
        elif member in template and legacy not in echo:
            echo[legacy] = template[member]
    return echo


def password_policy(spec: dict[str, Any]) -> PasswordPolicy:
    """Members left out of a given PasswordPolicy are false / AWS's default, as AWS stores them."""
    return PasswordPolicy(
        minimum_length=spec.get("MinimumLength", 8),
        require_uppercase=spec.get("RequireUppercase", False),
        require_lowercase=spec.get("RequireLowercase", False),
        require_numbers=spec.get("RequireNumbers", False),
        require_symbols=spec.get("RequireSymbols", False),
        temporary_password_validity_days=spec.get("TemporaryPasswordValidityDays", 7),
        password_history_size=spec.get("PasswordHistorySize"),
    )


def mfa_config(params: dict[str, Any]) -> MfaConfig:
    """SetUserPoolMfaConfig: a factor left out is turned off."""
    sms, email = params.get("SmsMfaConfiguration"), params.get("EmailMfaConfiguration")
    webauthn = params.get("WebAuthnConfiguration") or {}
    return MfaConfig(
        sms_enabled=sms is not None,
        sms_message=(sms or {}).get("SmsAuthenticationMessage"),
        software_token_enabled=bool((params.get("SoftwareTokenMfaConfiguration") or {}).get("Enabled")),
        email_enabled=email is not None,
        email_message=(email or {}).get("Message"),
        email_subject=(email or {}).get("Subject"),
        webauthn_relying_party_id=webauthn.get("RelyingPartyId"),
        webauthn_user_verification=webauthn.get("UserVerification", "preferred"),
        webauthn_factor=webauthn.get("FactorConfiguration", "SINGLE_FACTOR"),
    )


def attribute_requests(specs: list[dict[str, Any]] | None) -> list[AttributeRequest] | None:
    """CreateUserPool's Schema, AddCustomAttributes' CustomAttributes (members left out: None)."""
    if specs is None:
        return None
    out = []
    for spec in specs:
        text, number = spec.get("StringAttributeConstraints"), spec.get("NumberAttributeConstraints")
        out.append(AttributeRequest(
            spec.get("Name"), spec.get("AttributeDataType"), bool(spec.get("DeveloperOnlyAttribute")),
            spec.get("Mutable"), spec.get("Required"), text is not None, number is not None,
            (text or {}).get("MinLength"), (text or {}).get("MaxLength"),
            (number or {}).get("MinValue"), (number or {}).get("MaxValue")))
    return out
