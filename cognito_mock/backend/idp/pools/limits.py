"""Provisioned API request-rate limits (Get/UpdateProvisionedLimit), per account and Region.

Each adjustable user pool API category has a free default rate; an account may provision a
higher one, up to its account-level maximum in Service Quotas. The emulator has no Service
Quotas, so MAXIMUM_FACTOR x the default stands in for that maximum. Rates are stored, not enforced.
"""
from __future__ import annotations

from ....errors import InvalidParameterException, ResourceNotFoundException, ServiceQuotaExceededException
from ...store import RegionState

API_CATEGORY = "API_CATEGORY"
CATEGORY = "Category"
# category -> default (free) requests per second, from the developer guide's quota table
DEFAULT_RPS = {
    "UserAuthentication": 120,
    "UserCreation": 50,
    "UserFederation": 25,
    "UserAccountRecovery": 30,
    "UserRead": 120,
    "UserUpdate": 25,
    "UserResourceRead": 50,
    "UserResourceUpdate": 25,
    "UserToken": 120,
}
MAXIMUM_FACTOR = 10
NOT_WITH_MANAGED_LOGIN = frozenset({"UserAuthentication", "UserFederation"})
# guessed texts
NEEDS_CATEGORY = "LimitDefinition.Attributes must contain exactly one attribute: Category."
UNKNOWN_CATEGORY = "Provisioned limit for category {category} does not exist."
BELOW_DEFAULT = "RequestedLimitValue must be at least the default limit of {default} for category {category}."
ABOVE_MAXIMUM = ("RequestedLimitValue {value} exceeds the account-level maximum of {maximum} for category "
                 "{category}. To increase this limit, submit a Service Quotas increase request.")
MANAGED_LOGIN = ("Managed login user pools don't support adjustments to the {category} category. "
                 "To increase this limit, submit a Service Quotas increase request.")


def category_of(limit_class: str, attributes: dict[str, str]) -> str:
    """The category a LimitDefinition names (API_CATEGORY is the only class the model allows)."""
    if limit_class != API_CATEGORY or set(attributes) != {CATEGORY}:
        raise InvalidParameterException(NEEDS_CATEGORY)
    category = attributes[CATEGORY]
    if category not in DEFAULT_RPS:
        raise ResourceNotFoundException(UNKNOWN_CATEGORY.format(category=category))
    return category


def maximum(category: str) -> int:
    return DEFAULT_RPS[category] * MAXIMUM_FACTOR


def provisioned(state: RegionState, category: str) -> tuple[int, int]:
    """(provisioned, free) requests per second of ``category`` in this account and Region."""
    default = DEFAULT_RPS[category]
    return state.provisioned_limits.get(category, default), default


def update(state: RegionState, category: str, value: int) -> tuple[int, int]:
    if category in NOT_WITH_MANAGED_LOGIN and _has_managed_login(state):
        raise InvalidParameterException(MANAGED_LOGIN.format(category=category))
    default = DEFAULT_RPS[category]
    if value < default:
        raise InvalidParameterException(BELOW_DEFAULT.format(default=default, category=category))
    if value > maximum(category):
        raise ServiceQuotaExceededException(ABOVE_MAXIMUM.format(value=value, maximum=maximum(category),
                                                                 category=category))
    state.provisioned_limits[category] = value
    return value, default


def _has_managed_login(state: RegionState) -> bool:
    """Whether a user pool of this account and Region serves managed login (has a domain)."""
    return any(pool.domain or pool.custom_domain for pool in state.user_pools.values())
