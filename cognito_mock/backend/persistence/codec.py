"""Values of the emulator's state <-> JSON text, with no code ever run from the text.

State is made of slotted dataclasses, StrEnums, and plain data (str, int, float, bool, None, lists,
dicts, tuples, sets, datetimes, bytes) plus cryptography's keys and certificates. Each is written as
JSON; what JSON has no form for is an object whose first key names a tag:

    {"$dc": "User", "username": ..., ...}     a dataclass, by its class name and field names
    {"$en": "UserStatus", "v": "CONFIRMED"}   an enum member    {"$nt": "UserImage", "v": [...]}  a named tuple
    {"$dt": "2026-12-03T11:27:23.5+00:00"}    a datetime          {"$b": "base64"}   bytes
    {"$tu": [...]} {"$se": [...]} {"$fs": [...]}   tuple, set, frozenset
    {"$map": [[key, value], ...]}              a dict whose keys are not all plain strings
    {"$key": "PEM"} {"$pub": "PEM"} {"$cert": "PEM"}   a private key, public key, certificate

A class is found by name in a registry of the backend's own dataclasses and enums (``classes()``),
never imported from the text: a file naming anything else is refused. Fields are matched by name, so
adding a field with a default to an entity keeps old files readable (the default fills it); a field
the running build does not know means the file is newer (``FormatError``).
"""
from __future__ import annotations

import base64
import dataclasses
import enum
import functools
import importlib
import operator
import pkgutil
from datetime import date, datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from ...support.tracking import TrackedMap

_IMMUTABLE = frozenset({str, int, float, bool, type(None), datetime, date, timedelta, bytes})
_KEEP = 50_000          # forms kept at most (then forgotten at once: a cache, never a leak)
_PRIVATE = (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey, ed25519.Ed25519PrivateKey)
_PUBLIC = (rsa.RSAPublicKey, ec.EllipticCurvePublicKey, ed25519.Ed25519PublicKey)


class FormatError(ValueError):
    """The text is not a value this build can read (an unknown class or field, a bad tag)."""


@functools.cache
def classes() -> dict[str, type]:
    """Every dataclass, enum and named tuple defined in ``cognito_mock.backend``, by class name. Names
    must be unique: a duplicate fails here, at the first save or load."""
    from ... import backend
    found: dict[str, type] = {}
    modules = [backend.__name__] + [info.name for info in pkgutil.walk_packages(backend.__path__, f"{backend.__name__}.")]
    for name in modules:
        if name.startswith(f"{backend.__name__}.persistence"):
            continue
        module = importlib.import_module(name)
        for value in vars(module).values():
            if not isinstance(value, type) or value.__module__ != module.__name__:
                continue
            named_tuple = issubclass(value, tuple) and hasattr(value, "_fields")
            if dataclasses.is_dataclass(value) or named_tuple or (issubclass(value, enum.Enum) and value is not enum.Enum):
                other = found.setdefault(value.__name__, value)
                if other is not value:
                    raise TypeError(f"two stored classes are named {value.__name__}: {other.__module__} and "
                                    f"{value.__module__}; rename one (the store finds classes by name)")
    return found


@functools.cache
def _fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@functools.cache
def _defaults(cls: type) -> dict[str, Any]:
    """Field name -> a zero-argument function making its default (for fields a file leaves out)."""
    out = {}
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            out[f.name] = (lambda v=f.default: v)
        elif f.default_factory is not dataclasses.MISSING:
            out[f.name] = f.default_factory
    return out


@functools.cache
def _plain_defaults(cls: type) -> dict[str, Any]:
    """The fields whose default is a plain empty or false value: such a value is not written."""
    out = {}
    for f in dataclasses.fields(cls):
        if f.default_factory in (dict, list, set):
            out[f.name] = f.default_factory()
        elif f.default is not dataclasses.MISSING and (f.default is None or type(f.default) in (bool, int, float, str)):
            out[f.name] = f.default
    return out


def _pem_private(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _pem_public(key) -> str:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


class Encoder:
    """``encode(value)``: a JSON-able form of ``value``. A tracked map (kept as records of its own)
    is written as a reference to its path; fields named in ``excluded`` are written as null (the
    reader rebuilds them)."""

    __slots__ = ("excluded", "compact", "_by_type", "_pem", "_kept")

    def __init__(self, excluded: dict[str, frozenset[str]] | None = None,
                 compact: dict[str, frozenset[str]] | None = None) -> None:
        self.excluded = excluded or {}                  # class name -> fields not written
        self.compact = compact or {}                    # class name -> dict fields written without empty entries
        self._pem: dict[int, tuple[Any, dict]] = {}      # id(key object) -> (it, its form): keys never change
        self._kept: dict[int, tuple[Any, tuple, dict]] = {}   # id -> (object, its values, its form)
        self._by_type = {
            str: _same, int: _same, float: _same, bool: _same, type(None): _same,
            list: self._list, dict: self._dict, tuple: self._tuple, set: self._set, frozenset: self._frozenset,
            datetime: _datetime, bytes: _bytes, date: _date, timedelta: _timedelta,
        }

    def encode(self, value: Any) -> Any:
        kind = type(value)
        enc = self._by_type.get(kind)
        if enc is None:
            enc = self._by_type[kind] = self._encoder_for(kind)
        return enc(value)

    def _encoder_for(self, kind: type):
        """The function that encodes values of ``kind`` (made once per type: the per-value cost is one
        dict look-up and the function)."""
        if kind is TrackedMap:
            return _reference
        if dataclasses.is_dataclass(kind):
            return self._dataclass_encoder(kind)
        if issubclass(kind, enum.Enum):
            name = kind.__name__
            return lambda value: {"$en": name, "v": value.value}
        if issubclass(kind, tuple) and hasattr(kind, "_fields"):
            name = kind.__name__
            return lambda value: {"$nt": name, "v": self._list(value)}
        if issubclass(kind, dict):
            return self._dict
        return self._key_or_certificate

    def _dataclass_encoder(self, kind: type):
        """Encodes instances of ``kind``. An instance whose fields all hold immutable values (strings,
        numbers, enums, datetimes: a SchemaAttribute, a PasswordPolicy...) keeps its form, reused while
        the same object holds the same values: a pool's record is mostly such settings."""
        skip = self.excluded.get(kind.__name__, frozenset())
        compact = self.compact.get(kind.__name__, frozenset())
        names = tuple(name for name in _fields(kind) if name not in skip)
        nulls = {name: None for name in _fields(kind) if name in skip}
        head = {"$dc": kind.__name__}
        by_type = self._by_type
        encoder_for = self._encoder_for
        values_of = operator.attrgetter(*names) if len(names) > 1 else (
            (lambda value: (getattr(value, names[0]),)) if names else (lambda value: ()))
        kept = self._kept
        plain = _plain_defaults(kind)

        def encode_dataclass(value: Any) -> dict:
            values = values_of(value)
            hit = kept.get(id(value))
            if hit is not None and hit[0] is value and hit[1] == values:
                return hit[2]
            out = dict(head)
            immutable = True
            for name, field_value in zip(names, values):
                if compact and name in compact:
                    field_value = _compacted(field_value) if field_value else None
                kind_of = type(field_value)
                if kind_of not in _IMMUTABLE and not isinstance(field_value, enum.Enum):
                    immutable = False            # (an empty set left out below may fill up later)
                if name in plain and plain[name] == field_value and kind_of is type(plain[name]):
                    continue                     # its default: left out (the reader fills it in)
                enc = by_type.get(kind_of)
                if enc is None:
                    enc = by_type[kind_of] = encoder_for(kind_of)
                out[name] = enc(field_value)
            if nulls:
                out.update(nulls)
            if immutable:
                if len(kept) >= _KEEP:
                    kept.clear()
                kept[id(value)] = (value, values, out)
            return out
        return encode_dataclass

    def _key_or_certificate(self, value: Any) -> Any:
        cached = self._pem.get(id(value))
        if cached is not None and cached[0] is value:
            return cached[1]
        kind = type(value)
        if isinstance(value, _PRIVATE):
            form = {"$key": _pem_private(value)}
        elif isinstance(value, _PUBLIC):
            form = {"$pub": _pem_public(value)}
        elif isinstance(value, x509.Certificate):
            form = {"$cert": value.public_bytes(serialization.Encoding.PEM).decode()}
        else:
            raise TypeError(f"cannot store a {kind.__module__}.{kind.__qualname__}")
        self._pem[id(value)] = (value, form)
        return form

    def _list(self, value: list) -> list:
        encode = self.encode
        return [v if type(v) is str else encode(v) for v in value]

    def _dict(self, value: dict) -> Any:
        encode = self.encode
        plain = True
        for key in value:
            if type(key) is not str or key[:1] == "$":
                plain = False
                break
        if plain:
            return {k: encode(v) for k, v in value.items()}
        return {"$map": [[encode(k), encode(v)] for k, v in value.items()]}

    def _tuple(self, value: tuple) -> Any:
        return {"$tu": self._list(value)}

    def _set(self, value: set) -> Any:
        return {"$se": self._list(sorted(value, key=_order))}

    def _frozenset(self, value: frozenset) -> Any:
        return {"$fs": self._list(sorted(value, key=_order))}


def _order(value: Any) -> tuple:
    """A stable order for a set's members (the same state always writes the same text)."""
    return (type(value).__name__, repr(value))


def _compacted(value: Any) -> Any:
    """A dict without entries that are None or an empty container (made on first read, holding
    nothing), None when nothing is left; any other value as it is. (An empty value is already None.)"""
    if type(value) is not dict:
        return value
    kept = {k: v for k, v in value.items() if v is not None and not (type(v) in (dict, list, set) and not v)}
    return kept or None


def _same(value: Any) -> Any:
    return value


def _reference(value: TrackedMap) -> dict:
    return {"$ref": value.path}


def _datetime(value: datetime) -> dict:
    return {"$dt": value.isoformat()}


def _date(value: date) -> dict:
    return {"$da": value.isoformat()}


def _timedelta(value: timedelta) -> dict:
    return {"$td": value.total_seconds()}


def _bytes(value: bytes) -> dict:
    return {"$b": base64.b64encode(value).decode()}


# --- decoding ---------------------------------------------------------------------------------

# class name -> fields an earlier release wrote and this one no longer has, dropped as they are read: derived
# ones (always null) and maps whose records a migration deleted (UserPool.subs: schema 1 -> 2)
RETIRED: dict[str, frozenset[str]] = {"PoolHistory": frozenset({"seen_users"}), "UserPool": frozenset({"subs"})}


def _make_dataclass(obj: dict) -> Any:
    name = obj.pop("$dc")
    cls = classes().get(name)
    if cls is None or not dataclasses.is_dataclass(cls):
        raise FormatError(f"unknown stored class {name!r}")
    value = object.__new__(cls)
    setter = object.__setattr__
    names = _field_set(cls)
    older = getattr(cls, "_from_older", None)      # a class that changed its fields reads an older release's
    if older is not None:
        older(obj)
    given = len(obj)
    for field_name, field_value in obj.items():
        if field_name not in names:
            if field_name in RETIRED.get(name, ()) and (field_value is None or type(field_value) is TrackedMap
                                                        and not field_value):
                given -= 1
                continue
            raise FormatError(f"{name} has no field {field_name!r} in this release (the file was written by another one and no migration maps it)")
        setter(value, field_name, field_value)
    if given != len(names):
        defaults = _defaults(cls)
        for missing in _fields(cls):
            if missing not in obj:
                if missing not in defaults:
                    raise FormatError(f"{name}.{missing} is missing and has no default")
                setter(value, missing, defaults[missing]())
    return value


@functools.cache
def _field_set(cls: type) -> frozenset[str]:
    return frozenset(_fields(cls))


def _make_enum(obj: dict) -> Any:
    cls = classes().get(obj["$en"])
    if cls is None or not issubclass(cls, enum.Enum):
        raise FormatError(f"unknown stored enum {obj['$en']!r}")
    return cls(obj["v"])


def _make_named_tuple(obj: dict) -> Any:
    cls = classes().get(obj["$nt"])
    if cls is None or not hasattr(cls, "_fields"):
        raise FormatError(f"unknown stored tuple {obj['$nt']!r}")
    return cls(*obj["v"])


_TAGS = {
    "$nt": _make_named_tuple,
    "$dc": _make_dataclass,
    "$en": _make_enum,
    "$dt": lambda o: datetime.fromisoformat(o["$dt"]),
    "$da": lambda o: date.fromisoformat(o["$da"]),
    "$td": lambda o: timedelta(seconds=o["$td"]),
    "$b": lambda o: base64.b64decode(o["$b"]),
    "$tu": lambda o: tuple(o["$tu"]),
    "$se": lambda o: set(o["$se"]),
    "$fs": lambda o: frozenset(o["$fs"]),
    "$map": lambda o: {_hashable(k): v for k, v in o["$map"]},
    "$key": lambda o: serialization.load_pem_private_key(o["$key"].encode(), password=None),
    "$pub": lambda o: serialization.load_pem_public_key(o["$pub"].encode()),
    "$cert": lambda o: x509.load_pem_x509_certificate(o["$cert"].encode()),
}


def _hashable(key: Any) -> Any:
    return tuple(_hashable(k) for k in key) if isinstance(key, list) else key


def _object_hook(obj: dict) -> Any:
    if obj:
        first = next(iter(obj))
        if first[:1] == "$":
            make = _TAGS.get(first)
            if make is None:
                raise FormatError(f"unknown tag {first!r}")
            return make(obj)
    return obj
