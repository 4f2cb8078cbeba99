"""One file of the new tree, for scripts/regroup.py: its base (the old file that lands there) minus the
statements that leave, plus those that arrive; every import written again from the file's new place;
calls through a module whose function moved pointed at its new module; module paths in strings and
comments rewritten.
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
from typing import TYPE_CHECKING

from regroup_imports import (GENERIC, Piece, Ref, Source, by_type, first_line, free_names, line_end, module_of,
                             refs_of, sort_key, statement)
from regroup_text import apply_edits, docstring_text, insert_imports, keep_layout, same_statements, tidy_header

if TYPE_CHECKING:
    from regroup_build import Builder

OLD_LEAF = re.compile(r"\b((?:idp|identity|sync|views)_\w+)\b")   # old module names worth a warning


class FileBuild:
    """One file of the new tree: its base (the old file that lands here, if any) and arrivals."""

    def __init__(self, builder: Builder, path: str, base: Source | None, arrivals: list[Piece]) -> None:
        self.b, self.path, self.base, self.arrivals = builder, path, base, arrivals
        self.module, self.is_init = module_of(path)
        self.package = (self.module if self.is_init else self.module.rpartition(".")[0]) if self.module else None
        self.leaving: list[tuple[int, int]] = []          # line ranges of the base's statements that leave
        if base and base.module:
            for node in base.tree.body:
                if any((base.module, x) in builder.symmap for x, s in base.symbols.items() if s is node):
                    self.leaving.append((first_line(base, node), node.end_lineno))
        self.needs: dict[str, Ref] = {}          # local name -> binding the new file must import
        self.pending: list[tuple[Source, int, int, str]] = []   # Name spans to point at another module
        self.used: set[str] = set()
        self.used_before = {n.id for n in ast.walk(base.tree) if isinstance(n, ast.Name)} if base else set()
        self.edits: dict[int, list] = {}         # id(piece) -> [(start, end, text)] in its source's text

    # --- analysis -------------------------------------------------------------------------------
    def in_leaving(self, line: int) -> bool:
        return any(a <= line <= z for a, z in self.leaving)

    def nodes(self, piece: Piece):
        for node in ast.walk(piece.node if piece.node is not None else piece.src.tree):
            line = getattr(node, "lineno", None)
            if piece.node is None and line is not None and self.in_leaving(line):
                continue
            yield node

    def analyse(self, piece: Piece) -> None:
        src, b, edits = piece.src, self.b, self.edits.setdefault(id(piece), [])
        renamed: set[int] = set()
        modules = set(b.modules)
        for node in self.nodes(piece):
            if not (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)):
                continue
            refs = src.bindings.get(node.value.id, set())
            if len(refs) != 1 or next(iter(refs)).kind != "mod":
                continue
            module = next(iter(refs)).module
            target = b.symmap.get((module, node.attr))
            if target is None or target == b.modmap.get(module):
                if target is None and module in b.modules and b.modmap.get(module) is None:
                    b.report.error(f"{src.path}:{node.lineno}: {node.value.id}.{node.attr} is left behind in a "
                                   "module that is split up")
                continue
            renamed.add(id(node.value))
            b.report.count("calls re-pointed")
            if target == self.module:
                edits.append((*src.span(node), node.attr))
            else:
                self.pending.append((src, *src.span(node.value), target))
        top = {local for stmt in src.top_imports for local, _, _ in refs_of(src, stmt, modules)}
        for node in self.nodes(piece):
            if isinstance(node, ast.Name) and id(node) not in renamed:
                self.used.add(node.id)
                if not isinstance(node.ctx, ast.Load):
                    continue
                if node.id in top and piece.node is not None:
                    self.need(node.id, self.top_ref(src, node.id))
                elif node.id in src.symbols and node.id not in top and src.module:
                    home = b.symmap.get((src.module, node.id), b.modmap.get(src.module))
                    if home != self.module:
                        self.need(node.id, Ref("sym", home, node.id), renewed=True)
            elif isinstance(node, ast.arg):
                self.used.add(node.arg)
            elif isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                self.used.add(node.name)
            elif isinstance(node, (ast.Import, ast.ImportFrom)) and not (piece.node is None
                                                                          and node in src.top_imports):
                self.nested_import(src, node, edits)
        if piece.node is not None:
            for name in free_names(piece.node) - top - set(src.symbols) - set(src.bindings):
                b.report.warn(f"{src.path}:{piece.first}: {name} is not bound in its module")

    def top_ref(self, src: Source, name: str) -> Ref:
        for stmt in src.top_imports:
            for local, ref, _ in refs_of(src, stmt, set(self.b.modules)):
                if local == name:
                    return ref
        raise KeyError(name)

    def need(self, local: str, ref: Ref, renewed: bool = False) -> None:
        new = ref if renewed else self.b.renew(ref)
        if new is None:
            self.b.report.error(f"{self.path}: needs {local} from {ref.module}, which is split up")
            return
        if new.kind == "sym" and new.module == self.module:
            return
        if self.needs.get(local, new) != new:
            self.b.report.error(f"{self.path}: {local} would mean both {self.needs[local]} and {new}")
        self.needs[local] = new
        if local.startswith("_") and new.kind == "sym":
            self.b.report.warn(f"{self.path}: imports the private name {local} from {new.module}")

    def nested_import(self, src: Source, node: ast.stmt, edits: list) -> None:
        bindings = [(local, self.b.renew(ref)) for local, ref, _ in refs_of(src, node, set(self.b.modules))]
        kept = [(local, ref) for local, ref in bindings if not (ref and ref.kind == "sym" and ref.module == self.module)]
        if len(kept) != len(bindings) or any(ref is None for _, ref in kept):
            self.b.report.error(f"{src.path}:{node.lineno}: a function-level import whose names moved here or "
                                "were split up; fix by hand")
            return
        lines = self.emit(kept, isinstance(node, ast.ImportFrom) and node.level > 0, indent=" " * node.col_offset)
        start, end = src.span(node)
        text = "\n".join(lines)
        if len(lines) == 1:
            text = keep_layout(" " * node.col_offset + src.text[start:end], lines[0])
        if not same_statements(text, src.text[start:end]):
            edits.append((start - node.col_offset, end, text))
            self.b.report.count("import statements rewritten")

    # --- writing imports ------------------------------------------------------------------------
    def emit(self, bindings: list[tuple[str, Ref]], relative: bool, indent: str = "", comment: str = "") -> list[str]:
        groups: dict[str | None, list[tuple[str, str | None]]] = {}
        for local, ref in bindings:
            if ref.kind == "ext_mod" or (ref.kind == "mod" and not relative and local == ref.module.split(".")[0]):
                groups.setdefault(None, []).append((ref.module, None if local == ref.module.split(".")[0]
                                                    else local))
            elif ref.kind == "mod":
                parent, _, leaf = ref.module.rpartition(".")
                groups.setdefault(parent, []).append((leaf, local))
            else:
                groups.setdefault(ref.module, []).append((ref.name, local))
        out = [statement(where, names, package=self.package, use_relative=relative, indent=indent) + comment
               for where, names in groups.items()]
        return sorted(out, key=lambda t: sort_key(t.strip())) if len(out) > 1 else out

    def header_refs(self):
        """(statement, trailing comment, [(local, old ref, new ref)]) for the base's top-level imports."""
        src = self.base
        for node in (src.top_imports if src else []):
            _, end = src.span(node)
            stop = src.text.find("\n", end)
            stop = len(src.text) if stop < 0 else stop
            comment = src.text[end:stop]
            comment = comment if comment.strip().startswith("# noqa") else ""
            yield node, stop, comment, [(local, ref, self.b.renew(ref))
                                            for local, ref, _ in refs_of(src, node, set(self.b.modules))]

    def local_for(self, module: str) -> str:
        """The local name under which this file calls into ``module`` (chosen once)."""
        wanted = Ref("mod", module)
        for local, ref in self.needs.items():
            if ref == wanted:
                return local
        for _, _, _, bindings in self.header_refs():
            for local, _, new in bindings:
                if new == wanted and self.needs.get(local, wanted) == wanted:
                    self.needs[local] = wanted
                    return local
        parent, _, leaf = module.rpartition(".")
        own_leaf = self.module.rpartition(".")[2] if self.module else ""
        name = leaf
        if (leaf in GENERIC and parent != (self.package or "")) or leaf == own_leaf:
            name = f"{parent.rpartition('.')[2]}_{leaf}"
        if name in self.used or name in self.needs:
            self.b.report.error(f"{self.path}: no free local name for {module} ({name} is taken)")
        self.needs[name] = wanted
        return name

    def header(self, edits: list) -> list[str]:
        """Rewrite the base's top-level imports in place; return the statements still to add."""
        b, src = self.b, self.base
        satisfied: set[str] = set()
        plans = []
        for node, stop, comment, bindings in self.header_refs():
            kept = []
            for local, ref, new in bindings:
                side_effect = "F401" in comment and local not in self.used
                if new is not None and new.kind == "sym" and new.module == self.module:
                    if local != ref.name:
                        b.report.error(f"{src.path}:{node.lineno}: {ref.name} as {local} now lives in this file")
                    continue
                if new is None:
                    if local in self.used:
                        b.report.error(f"{src.path}:{node.lineno}: {local} is still used but its module is split up")
                    continue
                if local in self.needs and self.needs[local] != new:
                    if local in self.used:
                        b.report.error(f"{self.path}: {local} would mean both {new} and {self.needs[local]}")
                    continue
                if local in self.used_before and local not in self.used and local not in self.needs:
                    continue                # what used it left this file, or now calls another module
                if side_effect and new.kind == "mod" and new != ref:
                    local = new.module.rpartition(".")[2]     # imported for its side effect: no alias needed
                kept.append((local, new))
                satisfied.add(local)
            plans.append((node, stop, comment, bindings, kept))
        imported = {new.module for *_, kept in plans for _, new in kept if new.kind == "mod"}
        for node, stop, comment, bindings, kept in plans:
            relative = isinstance(node, ast.ImportFrom) and node.level > 0
            start, _ = src.span(node)
            lines = self.emit(kept, relative, comment=comment)
            for local, ref, new in bindings:     # a handler module split up: register its new homes too
                if "F401" in comment and local not in self.used and ref.kind == "mod":
                    for target in sorted(b.receivers.get(ref.module, ())):
                        if target not in imported and target != self.module:
                            imported.add(target)
                            lines += self.emit([(target.rpartition(".")[2], Ref("mod", target))], relative,
                                               comment=comment)
            text = "\n".join(lines)
            if len(lines) == 1 and [(a.asname or a.name) for a in node.names] == [local for local, _ in kept]:
                text = keep_layout(src.text[start:stop], lines[0])
            if not same_statements(text, src.text[start:stop]):
                cut = stop + 1 if not text and stop < len(src.text) else stop
                edits.append((start, cut, text))
                b.report.count("import statements rewritten")
        missing = [(local, ref) for local, ref in sorted(self.needs.items(), key=lambda i: by_type(i[0]))
                   if local not in satisfied]
        return self.emit(missing, relative=bool(self.package))

    # --- the text -------------------------------------------------------------------------------
    def text(self) -> str:
        pieces = ([Piece(self.base, 1, len(self.base.text.splitlines()) or 1)] if self.base else []) + self.arrivals
        for piece in pieces:
            self.analyse(piece)
        base_edits = self.edits[id(pieces[0])] if self.base else []
        for src, start, end, module in self.pending:
            local = self.local_for(module)
            if src.text[start:end] != local:
                self.edits[id(self.piece_at(pieces, src, start))].append((start, end, local))
        new_statements = self.header(base_edits)
        if self.base:
            for first, last in self.leaving:
                base_edits.append((self.base.line_starts[first - 1], line_end(self.base, last), ""))
        self.strings(pieces)
        if self.base and not base_edits and not new_statements and not self.arrivals and \
                not self.b.docs.get(self.path):
            return self.base.text
        body = apply_edits(self.base.text, base_edits) if self.base else ""
        body = self.docstring(body)
        body = tidy_header(insert_imports(body, new_statements))
        if self.leaving:
            body = re.sub(r"\n{4,}", "\n\n\n", body)
        chunks = [apply_edits(p.src.text, self.edits[id(p)], p.src.line_starts[p.first - 1],
                              line_end(p.src, p.last)).rstrip() for p in self.arrivals]
        if chunks:
            body = body.rstrip("\n") + "\n\n\n" + "\n\n\n".join(chunks) + "\n"
        return body.rstrip("\n") + "\n" if body.strip() else body

    def piece_at(self, pieces: list[Piece], src: Source, offset: int) -> Piece:
        for p in pieces[1 if self.base else 0:]:
            if p.src is src and src.line_starts[p.first - 1] <= offset < line_end(src, p.last):
                return p
        return pieces[0]

    def docstring(self, body: str) -> str:
        doc = self.b.docs.get(self.path.removesuffix(".py")) or self.b.docs.get(self.path)
        if self.base is None:
            doc = doc or (ast.get_docstring(self.arrivals[0].src.tree) if self.arrivals else None) or ""
            if not self.b.docs.get(self.path):
                self.b.report.warn(f"{self.path}: a new module; its docstring is its first source's "
                                   "(add a 'doc' line to the table)")
            future = any("from __future__ import annotations" in p.src.text for p in self.arrivals)
            return (docstring_text(doc) if doc else "") + ("from __future__ import annotations\n" if future else "")
        if not doc:
            return body
        tree = ast.parse(body)
        first = tree.body[0] if tree.body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            return docstring_text(doc) + "".join(body.splitlines(keepends=True)[first.end_lineno:])
        return docstring_text(doc) + body

    def strings(self, pieces: list[Piece]) -> None:
        """Module paths in string literals and comments (not in the import statements rewritten above)."""
        for piece in pieces:
            src = piece.src
            header = {i for n in src.top_imports for i in range(n.lineno, n.end_lineno + 1)}
            if piece.node is None and self.b.docs.get(self.path) and ast.get_docstring(src.tree) is not None:
                header |= set(range(1, src.tree.body[0].end_lineno + 1))      # a docstring the table replaces
            for tok in tokenize.generate_tokens(io.StringIO(src.text).readline):
                row = tok.start[0]
                if tok.type not in (tokenize.STRING, tokenize.COMMENT) or row in header:
                    continue
                if piece.node is not None and not piece.first <= row <= piece.last:
                    continue
                if piece.node is None and self.in_leaving(row):
                    continue
                where = f"{src.path}:{row}"
                new = self.b.rewrite_paths(self.b.rewrite_dotted(tok.string, where), where)
                if tok.type == tokenize.STRING:
                    new = self.b.rewrite_relative_string(new, src, where)
                mentions = OLD_LEAF.findall(tok.string) if tok.type == tokenize.COMMENT else \
                    re.findall(OLD_LEAF.pattern + r"(?=\.py\b)", tok.string)      # in strings, as a file name only
                for leaf in mentions:
                    if any(m.rpartition(".")[2] == leaf and self.b.modmap.get(m) != m for m in self.b.modules):
                        self.b.report.warn(f"{where}: names the old module {leaf}")
                if new != tok.string:
                    start = src.line_starts[row - 1] + tok.start[1]
                    end = src.line_starts[tok.end[0] - 1] + tok.end[1]
                    self.edits[id(piece)].append((start, end, new))
