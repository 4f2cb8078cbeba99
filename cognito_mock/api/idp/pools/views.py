"""User pools, their MFA configuration, replicas and provisioned limits -> AWS-shaped dicts (None members are
dropped by the encoder)."""
from __future__ import annotations

import copy
from typing import Any

from ....backend.idp.clients.models import DcrConfig
from ....backend.idp.models import PoolReplica, PasswordPolicy, SchemaAttribute, UserPool
from ....backend.idp.pools.pools import acr_levels


def user_pool(pool: UserPool) -> dict[str, Any]:
    echo = copy.deepcopy(pool.echo)
    invite = echo.pop("InviteMessageTemplate", None)
    return {
        "Id": pool.id,
        "Name": pool.name,
        "Policies": {"PasswordPolicy": password_policy(pool.password_policy),
                     "SignInPolicy": {"AllowedFirstAuthFactors": list(pool.first_auth_factors)}},
        "DeletionProtection": pool.deletion_protection,
        "LastModifiedDate": pool.modified,
        "CreationDate": pool.created,
        "SchemaAttributes": [schema_attribute(a) for a in pool.schema.values()],
        "AutoVerifiedAttributes": list(pool.auto_verified_attributes) or None,
        "AliasAttributes": list(pool.alias_attributes) or None,
        "UsernameAttributes": list(pool.username_attributes) or None,
        "MfaConfiguration": pool.mfa_configuration,
        "EstimatedNumberOfUsers": len(pool.users),
        "UserPoolTags": dict(pool.tags),
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": pool.admin_create_user_only,
                                  "UnusedAccountValidityDays": pool.unused_account_validity_days,
                                  "InviteMessageTemplate": invite},
        "UsernameConfiguration": (None if pool.username_case_sensitive is None
                                  else {"CaseSensitive": pool.username_case_sensitive}),
        "Arn": pool.arn,
        "UserPoolTier": pool.tier,
        "SmsAuthenticationMessage": pool.mfa.sms_message,
        "UserPoolAddOns": {"AdvancedSecurityMode": pool.advanced_security_mode,
                           "AdvancedSecurityAdditionalFlows": (
                               {"CustomAuthMode": pool.advanced_security_custom_auth}
                               if pool.advanced_security_custom_auth else None)},
        "Domain": pool.domain,
        "CustomDomain": pool.custom_domain,
        **pool_security_settings(pool),
        **echo,
    }


def user_pool_description(pool: UserPool) -> dict[str, Any]:
    return {
        "Id": pool.id,
        "Name": pool.name,
        "LambdaConfig": copy.deepcopy(pool.echo.get("LambdaConfig", {})),
        "LastModifiedDate": pool.modified,
        "CreationDate": pool.created,
        "ReplicaRegions": sorted(pool.replicas) or None,
    }


def password_policy(policy: PasswordPolicy) -> dict[str, Any]:
    return {
        "MinimumLength": policy.minimum_length,
        "RequireUppercase": policy.require_uppercase,
        "RequireLowercase": policy.require_lowercase,
        "RequireNumbers": policy.require_numbers,
        "RequireSymbols": policy.require_symbols,
        "PasswordHistorySize": policy.password_history_size,
        "TemporaryPasswordValidityDays": policy.temporary_password_validity_days,
    }


def schema_attribute(attr: SchemaAttribute) -> dict[str, Any]:
    strings = attr.data_type == "String"
    numbers = attr.data_type == "Number"
    return {
        "Name": attr.name,
        "AttributeDataType": attr.data_type.value,
        "DeveloperOnlyAttribute": attr.developer_only,
        "Mutable": attr.mutable,
        "Required": attr.required,
        "StringAttributeConstraints": ({"MinLength": attr.min_length, "MaxLength": attr.max_length}
                                       if strings and (attr.custom or attr.max_length is not None) else None),
        "NumberAttributeConstraints": ({"MinValue": attr.min_value, "MaxValue": attr.max_value}
                                       if numbers and (attr.custom or attr.min_value is not None) else None),
    }


def pool_security_settings(pool: UserPool) -> dict[str, Any]:
    """DescribeUserPool's DcrConfiguration, KeyConfiguration, IssuerConfiguration, AcrConfiguration.
    ACR names are the effective ones, defaults merged in (documented); the key and issuer show
    what the pool uses (AWS-owned key and the original issuer unless set)."""
    key = pool.key_config
    return {
        "DcrConfiguration": dcr_configuration(pool.dcr) if pool.dcr is not None else None,
        "KeyConfiguration": ({"KeyType": "CUSTOMER_MANAGED_KEY", "KmsKeyArn": key.kms_key_arn}
                             if key is not None and key.customer_managed else {"KeyType": "AWS_OWNED_KEY"}),
        "IssuerConfiguration": {"Type": pool.issuer_type},
        "AcrConfiguration": {f"Level{level}": {"AcrValue": name} for level, name in acr_levels(pool).items()},
    }


def dcr_configuration(dcr: DcrConfig) -> dict[str, Any]:
    return {"EnableStatus": "Enabled" if dcr.enabled else "Disabled",
            "OpenDcrEnabled": dcr.open_enabled,
            "AuthenticatedGrantTypes": _copy(dcr.authenticated_grant_types),
            "OpenDcrGrantTypes": _copy(dcr.open_grant_types),
            "AllowedScopes": _copy(dcr.allowed_scopes)}


def _copy(values: list[str] | None) -> list[str] | None:
    return list(values) if values is not None else None


def mfa_config(pool: UserPool) -> dict[str, Any]:
    mfa = pool.mfa
    sms = pool.echo.get("SmsConfiguration")
    return {
        "SmsMfaConfiguration": ({"SmsAuthenticationMessage": mfa.sms_message,
                                 "SmsConfiguration": copy.deepcopy(sms)} if mfa.sms_enabled else None),
        "SoftwareTokenMfaConfiguration": {"Enabled": mfa.software_token_enabled},
        "EmailMfaConfiguration": ({"Message": mfa.email_message, "Subject": mfa.email_subject}
                                  if mfa.email_enabled else None),
        "MfaConfiguration": pool.mfa_configuration,
        "WebAuthnConfiguration": {"RelyingPartyId": mfa.webauthn_relying_party_id,
                                  "UserVerification": mfa.webauthn_user_verification,
                                  "FactorConfiguration": mfa.webauthn_factor},
    }


def replica(r: PoolReplica, status: str | None = None) -> dict[str, Any]:
    """``status`` overrides the stored one for the answers of Create (CREATING) and Delete (DELETING)."""
    return {"RegionName": r.region,
            "Status": status or ("ACTIVE" if r.active else "INACTIVE"),
            "Role": "PRIMARY" if r.primary else "SECONDARY",
            "UserPoolArn": r.arn}


def provisioned_limit(category: str, provisioned: int, free: int) -> dict[str, Any]:
    return {"LimitDefinition": {"LimitClass": "API_CATEGORY", "Attributes": {"Category": category}},
            "ProvisionedLimitValue": provisioned, "FreeLimitValue": free}
