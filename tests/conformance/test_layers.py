"""The layering of DESIGN.md section 2, held by parsing imports (no extra dependency)."""
import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "cognito_mock"
MAX_LINES = 400

# layer of each top-level part of the package; a module may import only from lower layers
LAYERS = {"errors": 0, "support": 0, "version": 0, "wire": 1, "backend": 1, "api": 2, "dispatch": 3, "seeding": 3.5,
          "web": 4, "patching": 5, "edge": 5.5, "server": 6, "cli": 7, "__init__": 7, "__main__": 8}
# third-party modules only one part may import
OWNERS = {"werkzeug": {"web", "server"}, "responses": {"patching"}, "botocore.awsrequest": {"patching"},
          "botocore.model": {"wire"}}


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        yield path, rel.parts[0].removesuffix(".py")


def imported(path: pathlib.Path):
    """(top-level part of cognito_mock or None, full module name) for every import in ``path``."""
    package = list(path.relative_to(PACKAGE).parts[:-1])
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = base + (node.module.split(".") if node.module else [])
            tops = [target[0]] if target else [alias.name for alias in node.names]
            for top in tops:
                yield top, "cognito_mock." + ".".join(target or [top])
        elif isinstance(node, ast.ImportFrom):
            name = node.module or ""
            yield (name.split(".")[1] if name.startswith("cognito_mock.") else None), name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield (alias.name.split(".")[1] if alias.name.startswith("cognito_mock.") else None), alias.name


@pytest.mark.parametrize("path,part", list(modules()), ids=lambda v: str(v).split("cognito_mock/")[-1])
def test_imports_only_go_down(path, part):
    for top, name in imported(path):
        if top is not None and top != part:
            assert LAYERS[top] < LAYERS[part], f"{part} must not import {top} ({name})"
        for owned, owners in OWNERS.items():
            if name == owned or name.startswith(owned + "."):
                assert part in owners, f"only {sorted(owners)} may import {owned}; {path.name} does"


@pytest.mark.parametrize("path,part", list(modules()), ids=lambda v: str(v).split("cognito_mock/")[-1])
def test_files_stay_small(path, part):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by domain"


def test_validation_message_lives_only_in_wire():
    for path, part in modules():
        if part != "wire":
            assert "validation error detected" not in path.read_text(), path
