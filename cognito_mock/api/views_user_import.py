"""User import jobs -> UserImportJobType (None is dropped by the encoder)."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from ..backend.idp.user_import import URL_VALIDITY, UserImportJob


def pre_signed_url(job: UserImportJob) -> str:
    """The URL the CSV file is PUT to: AWS's is an S3 pre-signed URL; this one is answered by the
    emulator (``/_mock/user-import/...``), its random ``X-Amz-Signature`` checked on upload."""
    query = urlencode({
        "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
        "X-Amz-Date": job.created.strftime("%Y%m%dT%H%M%SZ"),
        "X-Amz-SignedHeaders": "host;x-amz-server-side-encryption",
        "X-Amz-Expires": str(URL_VALIDITY - 1),
        "X-Amz-Signature": job.upload_signature,
    })
    return f"{job.upload_base}/_mock/user-import/{job.pool_id}/{job.id}?{query}"


def user_import_job(job: UserImportJob) -> dict[str, Any]:
    return {
        "JobName": job.name,
        "JobId": job.id,
        "UserPoolId": job.pool_id,
        "PreSignedUrl": pre_signed_url(job),
        "CreationDate": job.created,
        "StartDate": job.started,
        "CompletionDate": job.completed,
        "Status": job.status.value,
        "CloudWatchLogsRoleArn": job.role_arn,
        "ImportedUsers": job.imported,
        "SkippedUsers": job.skipped,
        "FailedUsers": job.failed,
        "CompletionMessage": job.message,
        "PasswordHashingAlgorithm": job.hashing_algorithm,
    }
