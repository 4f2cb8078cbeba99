"""Managed login branding: one style per app client (settings document and image assets)."""
from __future__ import annotations

from typing import Any

from ....errors import (InvalidParameterException, ManagedLoginBrandingExistsException,
                       ResourceNotFoundException)
from ...store import Env
from ..models import UserPool
from .models import BrandingAsset, ManagedLoginBranding

BOTH = ("UseCognitoProvidedValues cannot be true when Settings or Assets are provided.")


def find(pool: UserPool, branding_id: str) -> ManagedLoginBranding:
    branding = pool.branding.brandings.get(branding_id)
    if branding is None:
        raise ResourceNotFoundException(f"Managed login branding {branding_id} does not exist.")
    return branding


def find_by_client(pool: UserPool, client_id: str) -> ManagedLoginBranding:
    branding_id = pool.branding.branding_by_client.get(client_id)
    if branding_id is None:
        raise ResourceNotFoundException(f"Managed login branding for client {client_id} does not exist.")
    return pool.branding.brandings[branding_id]


def _check(use_defaults: bool, settings: Any, assets: list[BrandingAsset]) -> None:
    if use_defaults and (settings is not None or assets):
        raise InvalidParameterException(BOTH)


def create(env: Env, pool: UserPool, client_id: str, use_defaults: bool, settings: Any,
           assets: list[BrandingAsset]) -> ManagedLoginBranding:
    if client_id in pool.branding.branding_by_client:
        raise ManagedLoginBrandingExistsException(f"Managed login branding already exists for client {client_id}.")
    _check(use_defaults, settings, assets)
    now = env.clock.now_dt()
    branding = ManagedLoginBranding(id=env.ids.uuid(), client_id=client_id, use_cognito_provided_values=use_defaults,
                                    settings=settings, assets=assets, created=now, modified=now)
    pool.branding.brandings[branding.id] = branding
    pool.branding.branding_by_client[client_id] = branding.id
    return branding


def update(env: Env, branding: ManagedLoginBranding, use_defaults: bool | None, settings: Any,
           assets: list[BrandingAsset] | None) -> None:
    """``assets`` None: keep the branding's."""
    assets = assets if assets is not None else branding.assets
    new_settings = settings if settings is not None else branding.settings
    use = use_defaults if use_defaults is not None else branding.use_cognito_provided_values
    if use_defaults:
        new_settings, assets = None, []
    _check(use, new_settings, assets)
    branding.use_cognito_provided_values, branding.settings, branding.assets = use, new_settings, assets
    branding.modified = env.clock.now_dt()


def delete(pool: UserPool, branding: ManagedLoginBranding) -> None:
    del pool.branding.brandings[branding.id]
    pool.branding.branding_by_client.pop(branding.client_id, None)
