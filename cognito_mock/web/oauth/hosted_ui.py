"""The hosted UI pages: /login (and the challenge pages it leads to), /signup, /confirm,
/forgotPassword, /confirmForgotPassword. Every page carries the /oauth2/authorize parameters in its
query string; passwords go through the one auth state machine and the signup/recovery modules."""
from __future__ import annotations

import json

from werkzeug.wrappers import Response

from ...backend.idp.auth import challenges, first_factor
from ...backend.idp.auth.steps import (EMAIL_OTP, NEW_PASSWORD_REQUIRED, SELECT_MFA_TYPE, SMS_MFA, SOFTWARE_TOKEN_MFA,
                                      AuthRequest, Challenge, next_step)
from ...backend.idp.clients import clients
from ...backend.idp.oauth import oauth
from ...backend.idp.pools import point_in_time_recovery as pitr
from ...backend.idp.users import recovery, signup, users
from ...backend.idp.users.messages import Delivery
from ...errors import AwsError, PasswordResetRequiredException, UserNotConfirmedException
from . import csrf, federated_start, pages
from .oauth2 import NO_LOGIN_OPTION, Authorization, html

BAD_CSRF = "Invalid or missing CSRF token. Reload the page and try again."   # guessed text
CODE_ANSWERS = {SMS_MFA: "SMS_MFA_CODE", EMAIL_OTP: "EMAIL_OTP_CODE", SOFTWARE_TOKEN_MFA: "SOFTWARE_TOKEN_MFA_CODE"}
FACTOR_LABELS = {"SMS_MFA": "Text message (SMS)", "SOFTWARE_TOKEN_MFA": "Authenticator app", "EMAIL_OTP": "Email"}
NOT_EMULATED = ("The {name} challenge is not emulated by cognito-mock's hosted UI; sign this user in through the "
                "user pools API (InitiateAuth / RespondToAuthChallenge) instead.")


def _start(site, *, buttons_only: bool = False) -> Authorization | Response:
    """The checked authorize parameters of a page, or the answer that ends the request here.
    ``buttons_only``: the page can be the provider buttons alone (GET /login of a client without
    COGNITO in its SupportedIdentityProviders, when it has other providers)."""
    auth = Authorization(site)
    if auth.refused is not None:
        return auth.refused
    federated = auth.federated()
    if federated is not None:
        return federated
    if "COGNITO" not in auth.client.identity_providers and not (
            buttons_only and site.request.method == "GET" and federated_start.has_buttons(auth.pool, auth.client)):
        return page(auth, "Error", pages.render("message", heading="Error", message=NO_LOGIN_OPTION), 400)
    if site.request.method == "POST" and not csrf.valid(site):
        return page(auth, "Error", pages.render("message", heading="Error", message=BAD_CSRF), 403)
    return auth


def page(auth: Authorization, title: str, body: pages.Raw, status: int = 200) -> Response:
    """A hosted page; its forms carry the browser's CSRF token (web/oauth/csrf.py)."""
    value = csrf.token(auth.site)
    document = csrf.protect(pages.document(auth.pool, auth.client.id, title, body), value)
    return csrf.remember(auth.site, html(document, status), value)


def action(auth: Authorization, path: str) -> str:
    return auth.site.link(path, auth.params)

# --- /login and its challenges ----------------------------------------------------------------


def login(site) -> Response:
    auth = _start(site, buttons_only=True)
    if isinstance(auth, Response):
        return auth
    if site.request.method == "GET":
        return login_page(auth)
    form = site.request.form
    req = AuthRequest(site.store.env, auth.pool, auth.client, site.issuer(auth.pool),
                      token_source="TokenGeneration_HostedAuth")
    username = form.get("username", "")
    try:
        pitr.guard(site.store.env, auth.pool, pauses=form.get("challenge") in pitr.PAUSED_CHALLENGES)
        if form.get("challenge"):
            step = challenges.respond(req, form["challenge"], form.get("session"), _answers(auth, form))
        else:
            step = next_step(req, first_factor.verify_password(req, username, form.get("password", "")))
    except UserNotConfirmedException:
        return confirm_page(auth, username, _sent(signup.resend(site.store.env, auth.pool, auth.client, username)))
    except PasswordResetRequiredException as error:
        return forgot_page(auth, username, error.message)
    except AwsError as error:
        if form.get("challenge") and form.get("session") in auth.pool.auth.sessions:
            return challenge_page(auth, Challenge(form["challenge"], form["session"], {}), username, error.message)
        return login_page(auth, username, error.message)
    if isinstance(step, Challenge):
        return challenge_page(auth, step, _session_username(auth, step, username))
    user = users.lookup(auth.pool, auth.pool.auth.refresh_tokens[step.refresh_token].username)
    return auth.finish(user, oauth.sign_in_of(auth.pool, step.refresh_token), step.refresh_token)


def login_page(auth: Authorization, username: str = "", error: str | None = None, *, info: str | None = None,
               status: int = 200) -> Response:
    if "COGNITO" not in auth.client.identity_providers:     # the provider buttons alone, as AWS shows them
        body = federated_start.buttons(auth.site, auth.pool, auth.client, auth.params, divider=False)
        return page(auth, "Signin", body, status)
    signup_link = pages.Raw("") if auth.pool.admin_create_user_only else pages.render(
        "link", text="Need an account?", href=action(auth, "/signup"), label="Sign up")
    body = pages.render("login", providers=federated_start.buttons(auth.site, auth.pool, auth.client, auth.params),
                        notice=pages.notice(error) + pages.notice(info, error=False),
                        action=action(auth, "/login"), username=username, **username_field(auth.pool),
                        forgot_url=action(auth, "/forgotPassword"), signup_link=signup_link)
    return page(auth, "Signin", body, status)


def _session_username(auth: Authorization, step: Challenge, typed: str) -> str:
    """The user's real username (an alias may have been typed): challenges answer with it."""
    open_session = auth.pool.auth.sessions.get(step.session or "")
    return open_session.username if open_session is not None else typed


def _answers(auth: Authorization, form) -> dict[str, str]:
    username = form.get("username", "")
    answers = {"USERNAME": username}
    if auth.client.secret is not None:
        answers["SECRET_HASH"] = clients.secret_hash(username, auth.client.id, auth.client.secret)
    challenge = form.get("challenge")
    if challenge == NEW_PASSWORD_REQUIRED:
        answers["NEW_PASSWORD"] = form.get("new_password", "")
        answers.update({k: v for k, v in form.items() if k.startswith("userAttributes.") and v})
    elif challenge == SELECT_MFA_TYPE:
        answers["ANSWER"] = form.get("answer", "")
    elif challenge in CODE_ANSWERS:
        answers[CODE_ANSWERS[challenge]] = form.get("code", "").strip()
    return answers


def challenge_page(auth: Authorization, step: Challenge, username: str, error: str | None = None) -> Response:
    name, params = step.name, step.parameters
    if name == NEW_PASSWORD_REQUIRED:
        required = [a.removeprefix("userAttributes.") for a in _json_list(params.get("requiredAttributes"))]
        fields = pages.field("new_password", "New Password", kind="password", required=True) + pages.Raw("".join(
            pages.field(f"userAttributes.{a}", a, required=True) for a in required))
        texts = ("Change Password", "Please enter a new password.", "Send")
    elif name == SELECT_MFA_TYPE:
        factors = _json_list(params.get("MFAS_CAN_CHOOSE"))
        fields = pages.Raw("".join(pages.render("option", value=f, label=FACTOR_LABELS.get(f, f),
                                                checked=pages.Raw(" checked" if i == 0 else ""))
                                   for i, f in enumerate(factors)))
        texts = ("Multi-factor authentication", "Choose how to receive your sign-in code.", "Continue")
    elif name in CODE_ANSWERS:
        where = params.get("CODE_DELIVERY_DESTINATION")
        description = (f"We have sent a code to {where}. Enter it to sign in." if where
                       else "Enter the code from your authenticator app.")
        fields = pages.field("code", "Code", required=True)
        texts = ("Multi-factor authentication", description, "Sign in")
    else:
        body = pages.render("message", heading="Not emulated", message=NOT_EMULATED.format(name=name))
        return page(auth, "Not emulated", body, 501)
    heading, description, button = texts
    body = pages.render("challenge", heading=heading, description=description, notice=pages.notice(error),
                        action=action(auth, "/login"), challenge=name, session=step.session or "",
                        username=username, fields=fields, button=button)
    return page(auth, heading, body)


def _json_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [str(v) for v in value] if isinstance(value, list) else []

# --- /signup and /confirm ---------------------------------------------------------------------


def sign_up(site) -> Response:
    auth = _start(site)
    if isinstance(auth, Response):
        return auth
    if auth.pool.admin_create_user_only:
        return page(auth, "Error", pages.render("message", heading="Error", message=signup.NOT_PERMITTED), 400)
    form = site.request.form
    if site.request.method == "GET":
        return signup_page(auth)
    username = form.get("username", "")
    attributes = {name: form[f"requiredAttributes[{name}]"] for name in _signup_attributes(auth)
                  if form.get(f"requiredAttributes[{name}]")}
    try:
        pitr.guard(site.store.env, auth.pool, pauses=True)
        _, delivery = signup.sign_up(site.store.env, auth.pool, auth.client, username, form.get("password") or None,
                                     attributes)
    except AwsError as error:
        return signup_page(auth, username, {**form}, error.message)
    return confirm_page(auth, username, _sent(delivery))


def signup_page(auth: Authorization, username: str = "", values: dict | None = None,
                error: str | None = None) -> Response:
    values = values or {}
    required = {n for n, a in auth.pool.schema.items() if a.required}
    fields = pages.Raw("".join(pages.field(f"requiredAttributes[{n}]", n, value=values.get(f"requiredAttributes[{n}]", ""),
                                           required=n in required) for n in _signup_attributes(auth)))
    body = pages.render("signup", notice=pages.notice(error), action=action(auth, "/signup"), username=username,
                        **username_field(auth.pool), fields=fields, login_url=action(auth, "/login"))
    return page(auth, "Signup", body)


def _signup_attributes(auth: Authorization) -> list[str]:
    """The attributes the sign-up form asks for besides the username: required ones and those codes
    are sent to. In a pool whose username is the email (or phone number), the username field is that
    attribute, so it is not asked for twice."""
    pool = auth.pool
    wanted = [n for n in ("email", "phone_number") if n in pool.schema and n in pool.auto_verified_attributes]
    wanted += sorted(n for n, a in pool.schema.items() if a.required and n != "sub" and not a.developer_only)
    return [n for n in dict.fromkeys(wanted) if n not in pool.username_attributes]


# What the pages call the username, by the pool's UsernameAttributes (the classic hosted UI asks for
# the email or phone number itself in such pools, not a "Username").
_USERNAME_FIELDS = {
    (): ("Username", "text", "Username"),
    ("email",): ("Email", "email", "name@host.com"),
    ("phone_number",): ("Phone number", "tel", "+12065551212"),
    ("email", "phone_number"): ("Email or phone number", "text", "name@host.com or +12065551212"),
}


def username_field(pool) -> dict[str, str]:
    label, kind, placeholder = _USERNAME_FIELDS[tuple(sorted(pool.username_attributes))]
    return {"username_label": label, "username_label_lower": label.lower(), "username_type": kind,
            "username_placeholder": placeholder}


def confirm(site) -> Response:
    auth = _start(site)
    if isinstance(auth, Response):
        return auth
    env, form = site.store.env, site.request.form
    if site.request.method == "GET":
        return confirm_page(auth, site.request.args.get("username", ""))
    username = form.get("username", "")
    try:
        if form.get("resend"):
            return confirm_page(auth, username, _sent(signup.resend(env, auth.pool, auth.client, username)))
        pitr.guard(env, auth.pool, pauses=True)
        signup.confirm(env, auth.pool, auth.client, username, form.get("code", "").strip(), force_alias=False)
    except AwsError as error:
        return confirm_page(auth, username, error=error.message)
    return login_page(auth, username, info="Your account is confirmed. Sign in to continue.")


def confirm_page(auth: Authorization, username: str, info: str | None = None, error: str | None = None) -> Response:
    body = pages.render("confirm", notice=pages.notice(error) + pages.notice(info, error=False),
                        action=action(auth, "/confirm"), username=username)
    return page(auth, "Confirm", body)


def _sent(delivery: Delivery | None) -> str:
    if delivery is None:
        return "Your account must be confirmed by an administrator."     # no attribute to send a code to
    return f"We have sent a code by {delivery.medium.lower()} to {delivery.masked}."

# --- /forgotPassword and /confirmForgotPassword -----------------------------------------------


def forgot_password(site) -> Response:
    auth = _start(site)
    if isinstance(auth, Response):
        return auth
    if site.request.method == "GET":
        return forgot_page(auth)
    username = site.request.form.get("username", "")
    try:
        pitr.guard(site.store.env, auth.pool, pauses=False)
        delivery = recovery.forgot(site.store.env, auth.pool, auth.client, username)
    except AwsError as error:
        return forgot_page(auth, username, error.message)
    return confirm_forgot_page(auth, username, info=_sent(delivery))


def forgot_page(auth: Authorization, username: str = "", error: str | None = None) -> Response:
    body = pages.render("forgot_password", notice=pages.notice(error), action=action(auth, "/forgotPassword"),
                        username=username, **username_field(auth.pool))
    return page(auth, "Forgot password", body)


def confirm_forgot_password(site) -> Response:
    auth = _start(site)
    if isinstance(auth, Response):
        return auth
    if site.request.method == "GET":
        return confirm_forgot_page(auth, site.request.args.get("username", ""))
    form = site.request.form
    username = form.get("username", "")
    try:
        pitr.guard(site.store.env, auth.pool, pauses=True)
        recovery.confirm_forgot(site.store.env, auth.pool, auth.client, username, form.get("code", "").strip(),
                                form.get("password", ""))
    except AwsError as error:
        return confirm_forgot_page(auth, username, error=error.message)
    return login_page(auth, username, info="Your password has been changed. Sign in with your new password.")


def confirm_forgot_page(auth: Authorization, username: str, *, info: str | None = None,
                        error: str | None = None) -> Response:
    body = pages.render("confirm_forgot_password", notice=pages.notice(error) + pages.notice(info, error=False),
                        action=action(auth, "/confirmForgotPassword"), username=username)
    return page(auth, "Reset password", body)
