"""The generator's modules depend on each other in one direction, and `validate` starts fast.

Every import counts: at the top of a module, inside a function and under `TYPE_CHECKING`, because
each of them says that one module needs to know the other. A cycle means two modules that can no
longer be read, tested or changed on their own.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "generator"


def imports_of(path: Path) -> set[str]:
    """The generator modules that `path` imports, by module name ("render", "opendata", ...)."""
    modules = {p.stem for p in path.parent.glob("*.py")}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:  # from .render import x
                found.add(node.module.split(".")[0])
            elif node.level == 1:  # from . import opendata
                found.update(alias.name for alias in node.names)
            elif node.module and node.module.split(".")[0] == "generator":
                parts = node.module.split(".")
                found.update([parts[1]] if len(parts) > 1 else [alias.name for alias in node.names])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "generator" and len(parts) > 1:
                    found.add(parts[1])
    return (found & modules) - {path.stem}


def import_graph() -> dict[str, set[str]]:
    return {path.stem: imports_of(path) for path in sorted(PACKAGE.glob("*.py")) if path.stem != "__init__"}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each as a sorted list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_the_import_parser_sees_every_kind_of_import(tmp_path):
    package = tmp_path / "generator"
    package.mkdir()
    for name in ("a", "b", "c", "d", "e"):
        (package / f"{name}.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nfrom .b import x\nfrom . import c\nimport generator.d\n"
        "if TYPE_CHECKING:\n    from generator.e import y\ndef f():\n    from .b import z\n", encoding="utf-8")
    assert imports_of(package / "a.py") == {"b", "c", "d", "e"}


def test_cycles_are_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_settings_belong_to_neither_render_nor_opendata():
    graph = import_graph()
    assert "settings" in graph["render"] and "settings" in graph["opendata"]
    assert "opendata" not in graph["settings"] and "render" not in graph["settings"]
    assert "render" not in graph["opendata"]


def test_the_generator_modules_import_each_other_in_one_direction():
    assert cycles(import_graph()) == []


def test_validate_does_not_load_the_site_builder():
    """`gereedschapskist validate` stays quick to start: no MkDocs, Jinja2 or Python-Markdown."""
    probe = ("import sys\nfrom generator.cli import main\n"
             "try:\n    main(['--project', sys.argv[1], 'validate'], standalone_mode=False)\n"
             "finally:\n    print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'jinja2', 'markdown',"
             " 'material', 'pymdownx'}))\n")
    result = subprocess.run([sys.executable, "-c", probe, str(ROOT)], capture_output=True, text=True, check=False,
                            cwd=ROOT)
    assert "aanpakken gecontroleerd" in result.stdout + result.stderr, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
