"""The user import file: parse it as the developer guide describes, check each row, make the users.

Format (developer guide, "Creating the user import CSV file"): UTF-8 without a byte order mark;
the first row is the header and must hold exactly the columns GetCSVHeader gives, in any order;
values are not quoted, a backslash escapes a comma, leading and trailing white space is trimmed.
At most 100 MB, 500,000 users and 16,000 characters a row.

Each row is checked before anything changes (DESIGN rule 3), then the user goes through
``users.add`` so every index (aliases, subs, the ListUsers indexes) is kept in the same step; the
ListUsers entries of the whole file are sorted in once, at its end (``user_index.Batch``).
A row whose username is taken is *skipped*; a row that breaks a rule *fails*; neither stops the job.
"""
from __future__ import annotations

import csv
import io

from ....errors import AwsError
from ....support import memory
from ...store import Env
from ..models import UserMfa, UserPool, UserStatus
from .user_models import ImportResult
from ..pools.schema import csv_header, missing_required
from . import user_index, users

MAX_BYTES = 100 * 1024 * 1024
MAX_USERS = 500_000
MAX_ROW_CHARS = 16_000
USERNAME, MFA_ENABLED = "cognito:username", "cognito:mfa_enabled"
BOOLEANS = ("email_verified", "phone_number_verified")

# Per-row results, as the CloudWatch log lines of the developer guide put them ("[SUCCEEDED] Line
# Number 5956 - The import succeeded." ...). The first three texts are the guide's; the rest guessed.
SUCCEEDED = "The import succeeded."
EXISTS = "The user already exists."
NOT_VERIFIED = ("The User Record does not set any of the auto verified attributes to true. "
                "(Example: email_verified to true).")
BAD_COLUMNS = "The number of values does not match the number of columns in the header."
TOO_LONG = "The row is longer than 16000 characters."
BAD_USERNAME = "The cognito:username value is empty or contains white space."
TWICE = "The cognito:username value appears more than once in the file."
BAD_MFA = "The cognito:mfa_enabled value does not match the MFA configuration of the user pool."
BAD_BOOLEAN = "The value of {name} must be true or false."
VERIFIED_WITHOUT_VALUE = "{flag} is true but {name} has no value."
MISSING_REQUIRED = "The required attribute {name} has no value."
# Why a whole file fails (CompletionMessage of the Failed job; guessed texts)
NOT_UTF8 = "The CSV file is not valid UTF-8."
TOO_BIG = "The CSV file is larger than 100 MB."
TOO_MANY = "The CSV file has more than 500000 users."
BAD_HEADER = "The CSV header does not match the header of the user pool (GetCSVHeader)."


class FileRejected(Exception):
    """The file as a whole cannot be imported; the job fails with this message."""


def rows(pool: UserPool, data: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(line number, values)]) of the file; FileRejected when it cannot be imported."""
    if len(data) > MAX_BYTES:
        raise FileRejected(TOO_BIG)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FileRejected(NOT_UTF8) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=",", quoting=csv.QUOTE_NONE, escapechar="\\")
    found = [(reader.line_num, [v.strip() for v in row]) for row in reader if any(v.strip() for v in row)]
    if not found:
        raise FileRejected(BAD_HEADER)
    header = found[0][1]
    if len(set(header)) != len(header) or set(header) != set(csv_header(pool.schema)):
        raise FileRejected(BAD_HEADER)
    if len(found) - 1 > MAX_USERS:
        raise FileRejected(TOO_MANY)
    return header, found[1:]


def import_all(env: Env, pool: UserPool, data: bytes) -> ImportResult:
    """Every row of the file into ``pool``; FileRejected (nothing imported) for a bad file."""
    header, lines = rows(pool, data)
    result, seen, batch = ImportResult(), set(), user_index.Batch(pool)
    try:
        for line, values in lines:
            try:
                outcome, text = _import_row(env, pool, header, values, seen, batch)
            except AwsError as error:          # a schema or username rule of users.py
                outcome, text = "failed", error.message.strip()
            result.record(outcome, line, text)
    finally:
        batch.close()
    memory.give_back(len(lines))
    return result


def _import_row(env: Env, pool: UserPool, header: list[str], values: list[str], seen: set[str],
                batch: user_index.Batch) -> tuple[str, str]:
    if len(values) != len(header):
        return "failed", BAD_COLUMNS
    if len(",".join(values)) > MAX_ROW_CHARS:
        return "failed", TOO_LONG
    row = dict(zip(header, values))
    username = row.pop(USERNAME)
    if not username or any(c.isspace() for c in username):
        return "failed", BAD_USERNAME
    key = pool.user_key(username)
    if key in seen:
        return "failed", TWICE
    seen.add(key)
    mfa_enabled = row.pop(MFA_ENABLED).lower()
    attributes = {name: value for name, value in row.items() if value}
    problem = _check(pool, attributes, mfa_enabled)
    if problem:
        return "failed", problem
    if key in pool.users or (pool.username_attributes and users.lookup(pool, username) is not None):
        return "skipped", EXISTS
    user = users.new_user(env, pool, username, attributes, UserStatus.RESET_REQUIRED)
    missing = missing_required(pool.schema, user.attributes)
    if missing:
        return "failed", MISSING_REQUIRED.format(name=missing[0])
    users.check_free(pool, user)
    if mfa_enabled == "true" and user.attributes.get("phone_number"):
        user.mfa = UserMfa(enabled=["SMS_MFA"])
    users.add(pool, user, exists_message=users.EXISTS, batch=batch)
    return "imported", SUCCEEDED


def _check(pool: UserPool, attributes: dict[str, str], mfa_enabled: str) -> str | None:
    """The developer guide's rules for one row (values already trimmed, empty ones dropped)."""
    allowed = {"ON": ("true",), "OFF": ("false",)}.get(pool.mfa_configuration, ("true", "false"))
    if mfa_enabled not in allowed:
        return BAD_MFA
    for flag in BOOLEANS:
        if flag in attributes:
            attributes[flag] = attributes[flag].lower()
            if attributes[flag] not in ("true", "false"):
                return BAD_BOOLEAN.format(name=flag)
    for name, flag in users.VERIFIED_FLAG.items():
        if attributes.get(flag) == "true" and not attributes.get(name):
            return VERIFIED_WITHOUT_VALUE.format(flag=flag, name=name)
    auto = [name for name in pool.auto_verified_attributes if name in users.VERIFIED_FLAG]
    if not any(attributes.get(users.VERIFIED_FLAG[name]) == "true" for name in auto):
        return NOT_VERIFIED
    return None
