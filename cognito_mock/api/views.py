"""Entities -> AWS-shaped dicts. The encoder drops None members and encodes datetimes."""
from __future__ import annotations

import copy
from typing import Any

from ..backend.idp.models import AppClient, ClientSecret, PasswordPolicy, SchemaAttribute, User, UserPool
from ..backend.idp.auth.steps import Challenge, Step, Tokens
from . import views_config, views_users

# --- user pools ------------------------------------------------------------------------------


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
        **views_config.pool_security_settings(pool),
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

# --- app clients -----------------------------------------------------------------------------


def user_pool_client(client: AppClient) -> dict[str, Any]:
    return {
        "UserPoolId": client.pool_id,
        "ClientName": client.name,
        "ClientId": client.id,
        "ClientSecret": client.secret if client.secret_arn is None else None,
        "ClientSecretArn": client.secret_arn,
        "LastModifiedDate": client.modified,
        "CreationDate": client.created,
        "RefreshTokenValidity": client.refresh_validity.value,
        "AccessTokenValidity": client.access_validity.value,
        "IdTokenValidity": client.id_validity.value,
        "TokenValidityUnits": {"AccessToken": client.access_validity.unit.value,
                               "IdToken": client.id_validity.unit.value,
                               "RefreshToken": client.refresh_validity.unit.value},
        "ReadAttributes": list(client.read_attributes) or None,
        "WriteAttributes": list(client.write_attributes) or None,
        "ExplicitAuthFlows": list(client.explicit_auth_flows),
        "SupportedIdentityProviders": list(client.identity_providers) or None,
        "CallbackURLs": list(client.callback_urls) or None,
        "LogoutURLs": list(client.logout_urls) or None,
        "DefaultRedirectURI": client.default_redirect_uri,
        "AllowedOAuthFlows": list(client.oauth_flows) or None,
        "AllowedOAuthScopes": list(client.oauth_scopes) or None,
        "AllowedOAuthFlowsUserPoolClient": client.oauth_enabled,
        "RefreshTokenRotation": {"Feature": "ENABLED" if client.refresh_rotation else "DISABLED",
                                 "RetryGracePeriodSeconds": client.refresh_retry_grace_seconds},
        "PreventUserExistenceErrors": client.prevent_user_existence_errors,
        "EnableTokenRevocation": client.enable_token_revocation,
        "EnablePropagateAdditionalUserContextData": client.propagate_user_context,
        "AuthSessionValidity": client.auth_session_validity_minutes,
        "ClientType": "REGULAR",   # no client is made through dynamic client registration here
        **copy.deepcopy(client.echo),
    }


def client_secret(secret: ClientSecret, *, reveal: bool) -> dict[str, Any]:
    return {"ClientSecretId": secret.id, "ClientSecretValue": secret.value if reveal else None,
            "ClientSecretCreateDate": secret.created}


def user_pool_client_description(client: AppClient) -> dict[str, Any]:
    return {"ClientId": client.id, "UserPoolId": client.pool_id, "ClientName": client.name}

# --- users -----------------------------------------------------------------------------------


def attributes(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"Name": name, "Value": value} for name, value in values.items()]


def user(u: User) -> dict[str, Any]:
    """UserType (AdminCreateUser, ListUsers...)."""
    return {
        "Username": u.username,
        "Attributes": attributes(u.attributes),
        "UserCreateDate": u.created,
        "UserLastModifiedDate": u.modified,
        "Enabled": u.enabled,
        "UserStatus": u.status.value,
    }


def admin_get_user(u: User) -> dict[str, Any]:
    return {
        "Username": u.username,
        "UserAttributes": attributes(u.attributes),
        "UserCreateDate": u.created,
        "UserLastModifiedDate": u.modified,
        "Enabled": u.enabled,
        "UserStatus": u.status.value,
        **views_users.mfa_settings(u),
    }


def get_user(u: User) -> dict[str, Any]:
    return {"Username": u.username, "UserAttributes": attributes(u.attributes), **views_users.mfa_settings(u)}

# --- auth ------------------------------------------------------------------------------------


def auth_step(step: Step) -> dict[str, Any]:
    if isinstance(step, Challenge):
        return {"ChallengeName": step.name, "Session": step.session,
                "ChallengeParameters": dict(step.parameters)}
    return {"ChallengeParameters": {}, "AuthenticationResult": authentication_result(step)}


def authentication_result(tokens: Tokens) -> dict[str, Any]:
    return {
        "AccessToken": tokens.access_token,
        "ExpiresIn": tokens.expires_in,
        "TokenType": "Bearer",
        "RefreshToken": tokens.refresh_token,
        "IdToken": tokens.id_token,
        "NewDeviceMetadata": ({"DeviceKey": tokens.new_device[0], "DeviceGroupKey": tokens.new_device[1]}
                              if tokens.new_device else None),
    }
