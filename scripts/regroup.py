#!/usr/bin/env python3
"""Regroup cognito_mock by Cognito concept: a one-shot refactoring driven by a mapping table.

    python scripts/regroup.py [--map scripts/regroup_map.txt] [--dry-run]

The table (scripts/regroup_map.txt) has one entry a line:

    cognito_mock/api/idp_clients.py -> cognito_mock/api/idp/clients/clients.py     a file moves (git mv)
    cognito_mock/api/idp_users_self.py -> cognito_mock/api/idp/users/users.py       a second file to the same
                                                                                    place is merged into it
    cognito_mock/api/views.py::user_pool,schema_* -> cognito_mock/api/idp/pools/views.py
                                                   top-level names (fnmatch patterns) move into a module
    cognito_mock/web/templates/ -> cognito_mock/web/oauth/templates/                a data directory moves
    doc cognito_mock/api/idp/users: Users: ...                                      the docstring of a new
                                                                                    package or module

Every import in cognito_mock/, tests/, scripts/ and conftest_plugin/ is written again so the code runs
unchanged: relative imports stay relative (recomputed from the file's new place), absolute ones stay
absolute, a statement whose names now live in different modules is split, a module imported under
another local name than its new file name keeps that name with ``as``, trailing ``# noqa`` comments
are kept. ``views.x(...)`` calls whose function moved are pointed at its new module. Module paths in
strings and comments (patch targets, ``"idp.user_models"`` in persistence, ``backend/idp/x.py`` in
docs) are rewritten and listed; pyproject's package data follows a moved data directory.

Entries whose source does not exist are skipped with a warning, modules the table does not name stay
where they are, so the tool can run again on a tree that others have changed. It refuses a dirty tree
(unless --dry-run), stages its changes without committing, and ends with a summary.
"""
from __future__ import annotations

import argparse
import fnmatch
import pathlib
import re
import subprocess
import sys
import tomllib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from regroup_build import Builder  # noqa: E402
from regroup_imports import load, module_of  # noqa: E402
from regroup_text import Report  # noqa: E402

SCOPES = ("cognito_mock", "tests", "scripts", "conftest_plugin")
ROOT = pathlib.Path(__file__).resolve().parent.parent


class Plan:
    """The mapping table, checked against the tree."""

    def __init__(self) -> None:
        self.file_moves: list[tuple[str, str]] = []
        self.symbol_moves: list[tuple[str, list[str], str]] = []
        self.dir_moves: list[tuple[str, str]] = []
        self.docs: dict[str, str] = {}

    @classmethod
    def read(cls, path: pathlib.Path) -> Plan:
        plan = cls()
        for number, raw in enumerate(path.read_text().splitlines(), 1):
            line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("doc ") else raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("doc "):
                where, _, text = line[4:].partition(":")
                plan.docs[where.strip().rstrip("/")] = text.strip()
                continue
            if " -> " not in line:
                raise SystemExit(f"{path}:{number}: expected 'SOURCE -> DESTINATION': {raw}")
            source, _, dest = (part.strip() for part in line.partition(" -> "))
            if "::" in source:
                file, _, names = source.partition("::")
                plan.symbol_moves.append((file, [n.strip() for n in names.split(",") if n.strip()], dest))
            elif source.endswith("/"):
                plan.dir_moves.append((source.rstrip("/"), dest.rstrip("/")))
            else:
                plan.file_moves.append((source, dest))
        return plan


def git(*args: str, check: bool = True) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=check, capture_output=True, text=True).stdout


def sources() -> dict:
    files = [f for f in git("ls-files", *SCOPES).splitlines() if f.endswith(".py") and (ROOT / f).exists()
             and not f.startswith("scripts/regroup")]      # the tool does not rewrite itself
    return {f: load(f, (ROOT / f).read_text()) for f in files}


def resolve(plan: Plan, srcs: dict, report: Report) -> tuple[dict, dict, list]:
    """file moves -> {old path: new path}, merges {old path: new path}, symbol moves [(path, name, dest)]."""
    moves, merges, claimed = {}, {}, {}
    leaving = {s for s, d in plan.file_moves if s in srcs and s != d}
    for source, dest in plan.file_moves:
        if source not in srcs:
            report.warn(f"skipped (no such file): {source} -> {dest}")
            continue
        if module_of(dest)[0] is None or not dest.endswith(".py"):
            raise SystemExit(f"destination is not a module of the package: {dest}")
        if source == dest:
            report.note(f"stays: {source}")
            continue
        if source in moves or source in merges:
            raise SystemExit(f"{source} is moved twice")
        if dest in claimed or (dest in srcs and dest not in leaving):
            merges[source] = dest
        else:
            moves[source] = dest
            claimed[dest] = source
    symbols, seen = [], set()
    for file, patterns, dest in plan.symbol_moves:
        if file not in srcs:
            report.warn(f"skipped (no such file): {file}::{','.join(patterns)} -> {dest}")
            continue
        names = list(srcs[file].symbols)
        for pattern in patterns:
            matched = [n for n in names if fnmatch.fnmatchcase(n, pattern)]
            if not matched:
                report.warn(f"skipped (no such name): {file}::{pattern}")
            for name in matched:
                if (file, name) in seen:
                    continue
                seen.add((file, name))
                symbols.append((file, name, dest))
    return moves, merges, symbols


def move_dirs(plan: Plan, report: Report, dry: bool) -> dict[str, str]:
    done = {}
    for source, dest in plan.dir_moves:
        if not (ROOT / source).is_dir():
            report.warn(f"skipped (no such directory): {source}/")
            continue
        done[source] = dest
        if dry:
            report.note(f"directory {source}/ -> {dest}/")
        else:
            (ROOT / dest).parent.mkdir(parents=True, exist_ok=True)
            git("mv", source, dest)
    return done


def package_data(dirs: dict[str, str], report: Report) -> str | None:
    """pyproject.toml with [tool.setuptools.package-data] following moved data directories: a pattern
    under a moved directory goes to the package that now holds it (a key of its own if need be)."""
    path = ROOT / "pyproject.toml"
    text = path.read_text()
    data = tomllib.loads(text).get("tool", {}).get("setuptools", {}).get("package-data", {})
    new_data: dict[str, list[str]] = {}
    for package, patterns in data.items():
        base = package.replace(".", "/")
        for pattern in patterns:
            full = f"{base}/{pattern}"
            old = next((d for d in dirs if full.startswith(d + "/")), None)
            if old is None:
                new_data.setdefault(package, []).append(pattern)
                continue
            new = dirs[old]
            new_package = new.rpartition("/")[0].replace("/", ".")
            new_data.setdefault(new_package, []).append(f"{new.rpartition('/')[2]}/{full[len(old) + 1:]}")
            report.rewrite("pyproject.toml", f"package data {package}: {pattern} -> {new_package}: "
                                             f"{new_data[new_package][-1]}")
    if new_data == data:
        return None
    section = re.compile(r"(^\[tool\.setuptools\.package-data\]\n)((?:\"[^\n]*\n)*)", re.M)
    lines = "".join(f'"{k}" = [{", ".join(chr(34) + p + chr(34) for p in v)}]\n' for k, v in new_data.items())
    if not section.search(text):
        report.warn("pyproject.toml: package data moved but its section is not written one key a line; fix by hand")
        return None
    return section.sub(lambda m: m.group(1) + lines, text, count=1)


def apply(builder: Builder, outputs: dict[str, str], plan: Plan, report: Report) -> None:
    """Change the tree: every text is computed before the first file moves."""
    docs = builder.markdown_rewrites(ROOT)
    packages = builder.new_packages(outputs)
    dirs = move_dirs(plan, report, dry=True)
    pyproject = package_data(dirs, report)
    move_dirs(plan, Report(), dry=False)
    for old, new in builder.moves.items():
        (ROOT / new).parent.mkdir(parents=True, exist_ok=True)
        git("mv", old, new)
    for old in builder.deleted_paths():
        git("rm", "-q", old)
    for path, text in outputs.items():
        target = ROOT / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    for path, text in packages.items():
        (ROOT / path).write_text(text)
    if pyproject is not None:
        (ROOT / "pyproject.toml").write_text(pyproject)
    for path, text in docs.items():
        (ROOT / path).write_text(text)
        report.note(f"rewrote module paths in {path}")
    git("add", "-A", *SCOPES, "pyproject.toml", "docs")


def check(report: Report) -> None:
    """Compile every file and import every module of the package in a fresh interpreter."""
    code = ("import importlib, pkgutil, cognito_mock, sys\n"
            "bad = []\n"
            "for m in pkgutil.walk_packages(cognito_mock.__path__, 'cognito_mock.'):\n"
            "    if m.name.endswith('__main__'): continue\n"
            "    try: importlib.import_module(m.name)\n"
            "    except Exception as e: bad.append(f'{m.name}: {e!r}')\n"
            "print('\\n'.join(bad)); sys.exit(1 if bad else 0)\n")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    if run.returncode:
        report.warn("modules that fail to import after the move:\n" + run.stdout + run.stderr[-2000:])
    for path in sorted((ROOT / "cognito_mock").rglob("*.py")):
        lines = len(path.read_text().splitlines())
        if lines > 400:
            report.warn(f"{path.relative_to(ROOT)} has {lines} lines (the limit is 400)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--map", default=str(ROOT / "scripts" / "regroup_map.txt"))
    parser.add_argument("--dry-run", action="store_true", help="print the plan and the summary; change nothing")
    args = parser.parse_args()
    if not args.dry_run and git("status", "--porcelain").strip():
        raise SystemExit("refusing to run: the work tree has uncommitted changes (commit or stash them first)")
    report = Report()
    plan = Plan.read(pathlib.Path(args.map))
    srcs = sources()
    moves, merges, symbols = resolve(plan, srcs, report)
    builder = Builder(srcs, moves, merges, symbols, plan.docs, report)
    outputs = builder.build()
    if args.dry_run:
        for old, new in sorted(builder.moves.items()):
            print(f"  move   {old} -> {new}")
        for old, new in sorted(merges.items()):
            print(f"  merge  {old} -> {new}")
        for path in builder.deleted_paths():
            print(f"  delete {path}")
        for file, names, dest in builder.effective:
            if file not in merges:
                print(f"  symbol {file}::{names} -> {dest}")
        for source, dest in plan.dir_moves:
            print(f"  dir    {source}/ -> {dest}/")
    if report.errors:
        report.print()
        raise SystemExit("nothing was changed: fix the table or the code above first")
    if not args.dry_run:
        apply(builder, outputs, plan, report)
        check(report)
    report.print()


if __name__ == "__main__":
    main()
