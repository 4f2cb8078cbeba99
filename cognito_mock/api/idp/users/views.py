"""Users, code deliveries and user import jobs -> AWS-shaped dicts."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from ....backend.idp.auth import mfa
from ....backend.idp.models import User
from ....backend.idp.users.messages import Delivery
from ....backend.idp.users.user_import import URL_VALIDITY
from ....backend.idp.users.user_models import UserImportJob


def attributes(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"Name": name, "Value": value} for name, value in values.items()]


def user(u: User) -> dict[str, Any]:
    """UserType (AdminCreateUser, ListUsers...)."""
    return {
        "Username": u.username,
        "Attributes": attributes(u.attributes),
        "UserCreateDate": u.created,
        "UserLastModifiedDate": u.modified,
        "Enabled": u.enabled,
        "UserStatus": u.status.value,
    }


def admin_get_user(u: User) -> dict[str, Any]:
    return {
        "Username": u.username,
        "UserAttributes": attributes(u.attributes),
        "UserCreateDate": u.created,
        "UserLastModifiedDate": u.modified,
        "Enabled": u.enabled,
        "UserStatus": u.status.value,
        **mfa_settings(u),
    }


def get_user(u: User) -> dict[str, Any]:
    return {"Username": u.username, "UserAttributes": attributes(u.attributes), **mfa_settings(u)}


def code_delivery(delivery: Delivery | None) -> dict[str, str] | None:
    if delivery is None:
        return None
    return {"Destination": delivery.masked, "DeliveryMedium": delivery.medium, "AttributeName": delivery.attribute}


def user_listed(u: User, only: list[str] | None) -> dict[str, Any]:
    """UserType for ListUsers / ListUsersInGroup, limited to AttributesToGet when given."""
    values = u.attributes if only is None else {k: v for k, v in u.attributes.items() if k in only}
    return {
        "Username": u.username,
        "Attributes": [{"Name": k, "Value": v} for k, v in values.items()],
        "UserCreateDate": u.created,
        "UserLastModifiedDate": u.modified,
        "Enabled": u.enabled,
        "UserStatus": u.status.value,
    }


def mfa_settings(u: User) -> dict[str, Any]:
    """The MFA members of GetUser / AdminGetUser / GetUserAuthFactors (absent when there are none)."""
    return {"MFAOptions": mfa.legacy_options(u), "PreferredMfaSetting": mfa.preferred(u),
            "UserMFASettingList": mfa.enabled(u) or None}


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
