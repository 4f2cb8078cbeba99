"""The live state <-> records (path, key, text): what is a record of its own, and how state is rebuilt.

A record is one entry of a *tracked map*. The tracked maps are listed here (``TRACKED``), by the
class that holds them and the attribute chain to them; each gets a path from where it sits:

    regions                                   the (account, region) -> RegionState map
    regions/123456789012,us-east-1/user_pools     that region's user pools
    regions/.../user_pools/us-east-1_Ab/users     that pool's users, one record per user
    regions/.../user_pools/us-east-1_Ab/auth.refresh_tokens   ...

plus two single records under the path "": ``index`` (the global indexes, whose maps are tracked)
and ``env`` (the clock, the emulator's secret, used-once ids, emulated providers); the outbox is an
append-only list of records at path "outbox". An entry's record holds the entry with each tracked map inside it
replaced by a reference (``{"$ref": path}``), so writing a pool never writes its users. Deleting an
entry deletes the records below its path. Derived indexes (``EXCLUDED``) are not stored: they are
rebuilt from the entities on load.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ...support.tracking import Journal, TrackedMap
from .codec import Encoder, _object_hook

# class name -> attribute chains (relative to an instance) of the maps stored one record per entry
TRACKED: dict[str, tuple[tuple[str, ...], ...]] = {
    "RegionState": (("user_pools",), ("identity_pools",), ("sync",)),
    "UserPool": (("users",), ("aliases",), ("devices",), ("import_jobs",), ("schema",),
                 ("recovery", "user_versions"), ("recovery", "group_versions"), ("recovery", "appeared"),
                 ("recovery", "recoveries"),
                 ("clients", "by_id"), ("groups", "by_name"), ("groups", "members"),
                 ("auth", "sessions"), ("auth", "refresh_tokens"), ("oauth", "codes"), ("oauth", "granted"),
                 ("federation", "federated_links")),
    "IdentityPool": (("identities",), ("logins",), ("developer_users",)),
    "SyncPool": (("datasets",), ("deleted",), ("merged",), ("sessions",), ("identity_sessions",), ("devices",),
                 ("device_keys",), ("identity_devices",)),
    "Indexes": tuple((name,) for name in ("user_pools", "clients", "domains", "identity_pools", "identities",
                                          "identity_keys", "aws_credentials", "managed_secrets", "elb_keys")),
    "Env": (("emulated_idps",), ("used_once",)),
}
# the tracked maps whose values are replaced, never changed in place once stored (by the last name of
# their chain): reading them notes nothing (a pool's schema is read by most calls, written by two)
WRITE_NOTED = frozenset({"schema"})
# class name -> fields never stored (rebuilt on load by ``rebuild``)
EXCLUDED: dict[str, frozenset[str]] = {
    "UserPool": frozenset({"search"}),
    "PoolHistory": frozenset({"seen_groups", "touched"}),   # images at the last flush / at first touch since
    "RegionState": frozenset({"index"}),
    "Env": frozenset({"clock", "ids", "outbox", "triggers", "provider_keys", "outside_lock", "only_looking",
                      "looking"}),
}

# class name -> dict fields whose entries that are None or an empty container are not written (made
# empty on first read by the entity's own accessors: an empty one is the same as none)
COMPACT: dict[str, frozenset[str]] = {"User": frozenset({"_more", "_password_history"})}


def segment(key: Any) -> str:
    """A key as one path segment (no "/")."""
    text = key if type(key) is str else record_key(key)
    return text.replace("%", "%25").replace("/", "%2F")


def record_key(key: Any) -> str:
    """A map key as the record's key column: strings as they are, anything else as tagged JSON."""
    if type(key) is str:
        return key if key[:1] != "$" else "$" + json.dumps(key)
    return "$" + json.dumps(Encoder().encode(key), separators=(",", ":"))


def key_of(text: str, decode) -> Any:
    if text[:1] != "$":
        return text
    value = decode(text[1:])
    return value


class Layout:
    """Turns entries into record texts and back, keeping tracked maps as records of their own."""

    __slots__ = ("journal", "encoder", "fresh")

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.encoder = Encoder(EXCLUDED, COMPACT)
        self.fresh: list[TrackedMap] = []     # maps made tracked since the last commit: write them whole

    # --- writing ------------------------------------------------------------------------------
    def track(self, holder: Any, path: str) -> None:
        """Make the tracked maps inside ``holder`` (whose own path is ``path``) TrackedMaps at their
        paths. A plain dict (a new entity, or a map an action replaced) becomes tracked and is
        written whole; one already tracked at another path (moved) is copied to this one."""
        for chain in TRACKED.get(type(holder).__name__, ()):
            parent = holder
            for name in chain[:-1]:
                parent = getattr(parent, name)
            if parent is None:                  # an optional part not made yet (a pool's recovery history)
                continue
            current = getattr(parent, chain[-1])
            where = f"{path}/{'.'.join(chain)}" if path else ".".join(chain)
            if type(current) is TrackedMap and current.path == where and current.journal is self.journal:
                continue
            tracked = TrackedMap(dict.items(current) if current is not None else (), path=where, journal=self.journal,
                                 reads=chain[-1] not in WRITE_NOTED, watch=getattr(current, "watch", None))
            object.__setattr__(parent, chain[-1], tracked)
            self.fresh.append(tracked)

    def text(self, value: Any, path: str) -> str:
        """The record text of ``value``, an entry whose own path is ``path``."""
        self.track(value, path)
        return json.dumps(self.encoder.encode(value), separators=(",", ":"), ensure_ascii=True)

class Reader:
    """Decodes record texts; references become TrackedMaps, filled once every record is read."""

    __slots__ = ("journal", "maps", "referenced", "_decoder")

    def __init__(self, journal: Journal) -> None:
        self.journal = journal
        self.maps: dict[str, TrackedMap] = {}
        self.referenced: set[str] = set()       # paths some record refers to (the others are left over)
        self._decoder = json.JSONDecoder(object_hook=self.hook)

    def hook(self, obj: dict) -> Any:
        if obj and next(iter(obj)) == "$ref":
            path = obj["$ref"]
            self.referenced.add(path)
            tracked = self.maps.get(path)
            if tracked is None:
                tracked = self.maps[path] = _made(path, self.journal)
            return tracked
        return _object_hook(obj)

    def decode(self, text: str) -> Any:
        return self._decoder.decode(text)

    def fill(self, rows: Iterable[tuple[str, str, str]], singles: dict[str, Any]) -> None:
        """Put each row's entry into its map (``singles`` for path ""). A map no record refers to
        (the rows of an entry replaced in a way that left them behind) is in ``maps`` but not in
        ``referenced``."""
        for path, key, text in rows:
            value = self.decode(text)
            if path == "":
                singles[key] = value
                continue
            tracked = self.maps.get(path)
            if tracked is None:
                tracked = self.maps[path] = _made(path, self.journal)
            dict.__setitem__(tracked, key_of(key, self.decode), value)


def _made(path: str, journal: Journal) -> TrackedMap:
    return TrackedMap(path=path, journal=journal, reads=path.rsplit("/", 1)[-1].rsplit(".", 1)[-1] not in WRITE_NOTED)


def walk_prefix(path: str, key: Any) -> str:
    """The path prefix under which the records of the entry ``key`` of the map at ``path`` live."""
    return f"{path}/{segment(key)}/"


__all__ = ["TRACKED", "EXCLUDED", "COMPACT", "WRITE_NOTED", "Layout", "Reader", "record_key", "segment", "walk_prefix"]
