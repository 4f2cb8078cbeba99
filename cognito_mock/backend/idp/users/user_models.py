"""User-pool users and their sign-in state: users, MFA, passkeys, linked identities, codes,
devices, refresh grants, sessions. Slotted dataclasses and StrEnums; no I/O, no AWS field names."""
from __future__ import annotations

import struct

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Callable


class UserStatus(StrEnum):
    UNCONFIRMED = "UNCONFIRMED"
    CONFIRMED = "CONFIRMED"
    FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
    RESET_REQUIRED = "RESET_REQUIRED"
    EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER"


@dataclass(slots=True)
class User:
    """A user. What most users never have (groups, devices, sessions, MFA, lockout counters, the SRP
    verifier, ...) lives in ``_more``, None until first needed (a million users mostly have none of it):
    read and change it through the properties named in LAZY and RARE, which make a container on first
    access and keep a scalar at its default without storing it; ``peek(name)`` reads a container
    without making it."""

    username: str
    sub: str
    attributes: dict[str, str]          # replaced, never changed in place, once stored (history images share it)
    status: UserStatus
    created: datetime
    modified: datetime
    enabled: bool = True
    _password: bytes | None = None          # when set, salt, x: packed in one (password_pack); see password_salt
    _password_history: bytes | None = None  # past (salt, hash) pairs, newest last, packed (password_history)
    _more: dict[str, Any] | None = None     # name (LAZY, RARE) -> value, for the ones set

    def peek(self, name: str):
        """The container ``name`` (``"groups"``, ``"devices"``, ...) or None when never made: for
        readers that must not make one (history images, exports)."""
        if name == "password_history":       # the packed form (history_pack): immutable, images share it
            return history_pack(self._password_history) if self._password_history is not None else None
        more = self._more
        return more.get(name) if more else None

    # The password: its salt, the SRP private value x = H(salt | H(realm username ":" password)), and when it
    # was set, kept in one bytes object (~90 bytes where three objects and two slots took ~150).
    @property
    def password_salt(self) -> bytes:
        packed = self._password
        return packed[_HEAD:_HEAD + _PACKED.unpack_from(packed)[1]] if packed else b""

    @property
    def password_hash(self) -> bytes:
        packed = self._password
        return packed[_HEAD + _PACKED.unpack_from(packed)[1]:] if packed else b""

    @property
    def password_set_at(self) -> float:
        packed = self._password
        return _PACKED.unpack_from(packed)[0] if packed else 0.0

    def set_password_fields(self, salt: bytes, hashed: bytes, set_at: float) -> None:
        """The one way to change them (together: one packed object each time)."""
        self._password = password_pack(salt, hashed, set_at)

    @classmethod
    def _from_older(cls, fields: dict[str, Any]) -> None:
        """A record an earlier release wrote (schema 1): its three password fields become the packed one."""
        if {"password_salt", "password_hash", "password_set_at"} & fields.keys():
            fields["_password"] = password_pack(fields.pop("password_salt", b""), fields.pop("password_hash", b""),
                                                fields.pop("password_set_at", 0.0))

    @property
    def password_history(self) -> list[tuple[bytes, bytes]]:
        """Past passwords, (salt, hash) newest last: a new list (assign to change it). Kept packed in one
        bytes object (an own field: every user whose temporary password was replaced has one, and one
        object of ~85 bytes costs a third of a list of tuples of two bytes objects)."""
        return history_unpack(self._password_history)

    @password_history.setter
    def password_history(self, value) -> None:
        self._password_history = history_pack(value) or None


_PACKED = struct.Struct("<dH")      # when the password was set, the salt's length; then salt and x
_HEAD = _PACKED.size


def password_pack(salt: bytes, hashed: bytes, set_at: float) -> bytes | None:
    """A user's password fields as one bytes object (None: no password, never set)."""
    if not salt and not hashed and not set_at:
        return None
    return _PACKED.pack(float(set_at), len(salt)) + bytes(salt) + bytes(hashed)


def history_pack(pairs) -> bytes:
    """(salt, hash) pairs as one bytes object: per pair, 2-byte lengths before the salt and the hash.
    Takes the packed form as it is, and a list of pairs (a store written before it was packed)."""
    if pairs is None or type(pairs) is bytes:
        return pairs or b""
    out = bytearray()
    for salt, hashed in pairs:
        out += len(salt).to_bytes(2, "big") + salt + len(hashed).to_bytes(2, "big") + hashed
    return bytes(out)


def history_unpack(packed) -> list[tuple[bytes, bytes]]:
    if not packed:
        return []
    if type(packed) is not bytes:
        return [tuple(pair) for pair in packed]
    pairs, at = [], 0
    while at < len(packed):
        size = int.from_bytes(packed[at:at + 2], "big")
        salt, at = packed[at + 2:at + 2 + size], at + 2 + size
        size = int.from_bytes(packed[at:at + 2], "big")
        pairs.append((salt, packed[at + 2:at + 2 + size]))
        at += 2 + size
    return pairs


# containers, made empty on first access
LAZY: dict[str, Callable[[], Any]] = {
    "codes": dict,                 # purpose -> IssuedCode, the code out for it
    "pending_attributes": dict,    # new email/phone awaiting verification
    "groups": set,                 # group names (membership.py)
    "devices": dict,               # device key -> Device
    "identities": list,            # LinkedIdentity: external identities (federation.py)
    "sign_ins": set,               # origin_jti of live sign-ins
    "passkeys": list,              # Passkey: WebAuthn credentials (webauthn.py)
    "sessions": dict,              # session id -> UserSession (user_sessions.py)
    "session_of_sign_in": dict,    # origin_jti -> its token session's id
}
# scalars and objects few users have, with the value everyone else reads
RARE: dict[str, Any] = {
    "srp_verifier": 0,                  # g^x mod N, derived from password_hash on first SRP use
    "failed_sign_ins": 0,
    "locked_until": 0.0,
    "device_group_key": None,
    "password_sign_in_disabled": False,  # AdminDisableProviderForUser with ProviderName "Cognito"
    "mfa": None,                        # UserMfa (mfa.py); None until the user has any
    "passkey_registration": None,       # PasskeyRegistration: StartWebAuthnRegistration's challenge
    "auth_events": None,                # AuthEventLog, once threat protection logs one (auth_events.py)
}


def _lazy(name: str, factory: Callable[[], Any]) -> property:
    def get(user: User):
        more = user._more
        if more is None:
            more = user._more = {}
        value = more.get(name)
        if value is None:
            value = more[name] = factory()
        return value

    def put(user: User, value) -> None:
        if user._more is None:
            user._more = {}
        user._more[name] = value

    return property(get, put, doc=f"the user's {name} (made empty on first access)")


def _rare(name: str, default: Any) -> property:
    def get(user: User):
        more = user._more
        return more.get(name, default) if more else default

    def put(user: User, value) -> None:
        more = user._more
        if more is None:
            if value is default or (value == default and type(value) is type(default)):
                return
            more = user._more = {}
        more[name] = value

    return property(get, put, doc=f"the user's {name} ({default!r} unless set)")


for _name, _factory in LAZY.items():
    setattr(User, _name, _lazy(_name, _factory))
for _name, _default in RARE.items():
    setattr(User, _name, _rare(_name, _default))


@dataclass(slots=True)
class UserMfa:
    """A user's MFA factors: enabled ones (SMS_MFA, SOFTWARE_TOKEN_MFA, EMAIL_OTP), the preferred one,
    the verified TOTP secret and the one AssociateSoftwareToken handed out, pending verification."""

    enabled: list[str] = field(default_factory=list)
    preferred: str | None = None
    totp_secret: str | None = None           # verified (VerifySoftwareToken)
    totp_device_name: str | None = None      # FriendlyDeviceName
    totp_pending: str | None = None          # associated, not verified yet
    totp_last_step: int = -1                 # last time step accepted: a code is good once
    webauthn_enabled: bool = False
    mfa_options: list[dict[str, str]] | None = None   # legacy MFAOptions (SetUserSettings), as given


@dataclass(slots=True)
class Passkey:
    """A WebAuthn credential the user registered (CompleteWebAuthnRegistration)."""

    credential_id: str                       # base64url, as the browser names it
    public_key: bytes                        # the COSE_Key bytes from the attested credential data
    relying_party_id: str
    created: datetime
    sign_count: int = 0
    attachment: str | None = None            # platform / cross-platform
    transports: list[str] = field(default_factory=list)
    friendly_name: str | None = None


@dataclass(slots=True)
class PasskeyRegistration:
    """An open StartWebAuthnRegistration: the challenge, for which client, until when."""

    challenge: str                           # base64url
    client_id: str
    expires_at: float


@dataclass(slots=True)
class LinkedIdentity:
    """One entry of a user's ``identities``: the user's own external identity (``primary``, an
    EXTERNAL_PROVIDER user) or one linked to it with AdminLinkProviderForUser."""

    provider_name: str
    provider_type: str
    user_id: str                             # the subject, or the value of ``attribute_name``
    created_ms: int
    attribute_name: str = "Cognito_Subject"  # what a link matches on (a SAML/OIDC claim, or the subject)
    issuer: str | None = None
    primary: bool = False


@dataclass(slots=True)
class IssuedCode:
    """A code sent to a user (sign-up, forgot password, attribute verification): random, single use."""

    code: str
    expires_at: float
    attempts: int = 0


@dataclass(slots=True)
class Device:
    """A device a user signed in from (NewDeviceMetadata), confirmed with an SRP verifier."""

    key: str
    group_key: str
    username: str
    created: datetime
    modified: datetime
    last_authenticated: datetime
    name: str | None = None
    salt: bytes = b""
    verifier: int = 0
    confirmed: bool = False
    remembered: str | None = None        # "remembered" / "not_remembered"
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class UserSession:
    """A tracked session (session management): a TOKEN session is one sign-in (``origin_jti``) and its
    refresh grant at one app client; an SSO session is a managed-login (hosted UI) sign-in."""

    id: str                                # "tkn..." / "sso..." (28 characters)
    kind: str                              # TOKEN / SSO
    client_id: str
    created: datetime
    last_active: datetime
    expires_at: float                      # the refresh token's (TOKEN) or the cookie's (SSO) end
    origin_jti: str | None = None          # TOKEN: the sign-in
    origin_session: str | None = None      # TOKEN: the SSO session it came through
    device_type: str = "unknown"
    last_ip: str | None = None


@dataclass(slots=True)
class SortedIndex:
    """One ListUsers index (user_index.py): (value, user key) pairs in order, as two parallel lists."""

    values: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)


class JobStatus(StrEnum):
    CREATED = "Created"
    PENDING = "Pending"
    IN_PROGRESS = "InProgress"
    STOPPING = "Stopping"
    STOPPED = "Stopped"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"
    EXPIRED = "Expired"


@dataclass(slots=True)
class ImportResult:
    imported: int = 0
    skipped: int = 0
    failed: int = 0
    log: list[str] = field(default_factory=list)   # the lines AWS writes to CloudWatch Logs

    def record(self, outcome: str, line: int, text: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)
        label = {"imported": "SUCCEEDED", "skipped": "SKIPPED", "failed": "FAILED"}[outcome]
        self.log.append(f"[{label}] Line Number {line} - {text}")


@dataclass(slots=True)
class UserImportJob:
    id: str
    name: str
    pool_id: str
    role_arn: str
    created: datetime
    upload_base: str                          # where the pre-signed URL points (server or Cognito host)
    upload_signature: str                     # the random token the URL carries and the upload must show
    hashing_algorithm: str | None = None      # PasswordHashingAlgorithm, as given (stored, see DESIGN note)
    status: JobStatus = JobStatus.CREATED
    started: datetime | None = None
    completed: datetime | None = None
    imported: int = 0
    skipped: int = 0
    failed: int = 0
    message: str | None = None
    csv: bytes | None = None
    etag: str | None = None
    outcome: tuple[JobStatus, ImportResult | None, str, datetime] | None = None   # done, not yet looked at
    log: list[str] = field(default_factory=list)                       # CloudWatch-style lines
