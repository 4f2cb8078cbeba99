"""User-pool users and their sign-in state: users, MFA, passkeys, linked identities, codes,
devices, refresh grants, sessions. Slotted dataclasses and StrEnums; no I/O, no AWS field names."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..security.models import AuthEventLog



class UserStatus(StrEnum):
    UNCONFIRMED = "UNCONFIRMED"
    CONFIRMED = "CONFIRMED"
    FORCE_CHANGE_PASSWORD = "FORCE_CHANGE_PASSWORD"
    RESET_REQUIRED = "RESET_REQUIRED"
    EXTERNAL_PROVIDER = "EXTERNAL_PROVIDER"


@dataclass(slots=True)
class User:
    """A user. Its containers (groups, devices, sessions, ...) are kept as None until first used (a million
    users mostly have none of them): read and change them through the properties of the same name without
    the underscore, which make the container on first access; ``peek(name)`` reads one without making it."""

    username: str
    sub: str
    attributes: dict[str, str]          # replaced, never changed in place, once stored (history images share it)
    status: UserStatus
    created: datetime
    modified: datetime
    enabled: bool = True
    password_salt: bytes = b""
    password_hash: bytes = b""          # the SRP private value x = H(salt | H(realm username ":" password))
    password_set_at: float = 0.0
    srp_verifier: int = 0               # g^x mod N, derived from password_hash on first SRP use
    _password_history: list[tuple[bytes, bytes]] | None = None   # (salt, hash), newest last
    _codes: dict[str, "IssuedCode"] | None = None                # purpose -> the code out for it
    failed_sign_ins: int = 0
    locked_until: float = 0.0
    _pending_attributes: dict[str, str] | None = None   # new email/phone awaiting verification
    _groups: set[str] | None = None                     # group names (membership.py)
    _devices: dict[str, "Device"] | None = None         # device key -> Device
    device_group_key: str | None = None
    _identities: list["LinkedIdentity"] | None = None   # external identities (federation.py)
    _sign_ins: set[str] | None = None                   # origin_jti of live sign-ins
    password_sign_in_disabled: bool = False   # AdminDisableProviderForUser with ProviderName "Cognito"
    mfa: "UserMfa | None" = None              # MFA settings (mfa.py); None until the user has any
    _passkeys: list["Passkey"] | None = None            # WebAuthn credentials (webauthn.py)
    passkey_registration: "PasskeyRegistration | None" = None       # StartWebAuthnRegistration's challenge
    auth_events: AuthEventLog | None = None   # None until threat protection logs one (auth_events.py)
    _sessions: dict[str, "UserSession"] | None = None       # session id -> tracked session (user_sessions.py)
    _session_of_sign_in: dict[str, str] | None = None       # origin_jti -> its token session's id

    def peek(self, name: str):
        """The container ``name`` (``"groups"``, ``"devices"``, ...) or None when never made: for
        readers that must not make one (history images, exports)."""
        return getattr(self, "_" + name)


def _lazy(name: str, factory) -> property:
    slot = "_" + name

    def get(user: User):
        value = getattr(user, slot)
        if value is None:
            value = factory()
            setattr(user, slot, value)
        return value

    def put(user: User, value) -> None:
        setattr(user, slot, value)

    return property(get, put, doc=f"the user's {name} (made empty on first access)")


LAZY = {"password_history": list, "codes": dict, "pending_attributes": dict, "groups": set, "devices": dict,
        "identities": list, "sign_ins": set, "passkeys": list, "sessions": dict, "session_of_sign_in": dict}
for _name, _factory in LAZY.items():
    setattr(User, _name, _lazy(_name, _factory))


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
