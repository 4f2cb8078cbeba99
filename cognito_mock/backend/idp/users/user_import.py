"""User import jobs: Create, Start, Stop, Describe, List, and the upload of the CSV file.

Lifecycle (developer guide, "Creating and running the user pool import job"): a job is Created
with a pre-signed URL the CSV file is PUT to (valid 15 minutes); StartUserImportJob moves it to
Pending, then InProgress, then Succeeded or Failed; StopUserImportJob to Stopped; a job never
started expires (AWS: within 24-48 hours; here after 24).

How time passes here (the emulator's choice): StartUserImportJob imports the whole file at once,
so the users exist as soon as it returns, and answers as AWS does, with the job Pending. The job
keeps reading Pending until someone looks at it with DescribeUserImportJob or ListUserImportJobs,
which show it finished (Succeeded or Failed, its counts and CompletionDate). A StopUserImportJob
that comes before that look stops it (Stopped, "The Import Job was stopped by the developer."),
keeping the users already imported, as a stop that lands after the last row would on AWS.
"""
from __future__ import annotations

import hashlib
import string
from datetime import datetime
from enum import StrEnum

from ....errors import InvalidParameterException, PreconditionNotMetException, ResourceNotFoundException
from ....support.compare import same
from ...store import Env
from ..models import UserPool
from .user_import_csv import FileRejected, import_all
from .user_models import ImportResult, JobStatus, UserImportJob

URL_VALIDITY = 15 * 60          # developer guide: the pre-signed URL is valid for 15 minutes
EXPIRY = 24 * 3600              # developer guide: "did not start the job within 24-48 hours"
_ALNUM = string.ascii_letters + string.digits

# CompletionMessage texts: the first two are in the developer guide's samples; the third is what
# AWS answers per third-party reports.
STOPPED = "The Import Job was stopped by the developer."
TOO_MANY_FAILED = "Too many users have failed or been skipped during the import."
SUCCEEDED = "Import Job Completed Successfully."
# errors (confirmed: aws-amplify/amplify-js#6416; the others guessed)
NO_FILE = "No csv file was uploaded for {job_id}"
NOT_FOUND = "Import job {job_id} does not exist."
NOT_STARTABLE = "Import job {job_id} cannot be started in status {status}."
NOT_STOPPABLE = "Import job {job_id} cannot be stopped in status {status}."
NO_AUTO_VERIFIED = "The user pool has no auto verified attributes, so the import job cannot start."


class UploadRefused(StrEnum):
    """Why a PUT to the pre-signed URL is refused (the web layer answers as S3 would)."""

    SIGNATURE = "signature"      # not this job's URL
    EXPIRED = "expired"          # past its 15 minutes
    CLOSED = "closed"            # the job was started (or stopped, or expired) already


def create(env: Env, pool: UserPool, name: str, role_arn: str, hashing_algorithm: str | None,
           upload_base: str) -> UserImportJob:
    job = UserImportJob(id="import-" + env.ids.chars(_ALNUM, 10), name=name, pool_id=pool.id, role_arn=role_arn,
                        created=env.clock.now_dt(), upload_base=upload_base.rstrip("/"),
                        upload_signature=env.ids.chars("0123456789abcdef", 64), hashing_algorithm=hashing_algorithm)
    pool.import_jobs[job.id] = job
    return job


def find(env: Env, pool: UserPool, job_id: str) -> UserImportJob:
    job = pool.import_jobs.get(job_id)
    if job is None:
        raise ResourceNotFoundException(NOT_FOUND.format(job_id=job_id))
    _expire(env, job)
    return job


def look(env: Env, pool: UserPool, job_id: str) -> UserImportJob:
    """DescribeUserImportJob: the job as it reads now (a finished run shows its result)."""
    job = find(env, pool, job_id)
    _settle(job)
    return job


def listed(env: Env, pool: UserPool) -> list[UserImportJob]:
    """ListUserImportJobs: every job, last created first (developer guide)."""
    jobs = sorted(pool.import_jobs.values(), key=lambda j: (-j.created.timestamp(), j.id))
    for job in jobs:
        _expire(env, job)
        _settle(job)
    return jobs


def start(env: Env, pool: UserPool, job_id: str) -> UserImportJob:
    job = find(env, pool, job_id)
    if job.status is not JobStatus.CREATED:
        raise InvalidParameterException(NOT_STARTABLE.format(job_id=job.id, status=job.status.value))
    if job.csv is None:
        raise PreconditionNotMetException(NO_FILE.format(job_id=job.id))
    if not any(name in ("email", "phone_number") for name in pool.auto_verified_attributes):
        raise PreconditionNotMetException(NO_AUTO_VERIFIED)
    job.status, job.started = JobStatus.PENDING, env.clock.now_dt()
    try:
        result = import_all(env, pool, job.csv)
    except FileRejected as rejected:
        job.outcome = (JobStatus.FAILED, None, str(rejected), env.clock.now_dt())
        return job
    problems = result.failed + result.skipped
    status, message = ((JobStatus.FAILED, TOO_MANY_FAILED) if problems and problems > result.imported
                       else (JobStatus.SUCCEEDED, SUCCEEDED))
    job.outcome = (status, result, message, env.clock.now_dt())
    return job


def stop(env: Env, pool: UserPool, job_id: str) -> UserImportJob:
    job = find(env, pool, job_id)
    if job.status not in (JobStatus.PENDING, JobStatus.IN_PROGRESS):
        raise InvalidParameterException(NOT_STOPPABLE.format(job_id=job.id, status=job.status.value))
    result = job.outcome[1] if job.outcome else None
    _finish(job, JobStatus.STOPPED, result, STOPPED, env.clock.now_dt())
    return job


def accept_upload(env: Env, job: UserImportJob, signature: str, body: bytes) -> UploadRefused | None:
    """A PUT of the CSV file to the pre-signed URL; a second PUT replaces the first, as in S3."""
    if not same(signature, job.upload_signature):
        return UploadRefused.SIGNATURE
    if env.clock.now() > job.created.timestamp() + URL_VALIDITY:
        return UploadRefused.EXPIRED
    _expire(env, job)
    if job.status is not JobStatus.CREATED:
        return UploadRefused.CLOSED
    job.csv, job.etag = bytes(body), hashlib.md5(body).hexdigest()
    return None


def _settle(job: UserImportJob) -> None:
    if job.outcome is not None and job.status is JobStatus.PENDING:
        _finish(job, *job.outcome)


def _finish(job: UserImportJob, status: JobStatus, result: ImportResult | None, message: str,
            completed: datetime) -> None:
    job.status, job.message, job.completed, job.outcome = status, message, completed, None
    if result is not None:
        job.imported, job.skipped, job.failed, job.log = result.imported, result.skipped, result.failed, result.log


def _expire(env: Env, job: UserImportJob) -> None:
    if job.status is JobStatus.CREATED and env.clock.now() >= job.created.timestamp() + EXPIRY:
        job.status, job.csv = JobStatus.EXPIRED, None
