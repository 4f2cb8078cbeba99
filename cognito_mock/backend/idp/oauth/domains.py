"""User pool domains: a Cognito prefix domain ({prefix}.auth.{region}.amazoncognito.com) and a
custom domain (the caller's name, an ACM certificate in us-east-1). ``Indexes.domains`` maps each
domain's host to its pool (models.host_of): a prefix is unique within its region, a custom
domain everywhere."""
from __future__ import annotations

import re
import string

from ....errors import InvalidParameterException
from ...store import Env, Indexes
from ..models import UserPool
from ..pools.pools import require_tier
from .models import DomainFailover, PoolDomain, host_of

PREFIX = re.compile(r"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$")
LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$")
ACM_CERTIFICATE = re.compile(r"^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate/[\w-]+$")
RESERVED = ("aws", "amazon", "cognito")
BAD_PREFIX = ("The domain name contains an invalid character. Domain names can only contain lower-case letters, "
              "numbers, and hyphens. Please enter a different name that follows this format: "
              "^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$")
TAKEN = "Domain already associated with another user pool."
POOL_HAS_DOMAIN = "User pool already has a domain configured."
BAD_CERTIFICATE = ("The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, "
                   "or doesn't include a valid certificate chain.")
NO_SUCH_DOMAIN = "No such domain or user pool exists."
MANAGED_LOGIN_VERSIONS = (1, 2)
ROUTING_CUSTOM_ONLY = "Routing configuration is only supported for custom domains."              # guessed text
FAILOVER_NOT_REPLICA = "SecondaryRegion {region} is not a Region with a replica of this user pool."  # guessed


def _check_routing(pool: UserPool, custom: bool, failover: DomainFailover | None) -> None:
    """Routing is documented for custom domains of replicated pools: fail over to a replica's Region."""
    if failover is None:
        return
    if not custom:
        raise InvalidParameterException(ROUTING_CUSTOM_ONLY)
    if failover.secondary_region not in pool.replicas:
        raise InvalidParameterException(FAILOVER_NOT_REPLICA.format(region=failover.secondary_region))


def hostname(domain: PoolDomain, region: str) -> str:
    """The host the hosted UI and OAuth endpoints of ``domain`` answer on."""
    return host_of(domain.name, domain.custom, region)


def create(env: Env, index: Indexes, pool: UserPool, account: str, region: str, name: str,
           certificate_arn: str | None, managed_login_version: int | None, *,
           security_policy: str | None = None, failover: DomainFailover | None = None) -> PoolDomain:
    custom = certificate_arn is not None
    if custom:
        _check_certificate(certificate_arn)
        _check_custom_name(name)
    else:
        _check_prefix(name)
    version = _check_version(pool, managed_login_version)
    _check_routing(pool, custom, failover)
    if host_of(name, custom, region) in index.domains:
        raise InvalidParameterException(TAKEN)
    if (pool.custom_domain if custom else pool.domain) is not None:
        raise InvalidParameterException(POOL_HAS_DOMAIN)
    domain = PoolDomain(name=name, pool_id=pool.id, account=account, custom=custom,
                        cloudfront=f"d{env.ids.chars(string.ascii_lowercase + string.digits, 13)}.cloudfront.net",
                        managed_login_version=version, certificate_arn=certificate_arn,
                        created=env.clock.now_dt(), security_policy=security_policy, failover=failover)
    _domains(pool)[name] = domain
    if custom:
        pool.custom_domain = name
    else:
        pool.domain = name
    index.domains[host_of(name, custom, region)] = (account, region, pool.id)
    return domain


def update(pool: UserPool, name: str, certificate_arn: str | None, managed_login_version: int | None, *,
           security_policy: str | None = None, failover: DomainFailover | None = None) -> PoolDomain:
    """The members given replace the domain's; the others stay."""
    domain = find_of_pool(pool, name)
    if certificate_arn is not None:
        if not domain.custom:
            raise InvalidParameterException("CustomDomainConfig can only be updated for a custom domain.")
        _check_certificate(certificate_arn)
    version = _check_version(pool, managed_login_version) if managed_login_version is not None else None
    _check_routing(pool, domain.custom, failover)
    if certificate_arn is not None:
        domain.certificate_arn = certificate_arn
    if security_policy is not None:
        domain.security_policy = security_policy
    if version is not None:
        domain.managed_login_version = version
    if failover is not None:
        domain.failover = failover
    return domain


def delete(index: Indexes, pool: UserPool, name: str) -> None:
    domain = find_of_pool(pool, name)
    del _domains(pool)[name]
    if domain.custom:
        pool.custom_domain = None
    else:
        pool.domain = None
    index.domains.pop(host_of(name, domain.custom, region_of(pool)), None)


def region_of(pool: UserPool) -> str:
    return pool.id.split("_", 1)[0]


def find_of_pool(pool: UserPool, name: str) -> PoolDomain:
    domain = _domains(pool).get(name)
    if domain is None:
        raise InvalidParameterException(NO_SUCH_DOMAIN)
    return domain


def lookup(index: Indexes, pools_of, name: str, region: str) -> tuple[UserPool, PoolDomain] | None:
    """(pool, domain) for a domain name asked about in ``region`` (a prefix there, or a custom
    domain), through the global index; ``pools_of(account, region)`` gives that region's pools."""
    where = index.domains.get(host_of(name, False, region)) or index.domains.get(name)
    if where is None:
        return None
    pool = pools_of(where[0], where[1]).get(where[2])
    if pool is None:
        return None
    return pool, _domains(pool)[name]


def _domains(pool: UserPool) -> dict[str, PoolDomain]:
    return pool.oauth.domains


def _check_prefix(name: str) -> None:
    if not PREFIX.match(name):
        raise InvalidParameterException(BAD_PREFIX)
    for word in RESERVED:
        if word in name:
            raise InvalidParameterException(f"Domain cannot contain reserved word: {word}")


def _check_custom_name(name: str) -> None:
    labels = name.split(".")
    if len(labels) < 2 or not all(LABEL.match(label) for label in labels):
        raise InvalidParameterException(BAD_PREFIX)


def _check_certificate(arn: str) -> None:
    if not ACM_CERTIFICATE.match(arn):
        raise InvalidParameterException(BAD_CERTIFICATE)


def _check_version(pool: UserPool, version: int | None) -> int:
    if version is None:
        return 1
    if version not in MANAGED_LOGIN_VERSIONS:
        raise InvalidParameterException("ManagedLoginVersion must be 1 or 2.")
    if version == 2:
        require_tier(pool, "Managed Login", "ESSENTIALS", "PLUS")
    return version
