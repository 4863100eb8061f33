"""The shape of the code, kept: small modules and functions, no import cycle, a pure core.

These are the rules the README's layout promises; a change that breaks one fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"
MODULES = sorted(BOT.rglob("*.py"))
MAX_MODULE_LINES = 450
MAX_FUNCTION_LINES = 80
#: The I/O shell: the only modules that may import pywikibot or requests.
SHELL = {
    "wiki",
    "answers",
    "sync",
    "installing",
    "apply",
    "cli",
    "runs",
    "startup",
    "recsync",
    "__main__",
    "unattended",
    "site_wording",
}


def name_of(path: Path) -> str:
    """The module's name as installed: bot/report/text.py is ``recsync.report.text``."""
    parts = ("recsync", *path.relative_to(BOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module this one imports, at run time or for type checking only.

    The package's modules import each other relatively (``from ..model import X``):
    those are resolved against the module's own package.
    """
    found = set()
    package = name_of(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if module:
                found.add(module)
            found.update(f"{module}.{alias.name}".lstrip(".") for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_relative_imports_are_resolved_against_the_module_s_package() -> None:
    found = imports(BOT / "report" / "as_json.py")

    assert "recsync.model" in found
    assert "recsync.report.common" in found


def test_no_module_imports_the_package_as_bot() -> None:
    """The installed package is ``recsync``: an absolute ``bot`` import fails there."""
    wrong = {name_of(p): m for p in MODULES for m in imports(p) if m.split(".")[0] == "bot"}

    assert wrong == {}


GRAPH = {name_of(p): {m for m in imports(p) if m.startswith("recsync")} for p in MODULES}
GRAPH = {module: {d for d in deps if d in GRAPH and d != module} for module, deps in GRAPH.items()}


@pytest.mark.parametrize("path", MODULES, ids=name_of)
def test_no_module_is_over_450_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES


@pytest.mark.parametrize("path", MODULES, ids=name_of)
def test_no_function_is_over_80_lines(path: Path) -> None:
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One import cycle through each module that is on one."""

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        while stack:
            module, path = stack.pop()
            for dep in graph[module]:
                if dep == start:
                    return [*path, dep]
                if dep not in path:
                    stack.append((dep, [*path, dep]))
        return None

    return [cycle for module in graph if (cycle := cycle_from(module))]


def test_a_cycle_is_found_where_there_is_one() -> None:
    graph = {"m.a": {"m.b"}, "m.b": {"m.c"}, "m.c": {"m.a"}, "m.d": {"m.a"}}

    assert cycles(graph)[0] == ["m.a", "m.b", "m.c", "m.a"]
    assert len(cycles(graph)) == 3  # not m.d: it only leads into the cycle


def test_no_import_cycle_inside_the_package() -> None:
    assert cycles(GRAPH) == []


@pytest.mark.parametrize("path", MODULES, ids=name_of)
def test_only_the_shell_talks_to_the_wiki(path: Path) -> None:
    module = name_of(path).rpartition(".")[2] if "." in name_of(path) else name_of(path)
    if module in SHELL:
        return
    outside = {m.split(".")[0] for m in imports(path)} & {"pywikibot", "requests"}
    assert outside == set(), f"{name_of(path)} is pure: it imports {outside}"
