"""The schema's modules import one another one way only (no module imports, at run time, one that
imports it back, not even from inside a function), and only the package says what it exports:
no module keeps names "importable from here" for others."""

from __future__ import annotations

import ast
from pathlib import Path

SCHEMA = Path(__file__).resolve().parents[2] / "schema"


def _runtime_imports(tree: ast.AST) -> set[str]:
    """Modules of the schema package imported anywhere but under `if TYPE_CHECKING:`."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("schema."):
            found.add(node.module.removeprefix("schema."))
        elif isinstance(node, ast.Import):
            found.update(a.name.removeprefix("schema.") for a in node.names if a.name.startswith("schema."))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _graph() -> dict[str, set[str]]:
    return {
        path.stem: _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
        for path in SCHEMA.glob("*.py")
        if path.stem not in ("__init__", "__main__")
    }


def test_no_import_cycle_between_schema_modules() -> None:
    graph = _graph()
    cycles: list[list[str]] = []

    def walk(module: str, path: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                cycles.append([*path[path.index(target) :], target])
            elif target in graph:
                walk(target, [*path, target])

    for module in sorted(graph):
        walk(module, [module])
    assert cycles == []


def test_only_the_package_declares_exports() -> None:
    declaring = [p.name for p in SCHEMA.glob("*.py") if p.stem != "__init__" and "__all__" in p.read_text()]
    assert declaring == []
