"""The one Lambda invoker: user-pool triggers run Python callables registered as Lambda functions.

A pool's ``LambdaConfig`` (``UserPool.triggers``) names a function ARN per trigger;
``Triggers`` (on ``Env``) maps ARNs or bare function names to callables. ``invoke`` builds the
event exactly as Lambda receives it from Cognito, calls ``fn(event, context)`` the way the Lambda
runtime would (the event goes through JSON both ways), records the call, and turns failures into
AWS's errors:

- the function raises      -> UserLambdaValidationException "{Trigger} failed with error {message}."
- no function registered   -> UnexpectedLambdaException "{Trigger} invocation failed due to error
                              AccessDeniedException." (what Cognito answers for a deleted function)
- not an event back        -> InvalidLambdaResponseException "Unrecognizable lambda output"

A pool without LambdaConfig pays one dict lookup per call site (``configured``).

The function runs with the store's lock let go (``env.outside_lock()``, StoreLock.released), so it
may call the emulator back, in-process through boto3 or over HTTP to ``cognito.server()``, from any
thread. Other clients may act meanwhile: the action that runs a trigger decides nothing before it that
it does not check again after it, and writes nothing before a pre-trigger (docs/architecture.md, Locking).
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidLambdaResponseException, UnexpectedLambdaException, UserLambdaValidationException
from .lambda_invoke import FunctionUnavailable, RemoteFunction

SDK_VERSION = "aws-sdk-unknown-unknown"        # what Cognito puts in callerContext.awsSdkVersion
NO_CLIENT = "CLIENT_ID_NOT_APPLICABLE"         # callerContext.clientId of calls made without a client
UNRECOGNIZABLE = "Unrecognizable lambda output"        # confirmed (InvalidLambdaResponseException)
INVALID_OUTPUT = "Invalid lambda function output : Invalid JSON"   # AWS's text and code (amplify-js#13352, amplify-cli#2735)

Handler = Callable[[dict, Any], Any]


@dataclass(slots=True, frozen=True)
class Invocation:
    """One run of a trigger: what the function received and what came of it."""

    trigger: str                  # LambdaConfig member: PreSignUp, CustomMessage, ...
    trigger_source: str           # PreSignUp_SignUp, CustomMessage_ForgotPassword, ...
    function: str                 # the ARN the pool is configured with
    event: dict                   # the event as sent
    response: dict | None = None  # the event the function returned
    error: Exception | None = None


@dataclass(slots=True)
class LambdaContext:
    """The parts of the Lambda runtime's context object handlers use: a trigger's here, and the edge's
    route handlers' (edge/runner.py, which sets a real ``deadline``)."""

    function_name: str
    function_version: str
    invoked_function_arn: str
    aws_request_id: str
    memory_limit_in_mb: int = 128
    log_group_name: str = ""
    log_stream_name: str = "2024/01/01/[$LATEST]cognito-mock"
    deadline: float | None = field(default=None, repr=False)     # time.monotonic() when the run times out

    def get_remaining_time_in_millis(self) -> int:
        if self.deadline is None:
            return 5000           # Cognito waits five seconds for a trigger
        return max(0, int((self.deadline - time.monotonic()) * 1000))


@dataclass(slots=True)
class Triggers:
    """Registered functions (by ARN or bare name) and every invocation, in order."""

    functions: dict[str, Handler] = field(default_factory=dict)
    calls: list[Invocation] = field(default_factory=list)
    endpoint: str | None = None      # a Lambda Invoke API for the functions not registered here (lambda_invoke.py)

    def register(self, arn_or_name: str, fn: Handler) -> Handler:
        """``fn(event, context)`` answers for ``arn_or_name``: a full ARN (exact, or any version or
        alias of it), or a function name (that function in any region and account)."""
        if not callable(fn):
            raise TypeError("a trigger function must be callable as fn(event, context)")
        self.functions[_key(arn_or_name)] = fn
        return fn

    def function(self, arn_or_name: str) -> Callable[[Handler], Handler]:
        """Decorator form: ``@cognito.triggers.function("pre-sign-up")``."""
        return lambda fn: self.register(arn_or_name, fn)

    def unregister(self, arn_or_name: str) -> None:
        self.functions.pop(_key(arn_or_name), None)

    def clear(self) -> None:
        self.functions.clear()
        self.calls.clear()

    def resolve(self, arn: str) -> Handler | None:
        """The function a configured ARN reaches: exact ARN, unqualified ARN, then function name."""
        found = self.functions.get(arn)
        if found is None:
            name, unqualified, qualifier = parse_arn(arn)
            found = self.functions.get(unqualified) or self.functions.get(name)
            if found is None and self.endpoint:
                found = RemoteFunction(self.endpoint, name, qualifier)
        return found

    def of(self, trigger_source: str | None = None, trigger: str | None = None) -> list[Invocation]:
        return [c for c in self.calls if (trigger_source is None or c.trigger_source == trigger_source)
                and (trigger is None or c.trigger == trigger)]


def _key(arn_or_name: str) -> str:
    return arn_or_name if arn_or_name.startswith("arn:") else parse_arn(arn_or_name)[0]


def parse_arn(arn: str) -> tuple[str, str, str]:
    """(function name, ARN without version/alias, the qualifier or "$LATEST") of a Lambda ARN or name."""
    if not arn.startswith("arn:"):
        name, _, qualifier = arn.partition(":")
        return name, name, qualifier or "$LATEST"
    parts = arn.split(":")
    if len(parts) >= 7:
        qualifier = parts[7] if len(parts) > 7 else "$LATEST"
        return parts[6], ":".join(parts[:7]), qualifier
    return arn, arn, "$LATEST"


# --- what a pool is configured with ------------------------------------------------------------

def configured(pool, trigger: str) -> str | None:
    """The function ARN ``pool`` runs for ``trigger``, or None (the cheap check every site makes)."""
    return pool.triggers.functions.get(trigger)


def version_of(pool, trigger: str) -> str:
    """LambdaVersion of a versioned trigger (PreTokenGenerationConfig...): V1_0 when not given."""
    return pool.triggers.versions.get(trigger) or "V1_0"


# --- the invoker ----------------------------------------------------------------------------------

def invoke(env, pool, trigger: str, source: str, *, username: str | None, client_id: str | None,
           request: dict, response: dict, version: str = "1", arn: str | None = None,
           output_ignored: bool = False) -> dict:
    """Run ``trigger`` of ``pool``; returns the ``response`` part of the event the function returned.
    ``output_ignored``: a trigger whose answer Cognito does not read (the custom senders, whose
    functions may return nothing) gives {} whatever the function returned."""
    arn = arn or configured(pool, trigger)
    _, _, _, region, account = (pool.arn.split(":") + ["", "", "", "", ""])[:5]
    event = {"version": version, "region": region, "userPoolId": pool.id, "userName": username,
             "callerContext": {"awsSdkVersion": SDK_VERSION, "clientId": client_id or NO_CLIENT},
             "triggerSource": source, "request": request, "response": response}
    wire = json.dumps(event)
    sent = json.loads(wire)
    registry: Triggers = env.triggers
    fn = registry.resolve(arn) if arn else None
    if fn is None:
        error = UnexpectedLambdaException(f"{trigger} invocation failed due to error AccessDeniedException.")
        registry.calls.append(Invocation(trigger, source, arn or "", sent, None, error))
        raise error
    name, _, qualifier = parse_arn(arn)
    context = LambdaContext(name, qualifier, arn, env.ids.uuid(), log_group_name=f"/aws/lambda/{name}")
    try:
        with env.outside_lock():                                # user code: the lock is let go
            returned = fn(json.loads(wire), context)
        try:
            returned = json.loads(json.dumps(returned))        # what the Lambda runtime serializes
        except (TypeError, ValueError) as exc:
            raise RuntimeError(f"Unable to marshal response: {exc}") from None
    except FunctionUnavailable as exc:                          # a runtime that has no such function
        error = UnexpectedLambdaException(f"{trigger} invocation failed due to error {exc.kind}.")
        registry.calls.append(Invocation(trigger, source, arn, sent, None, error))
        raise error from None
    except Exception as exc:                                    # the function failed: its errorMessage
        registry.calls.append(Invocation(trigger, source, arn, sent, None, exc))
        raise UserLambdaValidationException(f"{trigger} failed with error {exc}.") from None
    if output_ignored:
        registry.calls.append(Invocation(trigger, source, arn, sent, returned if isinstance(returned, dict) else None,
                                         None))
        return {}
    out = returned.get("response") if isinstance(returned, dict) else None
    if isinstance(returned, dict) and out is None:
        out = {}
    if not isinstance(out, dict):
        error = InvalidLambdaResponseException(UNRECOGNIZABLE)
        registry.calls.append(Invocation(trigger, source, arn, sent, returned if isinstance(returned, dict) else None,
                                         error))
        raise error
    registry.calls.append(Invocation(trigger, source, arn, sent, returned, None))
    return out


def unlocked(env, fn: Callable[[], Any]) -> Any:
    """``fn()`` with the store's lock let go, as a trigger runs: a call to another service a trigger
    needs first (KMS for the custom senders' data key), which may be slow or call back."""
    with env.outside_lock():
        return fn()


def invalid_output() -> InvalidLambdaResponseException:
    """A response whose members have the wrong types."""
    return InvalidLambdaResponseException(INVALID_OUTPUT)


# --- functions other services run (cognito-sync's SyncTrigger) -------------------------------------

class LambdaFailure(Exception):
    """Why ``call`` could not get an answer: ``missing`` (nothing registered for the ARN), ``throttled``
    (the function raised Lambda's TooManyRequestsException) or ``error`` (it raised anything else)."""

    def __init__(self, kind: str, cause: Exception | None = None):
        super().__init__(kind if cause is None else f"{kind}: {cause}")
        self.kind, self.cause = kind, cause


def call(env, arn: str, trigger: str, source: str, event: dict,
         check: Callable[[Any], None] | None = None) -> Any:
    """Run the function ``arn`` reaches with ``event`` (no user-pool envelope: the caller builds the
    whole event), the way ``invoke`` does: through JSON both ways, recorded in ``env.triggers.calls``.
    ``check(returned)`` may raise the caller's AWS error for a malformed answer; it is recorded too.
    Raises LambdaFailure when the function is missing, throttled or fails; the caller picks its error."""
    registry: Triggers = env.triggers
    sent = json.loads(json.dumps(event))
    fn = registry.resolve(arn)
    if fn is None:
        failure = LambdaFailure("missing")
        registry.calls.append(Invocation(trigger, source, arn, sent, None, failure))
        raise failure
    name, _, qualifier = parse_arn(arn)
    context = LambdaContext(name, qualifier, arn, env.ids.uuid(), log_group_name=f"/aws/lambda/{name}")
    try:
        with env.outside_lock():                                # user code: the lock is let go
            returned = fn(json.loads(json.dumps(event)), context)
        returned = json.loads(json.dumps(returned))
    except Exception as exc:                                    # noqa: BLE001 - the function's own failure
        kind = ("missing" if isinstance(exc, FunctionUnavailable) else
                "throttled" if type(exc).__name__ == "TooManyRequestsException" else "error")
        failure = LambdaFailure(kind, exc)
        registry.calls.append(Invocation(trigger, source, arn, sent, None, failure))
        raise failure from None
    try:
        if check is not None:
            check(returned)
    except Exception as exc:
        registry.calls.append(Invocation(trigger, source, arn, sent, returned if isinstance(returned, dict) else None,
                                         exc))
        raise
    registry.calls.append(Invocation(trigger, source, arn, sent, returned, None))
    return returned
