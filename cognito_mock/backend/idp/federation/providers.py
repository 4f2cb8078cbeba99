"""Identity providers of a user pool: SAML, OIDC and the social ones, each with the
ProviderDetails it needs and the members AWS derives; attribute mapping; IdP identifiers."""
from __future__ import annotations

from typing import Any

from ....errors import (DuplicateProviderException, InvalidParameterException, LimitExceededException,
                       ResourceNotFoundException)
from ...store import Env
from ..models import UserPool
from . import certificates, saml
from .models import IdentityProvider, ProviderDetails

MAX_PROVIDERS = 300
SOCIAL = {"Google", "Facebook", "LoginWithAmazon", "SignInWithApple"}
# type -> the ProviderDetails keys a request must give
REQUIRED: dict[str, tuple[str, ...]] = {
    "Google": ("client_id", "client_secret", "authorize_scopes"),
    "Facebook": ("client_id", "client_secret", "authorize_scopes"),
    "LoginWithAmazon": ("client_id", "client_secret", "authorize_scopes"),
    "SignInWithApple": ("client_id", "team_id", "key_id", "private_key", "authorize_scopes"),
    "OIDC": ("client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes"),
    "SAML": (),
}
FACEBOOK_API = "v17.0"
# type -> what AWS adds to the details (Facebook's depend on its api_version)
DERIVED: dict[str, dict[str, str]] = {
    "Google": {"attributes_url": "https://people.googleapis.com/v1/people/me?personFields=",
               "attributes_url_add_attributes": "true",
               "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
               "oidc_issuer": "https://accounts.google.com", "token_request_method": "POST",
               "token_url": "https://www.googleapis.com/oauth2/v4/token"},
    "LoginWithAmazon": {"attributes_url": "https://api.amazon.com/user/profile",
                        "attributes_url_add_attributes": "false", "authorize_url": "https://www.amazon.com/ap/oa",
                        "token_request_method": "POST", "token_url": "https://api.amazon.com/auth/o2/token"},
    "SignInWithApple": {"authorize_url": "https://appleid.apple.com/auth/authorize",
                        "oidc_issuer": "https://appleid.apple.com", "token_request_method": "POST",
                        "token_url": "https://appleid.apple.com/auth/token"},
}
# the derived members ProviderDetails (typed) carries too
TYPED_DERIVED = ("api_version", "authorize_url", "token_url", "attributes_url", "oidc_issuer")
ACR_OIDC_ONLY = "AcrMapping is supported only for OIDC identity providers."   # guessed text; the rule is documented
# type -> the pool attribute "username" maps to when the request does not say
USERNAME_CLAIM = {"Google": "sub", "Facebook": "id", "LoginWithAmazon": "user_id", "SignInWithApple": "sub",
                  "OIDC": "sub"}


def not_found(name: str) -> str:
    return f"Identity provider {name} does not exist."


def find(pool: UserPool, name: str) -> IdentityProvider:
    provider = pool.federation.identity_providers.get(name)
    if provider is None:
        raise ResourceNotFoundException(not_found(name))
    return provider


def find_by_identifier(pool: UserPool, identifier: str) -> IdentityProvider:
    name = pool.federation.idp_identifiers.get(identifier)
    if name is None:
        raise ResourceNotFoundException(f"Identity provider with identifier {identifier} does not exist.")
    return pool.federation.identity_providers[name]


def _check_acr(kind: str, acr_mapping: dict[str, str] | None) -> None:
    if acr_mapping and kind != "OIDC":
        raise InvalidParameterException(ACR_OIDC_ONLY)


def create(env: Env, pool: UserPool, name: str, kind: str, details: ProviderDetails, echo: dict[str, str],
           mapping: dict[str, str] | None, identifiers: list[str] | None,
           acr_mapping: dict[str, str] | None = None) -> IdentityProvider:
    """``details``: ProviderDetails typed; ``echo``: as given (what DescribeIdentityProvider shows)."""
    if name in pool.federation.identity_providers:
        raise DuplicateProviderException(f"A provider with the name {name} already exists in this user pool.")
    if kind in SOCIAL and name != kind:
        raise InvalidParameterException(f"ProviderName must be {kind} for a {kind} identity provider.")
    if len(pool.federation.identity_providers) >= MAX_PROVIDERS:
        raise LimitExceededException(f"The user pool already has the maximum of {MAX_PROVIDERS} identity providers.")
    echo = echo | complete(kind, details)
    mapping = _mapping(pool, kind, mapping)
    identifiers = _identifiers(pool, name, identifiers or [])
    _check_acr(kind, acr_mapping)
    now = env.clock.now_dt()
    provider = IdentityProvider(name=name, type=kind, details=details, echo=echo, attribute_mapping=mapping,
                                identifiers=identifiers, created=now, modified=now,
                                acr_mapping=dict(acr_mapping or {}))
    _encryption(env, pool, provider)
    pool.federation.identity_providers[name] = provider
    _index(pool, provider, [])
    return provider


def update(env: Env, pool: UserPool, provider: IdentityProvider, details: ProviderDetails | None,
           echo: dict[str, str] | None, mapping: dict[str, str] | None, identifiers: list[str] | None,
           acr_mapping: dict[str, str] | None = None) -> None:
    """The members given replace the provider's; the others stay. ``details`` (typed) and ``echo``
    (as given) come together."""
    if details is not None and echo is not None:
        echo = echo | complete(provider.type, details)
    else:
        details, echo = provider.details, provider.echo
    new_mapping = _mapping(pool, provider.type, mapping) if mapping is not None else provider.attribute_mapping
    new_ids = _identifiers(pool, provider.name, identifiers) if identifiers is not None else provider.identifiers
    _check_acr(provider.type, acr_mapping)
    if acr_mapping is not None:
        provider.acr_mapping = dict(acr_mapping)
    old_ids = provider.identifiers
    provider.details, provider.echo = details, echo
    provider.attribute_mapping, provider.identifiers = new_mapping, new_ids
    _index(pool, provider, old_ids)
    _encryption(env, pool, provider)
    provider.modified = env.clock.now_dt()


def delete(pool: UserPool, provider: IdentityProvider) -> None:
    """Drop the provider and its identifiers; every other concept forgets it too (app clients drop it
    from their SupportedIdentityProviders)."""
    del pool.federation.identity_providers[provider.name]
    for identifier in provider.identifiers:
        pool.federation.idp_identifiers.pop(identifier, None)
    pool.forget_provider(provider.name)


def _index(pool: UserPool, provider: IdentityProvider, old: list[str]) -> None:
    for identifier in old:
        pool.federation.idp_identifiers.pop(identifier, None)
    for identifier in provider.identifiers:
        pool.federation.idp_identifiers[identifier] = provider.name


def ordered(pool: UserPool) -> list[IdentityProvider]:
    return sorted(pool.federation.identity_providers.values(), key=lambda p: p.name)


# --- details ------------------------------------------------------------------------------------
def complete(kind: str, details: ProviderDetails) -> dict[str, str]:
    """Check the ProviderDetails a request gave and fill in what AWS derives from them; the derived
    members, AWS-shaped, for the echo."""
    for key in REQUIRED[kind]:
        if not getattr(details, key):
            raise InvalidParameterException(f"{key} is required for {kind} identity providers.")
    if kind == "SAML":
        return _saml(details)
    if kind == "OIDC":
        if details.attributes_request_method not in ("GET", "POST"):
            raise InvalidParameterException("attributes_request_method must be GET or POST.")
        return {}
    if kind == "Facebook":
        version = details.api_version or FACEBOOK_API
        derived = {"api_version": version,
                   "attributes_url": f"https://graph.facebook.com/{version}/me?fields=",
                   "attributes_url_add_attributes": "true",
                   "authorize_url": f"https://www.facebook.com/{version}/dialog/oauth",
                   "token_request_method": "GET",
                   "token_url": f"https://graph.facebook.com/{version}/oauth/access_token"}
    else:
        derived = DERIVED[kind]
    for key in TYPED_DERIVED:
        if key in derived:
            setattr(details, key, derived[key])
    return dict(derived)


def _saml(details: ProviderDetails) -> dict[str, str]:
    if bool(details.metadata_file) == bool(details.metadata_url):
        raise InvalidParameterException("Exactly one of MetadataFile or MetadataURL must be provided.")
    derived: dict[str, str] = {}
    if details.metadata_file:
        details.metadata = saml.parse(details.metadata_file)
        if details.metadata.sso_redirect:
            derived["SSORedirectBindingURI"] = details.metadata.sso_redirect
        if details.metadata.slo_redirect:
            derived["SLORedirectBindingURI"] = details.metadata.slo_redirect
    return derived


def _encryption(env: Env, pool: UserPool, provider: IdentityProvider) -> None:
    """EncryptedResponses: the provider's encryption certificate (Describe shows it as
    ActiveEncryptionCertificate), made the first time it is turned on, then kept."""
    if provider.type == "SAML" and provider.details.encrypted_responses:
        certificates.encryption_certificate(env, pool, provider)


def saml_metadata(provider: IdentityProvider) -> saml.SamlMetadata | None:
    """The parsed metadata of a SAML provider configured with a MetadataFile (for sign-in)."""
    return provider.details.metadata if provider.type == "SAML" else None


def _mapping(pool: UserPool, kind: str, given: dict[str, str] | None) -> dict[str, str]:
    mapping: dict[str, Any] = dict(given or {})
    for attribute in mapping:
        if attribute != "username" and attribute not in pool.schema:
            raise InvalidParameterException(f"Attribute mapping contains an attribute that does not exist in the "
                                            f"user pool schema: {attribute}")
    if kind in USERNAME_CLAIM:
        mapping.setdefault("username", USERNAME_CLAIM[kind])
    return mapping


def _identifiers(pool: UserPool, name: str, identifiers: list[str]) -> list[str]:
    for identifier in identifiers:
        owner = pool.federation.idp_identifiers.get(identifier)
        if owner is not None and owner != name:
            raise DuplicateProviderException(f"Duplicate identifier {identifier}: an identity provider of this "
                                             "user pool already uses it.")
    return list(dict.fromkeys(identifiers))
