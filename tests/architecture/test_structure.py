"""The structure the layers contract cannot see: no import cycle between any two of the project's
modules (imports inside functions and type-only imports included), a reason beside every import
left inside a function, and no production module grown past what one file should hold."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

from tests.paths import ROOT

PACKAGES = ("tattoobot", "leads", "conversations", "payments", "integrations")
# Data tables, not logic: the city list the place parser reads.
LONG_DATA_TABLES = frozenset({"conversations/policy/cities.py"})
MAX_LINES = 400


def _production_files() -> list[Path]:
    return sorted(
        path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts
    )


def _cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root) & modules)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child) & modules))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_no_module_of_the_project_imports_itself_through_others() -> None:
    graph = grimp.build_graph(*PACKAGES, exclude_type_checking_imports=False)
    # A package's __init__ importing its own submodules is how Python packages hand names on.
    modules = {m for m in graph.modules if ".migrations" not in m}
    for module in list(modules):
        for child in graph.find_children(module):
            if graph.direct_import_exists(importer=module, imported=child):
                graph.remove_import(importer=module, imported=child)
    assert _cycles(graph, modules) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("a", "b", "c", "d"):
        graph.add_module(name)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    graph.add_import(importer="c", imported="d")
    assert _cycles(graph, {"a", "b", "c", "d"}) == [["a", "b", "c"]]


def _local_imports_without_a_reason(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    missing = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            own_line = lines[node.lineno - 1]
            above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
            # The reason is on the import's line, or on a comment line heading its block of imports.
            block_start = node.lineno - 1
            while block_start > 0 and (
                lines[block_start - 1].strip().startswith(("from ", "import ")) or not lines[block_start - 1].strip()
            ):
                block_start -= 1
            heading = lines[block_start - 1].strip() if block_start > 0 else ""
            if "#" not in own_line and not above.startswith("#") and not heading.startswith("#"):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {own_line.strip()}")
    return missing


def test_every_import_inside_a_function_says_why() -> None:
    missing = [line for path in _production_files() for line in _local_imports_without_a_reason(path)]
    assert missing == []


def test_no_production_module_holds_more_than_one_files_worth() -> None:
    long = {
        str(path.relative_to(ROOT)): count
        for path in _production_files()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert {name: count for name, count in long.items() if name not in LONG_DATA_TABLES} == {}
