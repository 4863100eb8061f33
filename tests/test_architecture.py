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
SHELL = {"wiki", "sync", "apply", "cli", "startup", "recsync", "__main__", "unattended"}


def name_of(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module this one imports, at run time or for type checking only."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


GRAPH = {name_of(p): {m for m in imports(p) if m.startswith("bot")} for p in MODULES}
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
    graph = {"bot.a": {"bot.b"}, "bot.b": {"bot.c"}, "bot.c": {"bot.a"}, "bot.d": {"bot.a"}}

    assert cycles(graph)[0] == ["bot.a", "bot.b", "bot.c", "bot.a"]
    assert len(cycles(graph)) == 3  # not bot.d: it only leads into the cycle


def test_no_import_cycle_inside_the_package() -> None:
    assert cycles(GRAPH) == []


@pytest.mark.parametrize("path", MODULES, ids=name_of)
def test_only_the_shell_talks_to_the_wiki(path: Path) -> None:
    module = name_of(path).rpartition(".")[2] if "." in name_of(path) else name_of(path)
    if module in SHELL:
        return
    outside = {m.split(".")[0] for m in imports(path)} & {"pywikibot", "requests"}
    assert outside == set(), f"{name_of(path)} is pure: it imports {outside}"
