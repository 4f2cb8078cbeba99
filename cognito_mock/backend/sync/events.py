"""Cognito Events: the SyncTrigger a pool's ``SetCognitoEvents`` names, run on UpdateRecords.

Developer guide, "Customizing workflows with Amazon Cognito Events" (confirmed):
- the event is ``{version: 2, eventType: "SyncTrigger", region, identityPoolId, identityId, datasetName,
  datasetRecords: {key: {oldValue, newValue, op}}}`` and holds every record present in the dataset;
  records the user updates carry op "replace", records they delete op "remove";
- the function returns the event in the same shape; everything but datasetRecords is read-only and
  changing it fails the update; a record is removed by op "remove" or a null newValue, added by
  adding a key; a record omitted from the response is ignored for the update;
- LambdaThrottledException tells the caller to retry.
Inferred: untouched records are sent with oldValue == newValue and op "replace" and are written only
if the function changes them; members without a value (oldValue of a new record, newValue of a
removal) are left out; a failing or missing function answers InvalidLambdaFunctionOutputException
("returned invalid output or an exception", the model's description); the messages are ours.
"""
from __future__ import annotations

from ...errors import InvalidLambdaFunctionOutputException, LambdaThrottledException
from .. import triggers
from .models import Dataset

SYNC_TRIGGER = "SyncTrigger"
READ_ONLY = ("version", "eventType", "region", "identityPoolId", "identityId", "datasetName")
FAILED = "The Lambda function {arn} failed: {error}"
UNAVAILABLE = "The Lambda function {arn} could not be invoked."
THROTTLED = "AWS Lambda throttled the invocation of {arn}; retry the update."
INVALID = "The Lambda function {arn} returned invalid output: {why}"


def run(env, arn: str, *, region: str, pool_id: str, identity_id: str, name: str, dataset: Dataset | None,
        patches: list) -> dict[str, str | None]:
    """Invoke the SyncTrigger for these patches; returns key -> value to write (None: remove), in order."""
    current = {k: r.value for k, r in (dataset.records if dataset else {}).items() if r.value is not None}
    records: dict[str, dict] = {k: {"oldValue": v, "newValue": v, "op": "replace"} for k, v in current.items()}
    for p in patches:
        value = p.value if p.op == "replace" else None
        records[p.key] = _without_none({"oldValue": current.get(p.key), "newValue": value, "op": p.op})
    event = {"version": 2, "eventType": SYNC_TRIGGER, "region": region, "identityPoolId": pool_id,
             "identityId": identity_id, "datasetName": name, "datasetRecords": records}

    def check(returned) -> None:
        _check_output(arn, event, returned)

    try:
        returned = triggers.call(env, arn, SYNC_TRIGGER, SYNC_TRIGGER, event, check)
    except triggers.LambdaFailure as failure:
        if failure.kind == "throttled":
            raise LambdaThrottledException(THROTTLED.format(arn=arn)) from None
        if failure.kind == "missing":
            raise InvalidLambdaFunctionOutputException(UNAVAILABLE.format(arn=arn)) from None
        raise InvalidLambdaFunctionOutputException(FAILED.format(arn=arn, error=failure.cause)) from None
    patched = {p.key for p in patches}
    writes: dict[str, str | None] = {}
    for key, record in returned["datasetRecords"].items():
        value = None if record.get("op") == "remove" else record.get("newValue")
        if key in patched or value != current.get(key):
            if value is None and key not in patched and (dataset is None or key not in dataset.records):
                continue                      # removing what was never there changes nothing
            writes[key] = value
    order = [p.key for p in patches if p.key in writes] + [k for k in writes if k not in patched]
    return {k: writes[k] for k in dict.fromkeys(order)}


def _check_output(arn: str, sent: dict, returned) -> None:
    def invalid(why: str) -> InvalidLambdaFunctionOutputException:
        return InvalidLambdaFunctionOutputException(INVALID.format(arn=arn, why=why))

    if not isinstance(returned, dict):
        raise invalid("not an event")
    for member in READ_ONLY:
        if returned.get(member) != sent[member]:
            raise invalid(f"{member} is read-only")
    records = returned.get("datasetRecords")
    if not isinstance(records, dict):
        raise invalid("datasetRecords must be an object")
    for key, record in records.items():
        if (not key or not isinstance(record, dict) or record.get("op", "replace") not in ("replace", "remove")
                or not isinstance(record.get("newValue", ""), (str, type(None)))):
            raise invalid(f"record {key!r} is malformed")


def _without_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}
