"""Export the state in the state-file format (``GET /_mock/state``, ``cognito.dump()``, ``cognito-mock
export``): what the Describe/List/Get actions answer, kept to the members the matching Create/Set
action takes, plus the fixed ids, each user's stored password (``PasswordHash``) and each pool's token
signing key (``SigningKey``, once it has one), so the export seeds an equal state again: same users,
same JWKS. Secrets are included: this is a local tool.

Not exported: federated (EXTERNAL_PROVIDER) users, users' MFA settings and devices, identities,
sign-ins and tokens, the outbox; branding, threat protection and other per-pool settings not named
in the format.
"""
from __future__ import annotations

import json
from typing import Any

from .. import dispatch
from ..backend.idp.auth import keys
from ..backend.idp.pools import pools
from ..backend.idp.users import passwords, users
from ..backend.store import DEFAULT_ACCOUNT, Store
from ..wire import json_protocol
from ..wire.model import IDENTITY, IDP
from .shapes import members

USERNAME_FROM = ("email", "phone_number")       # what a user of an email/phone-username pool is created with


def dump(store: Store, *, account: str = DEFAULT_ACCOUNT) -> dict[str, Any]:
    """The caller (the handle, ``GET /_mock/state``) holds the store's lock: one consistent state."""
    exporter = Exporter(store, account)
    user_pools = [exporter.user_pool(pool_id, region) for pool_id, (acct, region)
                  in sorted(store.index.user_pools.items()) if acct == account]
    identity_pools = [exporter.identity_pool(pool_id, region) for pool_id, (acct, region)
                      in sorted(store.index.identity_pools.items()) if acct == account]
    return {"UserPools": user_pools, "IdentityPools": identity_pools}


def only(values: dict, service: str, action: str, *, drop: tuple[str, ...] = ()) -> dict:
    allowed = members(service, action)
    return {k: v for k, v in values.items() if k in allowed and k not in drop}


class Exporter:
    def __init__(self, store: Store, account: str) -> None:
        self.store, self.account = store, account

    def call(self, service: str, action: str, params: dict, region: str) -> dict:
        """The action's answer as JSON (timestamps as the wire sends them)."""
        raw = dispatch.call(self.store, service, action, params, account=self.account, region=region)
        return json.loads(json_protocol.encode_result(raw) or b"{}")

    def listing(self, action: str, params: dict, region: str, key: str, limit: str = "MaxResults",
                size: int = 60, token: str = "NextToken") -> list[dict]:
        items, params = [], {**params, limit: size}
        while True:
            page = self.call(IDP, action, params, region)
            items.extend(page.get(key, []))
            if not page.get(token):
                return items
            params[token] = page[token]

    # -- user pools ----------------------------------------------------------------------------
    def user_pool(self, pool_id: str, region: str) -> dict:
        on_pool = {"UserPoolId": pool_id}
        described = self.call(IDP, "DescribeUserPool", on_pool, region)["UserPool"]
        out = {"Id": pool_id, "PoolName": described["Name"],
               **only(described, IDP, "CreateUserPool", drop=("PoolName", "Schema"))}
        schema = [schema_entry(a) for a in described.get("SchemaAttributes", []) if exported_attribute(a)]
        if schema:
            out["Schema"] = schema
        if described.get("MfaConfiguration", "OFF") != "OFF":
            mfa = self.call(IDP, "GetUserPoolMfaConfig", on_pool, region)
            out["MfaConfig"] = only(mfa, IDP, "SetUserPoolMfaConfig", drop=("UserPoolId",))
            out.pop("MfaConfiguration", None)
        servers = self.listing("ListResourceServers", on_pool, region, "ResourceServers", size=50)
        if servers:
            out["ResourceServers"] = [only(s, IDP, "CreateResourceServer", drop=("UserPoolId",)) for s in servers]
        providers = self.listing("ListIdentityProviders", on_pool, region, "Providers")
        if providers:
            out["IdentityProviders"] = [
                only(self.call(IDP, "DescribeIdentityProvider", {**on_pool, "ProviderName": p["ProviderName"]},
                               region)["IdentityProvider"], IDP, "CreateIdentityProvider", drop=("UserPoolId",))
                for p in providers]
        clients = self.listing("ListUserPoolClients", on_pool, region, "UserPoolClients")
        out["Clients"] = [self.client(pool_id, c["ClientId"], region) for c in sorted(clients, key=lambda c: c["ClientId"])]
        for member in ("Domain", "CustomDomain"):
            if described.get(member):
                out[member] = self.domain(described[member], region)
        groups = self.listing("ListGroups", on_pool, region, "Groups", limit="Limit")
        out["Groups"] = [only(g, IDP, "CreateGroup", drop=("UserPoolId",))
                         for g in sorted(groups, key=lambda g: g["GroupName"])]
        out["Users"] = self.users(pool_id)
        key = pools.locate(self.store, pool_id).auth.signing_key
        if key is not None:           # made on first use: a pool that never signed keeps making its own
            out["SigningKey"] = keys.private_pem(key)
        return out

    def client(self, pool_id: str, client_id: str, region: str) -> dict:
        described = self.call(IDP, "DescribeUserPoolClient", {"UserPoolId": pool_id, "ClientId": client_id},
                              region)["UserPoolClient"]
        out = {"ClientId": client_id, **only(described, IDP, "CreateUserPoolClient", drop=("UserPoolId", "ClientSecret"))}
        if described.get("ClientSecret"):
            out["ClientSecret"] = described["ClientSecret"]
        return out

    def domain(self, name: str, region: str) -> str | dict:
        """A prefix domain as its name; a custom one (or one with settings) as CreateUserPoolDomain members."""
        described = self.call(IDP, "DescribeUserPoolDomain", {"Domain": name}, region)["DomainDescription"]
        out = only(described, IDP, "CreateUserPoolDomain", drop=("UserPoolId",))
        plain = {"Domain": name, "ManagedLoginVersion": 1}
        return name if out == plain or out == {"Domain": name} else out

    def users(self, pool_id: str) -> list[dict]:
        pool = pools.locate(self.store, pool_id)
        out = []
        for user in sorted(pool.users.values(), key=lambda u: u.username):
            if user.status.value == "EXTERNAL_PROVIDER":
                continue
            entry = {"Username": username_of(pool, user),
                     "UserAttributes": [{"Name": k, "Value": v} for k, v in sorted(user.attributes.items())],
                     "UserStatus": user.status.value, "Enabled": user.enabled}
            stored = passwords.stored_form(user)
            if stored:
                entry["PasswordHash"] = stored
            if user.groups:
                entry["Groups"] = sorted(user.groups)
            out.append(entry)
        return out

    # -- identity pools ------------------------------------------------------------------------
    def identity_pool(self, pool_id: str, region: str) -> dict:
        described = self.call(IDENTITY, "DescribeIdentityPool", {"IdentityPoolId": pool_id}, region)
        out = {"IdentityPoolId": pool_id, **only(described, IDENTITY, "CreateIdentityPool")}
        roles = self.call(IDENTITY, "GetIdentityPoolRoles", {"IdentityPoolId": pool_id}, region)
        out.update({k: v for k, v in only(roles, IDENTITY, "SetIdentityPoolRoles", drop=("IdentityPoolId",)).items() if v})
        return out


def exported_attribute(attribute: dict) -> bool:
    """Custom and developer-only attributes, and standard ones made required (a pool's own schema)."""
    name = attribute.get("Name", "")
    return name.startswith(("custom:", "dev:")) or (bool(attribute.get("Required")) and name != "sub")


def schema_entry(attribute: dict) -> dict:
    """A SchemaAttributes entry as CreateUserPool's Schema takes it (custom names without ``custom:``)."""
    entry = dict(attribute)
    name = entry["Name"]
    if name.startswith("custom:"):
        entry["Name"] = name[len("custom:"):]
    elif name.startswith("dev:custom:"):
        entry["Name"] = name[len("dev:custom:"):]
    return entry


def username_of(pool, user) -> str:
    """What creates ``user`` again: its username, or in a pool whose users sign in with email or phone
    (the username is then the sub), the email or phone number it carries."""
    if not pool.username_attributes:
        return user.username
    for attribute in USERNAME_FROM:
        if attribute in pool.username_attributes and user.attributes.get(attribute):
            return user.attributes[attribute]
    return users.lookup(pool, user.username).username
