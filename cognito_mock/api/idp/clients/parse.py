"""Request members -> domain settings for app clients (the mirror image of views.py)."""
from __future__ import annotations

from typing import Any

from ....backend.idp.clients.clients import validity


# --- app clients -----------------------------------------------------------------------------
ECHOED_CLIENT_MEMBERS = ("AnalyticsConfiguration",)


def client_settings(params: dict[str, Any]) -> dict[str, Any]:
    """Typed AppClient fields from a Create/UpdateUserPoolClient request (absent members left out)."""
    units = params.get("TokenValidityUnits") or {}
    out: dict[str, Any] = {
        "refresh_validity": validity("refresh", params.get("RefreshTokenValidity"), units.get("RefreshToken")),
        "access_validity": validity("access", params.get("AccessTokenValidity"), units.get("AccessToken")),
        "id_validity": validity("id", params.get("IdTokenValidity"), units.get("IdToken")),
    }
    if params.get("ExplicitAuthFlows"):
        out["explicit_auth_flows"] = list(dict.fromkeys(params["ExplicitAuthFlows"]))
    simple = {"ReadAttributes": "read_attributes", "WriteAttributes": "write_attributes",
              "PreventUserExistenceErrors": "prevent_user_existence_errors",
              "EnableTokenRevocation": "enable_token_revocation",
              "EnablePropagateAdditionalUserContextData": "propagate_user_context",
              "AuthSessionValidity": "auth_session_validity_minutes",
              "AllowedOAuthFlowsUserPoolClient": "oauth_enabled", "DefaultRedirectURI": "default_redirect_uri"}
    lists = {"AllowedOAuthFlows": "oauth_flows", "AllowedOAuthScopes": "oauth_scopes",
             "CallbackURLs": "callback_urls", "LogoutURLs": "logout_urls",
             "SupportedIdentityProviders": "identity_providers"}
    for member, name in lists.items():
        if member in params:
            out[name] = list(dict.fromkeys(params[member]))
    rotation = params.get("RefreshTokenRotation")
    if rotation is not None:
        out["refresh_rotation"] = rotation.get("Feature") == "ENABLED"
        out["refresh_retry_grace_seconds"] = rotation.get("RetryGracePeriodSeconds", 0)
    for member, name in simple.items():
        if member in params:
            out[name] = params[member]
    return out


def client_echo(params: dict[str, Any]) -> dict[str, Any]:
    return {member: params[member] for member in ECHOED_CLIENT_MEMBERS if member in params}
