"""Load a state file: every object is created through the real handlers (``dispatch.call``), so
validation and defaults are AWS's, into a fresh store; only when all of it succeeded is the result
merged into the live store. A bad member raises SeedError naming its path and nothing changes.

Extensions to the AWS input shapes are few: the ids a file may fix (a pool's ``Id``, a client's
``ClientId`` and ``ClientSecret``, an identity pool's ``IdentityPoolId``, a user's ``sub`` attribute),
handed out by the seeding store's id source when the handler asks for a new one, a pool's
``SigningKey`` (its RSA private key in PEM, as exported, so its JWKS and the tokens it signed stay
valid), and a user's ``Password`` (permanent), ``PasswordHash`` (cognito-mock's stored form, as
exported), ``UserStatus``, ``Enabled`` and ``Groups``.
"""
from __future__ import annotations

import gc
from collections.abc import Iterable
from typing import Any

from .. import dispatch
from ..api.idp.users.parse import attribute_dict
from ..backend.idp import trigger_events
from ..backend.idp.auth import keys
from ..backend.idp.models import UserPool, UserStatus
from ..backend.idp.pools import pools
from ..backend.idp.users import passwords, user_index, users
from ..backend.store import DEFAULT_ACCOUNT, Store
from ..errors import AwsError
from ..support import memory
from ..support.clock import Clock
from ..wire.model import IDENTITY, IDP
from ..wire.validate import validate
from .shapes import InertTriggers, SeedError, SeedIds, check_entries, check_list, check_members, member_path, members

POOL_EXTRAS = frozenset({"Id", "Clients", "Domain", "CustomDomain", "Groups", "Users", "ResourceServers",
                         "IdentityProviders", "MfaConfig", "SigningKey"})
USER_EXTRAS = frozenset({"Password", "PasswordHash", "UserStatus", "Enabled", "Groups"})
USER_SKIPPED = frozenset({"UserPoolId", "MessageAction", "DesiredDeliveryMediums"})   # seeded users get no invitation
STATUSES = ("CONFIRMED", "UNCONFIRMED", "FORCE_CHANGE_PASSWORD", "RESET_REQUIRED")
# what the bulk path (``Seeder.bulk_user``) takes; a user with any other member (Groups, ForceAliasCreation,
# ClientMetadata, ...) goes through the handlers one call at a time
BULK = frozenset({"Username", "UserAttributes", "TemporaryPassword", "Password", "PasswordHash", "UserStatus",
                  "Enabled"})
UNIQUE = ("user_pools", "clients", "domains", "identity_pools")     # indexes whose keys a load must not reuse


def load(store: Store, data: Any, *, account: str = DEFAULT_ACCOUNT, region: str = "us-east-1") -> dict[str, int]:
    """Create what ``data`` (a parsed state file) describes in ``store``; all or nothing. Returns counts."""
    fresh = Store()
    fresh.env.clock = Clock().freeze(store.env.clock.now())   # one instant for the whole load (shared datetimes)
    fresh.env.ids = SeedIds()
    fresh.env.triggers = InertTriggers()
    counts = Seeder(fresh, account, region).run(data)
    merge(store, fresh)
    memory.give_back(counts["Users"])
    return counts


class Seeder:
    def __init__(self, store: Store, account: str, region: str) -> None:
        self.store, self.account, self.region = store, account, region
        self.ids: SeedIds = store.env.ids      # type: ignore[assignment]
        self.counts = {"UserPools": 0, "Clients": 0, "Users": 0, "IdentityPools": 0}
        self.fixed_subs: dict[str, set[str]] = {}      # pool id -> the subs the file fixes (each once a pool)

    def run(self, data: Any) -> dict[str, int]:
        check_members("", data, frozenset({"UserPools", "IdentityPools"}), "a state file")
        for i, spec in enumerate(check_list("UserPools", data.get("UserPools", []))):
            self.user_pool(f"UserPools[{i}]", spec)
        for i, spec in enumerate(check_list("IdentityPools", data.get("IdentityPools", []))):
            self.identity_pool(f"IdentityPools[{i}]", spec)
        return self.counts

    # -- the one way in: a real handler, its error named by path ---------------------------------
    def call(self, path: str, service: str, action: str, spec: dict, extra: dict | None = None,
             region: str | None = None) -> dict:
        params = {**spec, **(extra or {})}
        try:
            result = dispatch.call(self.store, service, action, params, account=self.account,
                                   region=region or self.region)
        except AwsError as err:
            self.ids.unused()
            where = member_path(err, service, action, params, set(spec))
            raise SeedError(path + where, f"{err.code}: {err.message} ({action})") from None
        left = self.ids.unused()
        if left:        # a fixed id the handler never asked for: a bug of ours, never silently dropped
            raise SeedError(path, f"{action} did not take the fixed id ({', '.join(left)})")
        return result

    def fixed_id(self, path: str, service: str, operation: str, member: str, value: Any, index: str) -> str:
        """Check a fixed id against the model's constraints for ``member`` (in ``operation``, which
        takes at most a pool id beside it) and that it is free."""
        try:
            validate(service, operation, {**({"UserPoolId": "us-east-1_a"} if member == "ClientId" else {}),
                                          member: value})
        except AwsError as err:
            raise SeedError(path, f"{err.code}: {err.message}") from None
        if value in getattr(self.store.index, index):
            raise SeedError(path, f"{value!r} is used twice in this file")
        return value

    # -- user pools ----------------------------------------------------------------------------
    def user_pool(self, path: str, spec: Any) -> None:
        check_members(path, spec, members(IDP, "CreateUserPool") | POOL_EXTRAS, "CreateUserPool members")
        region = self.region
        if "Id" in spec:
            pool_id = self.fixed_id(f"{path}.Id", IDP, "DescribeUserPool", "UserPoolId", spec["Id"], "user_pools")
            region = pool_id.split("_", 1)[0]
            self.ids.expect("user_pool_id", pool_id)
        params = {k: v for k, v in spec.items() if k not in POOL_EXTRAS}
        mfa = spec.get("MfaConfig")
        if mfa is not None:          # MFA ON with TOTP only is reached through SetUserPoolMfaConfig
            params.pop("MfaConfiguration", None)
        pool_id = self.call(path, IDP, "CreateUserPool", params, region=region)["UserPool"]["Id"]
        self.counts["UserPools"] += 1
        if "SigningKey" in spec:
            self.signing_key(f"{path}.SigningKey", spec["SigningKey"], pool_id)
        on_pool = {"UserPoolId": pool_id}
        if mfa is not None:
            self.call(f"{path}.MfaConfig", IDP, "SetUserPoolMfaConfig",
                      check_members(f"{path}.MfaConfig", mfa, members(IDP, "SetUserPoolMfaConfig") - {"UserPoolId"},
                                    "SetUserPoolMfaConfig members"), on_pool, region)
        self.each(path, spec, "ResourceServers", "CreateResourceServer", on_pool, region)
        self.each(path, spec, "IdentityProviders", "CreateIdentityProvider", on_pool, region)
        for i, client in enumerate(check_list(f"{path}.Clients", spec.get("Clients", []))):
            self.client(f"{path}.Clients[{i}]", client, pool_id, region)
        self.domains(path, spec, on_pool, region)
        self.each(path, spec, "Groups", "CreateGroup", on_pool, region)
        self.users(path, check_entries(f"{path}.Users", spec.get("Users", [])), pool_id, region)

    def signing_key(self, path: str, pem: Any, pool_id: str) -> None:
        try:
            key = keys.from_pem(pem if isinstance(pem, str) else "")
        except ValueError:
            raise SeedError(path, "expected an RSA private key (2048 bits or more) in PEM, as `export` writes it") from None
        pools.locate(self.store, pool_id).auth.signing_key = key

    def each(self, path: str, spec: dict, member: str, action: str, on_pool: dict, region: str) -> None:
        for i, item in enumerate(check_list(f"{path}.{member}", spec.get(member, []))):
            where = f"{path}.{member}[{i}]"
            allowed = members(IDP, action) - {"UserPoolId"}
            self.call(where, IDP, action, check_members(where, item, allowed, f"{action} members"), on_pool, region)

    def domains(self, path: str, spec: dict, on_pool: dict, region: str) -> None:
        allowed = members(IDP, "CreateUserPoolDomain") - {"UserPoolId"}
        for member in ("Domain", "CustomDomain"):
            value = spec.get(member)
            if value is None:
                continue
            params = {"Domain": value} if isinstance(value, str) else check_members(
                f"{path}.{member}", value, allowed, "a domain name or CreateUserPoolDomain members")
            self.call(f"{path}.{member}", IDP, "CreateUserPoolDomain", params, on_pool, region)

    def client(self, path: str, spec: Any, pool_id: str, region: str) -> None:
        allowed = (members(IDP, "CreateUserPoolClient") - {"UserPoolId"}) | {"ClientId", "ClientSecret"}
        check_members(path, spec, allowed, "CreateUserPoolClient members")
        params = {k: v for k, v in spec.items() if k not in ("ClientId", "ClientSecret")}
        if "ClientId" in spec:
            self.ids.expect("client_id", self.fixed_id(f"{path}.ClientId", IDP, "DescribeUserPoolClient", "ClientId",
                                                       spec["ClientId"], "clients"))
        if "ClientSecret" in spec:
            secret = spec["ClientSecret"]
            if not isinstance(secret, str) or not secret or len(secret) > 64 or not secret.replace("+", "").isalnum():
                raise SeedError(f"{path}.ClientSecret", "expected 1 to 64 letters, digits and '+' (a client secret)")
            if spec.get("GenerateSecret") is False:
                raise SeedError(f"{path}.ClientSecret", "a ClientSecret needs GenerateSecret true (or left out)")
            params["GenerateSecret"] = True
            self.ids.expect("client_secret", secret)
        self.call(path, IDP, "CreateUserPoolClient", params, {"UserPoolId": pool_id}, region)
        self.counts["Clients"] += 1

    # -- users ---------------------------------------------------------------------------------
    def users(self, path: str, specs: Iterable, pool_id: str, region: str) -> None:
        """A pool's users: the plain ones (members in BULK) straight through the users domain, their
        ListUsers entries sorted in once at the end; the others through the handlers."""
        pool = pools.locate(self.store, pool_id)
        batch, passed = user_index.Batch(pool), set()
        collecting = gc.isenabled()
        gc.disable()        # a million new objects would set off full collections that find no garbage
        try:
            for i, spec in enumerate(specs):
                if isinstance(spec, dict) and spec.keys() <= BULK:
                    self.bulk_user(f"{path}.Users[{i}]", spec, pool, batch, passed)
                else:
                    batch.close()
                    self.user(f"{path}.Users[{i}]", spec, pool_id, region)
        finally:
            batch.close()
            if collecting:
                gc.enable()

    def user_params(self, path: str, spec: Any, pool: UserPool) -> tuple[dict, str | None]:
        """The AdminCreateUser members of a user (a fixed sub handed to the id source) and its UserStatus."""
        allowed = (members(IDP, "AdminCreateUser") - USER_SKIPPED) | USER_EXTRAS
        check_members(path, spec, allowed, "AdminCreateUser members, Password, PasswordHash, UserStatus, Enabled, Groups")
        params = {k: v for k, v in spec.items() if k not in USER_EXTRAS}
        attributes = check_list(f"{path}.UserAttributes", params.get("UserAttributes", []))
        subs = [a.get("Value") for a in attributes if isinstance(a, dict) and a.get("Name") == "sub"]
        if subs:
            params["UserAttributes"] = [a for a in attributes if not (isinstance(a, dict) and a.get("Name") == "sub")]
            fixed = self.fixed_subs.setdefault(pool.id, set())
            if not isinstance(subs[0], str) or not subs[0] or subs[0] in fixed:
                raise SeedError(f"{path}.UserAttributes", f"sub {subs[0]!r} is empty or used twice in this pool")
            fixed.add(subs[0])
            self.ids.expect("uuid", subs[0])
        status = spec.get("UserStatus")
        if status is not None and status not in STATUSES:
            raise SeedError(f"{path}.UserStatus", f"expected one of {', '.join(STATUSES)}")
        if "Password" in spec and "PasswordHash" in spec:
            raise SeedError(f"{path}.PasswordHash", "give Password or PasswordHash, not both")
        return params, status

    def bulk_user(self, path: str, spec: dict, pool: UserPool, batch: user_index.Batch, passed: set[str]) -> None:
        """What ``user`` does for a plain user, with the same checks (the wire model's for AdminCreateUser and
        AdminSetUserPassword, the schema, the password policy, free username and aliases, PreSignUp), without
        a handler call per step. No client can tell: a user given a Password gets it at once instead of after a
        temporary one nobody saw (which ``user`` leaves, unknowable, in the password history)."""
        params, status = self.user_params(path, spec, pool)
        env = self.store.env
        full = {**params, "UserPoolId": pool.id, "MessageAction": "SUPPRESS"}
        try:
            validate(IDP, "AdminCreateUser", full)
            temporary = params.get("TemporaryPassword")
            if temporary is not None and temporary not in passed:
                passwords.check_policy(pool.password_policy, temporary)
                passed.add(temporary)
            user = users.new_user(env, pool, params["Username"], attribute_dict(params.get("UserAttributes")),
                                  UserStatus.FORCE_CHANGE_PASSWORD)
            users.check_free(pool, user, exists_message=users.ADMIN_EXISTS)
            trigger_events.pre_sign_up(env, pool, "PreSignUp_AdminCreateUser", user)
        except AwsError as err:
            self.ids.unused()
            raise SeedError(path + member_path(err, IDP, "AdminCreateUser", full, set(spec)),
                            f"{err.code}: {err.message} (AdminCreateUser)") from None
        password = spec.get("Password")
        if password is not None and not (password.__class__ is str and password in passed):   # (Username: checked)
            full = {"Password": password, "UserPoolId": pool.id, "Username": user.username, "Permanent": True}
            try:
                validate(IDP, "AdminSetUserPassword", full)
                passwords.check_policy(pool.password_policy, password)
                passed.add(password)
            except AwsError as err:
                self.ids.unused()
                raise SeedError(f"{path}.Password" + member_path(err, IDP, "AdminSetUserPassword", full, {"Password"}),
                                f"{err.code}: {err.message} (AdminSetUserPassword)") from None
        if self.ids.unused():
            raise SeedError(path, "AdminCreateUser did not take the fixed id (uuid)")
        now = env.clock.now()
        if password is not None:
            passwords.set_password(env.ids, pool.id, user, password, now)
            user.status = UserStatus.CONFIRMED
        elif "PasswordHash" in spec:
            try:
                passwords.restore(user, spec["PasswordHash"] if isinstance(spec["PasswordHash"], str) else "", now)
            except ValueError as exc:
                raise SeedError(f"{path}.PasswordHash", str(exc)) from None
            user.status = UserStatus.CONFIRMED
        else:
            passwords.set_password(env.ids, pool.id, user, temporary or passwords.temporary_password(
                env.ids, pool.password_policy), now)
        if status is not None:
            user.status = UserStatus[status]
        enabled = spec.get("Enabled", True)
        if not isinstance(enabled, bool):
            raise SeedError(f"{path}.Enabled", "expected true or false")
        user.enabled = enabled
        users.add(pool, user, exists_message=users.ADMIN_EXISTS, batch=batch)
        self.counts["Users"] += 1

    def user(self, path: str, spec: Any, pool_id: str, region: str) -> None:
        pool = pools.locate(self.store, pool_id)
        params, status = self.user_params(path, spec, pool)
        created = self.call(path, IDP, "AdminCreateUser", params, {"UserPoolId": pool_id, "MessageAction": "SUPPRESS"},
                            region)
        username = created["User"]["Username"]
        on_user = {"UserPoolId": pool_id, "Username": username}
        if "Password" in spec:
            self.call(f"{path}.Password", IDP, "AdminSetUserPassword", {"Password": spec["Password"]},
                      {**on_user, "Permanent": True}, region)
        user = users.find(pool, username)
        if "PasswordHash" in spec:
            try:
                passwords.restore(user, spec["PasswordHash"] if isinstance(spec["PasswordHash"], str) else "",
                                  self.store.env.clock.now())
            except ValueError as exc:
                raise SeedError(f"{path}.PasswordHash", str(exc)) from None
            users.set_status(self.store.env, pool, user, UserStatus[status or "CONFIRMED"])
        elif status is not None and user.status.value != status:
            users.set_status(self.store.env, pool, user, UserStatus[status])
        enabled = spec.get("Enabled", True)
        if not isinstance(enabled, bool):
            raise SeedError(f"{path}.Enabled", "expected true or false")
        if not enabled:
            self.call(path, IDP, "AdminDisableUser", {}, on_user, region)
        for i, group in enumerate(check_list(f"{path}.Groups", spec.get("Groups", []))):
            self.call(f"{path}.Groups[{i}]", IDP, "AdminAddUserToGroup", {"GroupName": group}, on_user, region)
        self.counts["Users"] += 1

    # -- identity pools ------------------------------------------------------------------------
    def identity_pool(self, path: str, spec: Any) -> None:
        roles = members(IDENTITY, "SetIdentityPoolRoles") - {"IdentityPoolId"}
        check_members(path, spec, members(IDENTITY, "CreateIdentityPool") | roles | {"IdentityPoolId"},
                      "CreateIdentityPool members, IdentityPoolId, Roles, RoleMappings")
        region = self.region
        if "IdentityPoolId" in spec:
            pool_id = self.fixed_id(f"{path}.IdentityPoolId", IDENTITY, "DescribeIdentityPool", "IdentityPoolId",
                                    spec["IdentityPoolId"], "identity_pools")
            region = pool_id.split(":", 1)[0]
            self.ids.expect("identity_pool_id", pool_id)
        params = {k: v for k, v in spec.items() if k not in roles and k != "IdentityPoolId"}
        pool_id = self.call(path, IDENTITY, "CreateIdentityPool", params, region=region)["IdentityPoolId"]
        given = {k: v for k, v in spec.items() if k in roles}
        if given:
            self.call(path, IDENTITY, "SetIdentityPoolRoles", given, {"IdentityPoolId": pool_id}, region)
        self.counts["IdentityPools"] += 1


def merge(store: Store, fresh: Store) -> None:
    """Add what ``fresh`` holds to ``store``, after checking that no id or domain is taken there.
    The caller (the handle, the server) holds ``store``'s lock."""
    for name in UNIQUE:
        taken = getattr(store.index, name).keys() & getattr(fresh.index, name).keys()
        if taken:
            raise SeedError("", f"already in the emulator: {', '.join(sorted(taken))} (reset it first)")
    for (account, region), state in fresh._regions.items():
        target = store.region(account, region)
        target.user_pools.update(state.user_pools)
        target.identity_pools.update(state.identity_pools)
        target.sync.update(state.sync)
    for name in fresh.index.__slots__:
        mine = getattr(store.index, name)
        for key, value in getattr(fresh.index, name).items():
            mine.setdefault(key, value)
