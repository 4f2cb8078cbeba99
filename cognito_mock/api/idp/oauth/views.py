"""Domains and resource servers -> AWS-shaped dicts."""
from __future__ import annotations

from typing import Any

from ....backend.idp.oauth.models import PoolDomain, ResourceServer


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


def resource_server(pool_id: str, server: ResourceServer) -> dict[str, Any]:
    return {
        "UserPoolId": pool_id,
        "Identifier": server.identifier,
        "Name": server.name,
        "Scopes": [{"ScopeName": s.name, "ScopeDescription": s.description} for s in server.scopes],
    }
