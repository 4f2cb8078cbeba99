"""Federated users: EXTERNAL_PROVIDER users made by a sign-in through an identity provider, and
external identities linked to existing users (AdminLinkProviderForUser / AdminDisableProviderForUser).

A user's external identities live in ``User.identities`` and are shown, as AWS does, in the
``identities`` attribute (a JSON array). Linked identities are indexed in ``pool.federation.federated_links``
(``models.federated_key`` -> user key), so a sign-in finds its linked user without a scan.
"""
from __future__ import annotations

import json

from ....errors import InvalidParameterException, LimitExceededException, UserNotFoundException
from ...store import Env
from .. import trigger_events
from ..auth import tokens
from ..models import LinkedIdentity, User, UserPool, UserStatus
from ..pools.schema import check_user_attributes
from ..users import users
from . import providers
from .models import IdentityProvider, ProviderUser, federated_key

COGNITO = "Cognito"
SUBJECT = "Cognito_Subject"
MAX_LINKED = 5                  # "The maximum number of federated identities linked to a user is five."
ATTRIBUTE = "identities"

COGNITO_SOURCE = ("Invalid SourceUser: Cognito users with a username/password may not be passed in as a "
                  "SourceUser, only as a DestinationUser")
ALREADY_LINKED = "SourceUser is already linked to DestinationUser"
MERGING = ("Merging is not currently supported, provide a SourceUser that has not been signed up in order "
           "to link")
TOO_MANY = "A user can have at most 5 linked identities."        # guessed text
# guessed text (searched "AdminLinkProviderForUser immutable"): the rule is the API reference's, "All
# attributes in the DestinationUser profile must be mutable. If you have assigned the user any immutable
# custom attributes, the operation won't succeed."
IMMUTABLE = "Cannot link a DestinationUser that has a value for an immutable attribute: {}"


def external_username(provider_name: str, subject: str) -> str:
    """The username AWS gives the user a federated sign-in creates: ``{ProviderName}_{subject}``."""
    return f"{provider_name}_{subject}"


# --- AdminLinkProviderForUser / AdminDisableProviderForUser -----------------------------------

def link(env: Env, pool: UserPool, destination: ProviderUser, source: ProviderUser) -> None:
    """Link the external identity ``source`` to the existing user ``destination``. Everything is
    checked before anything changes."""
    if source.provider_name == COGNITO:
        raise InvalidParameterException(COGNITO_SOURCE)
    provider = providers.find(pool, source.provider_name)
    user = _destination(pool, destination)
    attribute = source.attribute_name or SUBJECT
    value = source.value
    if federated_key(provider.name, attribute, value) in pool.federation.federated_links:
        raise InvalidParameterException(ALREADY_LINKED)
    if attribute == SUBJECT and pool.user_key(external_username(provider.name, value)) in pool.users:
        raise InvalidParameterException(MERGING)
    if sum(not identity.primary for identity in user.identities) >= MAX_LINKED:
        raise LimitExceededException(TOO_MANY)
    immutable = _immutable_attribute(pool, user)
    if immutable is not None:
        raise InvalidParameterException(IMMUTABLE.format(immutable))
    identity = LinkedIdentity(provider.name, provider.type, value, _now_ms(env), attribute, _issuer(provider))
    _set_identities(env, pool, user, [*user.identities, identity])
    pool.federation.federated_links[_key(identity)] = pool.user_key(user.username)


def _destination(pool: UserPool, destination: ProviderUser) -> User:
    """DestinationUser: a local user by username, or a federated one by its provider's user id."""
    name, value = destination.provider_name, destination.value
    if name == COGNITO:
        return users.find(pool, value)
    user = pool.users.get(pool.user_key(external_username(name, value)))
    if user is None:
        raise UserNotFoundException(users.NOT_FOUND)
    return user


def _immutable_attribute(pool: UserPool, user: User) -> str | None:
    """The first attribute the user has a value for that the schema makes immutable (``sub`` aside:
    every user has one)."""
    for name, value in user.attributes.items():
        spec = pool.schema.get(name)
        if name != "sub" and value and spec is not None and not spec.mutable:
            return name
    return None


def disable(env: Env, pool: UserPool, target: ProviderUser) -> None:
    """AdminDisableProviderForUser: a local user loses password sign-in; a linked identity is
    unlinked; an unlinked federated user can no longer sign in."""
    name = target.provider_name
    attribute = target.attribute_name or SUBJECT
    value = target.value
    if name == COGNITO:
        user = users.find(pool, value)
        user.password_sign_in_disabled = True
        user.modified = env.clock.now_ms_dt()
        return
    provider = providers.find(pool, name)
    owner_key = pool.federation.federated_links.get(federated_key(provider.name, attribute, value))
    if owner_key is not None:
        owner = pool.users[owner_key]
        kept = [i for i in owner.identities
                if i.primary or (i.provider_name, i.attribute_name, i.user_id) != (provider.name, attribute, value)]
        _set_identities(env, pool, owner, kept)
        del pool.federation.federated_links[federated_key(provider.name, attribute, value)]
        return
    external = pool.users.get(pool.user_key(external_username(provider.name, value)))
    if attribute != SUBJECT or external is None:
        raise UserNotFoundException(users.NOT_FOUND)      # guessed behaviour: nothing to disable
    users.set_enabled(env, pool, external, False)
    tokens.sign_out_everywhere(pool, external)

# --- sign-in through an identity provider (for the OAuth / hosted UI endpoints) ---------------


def federated_sign_in(env: Env, pool: UserPool, provider: IdentityProvider, subject: str,
                      attributes: dict[str, str], *, client_id: str | None = None) -> User:
    """The user a sign-in through ``provider`` stands for: ``subject`` is the IdP's unique id of the
    person, ``attributes`` the claims it asserted (mapped through the provider's AttributeMapping).

    A linked identity (by subject, or by a claim it was linked on) signs in as its linked user; else
    the EXTERNAL_PROVIDER user ``{ProviderName}_{subject}`` is created on first sign-in. Either way
    the mapped attributes are written to the user on every sign-in ("Your user pool then updates the
    linked local profile with the claims mapped from their sign-in": Linking federated users). A
    disabled user is refused, and keeps its attributes. A PreSignUp trigger
    (PreSignUp_ExternalProvider) may refuse the first sign-in; ``client_id``: the app client signing in.
    """
    values = mapped(provider, attributes)
    check_user_attributes(pool.schema, values)
    user = _linked_user(env, pool, provider, subject, attributes)
    if user is None:
        user = pool.users.get(pool.user_key(external_username(provider.name, subject)))
        if user is None:
            user = _create_external(env, pool, provider, subject, values, client_id)
            values = {}
    users.check_enabled(user)
    if any(user.attributes.get(k) != v for k, v in values.items()):
        users.replace_attributes(env, pool, user, {**user.attributes, **values})
    return user


def _linked_user(env: Env, pool: UserPool, provider: IdentityProvider, subject: str,
                 claims: dict[str, str]) -> User | None:
    key = pool.federation.federated_links.get(federated_key(provider.name, SUBJECT, subject))
    if key is not None:
        return pool.users[key]
    for claim, value in claims.items():          # linked on a claim (SAML/OIDC attribute), not yet used
        found = federated_key(provider.name, claim, str(value))
        key = pool.federation.federated_links.get(found)
        if key is None:
            continue
        user = pool.users[key]                    # from now on the link is by subject (as AWS documents)
        for identity in user.identities:
            if not identity.primary and _key(identity) == found:
                identity.attribute_name, identity.user_id = SUBJECT, subject
        del pool.federation.federated_links[found]
        pool.federation.federated_links[federated_key(provider.name, SUBJECT, subject)] = key
        _set_identities(env, pool, user, user.identities)
        return user
    return None


def _create_external(env: Env, pool: UserPool, provider: IdentityProvider, subject: str,
                     mapped: dict[str, str], client_id: str | None = None) -> User:
    now = env.clock.now_ms_dt()
    sub = env.ids.uuid()
    identity = LinkedIdentity(provider.name, provider.type, subject, _now_ms(env), SUBJECT, _issuer(provider),
                              primary=True)
    user = User(username=external_username(provider.name, subject), sub=sub,
                attributes={"sub": sub, **mapped, ATTRIBUTE: _render([identity])},
                status=UserStatus.EXTERNAL_PROVIDER, created=now, modified=now)
    user.identities = [identity]
    trigger_events.pre_sign_up(env, pool, "PreSignUp_ExternalProvider", user, client_id=client_id)
    users.add(pool, user, exists_message=users.EXISTS)
    return user


def mapped(provider: IdentityProvider, claims: dict[str, str]) -> dict[str, str]:
    """Pool attributes from the IdP's claims through AttributeMapping (pool attribute -> claim)."""
    out = {}
    for attribute, claim in provider.attribute_mapping.items():
        if attribute != "username" and claim in claims and claims[claim] is not None:
            value = claims[claim]
            out[attribute] = str(value).lower() if isinstance(value, bool) else str(value)
    return out

# --- the identities attribute -----------------------------------------------------------------


def _render(identities: list[LinkedIdentity]) -> str:
    return json.dumps([{"userId": i.user_id, "providerName": i.provider_name, "providerType": i.provider_type,
                        "issuer": i.issuer, "primary": i.primary, "dateCreated": i.created_ms}
                       for i in identities], separators=(",", ":"))


def _set_identities(env: Env, pool: UserPool, user: User, identities: list[LinkedIdentity]) -> None:
    values = {k: v for k, v in user.attributes.items() if k != ATTRIBUTE}
    if identities:
        values[ATTRIBUTE] = _render(identities)
    users.replace_attributes(env, pool, user, values)
    user.identities = list(identities)


def _key(identity: LinkedIdentity) -> str:
    return federated_key(identity.provider_name, identity.attribute_name, identity.user_id)


def _issuer(provider: IdentityProvider) -> str | None:
    """SAML identities carry the IdP's entity id; AWS shows null for the others."""
    metadata = providers.saml_metadata(provider)
    return metadata.entity_id if metadata is not None else None


def _now_ms(env: Env) -> int:
    return int(env.clock.now() * 1000)
