"""Configuration entities -> AWS-shaped dicts (MFA config, domains, groups, resource servers,
identity providers, UI customization, branding, terms, risk, log delivery, session configuration,
replicas, provisioned limits). None is dropped."""
from __future__ import annotations

import base64
import copy
from typing import Any

from ..backend.idp.config_models import (DcrConfig, IdentityProvider, LogDeliveryTarget, ManagedLoginBranding,
                                         PoolDomain, PoolReplica, ResourceServer, RiskConfiguration,
                                         SessionConfig, Terms, UICustomization)
from ..backend.idp.models import AppClient, Group, UserPool
from ..backend.idp.pools import acr_levels


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


def domain_description(domain: PoolDomain, version: str) -> dict[str, Any]:
    return {
        "UserPoolId": domain.pool_id,
        "AWSAccountId": domain.account,
        "Domain": domain.name,
        "S3Bucket": None,
        "CloudFrontDistribution": domain.cloudfront,
        "Version": version,
        "Status": "ACTIVE",
        "CustomDomainConfig": ({"CertificateArn": domain.certificate_arn, "SecurityPolicy": domain.security_policy}
                               if domain.custom else None),
        "ManagedLoginVersion": domain.managed_login_version,
        "Routing": routing(domain),
    }


def routing(domain: PoolDomain) -> dict[str, Any] | None:
    failover = domain.failover
    if failover is None:
        return None
    return {"Failover": {"SecondaryRegion": failover.secondary_region,
                         "PrimaryRoute53HealthCheckId": failover.health_check_id}}


def group(pool_id: str, g: Group) -> dict[str, Any]:
    return {
        "GroupName": g.name,
        "UserPoolId": pool_id,
        "Description": g.description,
        "RoleArn": g.role_arn,
        "Precedence": g.precedence,
        "LastModifiedDate": g.modified,
        "CreationDate": g.created,
    }


def resource_server(pool_id: str, server: ResourceServer) -> dict[str, Any]:
    return {
        "UserPoolId": pool_id,
        "Identifier": server.identifier,
        "Name": server.name,
        "Scopes": [{"ScopeName": s.name, "ScopeDescription": s.description} for s in server.scopes],
    }


def identity_provider(pool_id: str, idp: IdentityProvider) -> dict[str, Any]:
    return {
        "UserPoolId": pool_id,
        "ProviderName": idp.name,
        "ProviderType": idp.type,
        "ProviderDetails": dict(idp.details),
        "AttributeMapping": dict(idp.attribute_mapping),
        "IdpIdentifiers": list(idp.identifiers),
        "AcrMapping": dict(idp.acr_mapping) or None,
        "LastModifiedDate": idp.modified,
        "CreationDate": idp.created,
    }


def provider_description(idp: IdentityProvider) -> dict[str, Any]:
    return {"ProviderName": idp.name, "ProviderType": idp.type,
            "LastModifiedDate": idp.modified, "CreationDate": idp.created}


def ui_customization(pool_id: str, ui: UICustomization | None, client_id: str,
                     image_url: str | None) -> dict[str, Any]:
    if ui is None:
        return {"UserPoolId": pool_id, "ClientId": client_id}
    return {
        "UserPoolId": pool_id,
        "ClientId": ui.client_id,
        "ImageUrl": image_url,
        "CSS": ui.css,
        "CSSVersion": ui.css_version,
        "LastModifiedDate": ui.modified,
        "CreationDate": ui.created,
    }


def branding(pool_id: str, b: ManagedLoginBranding, *, return_merged: bool = False) -> dict[str, Any]:
    return {
        "ManagedLoginBrandingId": b.id,
        "UserPoolId": pool_id,
        "UseCognitoProvidedValues": b.use_cognito_provided_values,
        "Settings": copy.deepcopy(b.settings) if b.settings is not None else ({} if return_merged else None),
        "Assets": [{"Category": a.category, "ColorMode": a.color_mode, "Extension": a.extension,
                    "Bytes": base64.b64encode(a.data).decode() if a.data is not None else None,
                    "ResourceId": a.resource_id} for a in b.assets],
        "CreationDate": b.created,
        "LastModifiedDate": b.modified,
    }


def terms(pool_id: str, t: Terms) -> dict[str, Any]:
    return {
        "TermsId": t.id,
        "UserPoolId": pool_id,
        "ClientId": t.client_id,
        "TermsName": t.name,
        "TermsSource": t.source,
        "Enforcement": t.enforcement,
        "Links": dict(t.links),
        "CreationDate": t.created,
        "LastModifiedDate": t.modified,
    }


def terms_description(t: Terms) -> dict[str, Any]:
    return {"TermsId": t.id, "TermsName": t.name, "Enforcement": t.enforcement,
            "CreationDate": t.created, "LastModifiedDate": t.modified}


def risk_configuration(pool_id: str, risk: RiskConfiguration | None, client_id: str | None) -> dict[str, Any]:
    if risk is None:
        return {"UserPoolId": pool_id, "ClientId": client_id}
    return {
        "UserPoolId": pool_id,
        "ClientId": risk.client_id,
        "CompromisedCredentialsRiskConfiguration": copy.deepcopy(risk.compromised_credentials),
        "AccountTakeoverRiskConfiguration": copy.deepcopy(risk.account_takeover),
        "RiskExceptionConfiguration": copy.deepcopy(risk.ip_ranges),
        "LastModifiedDate": risk.modified,
    }


_DESTINATION_MEMBER = {"cloudwatch": ("CloudWatchLogsConfiguration", "LogGroupArn"),
                       "s3": ("S3Configuration", "BucketArn"),
                       "firehose": ("FirehoseConfiguration", "StreamArn")}


def log_delivery(pool_id: str, targets: list[LogDeliveryTarget]) -> dict[str, Any]:
    configs = []
    for t in targets:
        member, arn_member = _DESTINATION_MEMBER[t.destination]
        configs.append({"LogLevel": t.log_level, "EventSource": t.event_source, member: {arn_member: t.arn}})
    return {"UserPoolId": pool_id, "LogConfigurations": configs}


def pool_session_configuration(pool_id: str, config: SessionConfig) -> dict[str, Any]:
    return {"UserPoolId": pool_id, "UserSessionTracking": "ENABLED" if config.tracking else "DISABLED",
            "TokenSession": {"MaxPerUser": config.max_per_user}}


def client_session_configuration(pool_id: str, client: AppClient) -> dict[str, Any]:
    return {"UserPoolId": pool_id, "ClientId": client.id,
            "SSOSession": {"MaxValidityMinutes": client.sso_session_max_minutes}}


def replica(r: PoolReplica, status: str | None = None) -> dict[str, Any]:
    """``status`` overrides the stored one for the answers of Create (CREATING) and Delete (DELETING)."""
    return {"RegionName": r.region,
            "Status": status or ("ACTIVE" if r.active else "INACTIVE"),
            "Role": "PRIMARY" if r.primary else "SECONDARY",
            "UserPoolArn": r.arn}


def provisioned_limit(category: str, provisioned: int, free: int) -> dict[str, Any]:
    return {"LimitDefinition": {"LimitClass": "API_CATEGORY", "Attributes": {"Category": category}},
            "ProvisionedLimitValue": provisioned, "FreeLimitValue": free}
