"""A user pool as SAML 2.0 service provider (to come)."""
from __future__ import annotations


def request_url(env, pool, provider, pending, *, acs: str, emulated_sso: str) -> str:
    raise NotImplementedError
