"""`-o -` is standard output wherever a command writes one file, and leaves no file named
'-'; `-h` is `--help` (issue 19)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
import rdflib
import yaml
from typer.testing import CliRunner

from argmap.cli import app
from tests.conftest import DATA

MINI = str(DATA / "mini.yaml")
AIFDB = str(DATA / "corpora" / "aifdb-nodeset-6064-original.json")
runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def stdout_of(args: list[str]) -> bytes:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert not Path("-").exists(), "a file named '-' was written"
    assert list(Path().iterdir()) == []  # nothing else either
    return result.stdout_bytes


def test_build_to_stdout_is_the_rdf_a_file_would_hold(tmp_path: Path) -> None:
    out = stdout_of(["build", MINI, "-o", "-", "-f", "turtle"])
    graph = rdflib.Graph().parse(data=out.decode("utf-8"), format="turtle")
    assert len(graph) > 100
    file = tmp_path.parent / "mini.ttl"
    assert runner.invoke(app, ["build", MINI, "-o", str(file)]).exit_code == 0
    assert out == file.read_bytes()


@pytest.mark.parametrize("fmt", ["nodelink", "argdown", "aif", "graphml"])
def test_export_to_stdout_is_the_file_the_format_writes(fmt: str, tmp_path: Path) -> None:
    out = stdout_of(["export", MINI, "--to", fmt, "-o", "-"])
    file = tmp_path.parent / f"mini-{fmt}"
    assert runner.invoke(app, ["export", MINI, "--to", fmt, "-o", str(file)]).exit_code == 0
    assert out == file.read_bytes()
    if fmt == "nodelink":
        assert nx.node_link_graph(json.loads(out)).number_of_nodes() > 5


def test_a_focused_export_goes_to_stdout_too() -> None:
    out = stdout_of(["export", MINI, "--to", "mermaid", "-o", "-", "--focus", "open-cheap"])
    assert out.startswith(b"flowchart")


def test_render_to_stdout_is_the_page() -> None:
    assert stdout_of(["render", MINI, "-o", "-"]).lstrip().lower().startswith(b"<!doctype html")


@pytest.mark.parametrize(
    "args",
    [["import", AIFDB, "-o", "-"], ["import", AIFDB]],
    ids=["-o -", "no -o"],
)
def test_import_to_stdout_is_the_map_as_yaml(args: list[str]) -> None:
    assert yaml.safe_load(stdout_of(args))["id"] == "aifdb-nodeset-6064-original"


def test_schema_to_stdout() -> None:
    assert json.loads(stdout_of(["schema", "-o", "-"]))["type"] == "object"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", MINI, "-o", "-"], "name the format with --to"),
        (["export", MINI, "--to", "neo4j", "-o", "-"], "writes more than one file"),
        (["export", MINI, "--to", "microtexts", "-o", "-"], "writes more than one file"),
        (["build", MINI, "-o", "-"], "name the RDF format with -f"),
    ],
)
def test_stdout_without_what_it_needs_fails_in_one_line(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.splitlines()) == 1
    assert result.stdout == "" and list(Path().iterdir()) == []


@pytest.mark.parametrize("args", [["-h"], ["export", "-h"], ["query", "-h"]])
def test_dash_h_is_help(args: list[str]) -> None:
    short = runner.invoke(app, args)
    long = runner.invoke(app, [*args[:-1], "--help"])
    assert short.exit_code == 0 and short.stdout == long.stdout and "Usage" in short.stdout
