"""Passkey actions, authorized by the signed-in user's access token: StartWebAuthnRegistration,
CompleteWebAuthnRegistration, ListWebAuthnCredentials, DeleteWebAuthnCredential."""
from __future__ import annotations

from ....backend.idp.auth import webauthn
from ...registry import IDP, Context, action
from .. import find
from ..access import signed_in
from . import views


@action(IDP, "StartWebAuthnRegistration")
def start_web_authn_registration(ctx: Context, params: dict) -> dict:
    pool, user, claims = signed_in(ctx, params["AccessToken"])
    options = webauthn.start_registration(ctx.env, pool, str(claims.get("client_id", "")), user)
    return {"CredentialCreationOptions": options}


@action(IDP, "CompleteWebAuthnRegistration")
def complete_web_authn_registration(ctx: Context, params: dict) -> dict:
    pool, user, claims = signed_in(ctx, params["AccessToken"])
    webauthn.complete_registration(ctx.env, pool, str(claims.get("client_id", "")), user, params["Credential"])
    return {}


@action(IDP, "ListWebAuthnCredentials")
def list_web_authn_credentials(ctx: Context, params: dict) -> dict:
    _, user, _ = signed_in(ctx, params["AccessToken"])
    chunk, token = find.paged(webauthn.listed(user), params.get("NextToken"), params.get("MaxResults") or 20,
                              key=lambda p: p.credential_id)
    return {"Credentials": [views.passkey(p) for p in chunk], "NextToken": token}


@action(IDP, "DeleteWebAuthnCredential")
def delete_web_authn_credential(ctx: Context, params: dict) -> dict:
    _, user, _ = signed_in(ctx, params["AccessToken"])
    webauthn.delete(user, params["CredentialId"])
    return {}
