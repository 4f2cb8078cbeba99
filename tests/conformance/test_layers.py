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


# --- import cycles ------------------------------------------------------------------------------
# A cycle through an import made inside a function may be allowed, with the reason; one through
# module-level imports never is. Keys are (importer, imported) of the function-level edge.
ALLOWED_CYCLE_EDGES: dict[tuple[str, str], str] = {}


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, dict[str, str]]:
    """module -> {imported module: "module" | "function"} for every import between cognito_mock's
    modules that runs (``if TYPE_CHECKING:`` imports do not); "module" wins when both kinds exist."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, dict[str, str]] = {m: {} for m in paths}
    for name, path in paths.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        tree = ast.parse(path.read_text())
        skipped = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(
            node.test) for n in ast.walk(node)}
        in_function = {id(n) for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                       for n in ast.walk(node)}
        for node in ast.walk(tree):
            if id(node) in skipped or not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = ".".join((package[: len(package) - node.level + 1] if node.level else [])
                                + (node.module.split(".") if node.module else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in paths else base for a in node.names]
            kind = "function" if id(node) in in_function else "module"
            for target in targets:
                if target in paths and target != name and graph[name].get(target) != "module":
                    graph[name][target] = kind
    return graph


def cycles(graph: dict[str, dict[str, str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(graph[child])))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_through_module_level_imports():
    graph = import_graph()
    module_level = {m: {t: k for t, k in edges.items() if k == "module"} for m, edges in graph.items()}
    assert cycles(module_level) == []


def test_no_import_cycle_but_the_allowed_function_level_ones():
    graph = import_graph()
    kept = {m: {t: k for t, k in edges.items() if (m, t) not in ALLOWED_CYCLE_EDGES} for m, edges in graph.items()}
    assert cycles(kept) == [], "import cycle (a function-level edge may be allowed in ALLOWED_CYCLE_EDGES, with why)"
    for (importer, imported), reason in ALLOWED_CYCLE_EDGES.items():
        assert graph.get(importer, {}).get(imported) == "function", f"{importer} -> {imported} ({reason})"
        assert any(importer in c and imported in c for c in cycles(graph)), f"no cycle left through {importer}"


def test_the_cycle_check_sees_cycles():
    assert cycles({"a": {"b": "module"}, "b": {"c": "function"}, "c": {"a": "module"}, "d": {}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b": "module"}, "b": {}}) == []
