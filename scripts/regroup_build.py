"""The plan of scripts/regroup.py made concrete: where every module and top-level name goes, and the
text of every file of the new tree (one FileBuild each, in regroup_file.py). Module paths in
strings, comments and docs/*.md follow (line numbers too).
"""
from __future__ import annotations

import ast
import pathlib
import re

from regroup_file import FileBuild
from regroup_imports import Piece, Ref, Source, collect_bindings, defined_names, first_line, module_of
from regroup_text import Report, docstring_text

DOTTED = re.compile(r"\bcognito_mock(?:\.\w+)+")
PATH = re.compile(r"(?<![\w/.])((?:cognito_mock/)?(?:api|backend|web)/[\w/]*\w\.py)\b")
MD_PATH = re.compile(PATH.pattern.removesuffix(r"\b") + r"((?::\d+(?:-\d+)?)(?:, :\d+(?:-\d+)?)*)?")


class Builder:
    """Where everything goes: file moves, merges and symbol moves resolved against the old tree."""

    def __init__(self, srcs: dict[str, Source], moves: dict[str, str], merges: dict[str, str],
                 symbols: list[tuple[str, str, str]], docs: dict[str, str], report: Report) -> None:
        self.srcs, self.merges, self.docs, self.report = srcs, merges, docs, report
        self.modules = {s.module: s for s in srcs.values() if s.module}
        for src in srcs.values():
            collect_bindings(src, set(self.modules))
        self.moves = dict(moves)
        self.modmap = {s.module: module_of(moves.get(p, p))[0] for p, s in srcs.items() if s.module}
        self.symmap: dict[tuple[str, str], str] = {}
        self.placed: dict[str, list[tuple[int, int, str, str]]] = {}   # path -> (first, last, dest, name)
        self.outputs: dict[str, str] = {}
        self.effective: list[tuple[str, str, str]] = []       # (path, names, dest) of what moves
        self.arrivals: dict[str, list[Piece]] = {}
        for path, dest in merges.items():
            for name in srcs[path].symbols:
                symbols.append((path, name, dest))
        for path, name, dest in symbols:
            self._move_symbol(srcs[path], name, dest)
        self.deleted = {p for p, s in srcs.items() if p in merges or self._emptied(s)}
        for path in self.deleted:
            self.moves.pop(path, None)
            if srcs[path].module:
                self.modmap[srcs[path].module] = None
        for path, src in srcs.items():
            left = [n for n in src.symbols if src.module and (src.module, n) not in self.symmap]
            if path not in self.deleted and path not in self.moves and path in self.placed and left:
                self.report.note(f"{path} stays, split up, with names the table does not move: {', '.join(left)}")
        self.receivers: dict[str, set[str]] = {}
        for (module, _), target in self.symmap.items():
            self.receivers.setdefault(module, set()).add(target)

    # --- the plan -------------------------------------------------------------------------------
    def _move_symbol(self, src: Source, name: str, dest: str) -> None:
        node = src.symbols[name]
        target = module_of(dest)[0]
        if target == self.modmap.get(src.module) and src.path not in self.merges:
            return
        names = [n for n, s in src.symbols.items() if s is node]
        if any((src.module, n) in self.symmap for n in names):
            return
        for n in names:
            self.symmap[(src.module, n)] = target
        first = first_line(src, node)
        self.arrivals.setdefault(dest, []).append(Piece(src, first, node.end_lineno, node))
        self.placed.setdefault(src.path, []).append((first, node.end_lineno, dest, names[0]))
        self.effective.append((src.path, ", ".join(names), dest))
        self.report.count("top-level statements moved")

    def _emptied(self, src: Source) -> bool:
        """True when every top-level name of a module leaves it and nothing but imports remain."""
        if not src.module or not src.symbols or src.is_init:
            return False
        if any((src.module, n) not in self.symmap for n in src.symbols):
            if src.path in self.merges:
                self.report.error(f"{src.path} is merged but keeps some names")
            return False
        for i, node in enumerate(src.tree.body):
            doc = i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            names = defined_names(node)
            if not (doc or isinstance(node, (ast.Import, ast.ImportFrom)) or names):
                self.report.error(f"{src.path}: every name leaves it but line {node.lineno} would stay")
                return False
        return True

    def deleted_paths(self) -> list[str]:
        return sorted(self.deleted)

    def new_path(self, src: Source) -> str | None:
        return None if src.path in self.deleted else self.moves.get(src.path, src.path)

    def renew(self, ref: Ref) -> Ref | None:
        """Where a binding points in the new tree (None: the module is gone)."""
        if ref.kind == "mod":
            new = self.modmap.get(ref.module, ref.module)
            return Ref("mod", new) if new else None
        if ref.kind == "sym":
            home = self.symmap.get((ref.module, ref.name), self.modmap.get(ref.module, ref.module))
            return Ref("sym", home, ref.name) if home else None
        return ref

    # --- building -------------------------------------------------------------------------------
    def build(self) -> dict[str, str]:
        out: dict[str, str] = {}
        bases = {self.new_path(s): s for s in self.srcs.values() if self.new_path(s)}
        for path in sorted(set(bases) | set(self.arrivals)):
            text = FileBuild(self, path, bases.get(path), self.arrivals.get(path, [])).text()
            if bases.get(path) is None or text != bases[path].text or path != bases[path].path:
                out[path] = text
        self.outputs = out
        self.report.count("files moved", len(self.moves))
        self.report.count("modules merged or emptied", len(self.deleted))
        self.report.count("files written", len(out))
        return out

    def new_packages(self, outputs: dict[str, str]) -> dict[str, str]:
        """An __init__.py for every new directory of the package (docstring from the table)."""
        made = {}
        dirs = {str(pathlib.PurePosixPath(p).parent) for p in outputs if p.startswith("cognito_mock/")}
        for d in sorted(dirs):
            while d.startswith("cognito_mock/"):
                init = f"{d}/__init__.py"
                if init not in self.srcs and init not in outputs and init not in made:
                    doc = self.docs.get(d)
                    made[init] = docstring_text(doc) if doc else ""
                    self.report.count("packages created")
                d = str(pathlib.PurePosixPath(d).parent)
        return made

    def path_map(self) -> dict[str, str]:
        out = {p: n for p, n in self.moves.items()}
        out.update({p: d for p, d in self.merges.items()})
        return out

    def rewrite_paths(self, text: str, where: str) -> str:
        moved = self.path_map()

        def sub(m: re.Match) -> str:
            found = m.group(1)
            full = found if found.startswith("cognito_mock/") else f"cognito_mock/{found}"
            new = moved.get(full)
            if new is None:
                if full in self.deleted:
                    self.report.warn(f"{where}: mentions {found}, which is split up; fix by hand")
                return found
            new = new if found.startswith("cognito_mock/") else new.removeprefix("cognito_mock/")
            self.report.rewrite(where, f"{found} -> {new}")
            return new
        return PATH.sub(sub, text)

    def rewrite_dotted(self, text: str, where: str) -> str:
        def sub(m: re.Match) -> str:
            parts = m.group(0).split(".")
            for cut in range(len(parts), 0, -1):
                module = ".".join(parts[:cut])
                if module in self.modules:
                    rest = parts[cut:]
                    new = self.renew(Ref("sym", module, rest[0])).module if rest else self.modmap.get(module)
                    if new is None:
                        self.report.warn(f"{where}: {m.group(0)} names a module that is split up")
                        return m.group(0)
                    out = ".".join([new] + rest)
                    if out != m.group(0):
                        self.report.rewrite(where, f"{m.group(0)} -> {out}")
                    return out
            return m.group(0)
        return DOTTED.sub(sub, text)

    def rewrite_relative_string(self, token: str, src: Source, where: str) -> str:
        """'idp.user_models' in backend/persistence.py: a module named from an enclosing package."""
        body = token.strip("\"'")
        if not re.fullmatch(r"[a-z_]\w*(\.\w+)+", body) or token[0] not in "\"'" or not src.package:
            return token
        package = src.package.split(".")
        for cut in range(len(package), 0, -1):
            anchor = ".".join(package[:cut])
            old = f"{anchor}.{body}"
            if old in self.modules:
                new = self.modmap.get(old)
                if new and new != old and new.startswith(anchor + "."):
                    self.report.rewrite(where, f"{token} -> {new[len(anchor) + 1:]!r} (relative to {anchor})")
                    return token.replace(body, new[len(anchor) + 1:])
                if new is None or new != old:
                    self.report.warn(f"{where}: {token} names {old}, now {new}; fix by hand")
                return token
        return token

    def markdown_rewrites(self, root: pathlib.Path) -> dict[str, str]:
        """Module paths in docs/*.md, line numbers included (``backend/idp/oauth.py:71``), follow the code:
        {path: new text}. README.md is only reported."""
        done = {}
        for path in sorted(root.glob("docs/*.md")) + [root / "README.md"]:
            if not path.exists():
                continue
            rel = str(path.relative_to(root))
            text = path.read_text()
            new = self.rewrite_dotted(MD_PATH.sub(lambda m: self.md_path(m, rel), text), rel)
            if new != text and rel == "README.md":
                self.report.warn("README.md mentions moved modules (left for the lead to edit)")
            elif new != text:
                done[rel] = new
        return done

    def md_path(self, m: re.Match, where: str) -> str:
        found, lines = m.group(1), m.group(2) or ""
        full = found if found.startswith("cognito_mock/") else f"cognito_mock/{found}"
        if full not in self.srcs or (full not in self.moves and full not in self.deleted and full not in self.placed):
            return m.group(0)
        numbers = [int(n) for n in re.findall(r"\d+", lines)]
        places = [self.locate(full, n) for n in numbers] or [(self.new_path(self.srcs[full]), None)]
        files = {p for p, _ in places if p}
        if len(files) != 1 or any(p is None for p, _ in places):
            self.report.warn(f"{where}: {m.group(0)} is split between files now; fix by hand")
            return m.group(0)
        new_file = files.pop()
        new_file = new_file if found.startswith("cognito_mock/") else new_file.removeprefix("cognito_mock/")
        it = iter(str(n) for _, n in places)
        out = new_file + re.sub(r"\d+", lambda _: next(it), lines)
        if out != m.group(0):
            self.report.rewrite(where, f"{m.group(0)} -> {out}")
        return out

    def locate(self, old_path: str, line: int) -> tuple[str | None, int | None]:
        """Where line ``line`` of an old file is in the new tree (found by its text near where it should be)."""
        src = self.srcs[old_path]
        target, expected = self.new_path(src), line
        for first, last, dest, name in self.placed.get(old_path, []):
            if first <= line <= last:
                target, text = dest, self.outputs.get(dest, "")
                found = re.search(rf"^(?:async def |def |class ){re.escape(name)}\b|^{re.escape(name)}\s*[:=]",
                                  text, re.M)
                if found:
                    expected = text[:found.start()].count("\n") + 1 + (line - src.symbols[name].lineno)
                break
        if target is None:
            return None, None
        new_lines = (self.outputs.get(target) or self.srcs[target].text).splitlines()
        old_lines = src.text.splitlines()
        if not 1 <= line <= len(old_lines):
            self.report.warn(f"{old_path}:{line} is past the end of the file (a stale reference?); moved as is")
            return target, line
        wanted = old_lines[line - 1].strip()
        hits = [i + 1 for i, t in enumerate(new_lines) if t.strip() == wanted] if wanted else []
        return target, min(hits, key=lambda i: abs(i - expected)) if hits else expected
