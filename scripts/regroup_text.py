"""Text helpers for scripts/regroup.py: the report, applying edits, and tidying import blocks."""
from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field

from regroup_imports import is_project, sort_key, statement


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rewrites: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def error(self, text: str) -> None:
        self.errors.append(text)

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def rewrite(self, where: str, text: str) -> None:
        self.rewrites.append(f"{where}: {text}")

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def print(self) -> None:
        for title, items in (("notes", self.notes), ("strings and comments rewritten", self.rewrites),
                             ("warnings", self.warnings), ("ERRORS", self.errors)):
            if items:
                print(f"\n{title} ({len(items)}):")
                print("\n".join(f"  {item}" for item in items))
        print("\nsummary: " + ", ".join(f"{v} {k}" for k, v in sorted(self.counts.items())))


def docstring_text(doc: str) -> str:
    """A docstring wrapped as the code base writes them (lines under the width); a literal \\n in the
    table's text starts a new line."""
    paragraphs = doc.split("\\n")
    lines = [line for p in paragraphs for line in (textwrap.wrap(p, 110) or [""])]
    return '"""' + "\n".join(lines) + ("\n" if len(paragraphs) > 1 else "") + '"""\n'


def same_statements(new: str, old: str) -> bool:
    try:
        return ast.dump(ast.parse(new.strip())) == ast.dump(ast.parse(old.strip())) and bool(new.strip())
    except SyntaxError:
        return False


def keep_layout(old: str, new: str) -> str:
    """``new`` written as ``old`` was (its line breaks and comments) when only the module part differs."""
    pattern = re.compile(r"^(\s*from\s+)(\.*[\w.]*)(\s+import\b)")
    m_old, m_new = pattern.match(old), pattern.match(new)
    if not (m_old and m_new):
        return new
    candidate = old[:m_old.start(2)] + m_new.group(2) + old[m_old.end(2):]
    return candidate if same_statements(candidate, new) else new


def tidy_header(body: str) -> str:
    """No run of blank lines between import statements, at most two after them (removed statements
    leave none behind)."""
    tree = ast.parse(body)
    start = after_docstring(tree)
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom)) and n.lineno > start]
    if not imports:
        return body
    end = imports[-1].end_lineno
    lines = body.splitlines(keepends=True)
    first: dict[tuple[int, str], ast.ImportFrom] = {}
    for node in imports:             # two statements importing from one module become one
        text = "".join(lines[node.lineno - 1:node.end_lineno])
        if not isinstance(node, ast.ImportFrom) or "#" in text or node.module == "__future__":
            continue
        key = (node.level, node.module or "")
        if key not in first:
            first[key] = node
            continue
        keep = first[key]
        names = [(a.name, a.asname) for a in keep.names]
        names += [(a.name, a.asname) for a in node.names if (a.name, a.asname) not in names]
        merged = statement("." * node.level + (node.module or ""), names, package=None, use_relative=False)
        lines[keep.lineno - 1:keep.end_lineno] = [merged + "\n"] + [""] * (keep.end_lineno - keep.lineno)
        lines[node.lineno - 1:node.end_lineno] = [""] * (node.end_lineno - node.lineno + 1)
        return tidy_header("".join(lines))
    run: list[ast.stmt] = []
    for node in imports + [None]:        # runs of adjacent relative imports, sorted (more dots first)
        if node is not None and isinstance(node, ast.ImportFrom) and node.level and (
                not run or node.lineno == run[-1].end_lineno + 1):
            run.append(node)
            continue
        texts = ["".join(lines[n.lineno - 1:n.end_lineno]) for n in run]
        if len(run) > 1 and not any("# noqa: F401" in t for t in texts):
            ordered = sorted(texts, key=lambda t: sort_key(t.strip()))
            lines[run[0].lineno - 1:run[-1].end_lineno] = "".join(ordered).splitlines(keepends=True)
        run = [node] if node is not None and isinstance(node, ast.ImportFrom) and node.level else []
    head = re.sub(r"\n{3,}", "\n\n", "".join(lines[start:end]))
    rest = "".join(lines[end:])
    rest = re.sub(r"^\n{3,}", "\n\n", rest)
    return "".join(lines[:start]) + head + rest


def insert_imports(body: str, statements: list[str]) -> str:
    """Add import statements: outside ones after the outside imports, the project's in sorted place."""
    lines = body.splitlines(keepends=True)
    outside = [s for s in statements if not s.startswith("from .") and not is_project(s.split()[1])]
    for text in sorted(outside, key=sort_key) + sorted(set(statements) - set(outside), key=sort_key):
        lines = "".join(lines).splitlines(keepends=True)
        text_body = "".join(lines)
        tree = ast.parse(text_body)
        imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
                   and getattr(n, "module", "") != "__future__"]
        external = not text.startswith("from .") and not is_project(text.split()[1])
        mine = [n for n in imports if own_external(n) == external]
        after = [n for n in mine if sort_key(ast.get_source_segment(text_body, n)) > sort_key(text)]
        if after:
            at = after[0].lineno - 1
        elif mine:
            at = mine[-1].end_lineno
        elif imports and not external:
            at, text = imports[-1].end_lineno, "\n" + text
        elif imports:
            at, text = imports[0].lineno - 1, text + "\n"
        else:
            at = after_docstring(tree)
            text = ("\n" if at else "") + text
        lines.insert(at, text + "\n")
    return "".join(lines)


def own_external(node: ast.stmt) -> bool:
    if isinstance(node, ast.ImportFrom):
        return not node.level and not is_project(node.module or "")
    return not is_project(node.names[0].name)


def after_docstring(tree: ast.Module) -> int:
    at = 0
    for node in tree.body:
        if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)) or (
                isinstance(node, ast.ImportFrom) and node.module == "__future__"):
            at = node.end_lineno
        else:
            break
    return at


def apply_edits(text: str, edits: list, lo: int = 0, hi: int | None = None) -> str:
    hi = len(text) if hi is None else hi
    out, pos = [], hi
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if start < lo or end > hi:
            continue
        if end > pos:
            raise ValueError(f"overlapping edits at {start}-{end}")
        out.append(text[end:pos])
        out.append(new)
        pos = start
    out.append(text[lo:pos])
    return "".join(reversed(out))
