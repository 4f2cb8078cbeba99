"""Adaptive authentication, kept deterministic so tests can drive it.

A pool with threat protection AUDIT or ENFORCED records one auth event per sign-in (auth_events.py).
The risk of a sign-in is Low with no risk decision, unless a test set the next one for the user
(``cognito.risk.next(pool_id, username, "High")``) or marked the password as compromised
(``cognito.risk.compromise(pool_id, password)``). In ENFORCED mode the pool's (or client's)
RiskConfiguration decides: RiskExceptionConfiguration's IP ranges first (always block / skip the
evaluation), then CompromisedCredentialsRiskConfiguration (for SIGN_IN), then the
AccountTakeoverRiskConfiguration action of the level (BLOCK, MFA_IF_CONFIGURED, MFA_REQUIRED,
NO_ACTION), with the Notify email through the outbox. AUDIT mode only records.

``assess`` returns a Decision; ``steps.next_step`` alone turns it into an error, an MFA challenge
or tokens.
"""
from __future__ import annotations

import hashlib
import ipaddress
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from ....errors import InvalidPasswordException
from ...outbox import Message
from ...store import Env
from ..auth import mfa
from ..models import User, UserPool
from ..pools import pools
from ..users import users
from . import auth_events, risk
from .models import (AccountTakeover, AuthEvent, CompromisedCredentials, EventContext, NotifyEmail, RiskExceptions,
                     TakeoverAction)

# confirmed: what apps see when adaptive authentication blocks a sign-in (NotAuthorizedException)
BLOCKED = "Unable to login because of security reasons."
# confirmed (third-party app notes): a sign-in from an always-block IP range
IP_BLOCKED = "Request not allowed due to security reasons."
# confirmed (third-party app tests): a compromised password refused where a password is set (InvalidPasswordException)
COMPROMISED_PASSWORD = "Provided password cannot be used for security reasons."
LEVELS = ("Low", "Medium", "High")
NOTIFY_KIND = "RISK_NOTIFICATION"
DEFAULT_SUBJECT = "Security alert for your account"                       # guessed text
DEFAULT_BODY = ("We detected a sign-in attempt to your account {username} from {ip-address} at {login-time}. "
                "Was this you? Yes: {one-click-link-valid} No: {one-click-link-invalid}")   # guessed text


@dataclass(slots=True, frozen=True)
class Decision:
    """What next_step must do: allow, block (with ``message``), or challenge with one of ``factors``."""

    action: str = "allow"            # allow / mfa / block
    factors: tuple[str, ...] = ()
    message: str = BLOCKED

    @property
    def block(self) -> bool:
        return self.action == "block"

    @property
    def mfa(self) -> bool:
        return self.action == "mfa"


ALLOW = Decision()


def assess(req, user: User, *, first_factor: str = "PASSWORD") -> Decision:
    """The risk of this sign-in, recorded as its auth event (``req.auth_event``). A sign-in that
    already has its event (after NEW_PASSWORD_REQUIRED) keeps the decision made then."""
    pool = req.pool
    if req.auth_event is not None:
        return _decided(req, user, req.auth_event.action)
    event = auth_events.record(req.env, user, auth_events.SIGN_IN, req.context)
    req.auth_event = event
    if first_factor == "PASSWORD":
        event.challenges.append((auth_events.PASSWORD, auth_events.SUCCESS))
    log = auth_events.log_of(user)
    level, log.next_risk = log.next_risk, None
    event.risk_level = level or "Low"
    config = risk.effective(pool, req.client.id)
    ranges = (config.exceptions if config else None) or RiskExceptions()
    enforced = pool.advanced_security_mode == "ENFORCED"
    if enforced and _in_ranges(event.context.ip, ranges.blocked):
        return _block(req, user, event, None, IP_BLOCKED)
    if _in_ranges(event.context.ip, ranges.skipped):
        event.risk_level = "Low"
        return ALLOW
    compromised = (config.compromised if config else None) or CompromisedCredentials()
    if req.compromised and "SIGN_IN" in (compromised.event_filter or ("SIGN_IN",)):
        event.compromised = True
        if enforced and compromised.block:
            return _block(req, user, event, None, BLOCKED)
    if level is None:
        return ALLOW
    event.risk_decision = auth_events.ACCOUNT_TAKEOVER
    if not enforced:
        return ALLOW
    takeover = (config.takeover if config else None) or AccountTakeover()
    action = takeover.actions.get(level) or TakeoverAction()
    event_action = action.event_action
    notify = takeover if action.notify else None
    if event_action == "BLOCK":
        return _block(req, user, event, notify, BLOCKED)
    if event_action in ("MFA_IF_CONFIGURED", "MFA_REQUIRED"):
        factors = risk_factors(pool, user)
        if factors:
            event.action = "mfa"
            _notify(req, user, event, notify, "MfaEmail")
            return Decision("mfa", tuple(factors))
        if event_action == "MFA_REQUIRED":
            return _block(req, user, event, notify, BLOCKED)
    _notify(req, user, event, notify, "NoActionEmail")
    return ALLOW


def _decided(req, user: User, action: str) -> Decision:
    if action == "mfa":
        factors = risk_factors(req.pool, user)
        return Decision("mfa", tuple(factors)) if factors else ALLOW
    return ALLOW


def _block(req, user: User, event: AuthEvent, notify: AccountTakeover | None, message: str) -> Decision:
    event.action, event.response, event.risk_decision = "block", auth_events.FAIL, auth_events.BLOCK
    _notify(req, user, event, notify, "BlockEmail")
    return Decision("block", message=message)


def risk_factors(pool: UserPool, user: User) -> list[str]:
    """The MFA factors a risky sign-in can be challenged with: the user's, else a phone or email
    the pool can send codes to (guessed: as when the pool requires MFA)."""
    found = mfa.sign_in_factors(pool, user)
    if found:
        return found
    return [f for f in (mfa.SMS, mfa.EMAIL) if mfa.pool_allows(pool, f) and mfa.ready(user, f)][:1]


def _in_ranges(ip: str | None, ranges: list[str] | None) -> bool:
    if not ip or not ranges:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for cidr in ranges:
        try:
            if address in ipaddress.ip_network(cidr, strict=False):
                return True
        except ValueError:
            continue
    return False


def _notify(req, user: User, event: AuthEvent, takeover: AccountTakeover | None, template: str) -> None:
    """The Notify email of an account-takeover action, per NotifyConfiguration's template; its
    links carry the event's feedback token (the outbox message's ``code``)."""
    email = user.attributes.get("email")
    if takeover is None or not email:
        return
    chosen = takeover.emails.get(template) or NotifyEmail()
    links = {value: _feedback_link(req.pool, user, event, value) for value in ("Valid", "Invalid")}
    values = {"{username}": user.username, "{ip-address}": event.context.ip or "", "{city}": event.context.city or "",
              "{country}": event.context.country or "", "{device-name}": event.context.device_name or "",
              "{login-time}": event.created.isoformat(), "{one-click-link-valid}": links["Valid"],
              "{one-click-link-invalid}": links["Invalid"]}
    body = chosen.body or DEFAULT_BODY
    for placeholder, value in values.items():
        body = body.replace(placeholder, value)
    req.env.outbox.deliver(Message(channel="EMAIL", destination=email, kind=NOTIFY_KIND, body=body,
                                   pool_id=req.pool.id, username=user.username, code=event.feedback_token,
                                   subject=chosen.subject or DEFAULT_SUBJECT, sent_at=req.env.clock.now()))


def _feedback_link(pool: UserPool, user: User, event: AuthEvent, value: str) -> str:
    """Guessed shape: the parameters UpdateAuthEventFeedback needs."""
    region = pool.id.split("_", 1)[0]
    query = urlencode({"user_pool_id": pool.id, "username": user.username, "event_id": event.id,
                       "feedback_token": event.feedback_token, "feedback_value": value})
    return f"https://cognito-idp.{region}.amazonaws.com/feedback?{query}"


# --- what the sign-in steps report ---------------------------------------------------------------

def password_failed(req, user: User) -> None:
    """A wrong password: a failed SignIn event."""
    event = auth_events.record(req.env, user, auth_events.SIGN_IN, req.context)
    event.risk_level = "Low"
    event.response = auth_events.FAIL
    event.challenges.append((auth_events.PASSWORD, auth_events.FAILURE))


def mfa_answered(req, correct: bool, *, exhausted: bool = False) -> None:
    event = req.auth_event
    if event is None:
        return
    event.challenges.append((auth_events.MFA, auth_events.SUCCESS if correct else auth_events.FAILURE))
    if exhausted:
        event.response = auth_events.FAIL


def signed_in(req, sign_in):
    """Tokens are being issued: the event passes, and the tokens carry its id as ``event_id``."""
    event = req.auth_event
    event.response = auth_events.PASS
    return replace(sign_in, event_id=event.id)


def resume(pool: UserPool, user_name: str | None, event_id: str | None) -> AuthEvent | None:
    """The auth event an open challenge session belongs to (its state's ``event_id``)."""
    user = users.lookup(pool, user_name) if event_id and user_name else None
    return user.auth_events.by_id.get(event_id) if user is not None and user.auth_events else None


def record_event(env: Env, pool: UserPool, user: User, event_type: str, context: EventContext | None = None, *,
                 passed: bool = True) -> None:
    """A SignUp / ForgotPassword / PasswordChange / ResendCode event (auth_events' types) of a pool with
    threat protection on: SignUp, ForgotPassword and ResendConfirmationCode record theirs in signup.py and
    recovery.py, ChangePassword in its handler."""
    if pool.advanced_security_mode == "OFF":
        return
    event = auth_events.record(env, user, event_type, context)
    event.risk_level = "Low"
    event.response = auth_events.PASS if passed else auth_events.FAIL


def is_compromised(pool: UserPool, password: str) -> bool:
    return bool(pool.security.compromised_passwords) and _digest(password) in pool.security.compromised_passwords


def check_new_password(pool: UserPool, client_id: str | None, password: str, event_filter: str) -> None:
    """A password being set (SIGN_UP, PASSWORD_CHANGE) that the pool's ENFORCED compromised-credentials
    configuration blocks: InvalidPasswordException (SignUp, ChangePassword, ConfirmForgotPassword)."""
    if pool.advanced_security_mode != "ENFORCED" or not is_compromised(pool, password):
        return
    config = risk.effective(pool, client_id)
    compromised = (config.compromised if config else None) or CompromisedCredentials()
    if event_filter in (compromised.event_filter or ("SIGN_IN", "SIGN_UP", "PASSWORD_CHANGE")) and compromised.block:
        raise InvalidPasswordException(COMPROMISED_PASSWORD)


def _digest(password: str) -> str:
    return hashlib.sha256(password.encode()).hexdigest()


# --- the test handle (``cognito.risk``) ------------------------------------------------------------

class RiskHooks:
    """``cognito.risk``: set what threat protection "detects", deterministically. The handle
    (patching/mock.py) runs each method under the store's lock."""

    def __init__(self, store) -> None:
        self._store = store

    def _pool(self, pool_id: str) -> UserPool:
        found = pools.locate(self._store, pool_id)
        if found is None:
            raise LookupError(f"no user pool {pool_id}")
        return found

    def next(self, pool_id: str, username: str, level: str) -> None:
        """The risk level (Low, Medium, High) of the user's next sign-in."""
        if level not in LEVELS:
            raise ValueError(f"risk level must be one of {LEVELS}")
        user = users.find(self._pool(pool_id), username)
        auth_events.log_of(user).next_risk = level

    def compromise(self, pool_id: str, password: str) -> None:
        """Treat ``password`` as found in a breach, for every user of the pool."""
        self._pool(pool_id).security.compromised_passwords.add(_digest(password))

    def locate(self, pool_id: str, username: str, event_id: str, *, city: str | None = None,
               country: str | None = None) -> None:
        """Set where an event came from (no geolocation database here)."""
        event = auth_events.find(users.find(self._pool(pool_id), username), event_id)
        event.context.city, event.context.country = city, country
