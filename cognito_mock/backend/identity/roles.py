"""Roles of an identity pool: SetIdentityPoolRoles' checks, and choosing the role for a login.

Role mappings are keyed by provider: ``cognito-idp.{region}.amazonaws.com/{poolId}:{clientId}``
for a user-pool app client, the provider domain for social and OIDC providers.
- Token: ``cognito:preferred_role``, else the only entry of ``cognito:roles``; CustomRoleArn picks
  one of ``cognito:roles`` (and nothing else).
- Rules: the first rule whose claim matches (Equals, Contains, StartsWith, NotEqual) wins.
Nothing chosen: AmbiguousRoleResolution decides (the authenticated role, or Deny).
"""
from __future__ import annotations

from typing import Any

from ...errors import InvalidIdentityPoolConfigurationException, InvalidParameterException, NotAuthorizedException
from .logins import Login
from .models import IdentityPool, RoleMapping

INVALID_CONFIGURATION = "Invalid identity pool configuration. Check assigned IAM roles for this pool."
DENIED = "The ambiguous role mapping rules denied this request."


def check_mappings(pool: IdentityPool, mappings: dict[str, RoleMapping]) -> None:
    """SetIdentityPoolRoles: each key names a configured provider; each mapping is complete."""
    for key, mapping in mappings.items():
        if key not in mapping_keys(pool):
            raise InvalidParameterException(f"({key}) is not a valid RoleMapping ProviderName or is not a configured provider.")
        if mapping.ambiguous_resolution is None:
            raise InvalidParameterException(
                f"AmbiguousRoleResolution must be specified for RoleMapping of type {mapping.type}.")
        if mapping.type == "Rules" and not mapping.rules:
            raise InvalidParameterException("RulesConfiguration must be specified for RoleMapping of type Rules.")
        if mapping.type == "Token" and mapping.rules:
            raise InvalidParameterException("RulesConfiguration is not allowed for RoleMapping of type Token.")


def mapping_keys(pool: IdentityPool) -> set[str]:
    keys = {f"{p.provider_name}:{p.client_id}" for p in pool.user_pool_providers}
    keys.update(pool.supported_login_providers)
    keys.update(arn.split(":oidc-provider/", 1)[-1] for arn in pool.open_id_connect_provider_arns)
    keys.update(pool.saml_provider_arns)
    return keys


def choose(pool: IdentityPool, logins: list[Login], custom_role_arn: str | None) -> str:
    """The role ARN credentials are issued for. Raises NotAuthorizedException or
    InvalidIdentityPoolConfigurationException as AWS does."""
    if not logins:
        return _configured(pool, "unauthenticated")
    for login in logins:
        mapping = pool.role_mappings.get(login.mapping_key)
        if mapping is None:
            continue
        role = _from_token(login.claims, custom_role_arn) if mapping.type == "Token" else _from_rules(mapping, login.claims)
        if role:
            return role
        if mapping.ambiguous_resolution == "Deny":
            raise NotAuthorizedException(DENIED)
        return _configured(pool, "authenticated")
    return _configured(pool, "authenticated")


def _configured(pool: IdentityPool, kind: str) -> str:
    role = pool.roles.get(kind)
    if not role:
        raise InvalidIdentityPoolConfigurationException(INVALID_CONFIGURATION)
    return role


def _from_token(claims: dict[str, Any], custom_role_arn: str | None) -> str | None:
    roles = claims.get("cognito:roles") or []
    roles = roles if isinstance(roles, list) else [roles]
    if custom_role_arn:
        if custom_role_arn not in roles:
            raise NotAuthorizedException(f"Role {custom_role_arn} is not present in the token.")
        return custom_role_arn
    preferred = claims.get("cognito:preferred_role")
    if preferred:
        return str(preferred)
    return str(roles[0]) if len(roles) == 1 else None


def _from_rules(mapping: RoleMapping, claims: dict[str, Any]) -> str | None:
    for rule in mapping.rules:
        if rule.claim in claims and _matches(claims[rule.claim], rule.match_type, rule.value):
            return rule.role_arn
    return None


def _matches(claim: Any, match_type: str, value: str) -> bool:
    if isinstance(claim, list):
        texts = [_text(c) for c in claim]
        if match_type == "Contains":
            return value in texts or any(value in t for t in texts)
        if match_type == "NotEqual":
            return value not in texts
        return any(_matches(t, match_type, value) for t in texts)
    text = _text(claim)
    return {"Equals": text == value, "Contains": value in text, "StartsWith": text.startswith(value),
            "NotEqual": text != value}.get(match_type, False)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- principal tags ---------------------------------------------------------------------------
DEFAULT_PRINCIPAL_TAGS = {"username": "sub", "client": "aud"}


def principal_tags(pool: IdentityPool, login: Login) -> dict[str, str]:
    """Session tags for a login: the provider's tag map (or the defaults) applied to its claims."""
    provider = login.mapping_key.split(":", 1)[0] if login.provider.startswith("cognito-idp.") else login.provider
    tag_map = pool.principal_tags.get(login.mapping_key) or pool.principal_tags.get(provider)
    if tag_map is None:
        return {}
    mapping = DEFAULT_PRINCIPAL_TAGS if tag_map.use_defaults else tag_map.tags
    return {tag: _text(login.claims[claim]) for tag, claim in mapping.items() if claim in login.claims}
