"""cognito-identity entities as AWS dicts (None members are dropped by the encoder)."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ...backend.identity.models import Identity, IdentityPool, IssuedCredentials, PrincipalTagMap, RoleMapping
from ...backend.identity.roles import DEFAULT_PRINCIPAL_TAGS


def pool(p: IdentityPool) -> dict[str, Any]:
    return {
        "IdentityPoolId": p.id,
        "IdentityPoolName": p.name,
        "AllowUnauthenticatedIdentities": p.allow_unauthenticated,
        "AllowClassicFlow": p.allow_classic_flow,
        "SupportedLoginProviders": dict(p.supported_login_providers) or None,
        "DeveloperProviderName": p.developer_provider_name,
        "OpenIdConnectProviderARNs": list(p.open_id_connect_provider_arns) or None,
        "CognitoIdentityProviders": [
            {"ProviderName": c.provider_name, "ClientId": c.client_id, "ServerSideTokenCheck": c.server_side_token_check}
            for c in p.user_pool_providers] or None,
        "SamlProviderARNs": list(p.saml_provider_arns) or None,
        "IdentityPoolTags": dict(p.tags),
    }


def pool_summary(p: IdentityPool) -> dict[str, Any]:
    return {"IdentityPoolId": p.id, "IdentityPoolName": p.name}


def identity(i: Identity, developer_provider: str | None) -> dict[str, Any]:
    logins = list(i.logins) + ([developer_provider] if i.developer_ids and developer_provider else [])
    return {"IdentityId": i.id, "Logins": logins or None, "CreationDate": i.created,
            "LastModifiedDate": i.modified}


def credentials(c: IssuedCredentials) -> dict[str, Any]:
    return {"AccessKeyId": c.access_key_id, "SecretKey": c.secret_key, "SessionToken": c.session_token,
            "Expiration": datetime.fromtimestamp(c.expiration, tz=timezone.utc)}


def role_mapping(m: RoleMapping) -> dict[str, Any]:
    rules = [{"Claim": r.claim, "MatchType": r.match_type, "Value": r.value, "RoleARN": r.role_arn} for r in m.rules]
    return {"Type": m.type, "AmbiguousRoleResolution": m.ambiguous_resolution,
            "RulesConfiguration": {"Rules": rules} if rules else None}


def roles(p: IdentityPool) -> dict[str, Any]:
    return {"IdentityPoolId": p.id, "Roles": dict(p.roles),
            "RoleMappings": {k: role_mapping(m) for k, m in p.role_mappings.items()} or None}


def principal_tags(p: IdentityPool, provider: str, tag_map: PrincipalTagMap | None) -> dict[str, Any]:
    if tag_map is None:
        tag_map = PrincipalTagMap(use_defaults=True)
    tags = dict(DEFAULT_PRINCIPAL_TAGS) if tag_map.use_defaults and not tag_map.tags else dict(tag_map.tags)
    return {"IdentityPoolId": p.id, "IdentityProviderName": provider, "UseDefaults": tag_map.use_defaults,
            "PrincipalTags": tags}
