"""The one code generator and verifier: random six digits, single use, expiring, attempts limited."""
from __future__ import annotations

from ....errors import CodeMismatchException, ExpiredCodeException, LimitExceededException
from ....support.compare import same
from ...store import Env
from ..models import IssuedCode, User

SIGN_UP = "SIGN_UP"
FORGOT_PASSWORD = "FORGOT_PASSWORD"
MFA = "MFA"                                                 # SMS / email MFA, lives as long as its auth session
SIGN_IN = "SIGN_IN"                                         # passwordless EMAIL_OTP / SMS_OTP sign-in (8 digits)
LIFETIME = {SIGN_UP: 24 * 3600, FORGOT_PASSWORD: 3600}      # attribute verification: 24 h too
MAX_ATTEMPTS = 5                                            # guessed: wrong answers before the code dies

MISMATCH = "Invalid verification code provided, please try again."
EXPIRED = "Invalid code provided, please request a code again."
ATTEMPTS = "Attempt limit exceeded, please try after some time."


def verify_purpose(attribute: str) -> str:
    return f"VERIFY:{attribute}"


def issue(env: Env, user: User, purpose: str, lifetime: float | None = None, length: int = 6) -> str:
    """A fresh code for ``purpose``; any code sent before for it stops working."""
    code = env.ids.digits(length)
    seconds = lifetime if lifetime is not None else LIFETIME.get(purpose, 24 * 3600)
    user.codes[purpose] = IssuedCode(code, env.clock.now() + seconds)
    return code


def matches(env: Env, user: User, purpose: str, given: str) -> bool:
    """Whether ``given`` is the live code for ``purpose``; a wrong guess counts as an attempt.
    For callers whose operation answers every failure alike (MFA challenges)."""
    issued = user.codes.get(purpose)
    if issued is None or env.clock.now() >= issued.expires_at:
        return False
    if same(issued.code, given):
        return True
    issued.attempts += 1
    return False


def check(env: Env, user: User, purpose: str, given: str) -> None:
    """Raise AWS's error unless ``given`` is the live code for ``purpose`` (a wrong guess counts)."""
    issued = user.codes.get(purpose)
    if issued is None:
        raise CodeMismatchException(MISMATCH)
    if issued.attempts >= MAX_ATTEMPTS:
        raise LimitExceededException(ATTEMPTS)
    if env.clock.now() >= issued.expires_at:
        raise ExpiredCodeException(EXPIRED)
    if not same(issued.code, given):
        issued.attempts += 1
        raise CodeMismatchException(MISMATCH)


def consume(user: User, purpose: str) -> None:
    """Single use: called once everything else of the call has been checked."""
    user.codes.pop(purpose, None)
