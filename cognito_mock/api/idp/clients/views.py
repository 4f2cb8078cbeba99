"""App clients and their secrets -> AWS-shaped dicts."""
from __future__ import annotations

import copy
from typing import Any

from ....backend.idp.clients.models import AppClient, ClientSecret


def user_pool_client(client: AppClient) -> dict[str, Any]:
    return {
        "UserPoolId": client.pool_id,
        "ClientName": client.name,
        "ClientId": client.id,
        "ClientSecret": client.secret if client.secret_arn is None else None,
        "ClientSecretArn": client.secret_arn,
        "LastModifiedDate": client.modified,
        "CreationDate": client.created,
        "RefreshTokenValidity": client.refresh_validity.value,
        "AccessTokenValidity": client.access_validity.value,
        "IdTokenValidity": client.id_validity.value,
        "TokenValidityUnits": {"AccessToken": client.access_validity.unit.value,
                               "IdToken": client.id_validity.unit.value,
                               "RefreshToken": client.refresh_validity.unit.value},
        "ReadAttributes": list(client.read_attributes) or None,
        "WriteAttributes": list(client.write_attributes) or None,
        "ExplicitAuthFlows": list(client.explicit_auth_flows),
        "SupportedIdentityProviders": list(client.identity_providers) or None,
        "CallbackURLs": list(client.callback_urls) or None,
        "LogoutURLs": list(client.logout_urls) or None,
        "DefaultRedirectURI": client.default_redirect_uri,
        "AllowedOAuthFlows": list(client.oauth_flows) or None,
        "AllowedOAuthScopes": list(client.oauth_scopes) or None,
        "AllowedOAuthFlowsUserPoolClient": client.oauth_enabled,
        "RefreshTokenRotation": {"Feature": "ENABLED" if client.refresh_rotation else "DISABLED",
                                 "RetryGracePeriodSeconds": client.refresh_retry_grace_seconds},
        "PreventUserExistenceErrors": client.prevent_user_existence_errors,
        "EnableTokenRevocation": client.enable_token_revocation,
        "EnablePropagateAdditionalUserContextData": client.propagate_user_context,
        "AuthSessionValidity": client.auth_session_validity_minutes,
        "ClientType": "REGULAR",   # no client is made through dynamic client registration here
        **copy.deepcopy(client.echo),
    }


def client_secret(secret: ClientSecret, *, reveal: bool) -> dict[str, Any]:
    return {"ClientSecretId": secret.id, "ClientSecretValue": secret.value if reveal else None,
            "ClientSecretCreateDate": secret.created}


def user_pool_client_description(client: AppClient) -> dict[str, Any]:
    return {"ClientId": client.id, "UserPoolId": client.pool_id, "ClientName": client.name}
