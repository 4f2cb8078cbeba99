"""``PUT /_mock/user-import/{poolId}/{jobId}?...X-Amz-Signature=...``: the pre-signed URL of a user
import job (CreateUserImportJob's PreSignedUrl), where the CSV file is uploaded.

AWS's URL is an S3 pre-signed PUT; this one answers as S3 does: 200 with an ETag, or a 403 with
S3's XML error when the signature is not the job's (``SignatureDoesNotMatch``), the URL is past
its 15 minutes (``AccessDenied``, "Request has expired") or the job was started already
(``AccessDenied``: the emulator's choice, S3 itself would take the object and ignore it). The
``x-amz-server-side-encryption: aws:kms`` header AWS signs is accepted, not required.
"""
from __future__ import annotations

from collections.abc import Mapping
from xml.sax.saxutils import escape

from ..backend.idp.pools import pools
from ..backend.idp.users.user_import import UploadRefused, accept_upload
from ..backend.store import Store

SIGNATURE_MISMATCH = ("SignatureDoesNotMatch", "The request signature we calculated does not match the signature "
                      "you provided. Check your key and signing method.")
REFUSALS = {
    UploadRefused.SIGNATURE: SIGNATURE_MISMATCH,
    UploadRefused.EXPIRED: ("AccessDenied", "Request has expired"),
    UploadRefused.CLOSED: ("AccessDenied", "Access Denied"),
}


def upload(store: Store, pool_id: str, job_id: str, args: Mapping[str, str],
           body: bytes) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) for a PUT of the CSV file. The caller (web/app.py) holds the store's lock."""
    pool = pools.locate(store, pool_id)
    job = pool.import_jobs.get(job_id) if pool is not None else None
    if job is None:
        return _error(*SIGNATURE_MISMATCH, store.env.ids.request_id())
    refused = accept_upload(store.env, job, args.get("X-Amz-Signature", ""), body)
    if refused is not None:
        return _error(*REFUSALS[refused], store.env.ids.request_id())
    return 200, {"ETag": f'"{job.etag}"', "x-amz-server-side-encryption": "aws:kms"}, b""


def _error(code: str, message: str, request_id: str) -> tuple[int, dict[str, str], bytes]:
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{escape(message)}</Message>'
           f"<RequestId>{request_id}</RequestId></Error>")
    return 403, {"Content-Type": "application/xml", "x-amz-request-id": request_id}, xml.encode()
