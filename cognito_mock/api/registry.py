"""The (service, action) -> handler table, and the Context every handler receives."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..backend.idp.auth.issuer import issuer
from ..backend.store import Env, RegionState, Store
from ..wire.model import operation_names

IDP = "cognito-idp"
IDENTITY = "cognito-identity"
SYNC = "cognito-sync"

Handler = Callable[["Context", dict[str, Any]], dict[str, Any]]
ACTIONS: dict[str, dict[str, Handler]] = {IDP: {}, IDENTITY: {}, SYNC: {}}
Hook = Callable[["Context", dict[str, Any]], None]
BEFORE: list[Hook] = []    # run by dispatch before every handler, under the store's lock


READ_PREFIXES = ("Describe", "List", "Get", "AdminGet", "AdminList")
# actions named like reads that change state (tests/conformance/test_persistence_reads.py finds them)
CHANGES_STATE = frozenset({
    (IDENTITY, "GetId"), (IDENTITY, "GetCredentialsForIdentity"), (IDENTITY, "GetOpenIdToken"),
    (IDENTITY, "GetOpenIdTokenForDeveloperIdentity"), (IDP, "GetTokensFromRefreshToken"),
    (IDP, "DescribeUserImportJob"), (IDP, "ListUserImportJobs"),   # a started job shows its result when looked at
    (SYNC, "ListRecords"),                                          # opens a sync session
    (IDP, "GetUserAttributeVerificationCode"),                      # sends a code
    (IDP, "GetSigningCertificate"),                                 # made on first use
    (IDP, "GetClientToken"),                                        # a client-credentials grant
    (IDP, "DescribePointInTimeRecovery"),                           # a recovery moves on when looked at
    (IDP, "AdminListUserSessions"), (IDP, "ListUserSessions"),      # expired sessions are dropped
    (SYNC, "GetIdentityPoolConfiguration"), (SYNC, "GetBulkPublishDetails"),   # made / moved on when looked at
})


def read_only(service: str, action: str) -> bool:
    """Whether ``action`` only reads: persistence need not look for changes after it."""
    return action.startswith(READ_PREFIXES) and (service, action) not in CHANGES_STATE


def before_every_action(fn: Hook) -> Hook:
    """Run ``fn(ctx, params)`` before every action's handler (after validation). A hook that
    raises answers the call with that error; one that finds nothing to do must cost O(1)."""
    BEFORE.append(fn)
    return fn


def action(service: str, name: str) -> Callable[[Handler], Handler]:
    """Register ``fn`` as the handler of AWS action ``name`` of ``service``.

    An action the installed botocore's model does not have is not offered (it could not be
    validated, and no client of that botocore can call it), so ``ACTIONS`` is always a subset of
    the installed models' operations whatever botocore release is installed.
    """

    def register(fn: Handler) -> Handler:
        if name not in operation_names(service):
            return fn
        table = ACTIONS[service]
        if name in table:
            raise RuntimeError(f"{service}:{name} registered twice ({table[name].__module__}, {fn.__module__})")
        table[name] = fn
        return fn

    return register


@dataclass(slots=True)
class Context:
    """One call: who, where, and the state to act on. Handlers never see bytes or headers."""

    store: Store
    service: str
    action: str
    account: str
    region: str
    request_id: str
    base_url: str | None = None   # the server's own base URL in server mode; None in-process

    @property
    def env(self) -> Env:
        return self.store.env

    @property
    def state(self) -> RegionState:
        return self.store.region(self.account, self.region)

    def issuer(self, pool_id: str) -> str:
        """The ``iss`` of tokens minted for ``pool_id`` (the server's public URL in server mode)."""
        return issuer(pool_id, self.base_url)
