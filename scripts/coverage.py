#!/usr/bin/env python3
"""The table of implemented actions, from botocore's models and the dispatch table.

    python scripts/coverage.py           print the Markdown table
    python scripts/coverage.py --write   replace the table in README.md between its markers
    python scripts/coverage.py --where   each implemented action's api module and backend package
"""
from __future__ import annotations

import argparse
import pathlib
import re

import botocore

from cognito_mock.api.registry import ACTIONS
from cognito_mock.wire.model import SERVICES, operation_names
import cognito_mock.dispatch  # noqa: F401  (registers every handler)

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
BEGIN, END = "<!-- coverage:begin -->", "<!-- coverage:end -->"


def table() -> str:
    lines = [f"Against botocore {botocore.__version__}'s models (generate it with the newest botocore installed).\n"]
    for service in SERVICES:
        ops = sorted(operation_names(service))
        done = [op for op in ops if op in ACTIONS[service]]
        lines.append(f"**{service}**: {len(done)} of {len(ops)} actions implemented.\n")
        lines.append("| action | implemented |")
        lines.append("|---|---|")
        lines += [f"| {op} | {'yes' if op in ACTIONS[service] else 'not yet'} |" for op in ops]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def where() -> str:
    """service, action, api module, backend package: the names match the AWS concept."""
    package = pathlib.Path(__file__).resolve().parent.parent / "cognito_mock"
    lines = []
    for service in SERVICES:
        for op in sorted(ACTIONS[service]):
            module = ACTIONS[service][op].__module__                     # cognito_mock.api.idp.users.recovery
            concept = module.split(".")[2:-1]                           # ["idp", "users"]
            backend = "cognito_mock.backend." + ".".join(concept)
            assert (package / "backend" / pathlib.Path(*concept)).is_dir(), f"{op}: no {backend}"
            lines.append(f"{service:17} {op:42} {module:50} {backend}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="update README.md in place")
    parser.add_argument("--where", action="store_true", help="print each action's api module and backend package")
    if parser.parse_known_args()[0].where:
        print(where(), end="")
        return
    text = table()
    if not parser.parse_args().write:
        print(text)
        return
    readme = README.read_text()
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    README.write_text(pattern.sub(lambda _m: f"{BEGIN}\n{text}{END}", readme))


if __name__ == "__main__":
    main()
