"""Point-in-time recovery of a user pool: Initiate (a preview), Start (apply it), Cancel, and the
pause of writes while a recovery is active. History itself is point_in_time_history.py.

Rules (InitiatePointInTimeRecovery's and RestorationType's documentation in botocore's model):
Essentials or Plus plan, and on it at the recovery point; the point at least 15 minutes ago, not
before the pool's creation, at most 1 day (Essentials) or 14 days (Plus) back; one active recovery
per pool, five per account; three previews per pool a day, ten per pool in 30 days, ten per
account a day; one completed recovery per pool a day; a preview not started or cancelled within
24 hours of its initiation expires.

How time passes here (the emulator's choice, as for replicas and import jobs): the preview is
computed when the recovery is initiated. The Initiate response says PREVIEW_GENERATING, as AWS
does, and the next read finds it PREVIEW_GENERATED; AWS documents no duration ("might not be
available immediately"; it "doesn't depend on the size of your user pool"), and a delay would
make every caller advance the clock for nothing. Likewise Start restores at once: its response
says RESTORING and the next read RESTORE_COMPLETED. Writes stay paused from Initiate until the
recovery is started, cancelled or expired.
"""
from __future__ import annotations

from collections.abc import Iterable

from ....errors import (ConcurrentModificationException, FeatureUnavailableInTierException, InvalidParameterException,
                       LimitExceededException, ResourceNotFoundException)
from ...store import Env
from ..models import UserPool
from ..users.user_models import JobStatus
from . import point_in_time_history as history_domain
from .point_in_time_models import ACTIVE, PoolHistory, Recovery, RestoreStatus
from .pools import require_tier

FEATURE = "Point-in-time recovery"
MIN_AGE = 15 * 60                                   # "at least 15 minutes in the past"
WINDOW = {"ESSENTIALS": 86400, "PLUS": 14 * 86400}  # "up to 1 day" / "up to 14 days in the past"
PREVIEW_VALIDITY = 24 * 3600                         # "within 24 hours after you initiate it"
DAY, MONTH = 86400, 30 * 86400
POOL_PREVIEWS_A_DAY, POOL_PREVIEWS_A_MONTH, POOL_COMPLETED_A_DAY = 3, 10, 1
ACCOUNT_ACTIVE, ACCOUNT_PREVIEWS_A_DAY = 5, 10
# "You can't initiate a recovery while a user import job is in progress" (an emulated import job
# has finished when StartUserImportJob returns, but reads Pending until someone looks at it)
IMPORTING = frozenset({JobStatus.PENDING, JobStatus.IN_PROGRESS, JobStatus.STOPPING})
# sign-in goes on during a recovery, but these challenges can't be answered
PAUSED_CHALLENGES = frozenset({"NEW_PASSWORD_REQUIRED", "MFA_SETUP", "SOFTWARE_TOKEN_MFA"})
# guessed texts (AWS's are not published; searched: "Cognito point-in-time recovery" in docs, pages, issues)
PAUSED = ("A point-in-time recovery of user pool {pool} is in progress. Write operations are paused until "
          "the recovery is completed, canceled or expired.")
NOT_FOUND = "Point-in-time recovery {restore_id} does not exist in user pool {pool}."
TOO_RECENT = "RestoreTimestamp must be at least 15 minutes in the past."
BEFORE_CREATION = "RestoreTimestamp cannot be earlier than the creation time of the user pool."
OUT_OF_WINDOW = "RestoreTimestamp must be within the last {days} days."
NEEDS_PLAN = "Recovering a user pool to {days} day(s) in the past requires the {plan} feature plan."
PLAN_AT_POINT = "The user pool must have been on the {plan} feature plan since RestoreTimestamp."
ONE_ACTIVE = "User pool {pool} already has an active point-in-time recovery: {restore_id}."
ACCOUNT_ACTIVE_LIMIT = "The account already has the maximum of 5 active point-in-time recoveries."
ONE_COMPLETED = "A point-in-time recovery of user pool {pool} was completed within the last 24 hours."
POOL_PREVIEW_LIMIT = "User pool {pool} has reached the limit of {limit} recovery previews in {period}."
ACCOUNT_PREVIEW_LIMIT = "The account has reached the limit of 10 recovery previews in 24 hours."
IMPORT_RUNNING = "A user import job is in progress in user pool {pool}. Initiate the recovery after it ends."
NOT_STARTABLE = "Point-in-time recovery {restore_id} cannot be started in status {status}."
NOT_CANCELLABLE = "Point-in-time recovery {restore_id} cannot be canceled in status {status}."


def guard(env: Env, pool: UserPool, *, pauses: bool) -> None:
    """Before a call that may change the pool's user data: refuse it while a recovery is active
    (``pauses``: it is one of the writes AWS pauses), else note the write in the pool's history."""
    history = pool.recovery
    if pauses and history is not None and history.active is not None:
        settle(env, history)
        if history.active is not None:
            raise InvalidParameterException(PAUSED.format(pool=pool.id))
    history_domain.note_write(env, pool)


def settle(env: Env, history: PoolHistory) -> None:
    """Let the clock act on the active recovery: a preview nobody started or cancelled expires."""
    if history.active is None:
        return
    recovery = history.recoveries[history.active]
    if recovery.status in ACTIVE and env.clock.now() >= recovery.triggered_at + PREVIEW_VALIDITY:
        recovery.status, recovery.preview = RestoreStatus.PREVIEW_EXPIRED, None
        history.active = None


def initiate(env: Env, pool: UserPool, when: float, account: Iterable[PoolHistory]) -> Recovery:
    """A recovery of ``pool`` to ``when``, its preview made; ``account``: the account's other pools'
    histories (for the account-wide limits)."""
    require_tier(pool, FEATURE, "ESSENTIALS", "PLUS")
    history = history_domain.history_of(env, pool)
    settle(env, history)
    history_domain.flush(env, pool)             # history complete up to now (a plan change included)
    now = env.clock.now()
    _check_point(history, pool, when, now)
    _check_limits(env, history, pool, now, list(account))
    if any(job.status in IMPORTING for job in pool.import_jobs.values()):
        raise ConcurrentModificationException(IMPORT_RUNNING.format(pool=pool.id))
    present = history_domain.present(pool, history)
    then = history_domain.state_at(history, present, when)
    recovery = Recovery(id=env.ids.uuid(), restore_at=when, triggered_at=now,
                        status=RestoreStatus.PREVIEW_GENERATED, preview=history_domain.preview(then, present))
    history.recoveries[recovery.id] = recovery
    history.active = recovery.id
    return recovery


def find(env: Env, pool: UserPool, restore_id: str) -> Recovery:
    require_tier(pool, FEATURE, "ESSENTIALS", "PLUS")
    history = history_domain.history_of(env, pool)
    settle(env, history)
    recovery = history.recoveries.get(restore_id)
    if recovery is None:
        raise ResourceNotFoundException(NOT_FOUND.format(restore_id=restore_id, pool=pool.id))
    return recovery


def start(env: Env, pool: UserPool, restore_id: str) -> Recovery:
    recovery = find(env, pool, restore_id)
    if recovery.status is not RestoreStatus.PREVIEW_GENERATED:
        raise InvalidParameterException(NOT_STARTABLE.format(restore_id=restore_id, status=recovery.status.value))
    history = pool.recovery
    history.active = None                       # the restore below is the recovery's own write
    history_domain.restore(env, pool, recovery.restore_at)
    recovery.status, recovery.completed_at = RestoreStatus.RESTORE_COMPLETED, env.clock.now()
    return recovery


def cancel(env: Env, pool: UserPool, restore_id: str) -> Recovery:
    recovery = find(env, pool, restore_id)
    if recovery.status not in (RestoreStatus.PREVIEW_GENERATING, RestoreStatus.PREVIEW_GENERATED):
        raise InvalidParameterException(NOT_CANCELLABLE.format(restore_id=restore_id, status=recovery.status.value))
    recovery.status, recovery.preview = RestoreStatus.PREVIEW_CANCELLED, None
    pool.recovery.active = None
    return recovery


def newest_first(env: Env, pool: UserPool) -> list[Recovery]:
    require_tier(pool, FEATURE, "ESSENTIALS", "PLUS")
    history = history_domain.history_of(env, pool)
    settle(env, history)
    return list(reversed(history.recoveries.values()))


# --- rules -----------------------------------------------------------------------------------

def _check_point(history: PoolHistory, pool: UserPool, when: float, now: float) -> None:
    age = now - when
    if age < MIN_AGE:
        raise InvalidParameterException(TOO_RECENT)
    if when < pool.created.timestamp():
        raise InvalidParameterException(BEFORE_CREATION)
    if age > WINDOW["PLUS"]:
        raise InvalidParameterException(OUT_OF_WINDOW.format(days=WINDOW["PLUS"] // DAY))
    allowed = {"ESSENTIALS", "PLUS"} if age <= WINDOW["ESSENTIALS"] else {"PLUS"}
    plan = "Essentials or Plus" if len(allowed) == 2 else "Plus"
    if pool.tier not in allowed:
        raise FeatureUnavailableInTierException(NEEDS_PLAN.format(days=round(age / DAY, 2), plan=plan))
    if not history_domain.tiers_since(history, when) <= allowed:
        raise FeatureUnavailableInTierException(PLAN_AT_POINT.format(plan=plan))


def _check_limits(env: Env, history: PoolHistory, pool: UserPool, now: float, others: list[PoolHistory]) -> None:
    if history.active is not None:
        raise LimitExceededException(ONE_ACTIVE.format(pool=pool.id, restore_id=history.active))
    recoveries = history.recoveries.values()
    if sum(1 for r in recoveries if r.completed_at is not None and now - r.completed_at < DAY) >= POOL_COMPLETED_A_DAY:
        raise LimitExceededException(ONE_COMPLETED.format(pool=pool.id))
    if sum(1 for r in recoveries if now - r.triggered_at < DAY) >= POOL_PREVIEWS_A_DAY:
        raise LimitExceededException(POOL_PREVIEW_LIMIT.format(pool=pool.id, limit=POOL_PREVIEWS_A_DAY,
                                                               period="24 hours"))
    if sum(1 for r in recoveries if now - r.triggered_at < MONTH) >= POOL_PREVIEWS_A_MONTH:
        raise LimitExceededException(POOL_PREVIEW_LIMIT.format(pool=pool.id, limit=POOL_PREVIEWS_A_MONTH,
                                                               period="30 days"))
    for other in others:
        settle(env, other)
    if sum(1 for other in others if other.active is not None) >= ACCOUNT_ACTIVE:
        raise LimitExceededException(ACCOUNT_ACTIVE_LIMIT)
    previews = sum(1 for h in [history, *others] for r in h.recoveries.values() if now - r.triggered_at < DAY)
    if previews >= ACCOUNT_PREVIEWS_A_DAY:
        raise LimitExceededException(ACCOUNT_PREVIEW_LIMIT)
