"""The package's layers: each module imports only from its own layer or the ones below it, so
the statistics never pull in the grading engine and the backends never reach up into a judge.

Imports under ``if TYPE_CHECKING:`` are left out (they never run); imports inside functions count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "underreach_judge"

#: lowest first; a module (or subpackage) not listed is a test failure, so new ones get a place
LAYERS: list[set[str]] = [
    {
        "exceptions",
        "_resources",
        "verdict",
        "fence",
        "text",
        "conversation",
        "rubric",
        "parse",
        "verify",
        "render",
        "pricing",
        "cache",
        "retry",
        "throttle",
        "timestamps",
        "logs",
    },
    {"reporting"},
    {"backends"},
    {"heuristic"},
    {"grading"},
    {"batch", "integrations", "testing", "probe"},
    {"cli", "__init__", "__main__"},
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def _unit(module: Path) -> str:
    """The layer unit a file belongs to: its subpackage, or its own name at the top."""
    parts = module.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _runtime_imports(tree: ast.Module, package_parts: tuple[str, ...]) -> list[tuple[int, str]]:
    """(line, unit) of every import of this package that runs, resolved to its layer unit."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package_parts[: len(package_parts) - node.level])
                target = base + (node.module.split(".") if node.module else [])
                if len(target) > 1:
                    found.append((node.lineno, target[1]))
                else:  # "from . import x" at the top of the package
                    found.extend((node.lineno, alias.name) for alias in node.names)
            elif node.module and node.module.startswith("underreach_judge."):
                found.append((node.lineno, node.module.split(".")[1]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("underreach_judge."):
                    found.append((node.lineno, alias.name.split(".")[1]))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down(module: Path) -> None:
    unit = _unit(module)
    assert unit in LAYER, f"{unit} has no layer in tests/test_layers.py: give it one"
    parts = ("underreach_judge", *module.relative_to(PACKAGE).with_suffix("").parts)
    if module.name == "__init__.py":
        parts = (*parts[:-1], "__init__")
    tree = ast.parse(module.read_text(encoding="utf-8"))
    upward = [
        f"line {line}: imports {target} (layer {LAYER.get(target)}) from {unit} (layer {LAYER[unit]})"
        for line, target in _runtime_imports(tree, parts)
        if target in LAYER and LAYER[target] > LAYER[unit]
    ]
    assert upward == []


def test_the_check_sees_an_upward_import() -> None:
    tree = ast.parse("from ..grading import Judge\n")
    assert _runtime_imports(tree, ("underreach_judge", "reporting", "calibrate")) == [(1, "grading")]
    guarded = ast.parse(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..grading import Judge\n"
    )
    assert _runtime_imports(guarded, ("underreach_judge", "reporting", "calibrate")) == []
