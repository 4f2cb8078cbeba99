"""Import analysis for scripts/regroup.py: what each import binds, where it points after the move,
and how to write it again from a file's new place. No I/O here; regroup.py drives it.

A binding is what a local name refers to, in the OLD tree: a project module, a symbol of a project
module, or something outside the project (kept as written).
"""
from __future__ import annotations

import ast
import builtins
from dataclasses import dataclass, field

PROJECT = ("cognito_mock", "conftest_plugin")
GENERIC = {"views", "parse", "models"}     # leaf names that get their package as prefix when imported from afar
WIDTH = 120


@dataclass(frozen=True)
class Ref:
    kind: str            # "mod" | "sym" | "ext_mod" | "ext_sym"
    module: str          # absolute module (for "sym"/"ext_sym": where the name is imported from)
    name: str = ""       # the symbol ("sym"/"ext_sym")


@dataclass
class Source:
    """One Python file of the old tree."""
    path: str
    module: str | None                 # dotted name when the file is in a package of the project
    is_init: bool
    text: str
    tree: ast.Module
    line_starts: list[int] = field(default_factory=list)
    symbols: dict[str, ast.stmt] = field(default_factory=dict)     # top-level names -> defining statement
    bindings: dict[str, set[Ref]] = field(default_factory=dict)    # local name -> refs (any scope)
    top_imports: list[ast.stmt] = field(default_factory=list)

    @property
    def package(self) -> str | None:
        if self.module is None:
            return None
        return self.module if self.is_init else self.module.rpartition(".")[0]

    def offset(self, line: int, col: int) -> int:
        """Char offset of an ast (1-based line, UTF-8 byte column) position."""
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return start + len(self.text[start:end].encode()[:col].decode(errors="ignore"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        return self.offset(node.lineno, node.col_offset), self.offset(node.end_lineno, node.end_col_offset)


def module_of(path: str) -> tuple[str | None, bool]:
    parts = path.removesuffix(".py").split("/")
    if parts[0] not in PROJECT:
        return None, False
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def load(path: str, text: str) -> Source:
    module, is_init = module_of(path)
    tree = ast.parse(text)
    starts, pos = [], 0
    for line in text.splitlines(keepends=True):
        starts.append(pos)
        pos += len(line)
    src = Source(path, module, is_init, text, tree, starts)
    for node in tree.body:
        for name in defined_names(node):
            src.symbols[name] = node
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            src.top_imports.append(node)
    return src


def defined_names(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [t.id for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


def base_module(src: Source, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = (src.package or "").split(".")
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + (node.module.split(".") if node.module else []))


def is_project(module: str) -> bool:
    return module.split(".")[0] in PROJECT


def refs_of(src: Source, node: ast.stmt, modules: set[str]) -> list[tuple[str, Ref, ast.alias]]:
    """(local name, ref, alias) for each name an import statement binds."""
    out = []
    if isinstance(node, ast.ImportFrom):
        base = base_module(src, node)
        for alias in node.names:
            local = alias.asname or alias.name
            if not is_project(base):
                out.append((local, Ref("ext_sym", base, alias.name), alias))
            elif f"{base}.{alias.name}" in modules:
                out.append((local, Ref("mod", f"{base}.{alias.name}"), alias))
            else:
                out.append((local, Ref("sym", base, alias.name), alias))
    else:
        for alias in node.names:
            local = alias.asname or alias.name.split(".")[0]
            kind = "mod" if is_project(alias.name) else "ext_mod"
            out.append((local, Ref(kind, alias.name), alias))
    return out


def collect_bindings(src: Source, modules: set[str]) -> None:
    for node in ast.walk(src.tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for local, ref, _ in refs_of(src, node, modules):
                src.bindings.setdefault(local, set()).add(ref)


def free_names(node: ast.AST) -> set[str]:
    """Names a top-level statement reads from its module (a conservative guess: every name read
    that the statement does not itself bind)."""
    loads, bound = set(), set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            (loads if isinstance(n.ctx, ast.Load) else bound).add(n.id)
        elif isinstance(n, ast.arg):
            bound.add(n.arg)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and n is not node:
            bound.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            bound.update(a.asname or a.name.split(".")[0] for a in n.names)
        elif isinstance(n, ast.ExceptHandler) and n.name:
            bound.add(n.name)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        bound.discard(node.name)
    return {n for n in loads - bound if not hasattr(builtins, n)}


def relative(from_module: str, package: str) -> tuple[int, str] | None:
    """(level, rest) to reach ``from_module`` from ``package`` by a relative import."""
    target, here = from_module.split("."), package.split(".")
    common = 0
    while common < min(len(target), len(here)) and target[common] == here[common]:
        common += 1
    if common == 0:
        return None
    return len(here) - common + 1, ".".join(target[common:])


def statement(from_module: str | None, names: list[tuple[str, str | None]], *, package: str | None,
              use_relative: bool, indent: str = "") -> str:
    """``from X import a, b as c`` (or ``import X as c`` when from_module is None), wrapped at WIDTH."""
    items = [n if not a or a == n else f"{n} as {a}" for n, a in names]
    if from_module is None:
        return "\n".join(f"{indent}import {item}" for item in items)
    where = from_module
    if use_relative and package is not None and (rel := relative(from_module, package)):
        where = "." * rel[0] + rel[1]
    head = f"{indent}from {where} import "
    line = head + ", ".join(items)
    if len(line) <= WIDTH:
        return line
    lines, current = [], head + "("
    for i, item in enumerate(items):
        piece = item + (")" if i == len(items) - 1 else ",")
        if len(current) + len(piece) + 1 > WIDTH and not current.endswith("("):
            lines.append(current.rstrip())
            current = " " * len(head + "(")
        current += piece + ("" if i == len(items) - 1 else " ")
    lines.append(current)
    return "\n".join(lines)


def sort_key(stmt_text: str) -> tuple:
    """isort-like order of project imports as the code base writes them: more dots first."""
    words = stmt_text.split()
    where = words[1] if len(words) > 1 else ""
    dots = len(where) - len(where.lstrip("."))
    return (-dots, where.lstrip("."))


def by_type(name: str) -> tuple:
    """isort's order of imported names, the code base's: CONSTANTS, Classes, functions."""
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name.lower())


@dataclass
class Piece:
    """Lines [first, last] of a source (1-based, inclusive) that go to one new file."""
    src: Source
    first: int
    last: int
    node: ast.stmt | None = None          # the moved statement; None for a base (whole file)


def first_line(src: Source, node: ast.stmt) -> int:
    """A statement's first line, with its decorators and the comment lines right above it."""
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    lines = src.text.splitlines()
    while first > 1 and lines[first - 2].lstrip().startswith("#"):
        first -= 1
    return first


def line_end(src: Source, line: int) -> int:
    return src.line_starts[line] if line < len(src.line_starts) else len(src.text)
