"""API Gateway's routes: ``METHOD /path/{param}/{proxy+}``, matched as API Gateway matches them
(the most specific path first, a greedy ``{name+}`` last, ``ANY`` after exact methods)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

_PARAM = re.compile(r"\{([^{}+]+)(\+?)\}")


@dataclass(slots=True)
class Route:
    """One route: ``method`` (``ANY`` for all), ``path`` (``/items/{id}``), the ``scopes`` it asks
    for, whether it has an ``authorizer`` at all, and the Lambda ``handler`` (runner only)."""

    method: str
    path: str
    scopes: list[str] = field(default_factory=list)
    authorizer: bool = True
    handler: str | None = None
    _pattern: re.Pattern | None = None

    def __post_init__(self) -> None:
        self.method = self.method.upper()
        parts, last = [], 0
        for found in _PARAM.finditer(self.path):
            parts.append(re.escape(self.path[last:found.start()]))
            parts.append(f"(?P<{_group(found.group(1))}>.+)" if found.group(2) else f"(?P<{_group(found.group(1))}>[^/]+)")
            last = found.end()
        parts.append(re.escape(self.path[last:]))
        self._pattern = re.compile("^" + "".join(parts) + "$")

    @property
    def key(self) -> str:
        """The HTTP API ``routeKey``: ``GET /items/{id}``."""
        return f"{self.method} {self.path}"

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if self.method not in ("ANY", method.upper()):
            return None
        found = self._pattern.match(path)
        if found is None:
            return None
        names = [m.group(1) for m in _PARAM.finditer(self.path)]
        return {name: unquote(found.group(_group(name))) for name in names}

    def rank(self) -> tuple:
        """Sort key: literal paths before parameters before greedy ones; exact methods before ANY."""
        greedy = "+}" in self.path
        return (greedy, self.path.count("{"), -len(self.path), self.method == "ANY")


def _group(name: str) -> str:
    return "p_" + re.sub(r"\W", "_", name)


def find(routes: list[Route], method: str, path: str) -> tuple[Route, dict[str, str]] | None:
    for route in sorted(routes, key=Route.rank):
        params = route.match(method, path)
        if params is not None:
            return route, params
    return None
