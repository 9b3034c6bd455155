"""The packages draw the pipeline: every import points down the table in DESIGN.md, and no
module imports itself back through others (imports inside functions count too)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from tests.conftest import ROOT

SRC = ROOT / "src"

#: What each stage may import (besides itself). The front door (argmap/__init__) and the
#: CLI may import every stage.
MAY_IMPORT: dict[str, set[str]] = {
    "errors": set(),
    "util": {"errors"},
    "model": {"errors", "util"},
    "rdf": {"errors", "util", "model"},
    "graph": {"errors", "util", "model"},
    "shacl": {"errors", "util", "model", "rdf"},
    "formats": {"errors", "util", "model", "rdf", "graph"},
    "sparql": {"errors", "util", "model", "rdf"},
    "analysis": {"errors", "util", "model", "graph", "rdf"},
    "render": {"errors", "util", "model", "graph", "analysis"},
    "cli": {
        "errors", "util", "model", "rdf", "graph", "shacl", "formats", "sparql", "analysis",
        "render", "argmap",
    },
    "__main__": {"cli"},
    "argmap": {
        "errors", "util", "model", "rdf", "graph", "shacl", "formats", "sparql", "analysis",
        "render",
    },
}  # fmt: skip

#: The SHACL engine runs on plain terms: of argmap's RDF it needs the terms table only.
#: shacl.maps (validating argmap's own maps) also turns a corpus into quads.
SHACL_ENGINE_MAY_IMPORT = {"argmap.rdf.terms", "argmap.errors", "argmap.util"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in (SRC / "argmap").rglob("*.py")}


def _imports(name: str, path: Path) -> Iterator[str]:
    """Every argmap module ``name`` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.split(".")[0] == "argmap")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            if base.split(".")[0] != "argmap":
                continue
            for alias in node.names:  # `from argmap.x import y` may name a module y
                candidate = f"{base}.{alias.name}"
                yield candidate if candidate in _MODULES else base


_MODULES = _modules()


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "argmap"


def _edges() -> list[tuple[str, str]]:
    return [
        (name, target)
        for name, path in _MODULES.items()
        for target in _imports(name, path)
        if target != name
    ]


def test_every_import_points_down_the_stages() -> None:
    upward = [
        f"{source} imports {target}"
        for source, target in _edges()
        if _stage(target) != _stage(source) and _stage(target) not in MAY_IMPORT[_stage(source)]
    ]
    assert upward == []


def test_the_shacl_engine_imports_only_the_rdf_terms_table() -> None:
    wrong = [
        f"{source} imports {target}"
        for source, target in _edges()
        if _stage(source) == "shacl"
        and source != "argmap.shacl.maps"
        and _stage(target) != "shacl"
        and not any(target.startswith(allowed) for allowed in SHACL_ENGINE_MAY_IMPORT)
    ]
    assert wrong == []


def test_no_module_imports_itself_back() -> None:
    graph = nx.DiGraph(_edges())
    cycles = sorted(sorted(c) for c in nx.simple_cycles(graph))
    assert cycles == []


def test_only_the_front_door_and_errors_sit_loose_in_the_package() -> None:
    loose = sorted(p.name for p in (SRC / "argmap").glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "errors.py"]


@pytest.mark.parametrize(
    ("source", "upward"),
    [
        ("from argmap.formats.registry import load\n", "argmap.formats.registry"),
        ("def f():\n    from argmap.cli import app\n", "argmap.cli"),
        ("import argmap.render.html\n", "argmap.render.html"),
    ],
)
def test_the_walk_sees_imports_anywhere_in_a_module(
    tmp_path: Path, source: str, upward: str
) -> None:
    module = tmp_path / "m.py"
    module.write_text(source, "utf-8")
    assert upward in set(_imports("argmap.model.m", module))


def test_no_module_reaches_into_another_module_s_private_names() -> None:
    private = []
    for name, path in _MODULES.items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("argmap"):
                private += [
                    f"{name} imports {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.startswith("__")
                ]
    assert private == []
