"""Input validation against botocore's model, with the messages AWS's front end answers.

Each operation's input shape is compiled once into ``Node``s. ``fast(v)`` never raises and is all
that runs for a valid request; otherwise ``check`` reports: a wrong JSON type raises
SerializationException (AWS deserializes first), constraint failures are collected in model order.
"""
from __future__ import annotations

import base64
import binascii
import re
import threading
from types import SimpleNamespace
from typing import Any, Callable

import regex
from botocore.model import Shape

from .. import errors
from ..errors import SerializationException
from .model import VALIDATION_ERROR, operation_model

INF = float("inf")
_SECRET = re.compile("Password|Secret|Token|Code|Hash|Session")  # sensitive values never memoised


def validate(service: str, operation: str, params: dict) -> None:
    """Raise the service's validation error (or SerializationException) if ``params`` break the model."""
    root = _ROOTS.get((service, operation)) or _compile_operation(service, operation)
    if root.fast(params):
        return
    found: list[str] = []
    root.check(params, "", "", found)
    if found:
        count = len(found)
        text = f"{count} validation error{'s' if count > 1 else ''} detected: " + "; ".join(found)
        raise getattr(errors, VALIDATION_ERROR[service])(text)


# -- messages --------------------------------------------------------------------------------
def _java(value: Any) -> str:
    """A value as Java's toString prints it (lists ``[a, b]``, maps and structures ``{k=v}``)."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        return "null" if value is None else str(value).lower()
    if isinstance(value, list):
        return "[" + ", ".join(_java(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_java(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _violation(node: Node, value: Any, path: str, constraint: str) -> str:
    shown = "" if node.hide else f"'{node.render(value)}' "
    return f"Value {shown}at '{path}' failed to satisfy constraint: {constraint}"


def _null(path: str) -> str:
    return f"Value null at '{path}' failed to satisfy constraint: Member must not be null"


_CONTAINER_TEXT = {"list": "Expected list or null", "map": "Expected map or null", "structure": "Expected null"}


def _wrong_type(value: Any, expected: str) -> SerializationException:
    """AWS's deserializer's answer when ``value`` is no ``expected`` ("list", "map", "structure"
    or a scalar's Java name, e.g. "an Integer")."""
    if isinstance(value, list) and expected != "list":
        return SerializationException("Start of list found where not expected")
    if isinstance(value, dict) and expected != "structure":
        return SerializationException("Start of structure or map found where not expected.")
    if expected in _CONTAINER_TEXT:
        return SerializationException(_CONTAINER_TEXT[expected])
    token = ("TRUE_VALUE" if value is True else "FALSE_VALUE" if value is False
             else "STRING_VALUE" if isinstance(value, str) else "NUMBER_VALUE")
    return SerializationException(f"{token} can not be converted to {expected}")


# -- scalars ---------------------------------------------------------------------------------
class Node:
    """A compiled shape. Scalars add ``ok`` (raises on a wrong type, True when all constraints hold),
    ``failures`` (those failed, in AWS's order), ``bracket`` (all, as listed for elements)."""

    __slots__ = ("kind", "hide", "fast", "check", "ok", "failures", "bracket", "render")

    def __init__(self, kind: str, hide: bool):
        self.kind, self.hide, self.render, self.bracket = kind, hide, _java, []


_ASCII = {"w": "a-zA-Z0-9_", "d": "0-9", "s": " \\t\\n\\x0B\\f\\r"}


def _java_regex(pattern: str) -> str:
    """Java's \\w \\d \\s (and negations) are ASCII-only where Python's are Unicode, and its ``.``
    stops at every line terminator: spell them out."""
    for short, chars in _ASCII.items():
        pattern = pattern.replace(f"[\\{short.upper()}]", f"[^{chars}]")
    dot = "." if pattern.startswith("(?s)") else "[^\\n\\r\\u0085\\u2028\\u2029]"
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char, esc = pattern[i], pattern[i + 1:i + 2]
        if char == "\\" and esc:
            lower = esc.lower()
            if esc in _ASCII:
                out.append(_ASCII[esc] if in_class else f"[{_ASCII[esc]}]")
            else:
                out.append(f"[^{_ASCII[lower]}]" if lower in _ASCII and not in_class else char + esc)
            i += 2
            continue
        in_class = True if char == "[" else False if char == "]" else in_class
        out.append(dot if char == "." and not in_class else char)
        i += 1
    return "".join(out)


def _matcher(pattern: str) -> Callable[[str], bool]:
    """Whole-string match, as Java's ``matches()``; the stdlib's ``re`` when it reads it (faster)."""
    java = _java_regex(pattern)
    try:
        fullmatch = re.compile(java).fullmatch
    except re.error:  # \p{L} and friends
        fullmatch = regex.compile(java).fullmatch
    return lambda value: fullmatch(value) is not None


def _bounds(lo: Any, hi: Any, word: str = "length") -> tuple[float, float, Callable[[Any], list[str]], list[str]]:
    """(low, high, failed(size) -> texts, every text) of a shape's min/max."""
    above = f"Member must have {word} greater than or equal to {lo}"
    below = f"Member must have {word} less than or equal to {hi}"
    low, high = (-INF if lo is None else lo), (INF if hi is None else hi)

    def failed(size):
        return [above] if size < low else [below] if size > high else []
    return low, high, failed, ([below] if hi is not None else []) + ([above] if lo is not None else [])


# Patterns in botocore's models that AWS's front end does not enforce. cognito-idp's DomainType
# allows no dots, yet CreateUserPoolDomain takes custom domains such as "auth.example.com"; the
# service checks prefix domains itself (backend/idp/oauth/domains.py).
UNENFORCED_PATTERNS = frozenset({"DomainType"})


def _scalar(shape: Shape) -> Node:
    meta, kind = shape.metadata, shape.type_name
    node = Node(kind, bool(meta.get("sensitive")))
    low, high, size_failed, node.bracket = _bounds(meta.get("min"), meta.get("max"),
                                                   "value" if kind in ("integer", "long") else "length")
    if kind == "string":
        pattern = None if shape.name in UNENFORCED_PATTERNS else meta.get("pattern")
        enum = meta.get("enum")
        matches, allowed = (_matcher(pattern) if pattern else None), (frozenset(enum) if enum else None)
        pattern_texts = [f"Member must satisfy regular expression pattern: {pattern}"] if pattern else []
        enum_texts = [f"Member must satisfy enum value set: [{', '.join(enum)}]"] if enum else []
        node.bracket = node.bracket + pattern_texts + enum_texts
        memo: dict[str, bool] | None = {} if pattern and not (node.hide and _SECRET.search(shape.name)) else None

        def valid(v):
            return low <= len(v) <= high and (allowed is None or v in allowed) and (matches is None or matches(v))

        def fast(v):  # ids and names repeat: the verdict on short values is remembered
            if v.__class__ is not str:
                return False
            if memo is None:
                return valid(v)
            hit = memo.get(v)
            if hit is None:
                hit = valid(v)
                if len(v) <= 256 and len(memo) < 512:     # ids repeat; unique names (usernames...) fill it once
                    memo[v] = hit
            return hit

        def ok(v):
            if not isinstance(v, str):
                raise _wrong_type(v, "a String")
            return valid(v)

        def failures(v):
            return (([] if matches is None or matches(v) else pattern_texts) + size_failed(len(v))
                    + ([] if allowed is None or v in allowed else enum_texts))
    elif kind == "blob":
        node.render = lambda v: f"java.nio.HeapByteBuffer[pos=0 lim={_blob_size(v)} cap={_blob_size(v)}]"

        def ok(v):
            return low <= _blob_size(v) <= high

        def fast(v):
            try:
                return ok(v)
            except SerializationException:
                return False

        def failures(v):
            return size_failed(_blob_size(v))
    else:  # numbers check their range; booleans and timestamps only their type
        accepts, target = _TYPES.get(kind, (lambda v: not isinstance(v, (list, dict)), "a Value"))
        bounded = low != -INF or high != INF
        fast = (lambda v: accepts(v) and low <= v <= high) if bounded else accepts

        def ok(v):
            if not accepts(v):
                raise _wrong_type(v, target)
            return not bounded or low <= v <= high
        failures = size_failed
    node.fast, node.ok, node.failures = fast, ok, failures

    def check(v, prefix, name, found):
        if not ok(v):
            found.extend(_violation(node, v, prefix + name, text) for text in failures(v))
    node.check = check
    return node


def _blob_size(value: Any) -> int:
    if not isinstance(value, str):
        raise _wrong_type(value, "a Blob")
    try:
        return len(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError):
        raise SerializationException(f"'{value}' can not be converted to a Blob: Invalid Base64 encoding") from None


_TYPES = {"integer": (lambda v: v.__class__ is int, "an Integer"), "long": (lambda v: v.__class__ is int, "a Long"),
          "boolean": (lambda v: v is True or v is False, "a Boolean"),
          "timestamp": (lambda v: v.__class__ in (int, float), "milliseconds since epoch"),
          "float": (lambda v: v.__class__ in (int, float), "a Float"),
          "double": (lambda v: v.__class__ in (int, float), "a Double")}


# -- containers ------------------------------------------------------------------------------
def _elements(elem: Node, label: str) -> Callable[[Any], str | None]:
    """Scalar elements of a list or map: AWS reports one bracketed constraint for them all."""
    def failed(values) -> str | None:
        bad = has_null = False
        for v in values:  # every element: a later one may still be of the wrong type
            if v is None:
                has_null = True
            elif not elem.ok(v):
                bad = True
        if not (bad or has_null):
            return None
        texts = elem.bracket + (["Member must not be null"] if has_null else [])
        return f"{label} must satisfy constraint: [{', '.join(texts)}]"
    return failed


def _list(shape: Shape, build: Callable[[Shape], Node], hide: bool) -> Node:
    node, elem = Node("list", hide), build(shape.member)
    low, high, size_failed, _ = _bounds(shape.metadata.get("min"), shape.metadata.get("max"))
    elem_fast, scalar_failed = elem.fast, (_elements(elem, "Member") if elem.kind not in _CONTAINERS else None)

    def fast(v):
        if v.__class__ is not list or not low <= len(v) <= high:
            return False
        for item in v:
            if item is None or not elem_fast(item):
                return False
        return True

    def check(v, prefix, name, found):
        if not isinstance(v, list):
            raise _wrong_type(v, "list")
        path = prefix + name
        texts = size_failed(len(v)) + ([scalar_failed(v)] if scalar_failed else [])
        found.extend(_violation(node, v, path, text) for text in texts if text)
        for i, item in enumerate(v if scalar_failed is None else (), 1):
            if item is None:
                found.append(_null(f"{path}.{i}.member"))
            else:
                elem.check(item, path + ".", f"{i}.member", found)
    node.fast, node.check = fast, check
    return node


def _map(shape: Shape, build: Callable[[Shape], Node], hide: bool) -> Node:
    node, key, value = Node("map", hide), build(shape.key), build(shape.value)
    low, high, size_failed, _ = _bounds(shape.metadata.get("min"), shape.metadata.get("max"))
    key_fast, value_fast, keys_failed = key.fast, value.fast, _elements(key, "Map keys")
    values_failed = _elements(value, "Map value") if value.kind not in _CONTAINERS else None

    def fast(v):
        if v.__class__ is not dict or not low <= len(v) <= high:
            return False
        for k, item in v.items():
            if item is None or not key_fast(k) or not value_fast(item):
                return False
        return True

    def check(v, prefix, name, found):
        if not isinstance(v, dict):
            raise _wrong_type(v, "map")
        path = prefix + name
        texts = size_failed(len(v)) + [keys_failed(v.keys())] + ([values_failed(v.values())] if values_failed else [])
        found.extend(_violation(node, v, path, text) for text in texts if text)
        for k, item in (v.items() if values_failed is None else ()):
            if item is None:
                found.append(_null(f"{path}.{k}.member"))
            else:
                value.check(item, path + ".", f"{k}.member", found)
    node.fast, node.check = fast, check
    return node


def _structure(shape: Shape, node: Node, build: Callable[[Shape], Node]) -> None:
    required, required_keys = frozenset(shape.required_members), tuple(shape.required_members)
    ordered: list[tuple[str, str, Node]] = []
    fast_of: dict[str, Callable[[Any], bool]] = {}

    def fast(v):  # only the members present, in request order
        if v.__class__ is not dict:
            return False
        for k, item in v.items():
            if item is None:
                if k in required:
                    return False
            else:
                member_fast = fast_of.get(k)
                if member_fast is not None and not member_fast(item):
                    return False
        for k in required_keys:
            if k not in v:
                return False
        return True

    def check(v, prefix, name, found):
        if not isinstance(v, dict):
            raise _wrong_type(v, "structure")
        inner = prefix + name + "." if name else ""
        for k, path_name, child in ordered:
            item = v.get(k)
            if item is not None:
                child.check(item, inner, path_name, found)
            elif k in required:
                found.append(_null(inner + path_name))
    node.fast, node.check = fast, check  # before the members are built: shapes may recurse
    for k, member in shape.members.items():
        child = build(member)
        ordered.append((k, k[:1].lower() + k[1:], child))
        fast_of[k] = child.fast


# -- compilation -----------------------------------------------------------------------------
_CONTAINERS = ("list", "map", "structure")
_ROOTS: dict[tuple[str, str], Node] = {}
_NODES: dict[str, dict[str, Node]] = {}  # service -> shape name -> node, shared by its operations
_LOCK = threading.Lock()


def _compile_operation(service: str, operation: str) -> Node:
    with _LOCK:
        if (service, operation) not in _ROOTS:
            shape = operation_model(service, operation).input_shape
            nodes = _NODES.setdefault(service, {})
            _ROOTS[service, operation] = _build(shape, nodes) if shape is not None else _NO_INPUT
        return _ROOTS[service, operation]


def _build(shape: Shape, nodes: dict[str, Node]) -> Node:
    """The node of a shape; each named shape is built once, so recursive shapes end."""
    if shape.name in nodes:
        return nodes[shape.name]
    kind, hide, build = shape.type_name, _sensitive(shape, set()), (lambda s: _build(s, nodes))
    if kind != "structure":
        maker = {"list": _list, "map": _map}.get(kind)
        nodes[shape.name] = maker(shape, build, hide) if maker else _scalar(shape)
        return nodes[shape.name]
    node = nodes[shape.name] = Node("structure", hide)
    if getattr(shape, "is_document_type", False):
        node.fast, node.check = (lambda v: True), (lambda v, prefix, name, found: None)
    else:
        _structure(shape, node, build)
    return node


def _sensitive(shape: Shape, seen: set[str]) -> bool:
    """True when the shape, or anything in it, must not be echoed back."""
    if shape.metadata.get("sensitive"):
        return True
    if shape.name in seen:
        return False
    seen.add(shape.name)
    parts = {"structure": lambda: shape.members.values(), "list": lambda: [shape.member],
             "map": lambda: [shape.key, shape.value]}.get(shape.type_name, list)()
    return any(_sensitive(part, seen) for part in parts)


_NO_INPUT = Node("structure", False)  # an operation without input takes an empty object
_structure(SimpleNamespace(required_members=[], members={}), _NO_INPUT, _build)
