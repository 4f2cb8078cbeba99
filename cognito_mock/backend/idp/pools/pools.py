"""User pool lifecycle: create with AWS's defaults, update (omitted members reset), delete; the
rules that tie settings together (username vs alias, MFA factors, email sending, feature tiers);
AddCustomAttributes, tags and SetUserPoolMfaConfig."""
from __future__ import annotations

import copy
import re
from dataclasses import replace
from typing import Any

from ....errors import (FeatureUnavailableInTierException, InvalidParameterException,
                       ResourceNotFoundException)
from ...store import Env, RegionState, Store
from ..models import (EmailSending, KeyConfig, MessageTemplates, MfaConfig, PasswordPolicy, RecoveryMechanism,
                      TriggerConfig, UserPool)
from .schema import AttributeRequest, add_custom, build_schema

DELETION_PROTECTED = ("The user pool cannot be deleted because deletion protection is activated. "
                      "Deletion protection must be inactivated first.")
USERNAME_AND_ALIAS = "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool"
MFA_NEEDS_FACTOR = "SMS configuration and Auto verification for phone_number are required when MFA is required/optional"
MFA_CONFIG_NEEDS_FACTOR = "At least one of [SmsMfaConfiguration] or [SoftwareTokenMfaConfiguration] must be provided."
EMAIL_MFA_NEEDS_SES = "Email MFA cannot be enabled for a user pool that uses the Cognito default email sending account."
DEVELOPER_NEEDS_SOURCE = "SourceArn must be provided when EmailSendingAccount is DEVELOPER."
SOURCE_NOT_SES = "SourceArn must be the ARN of an SES verified identity."
TOO_MANY_CUSTOM = "Cannot have more than 50 custom attributes in a user pool."
MAX_CUSTOM_ATTRIBUTES = 50
# AccountRecoverySetting rules (names and the 1..2 priority range are model-checked in wire/)
RECOVERY_PRIORITY_TWICE = "Priority values in RecoveryMechanisms must be unique."          # guessed text
RECOVERY_NAME_TWICE = "Each recovery mechanism can be specified only once."                # guessed text
RECOVERY_ADMIN_ONLY_ALONE = "admin_only cannot be combined with other recovery mechanisms."  # guessed text
_SES_IDENTITY = re.compile(r"arn:aws[\w-]*:ses:[a-z0-9-]+:\d{12}:identity/.+")
_KMS_KEY = re.compile(r"arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/.+")
# KeyConfiguration, AcrConfiguration rules (all texts guessed; the rules are the model's documentation)
KEY_NEEDS_ARN = "KmsKeyArn is required when KeyType is CUSTOMER_MANAGED_KEY."
KEY_ARN_NOT_OWNED = "KmsKeyArn cannot be specified when KeyType is AWS_OWNED_KEY."
KEY_NOT_KMS = "KmsKeyArn must be the ARN of a KMS key."
KEY_NOT_MULTI_REGION = "A user pool with replicas must use a multi-Region KMS key."
ACR_NOT_UNIQUE = "ACR level names must be unique across all levels, including default names."
ACR_LEVELS = (1, 2, 3, 4)
_TOKEN_CUSTOMIZATION = frozenset({"V2_0", "V3_0"})


def default_settings() -> dict[str, Any]:
    """The typed settings of a pool nobody configured (the one place these defaults live)."""
    return {
        "password_policy": PasswordPolicy(),
        "first_auth_factors": ["PASSWORD"],
        "deletion_protection": "INACTIVE",
        "mfa_configuration": "OFF",
        "mfa": MfaConfig(),
        "auto_verified_attributes": [],
        "admin_create_user_only": False,
        "unused_account_validity_days": 7,
        "advanced_security_mode": "OFF",
        "advanced_security_custom_auth": None,
        "dcr": None,
        "acr_names": {},
        "triggers": TriggerConfig(),
        "messages": MessageTemplates(),
        "recovery_mechanisms": [],
        "email_sending": EmailSending(),
        "device_tracking": None,
        "verify_before_update": [],
    }


def acr_levels(pool: UserPool) -> dict[int, str]:
    """The effective ACR level names: the pool's own, AWS's ``urn:cognito:loa:N`` for the rest."""
    return {level: pool.acr_names.get(level, f"urn:cognito:loa:{level}") for level in ACR_LEVELS}


def create(env: Env, state: RegionState, name: str, settings: dict[str, Any], echo: dict[str, Any],
           schema_request: list[AttributeRequest] | None) -> UserPool:
    """A new pool. ``settings`` are typed fields of UserPool; ``echo`` what DescribeUserPool returns as given."""
    schema = build_schema(schema_request)
    fields = default_settings() | settings
    _check(fields, fields.get("tier", "ESSENTIALS"))
    pool_id = env.ids.user_pool_id(state.region)
    now = env.clock.now_dt()
    pool = UserPool(id=pool_id, name=name, created=now, modified=now, schema=schema,
                    arn=f"arn:aws:cognito-idp:{state.region}:{state.account}:userpool/{pool_id}",
                    echo=echo, **fields)
    state.user_pools[pool_id] = pool
    state.index.user_pools[pool_id] = (state.account, state.region)
    return pool


def update(env: Env, pool: UserPool, name: str | None, settings: dict[str, Any], echo: dict[str, Any],
           tags: dict[str, str] | None) -> None:
    """UpdateUserPool: every omitted member goes back to its default (except tier, name, tags, the
    MFA factors only SetUserPoolMfaConfig sets, and the encryption key and issuer, which an omitted
    member does not switch back: guessed, AWS does not say)."""
    fields = default_settings() | settings
    given = fields["mfa"]
    fields["mfa"] = replace(pool.mfa, sms_enabled=given.sms_enabled, sms_message=given.sms_message)
    _check(fields, fields.get("tier", pool.tier))
    encryption = fields.get("key_config", pool.key_config)
    if pool.replicas and encryption is not None and not encryption.multi_region:
        raise InvalidParameterException(KEY_NOT_MULTI_REGION)
    for key, value in fields.items():
        setattr(pool, key, value)
    pool.echo = echo
    if name is not None:
        pool.name = name
    if tags is not None:
        pool.tags = dict(tags)
    pool.modified = env.clock.now_dt()


def delete(state: RegionState, pool: UserPool) -> None:
    if pool.deletion_protection == "ACTIVE":
        raise InvalidParameterException(DELETION_PROTECTED)
    del state.user_pools[pool.id]
    pool.forget(state.index)


def locate(store: Store, pool_id: str | None) -> UserPool | None:
    """The pool ``pool_id`` wherever the index says it lives, or None: the one index look-up by pool
    id (unauthenticated callers, web pages, JWKS, hooks). The caller holds the store's lock."""
    where = store.index.user_pools.get(pool_id or "")
    return store.region(*where).user_pools.get(pool_id) if where else None


def find(state: RegionState, pool_id: str) -> UserPool:
    pool = state.user_pools.get(pool_id)
    if pool is None:
        raise ResourceNotFoundException(f"User pool {pool_id} does not exist.")
    return pool


def find_by_arn(state: RegionState, arn: str) -> UserPool:
    """The pool a tagging call names by ARN (only this account's and region's pools)."""
    prefix = f"arn:aws:cognito-idp:{state.region}:{state.account}:userpool/"
    pool = state.user_pools.get(arn[len(prefix):]) if arn.startswith(prefix) else None
    if pool is None:
        raise ResourceNotFoundException(f"Resource {arn} does not exist.")
    return pool


# --- rules --------------------------------------------------------------------------------------
def _check(fields: dict[str, Any], tier: str) -> None:
    policy = fields["password_policy"]
    if policy.temporary_password_validity_days == 0:
        policy.temporary_password_validity_days = 7   # AWS: 0 means "use the default"
    if fields.get("username_attributes") and fields.get("alias_attributes"):
        raise InvalidParameterException(USERNAME_AND_ALIAS)
    mfa: MfaConfig = fields["mfa"]
    # AWS refuses MFA ON/OPTIONAL in Create/UpdateUserPool unless SMS is configured or the pool already
    # has a factor from SetUserPoolMfaConfig (aws-cdk 11478, cloudformation-coverage-roadmap 2221)
    if fields["mfa_configuration"] != "OFF" and not _any_factor(mfa):
        raise InvalidParameterException(MFA_NEEDS_FACTOR)
    check_email_configuration(fields["email_sending"], mfa)
    check_account_recovery(fields["recovery_mechanisms"])
    if fields.get("key_config") is not None:
        check_key_config(fields["key_config"])
    names = list(fields["acr_names"].values())
    names += [f"urn:cognito:loa:{level}" for level in ACR_LEVELS if level not in fields["acr_names"]]
    if len(set(names)) != len(names):
        raise InvalidParameterException(ACR_NOT_UNIQUE)
    check_tier(tier, fields)


def check_key_config(key: KeyConfig) -> None:
    if key.customer_managed and not key.kms_key_arn:
        raise InvalidParameterException(KEY_NEEDS_ARN)
    if not key.customer_managed and key.kms_key_arn:
        raise InvalidParameterException(KEY_ARN_NOT_OWNED)
    if key.kms_key_arn and not _KMS_KEY.fullmatch(key.kms_key_arn):
        raise InvalidParameterException(KEY_NOT_KMS)


def _any_factor(mfa: MfaConfig) -> bool:
    return mfa.sms_enabled or mfa.software_token_enabled or mfa.email_enabled


def check_email_configuration(email: EmailSending, mfa: MfaConfig) -> None:
    if email.developer and not email.source_arn:
        raise InvalidParameterException(DEVELOPER_NEEDS_SOURCE)
    if email.source_arn and not _SES_IDENTITY.fullmatch(email.source_arn):
        raise InvalidParameterException(SOURCE_NOT_SES)
    if mfa.email_enabled and not email.developer:
        raise InvalidParameterException(EMAIL_MFA_NEEDS_SES)


def check_account_recovery(mechanisms: list[RecoveryMechanism]) -> None:
    """Priorities 1 and 2 each at most once, a mechanism at most once, admin_only alone."""
    priorities = [m.priority for m in mechanisms]
    names = [m.name for m in mechanisms]
    if len(set(priorities)) != len(priorities):
        raise InvalidParameterException(RECOVERY_PRIORITY_TWICE)
    if len(set(names)) != len(names):
        raise InvalidParameterException(RECOVERY_NAME_TWICE)
    if "admin_only" in names and len(names) > 1:
        raise InvalidParameterException(RECOVERY_ADMIN_ONLY_ALONE)


def tier_features(tier: str, fields: dict[str, Any]) -> list[str]:
    """The configured features ``tier`` does not include, by AWS's names for them."""
    used: list[str] = []
    if tier == "LITE":
        if any(factor != "PASSWORD" for factor in fields["first_auth_factors"]):
            used.append("Passwordless Sign-In")
        if fields["password_policy"].password_history_size:
            used.append("Password Reuse Prevention")
        if fields["mfa"].email_enabled:
            used.append("Email MFA")
        if fields["triggers"].versions.get("PreTokenGeneration") in _TOKEN_CUSTOMIZATION:
            used.append("Access Token Customization")
        if fields.get("dcr") is not None and fields["dcr"].enabled:
            used.append("Dynamic Client Registration")          # feature name guessed
        if fields.get("acr_names"):
            used.append("Custom ACR Levels")                    # feature name guessed
    if tier != "PLUS" and fields["advanced_security_mode"] != "OFF":
        used.append("Threat Protection")
    return used


def check_tier(tier: str, fields: dict[str, Any]) -> None:
    used = tier_features(tier, fields)
    if used:
        raise FeatureUnavailableInTierException(
            f"The following features need to be disabled for the {tier} pricing tier configured: {', '.join(used)}")


def require_tier(pool: UserPool, feature: str, *tiers: str) -> None:
    """For the actions that configure a tiered feature (domains, log delivery...)."""
    if pool.tier not in tiers:
        raise FeatureUnavailableInTierException(
            f"The following features need to be disabled for the {pool.tier} pricing tier configured: {feature}")


# --- AddCustomAttributes, tags, MFA ---------------------------------------------------------------
def add_custom_attributes(env: Env, pool: UserPool, specs: list[AttributeRequest]) -> None:
    added = add_custom(pool.schema, specs)
    if sum(1 for a in pool.schema.values() if a.custom) + len(added) > MAX_CUSTOM_ATTRIBUTES:
        raise InvalidParameterException(TOO_MANY_CUSTOM)
    pool.schema.update(added)
    pool.modified = env.clock.now_dt()


def tag(pool: UserPool, tags: dict[str, str]) -> None:
    pool.tags.update(tags)


def untag(pool: UserPool, keys: list[str]) -> None:
    for key in keys:
        pool.tags.pop(key, None)


def set_mfa_config(env: Env, pool: UserPool, mode: str | None, mfa: MfaConfig,
                   sms_configuration: dict[str, Any] | None) -> None:
    """SetUserPoolMfaConfig: the factors given replace the pool's; SMS brings its SmsConfiguration."""
    mode = mode or pool.mfa_configuration
    if mode != "OFF" and not _any_factor(mfa):
        raise InvalidParameterException(MFA_CONFIG_NEEDS_FACTOR)
    fields = {"first_auth_factors": pool.first_auth_factors, "password_policy": pool.password_policy,
              "mfa": mfa, "advanced_security_mode": pool.advanced_security_mode, "dcr": pool.dcr,
              "acr_names": pool.acr_names, "triggers": pool.triggers}
    check_email_configuration(pool.email_sending, mfa)
    check_tier(pool.tier, fields)
    pool.mfa_configuration = mode
    pool.mfa = mfa
    if sms_configuration is not None:
        pool.echo["SmsConfiguration"] = copy.deepcopy(sms_configuration)
    pool.modified = env.clock.now_dt()
