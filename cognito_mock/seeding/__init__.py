"""State files: seed the emulator from JSON/YAML in the AWS input shapes, and export it in the same form.

``load(store, source)`` (a path or an already parsed dict) creates user pools and everything under
them, and identity pools, through the real handlers; ``dump(store)`` writes the same format back.
See docs/seed-and-dashboard.md for the format.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..backend.store import Store
from .dump import dump
from .load import load as _load
from .shapes import SeedError

__all__ = ["SeedError", "dump", "load", "read"]


def read(path: str | os.PathLike) -> Any:
    """A state file's content: JSON, or YAML (``.yaml``/``.yml``, with PyYAML installed: the ``yaml`` extra)."""
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except OSError as exc:
        raise SeedError("", f"cannot read {path}: {exc.strerror or exc}") from None
    if target.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise SeedError("", f"{path} is YAML: install PyYAML (pip install 'cognito-mock[yaml]') or use JSON") from None
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise SeedError("", f"{path} is not valid YAML: {exc}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SeedError("", f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


def load(store: Store, source: str | os.PathLike | dict, **where: str) -> dict[str, int]:
    """Seed ``store`` from a state file (path) or its parsed content; all or nothing (SeedError)."""
    data = source if isinstance(source, dict) else read(source)
    return _load(store, data, **where)
