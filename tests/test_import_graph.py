"""The package's modules import one another without cycles, lazily or not.

A cycle hidden behind an import inside a function (the old places/context ↔ gazetteer ↔
imports loop) still ties the modules into one: none can be read, tested or replaced alone.
Imports under `if TYPE_CHECKING:` are for annotations only and do not count.
"""
from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _module(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(tree: ast.AST, known: set[str]) -> set[str]:
    out: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        if _type_checking(node):
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for a in node.names:        # "from analysis.places import context" names a module
                full = f"{node.module}.{a.name}"
                out.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        stack.extend(ast.iter_child_nodes(node))
    return {m for m in out if m in known}


def graph() -> dict[str, set[str]]:
    """Module → the package modules it imports."""
    paths = {_module(p): p for p in (SRC / "analysis").rglob("*.py")}
    known = set(paths)
    # a package's __init__ re-exporting its modules is not a dependency of theirs on it
    return {name: {d for d in _imports(ast.parse(path.read_text(encoding="utf-8")), known)
                   if d != name and not name.startswith(d + ".")}
            for name, path in paths.items()}


def cycle(g: dict[str, set[str]]) -> list[str]:
    """One import cycle of `g` (depth-first search), or [] when there is none."""
    state: dict[str, int] = {}     # 1: on the current path, 2: done
    path: list[str] = []

    def visit(n: str) -> list[str]:
        state[n] = 1
        path.append(n)
        for d in sorted(g.get(n, ())):
            if state.get(d) == 1:
                return path[path.index(d):] + [d]
            if d not in state and (found := visit(d)):
                return found
        state[n] = 2
        path.pop()
        return []

    for n in sorted(g):
        if n not in state and (found := visit(n)):
            return found
    return []


def test_no_import_cycles():
    found = cycle(graph())
    assert not found, "import cycle: " + " → ".join(found)


def test_the_check_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_the_check_sees_a_lazy_import():
    tree = ast.parse("def f():\n    from analysis.places.gazetteer import load_gazetteer\n")
    assert _imports(tree, {"analysis.places.gazetteer"}) == {"analysis.places.gazetteer"}


def test_the_check_ignores_annotations_only():
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from analysis.places.gazetteer import X\n")
    assert _imports(tree, {"analysis.places.gazetteer"}) == set()
