"""User-pool trigger events: the request each trigger receives and what its response changes.

Every function here returns at once when the pool has no function for its trigger, so call sites
can call them unconditionally. All of them go through ``triggers.invoke`` (the one invoker).
Shapes follow the Cognito developer guide's trigger pages; ``clientMetadata`` is present when the
API call carried ClientMetadata, ``validationData`` when it carried ValidationData.
"""
from __future__ import annotations

from collections.abc import Callable

from .. import triggers
from ..triggers import invalid_output
from .auth import tokens
from .clients.models import AppClient
from .models import User, UserPool

PRE_SIGN_UP, POST_CONFIRMATION = "PreSignUp", "PostConfirmation"
PRE_AUTH, POST_AUTH = "PreAuthentication", "PostAuthentication"
PRE_TOKEN, CUSTOM_MESSAGE, MIGRATION = "PreTokenGeneration", "CustomMessage", "UserMigration"
DEFINE, CREATE, VERIFY = "DefineAuthChallenge", "CreateAuthChallenge", "VerifyAuthChallengeResponse"
CODE_PARAMETER, USERNAME_PARAMETER = "{####}", "{username}"
# Claims a PreTokenGeneration function cannot add, change or suppress (developer guide); it is
# ignored silently when it tries (guessed behaviour).
FIXED_CLAIMS = frozenset({"acr", "amr", "aud", "at_hash", "auth_time", "azp", "cognito:username", "exp", "iat",
                          "identities", "iss", "jti", "nbf", "nonce", "origin_jti", "sub", "token_use",
                          "client_id", "event_id", "scope", "username", "version", "device_key",
                          "cognito:groups", "cognito:roles", "cognito:preferred_role"})


def user_attributes(user: User) -> dict[str, str]:
    """``request.userAttributes`` of an existing user: its attributes and ``cognito:user_status``."""
    return {**user.attributes, "cognito:user_status": user.status.value}


def _with_metadata(request: dict, client_metadata: dict | None) -> dict:
    if client_metadata:
        request["clientMetadata"] = dict(client_metadata)
    return request


def _flag(response: dict, name: str) -> bool:
    value = response.get(name)
    if value is not None and not isinstance(value, bool):
        raise invalid_output()
    return bool(value)


def _strings(value, what=str) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, what) for k, v in value.items())


# --- sign-up and confirmation ---------------------------------------------------------------------

def pre_sign_up(env, pool: UserPool, source: str, user: User, *, client_id: str | None = None,
                client_metadata: dict | None = None, validation_data: dict | None = None) -> bool:
    """PreSignUp_SignUp / _AdminCreateUser / _ExternalProvider, before ``user`` is stored: raises to
    deny; marks email/phone verified when asked. Returns autoConfirmUser."""
    if triggers.configured(pool, PRE_SIGN_UP) is None:
        return False
    given = {k: v for k, v in user.attributes.items() if k != "sub"}
    request = _with_metadata({"userAttributes": given, "validationData": validation_data or None}, client_metadata)
    response = triggers.invoke(env, pool, PRE_SIGN_UP, source, username=user.username, client_id=client_id,
                               request=request, response={"autoConfirmUser": False, "autoVerifyPhone": False,
                                                          "autoVerifyEmail": False})
    confirm = _flag(response, "autoConfirmUser")
    for attribute, flag in (("email", "autoVerifyEmail"), ("phone_number", "autoVerifyPhone")):
        if _flag(response, flag) and user.attributes.get(attribute):
            user.attributes[f"{attribute}_verified"] = "true"
    return confirm


def post_confirmation(env, pool: UserPool, source: str, user: User, *, client_id: str | None = None,
                      client_metadata: dict | None = None) -> None:
    """PostConfirmation_ConfirmSignUp / _ConfirmForgotPassword, after the change is made (AWS keeps
    the confirmation when the function fails, and answers its error)."""
    if triggers.configured(pool, POST_CONFIRMATION) is None:
        return
    triggers.invoke(env, pool, POST_CONFIRMATION, source, username=user.username, client_id=client_id,
                    request=_with_metadata({"userAttributes": user_attributes(user)}, client_metadata), response={})


# --- sign-in -------------------------------------------------------------------------------------

def pre_authentication(env, pool: UserPool, client: AppClient, user: User, *, client_metadata: dict | None,
                       user_not_found: bool = False) -> None:
    """PreAuthentication_Authentication, before the first factor is checked; raises to deny.
    ClientMetadata reaches it as ``validationData``."""
    if triggers.configured(pool, PRE_AUTH) is None:
        return
    request: dict = {"userAttributes": user_attributes(user) if not user_not_found else {},
                     "validationData": dict(client_metadata) if client_metadata else None}
    if client.prevent_user_existence_errors == "ENABLED":
        request["userNotFound"] = user_not_found
    triggers.invoke(env, pool, PRE_AUTH, "PreAuthentication_Authentication", username=user.username,
                    client_id=client.id, request=request, response={})


def post_authentication(env, pool: UserPool, client: AppClient, user: User, *, client_metadata: dict | None,
                        new_device_used: bool) -> None:
    if triggers.configured(pool, POST_AUTH) is None:
        return
    request = _with_metadata({"userAttributes": user_attributes(user), "newDeviceUsed": new_device_used},
                             client_metadata)
    triggers.invoke(env, pool, POST_AUTH, "PostAuthentication_Authentication", username=user.username,
                    client_id=client.id, request=request, response={})


def user_migration(env, pool: UserPool, client: AppClient, username: str, source: str, *,
                   password: str | None = None, client_metadata: dict | None = None) -> dict | None:
    """UserMigration_Authentication (with the password) / UserMigration_ForgotPassword for a user the
    pool does not know. Returns the function's response, or None when no function is configured."""
    if triggers.configured(pool, MIGRATION) is None:
        return None
    request: dict = {"password": password} if password is not None else {}
    request["validationData"] = None
    _with_metadata(request, client_metadata)
    response = triggers.invoke(env, pool, MIGRATION, source, username=username, client_id=client.id, request=request,
                               response={"userAttributes": None, "finalUserStatus": None, "messageAction": None,
                                         "desiredDeliveryMediums": None, "forceAliasCreation": None})
    attributes = response.get("userAttributes")
    if attributes is not None and not _strings(attributes):
        raise invalid_output()
    if response.get("finalUserStatus") not in (None, "CONFIRMED", "RESET_REQUIRED"):
        raise invalid_output()
    return response


# --- tokens ---------------------------------------------------------------------------------------

def pre_token_generation(env, pool: UserPool, client: AppClient, user: User, source: str, *,
                         client_metadata: dict | None = None,
                         scopes: list[str] | None = None) -> Callable[[dict, dict], None] | None:
    """TokenGeneration_*: runs the function now; returns what ``tokens.mint(customize=...)`` applies
    (None when the pool has no PreTokenGeneration function)."""
    if triggers.configured(pool, PRE_TOKEN) is None:
        return None
    version = triggers.version_of(pool, PRE_TOKEN)
    groups = tokens._group_claims(pool, user)
    configuration = {"groupsToOverride": groups.get("cognito:groups", []),
                     "iamRolesToOverride": groups.get("cognito:roles", []),
                     "preferredRole": groups.get("cognito:preferred_role")}
    request: dict = {"userAttributes": user_attributes(user), "groupConfiguration": configuration}
    if version != "V1_0":
        request["scopes"] = list(scopes or ["aws.cognito.signin.user.admin"])
    _with_metadata(request, client_metadata)
    member = "claimsOverrideDetails" if version == "V1_0" else "claimsAndScopeOverrideDetails"
    response = triggers.invoke(env, pool, PRE_TOKEN, source, username=user.username, client_id=client.id,
                               request=request, response={member: None},
                               version={"V1_0": "1", "V2_0": "2", "V3_0": "3"}.get(version, "1"))
    return _claim_overrides(response, version)


def _claim_overrides(response: dict, version: str) -> Callable[[dict, dict], None]:
    v1 = response.get("claimsOverrideDetails")
    v2 = response.get("claimsAndScopeOverrideDetails") if version != "V1_0" else None
    for part in (v1, v2):
        if part is not None and not isinstance(part, dict):
            raise invalid_output()
    id_changes, access_changes, group_details, has_groups = [], [], None, False
    if v1:
        id_changes.append(_claim_changes(v1, strings_only=True))
        has_groups, group_details = "groupOverrideDetails" in v1, v1.get("groupOverrideDetails")
    if v2:
        if v2.get("idTokenGeneration"):
            id_changes.append(_claim_changes(v2["idTokenGeneration"], strings_only=False))
        if v2.get("accessTokenGeneration"):
            access_changes.append(_claim_changes(v2["accessTokenGeneration"], strings_only=False, scopes=True))
        if "groupOverrideDetails" in v2:
            has_groups, group_details = True, v2.get("groupOverrideDetails")

    def customize(id_claims: dict, access_claims: dict) -> None:
        if has_groups:
            _override_groups(id_claims, access_claims, group_details or {})
        for change in id_changes:
            change(id_claims)
        for change in access_changes:
            change(access_claims)

    return customize


def _claim_changes(details, *, strings_only: bool, scopes: bool = False) -> Callable[[dict], None]:
    if not isinstance(details, dict):
        raise invalid_output()
    add = details.get("claimsToAddOrOverride") or {}
    suppress = details.get("claimsToSuppress") or []
    if not isinstance(add, dict) or (strings_only and not _strings(add)) or not isinstance(suppress, list):
        raise invalid_output()
    scopes_to_add = details.get("scopesToAdd") or [] if scopes else []
    scopes_to_suppress = details.get("scopesToSuppress") or [] if scopes else []

    def change(claims: dict) -> None:
        for name, value in add.items():
            if name not in FIXED_CLAIMS:
                claims[name] = value
        for name in suppress:           # suppressed wins over added (developer guide)
            if name not in FIXED_CLAIMS:
                claims.pop(name, None)
        if scopes_to_add or scopes_to_suppress:
            current = [s for s in str(claims.get("scope", "")).split() if s not in scopes_to_suppress]
            current += [s for s in scopes_to_add if s not in current and s not in scopes_to_suppress]
            claims["scope"] = " ".join(current)

    return change


def _override_groups(id_claims: dict, access_claims: dict, details: dict) -> None:
    """groupOverrideDetails replaces cognito:groups (both tokens) and the role claims (ID token)."""
    if not isinstance(details, dict):
        raise invalid_output()
    for claims in (id_claims, access_claims):
        claims.pop("cognito:groups", None)
    id_claims.pop("cognito:roles", None)
    id_claims.pop("cognito:preferred_role", None)
    if details.get("groupsToOverride"):
        id_claims["cognito:groups"] = access_claims["cognito:groups"] = list(details["groupsToOverride"])
    if details.get("iamRolesToOverride"):
        id_claims["cognito:roles"] = list(details["iamRolesToOverride"])
    if details.get("preferredRole"):
        id_claims["cognito:preferred_role"] = details["preferredRole"]


# --- messages -------------------------------------------------------------------------------------

def custom_message(env, pool: UserPool, user: User, source: str, *, client_id: str | None = None,
                   client_metadata: dict | None = None) -> dict | None:
    """CustomMessage_*: the function's {smsMessage, emailMessage, emailSubject} (templates still
    holding ``{####}`` / ``{username}``), or None when no function is configured."""
    if triggers.configured(pool, CUSTOM_MESSAGE) is None:
        return None
    request = _with_metadata({"userAttributes": user_attributes(user), "codeParameter": CODE_PARAMETER,
                              "linkParameter": "{##Click Here##}",
                              "usernameParameter": USERNAME_PARAMETER if source == "CustomMessage_AdminCreateUser"
                              else None}, client_metadata)
    response = triggers.invoke(env, pool, CUSTOM_MESSAGE, source, username=user.username, client_id=client_id,
                               request=request, response={"smsMessage": None, "emailMessage": None,
                                                          "emailSubject": None})
    for name in ("smsMessage", "emailMessage", "emailSubject"):
        if response.get(name) is not None and not isinstance(response[name], str):
            raise invalid_output()
    return response


# --- custom authentication (CUSTOM_AUTH, CUSTOM_WITH_SRP) ---------------------------------------------

def define_auth_challenge(env, pool: UserPool, client: AppClient, user: User, session: list[dict], *,
                          client_metadata: dict | None, user_not_found: bool) -> dict:
    response = triggers.invoke(env, pool, DEFINE, "DefineAuthChallenge_Authentication", username=user.username,
                               client_id=client.id, request=_custom_request(user, session, client_metadata,
                                                                            user_not_found),
                               response={"challengeName": None, "issueTokens": None, "failAuthentication": None})
    _flag(response, "issueTokens")
    _flag(response, "failAuthentication")
    if response.get("challengeName") is not None and not isinstance(response["challengeName"], str):
        raise invalid_output()
    return response


def create_auth_challenge(env, pool: UserPool, client: AppClient, user: User, challenge: str, session: list[dict], *,
                          client_metadata: dict | None, user_not_found: bool) -> dict:
    request = _custom_request(user, session, client_metadata, user_not_found)
    request["challengeName"] = challenge
    response = triggers.invoke(env, pool, CREATE, "CreateAuthChallenge_Authentication", username=user.username,
                               client_id=client.id, request=request,
                               response={"publicChallengeParameters": None, "privateChallengeParameters": None,
                                         "challengeMetadata": None})
    for name in ("publicChallengeParameters", "privateChallengeParameters"):
        value = response.get(name)
        if value is not None and not _strings(value):
            raise invalid_output()
    return response


def verify_auth_challenge(env, pool: UserPool, client: AppClient, user: User, private: dict, answer: str, *,
                          client_metadata: dict | None, user_not_found: bool) -> bool:
    request: dict = {"userAttributes": user_attributes(user) if not user_not_found else {},
                     "privateChallengeParameters": private, "challengeAnswer": answer}
    _with_metadata(request, client_metadata)
    if user_not_found:
        request["userNotFound"] = True
    response = triggers.invoke(env, pool, VERIFY, "VerifyAuthChallengeResponse_Authentication",
                               username=user.username, client_id=client.id, request=request,
                               response={"answerCorrect": None})
    return _flag(response, "answerCorrect")


def _custom_request(user: User, session: list[dict], client_metadata: dict | None, user_not_found: bool) -> dict:
    request: dict = {"userAttributes": user_attributes(user) if not user_not_found else {},
                     "session": [dict(s) for s in session]}
    _with_metadata(request, client_metadata)
    if user_not_found:
        request["userNotFound"] = True
    return request
