"""Generated reference docs: committed copies equal fresh ones, and they cover everything."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
import typer
from rdflib.namespace import RDF
from typer.core import TyperGroup
from typer.testing import CliRunner

from argmap.cli import app
from argmap.rdf.terms import AM_NS
from scripts import docgen
from tests.conftest import ROOT

DOCS = ROOT / "docs"
GENERATED = docgen.generate()


def _commands() -> Iterator[tuple[list[str], object]]:
    """Every command path under the app (the app itself is []) with its click command."""

    def walk(
        command: object, ctx: typer.Context, path: list[str]
    ) -> Iterator[tuple[list[str], object]]:
        yield path, command
        if isinstance(command, TyperGroup):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    yield from walk(
                        sub, typer.Context(sub, info_name=name, parent=ctx), [*path, name]
                    )

    root = typer.main.get_command(app)
    yield from walk(root, typer.Context(root, info_name="argmap"), [])


COMMANDS = list(_commands())


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_committed_docs_equal_freshly_generated_ones(name: str) -> None:
    committed = DOCS / name
    assert committed.is_file(), f"docs/{name} is missing; generate it with: {docgen.REGENERATE}"
    assert committed.read_text("utf-8") == GENERATED[name], (
        f"docs/{name} is out of date with the code; regenerate it with: {docgen.REGENERATE}"
    )


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(["argmap", *p]))
def test_every_command_help_has_an_example_of_itself(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="argmap")
    assert result.exit_code == 0, result.output
    words = " ".join(result.stdout.split())  # help is wrapped to the terminal's width
    command = " ".join(["argmap", *path])
    assert re.search(rf"Example: {re.escape(command)}( |$)", words), (
        f"'{command} --help' has no 'Example: {command} …' line; add one to its docstring"
    )


def test_cli_reference_documents_every_command_argument_and_option() -> None:
    text = GENERATED["cli.md"]
    sections = dict(re.findall(r"\n## `([^`]+)`\n(.*?)(?=\n## `|\Z)", text, re.S))
    assert set(sections) == {" ".join(["argmap", *p]) for p, _ in COMMANDS}
    for path, command in COMMANDS:
        section = sections[" ".join(["argmap", *path])]
        assert "```sh\nargmap" in section
        for param in command.params:  # type: ignore[attr-defined]
            if param.param_type_name == "option" and not param.hidden:
                assert f"`{', '.join(sorted(param.opts, key=len))}" in section, param.opts
            elif param.param_type_name == "argument":
                assert f"`{(param.metavar or param.name).upper()}" in section, param.name
    # real content, not just names: defaults and the global options
    assert "`--depth <int range>`: Argument steps around --focus.  [default: 2; x\\>=0]" in text
    assert "- `--quiet`: Print only results and errors" in text
    assert "Usage: `argmap validate [OPTIONS] FILES...`" in text


def test_ontology_reference_documents_every_term_of_the_ontology() -> None:
    text = GENERATED["ontology.md"]
    graph = rdflib.Graph().parse(ROOT / "ontology" / "argmap.ttl", format="turtle")
    terms = {s for s in graph.subjects(RDF.type, None) if str(s).startswith(AM_NS)}
    assert len(terms) > 50
    for term in terms:
        local = str(term)[len(AM_NS) :]
        value = f'<a id="value-{local.lower()}"></a>`am:{local}`'
        assert f"IRI: `{term}`" in text or value in text, term
    # the table of contents links only to anchors that exist
    anchors = set(re.findall(r'<a id="([^"]+)">', text))
    headings = {docgen._gfm_anchor(h) for h in re.findall(r"^##+ ([^<\n]+)$", text, re.M)}
    for link in re.findall(r"\]\(#([^)]+)\)", text):
        assert link in anchors | headings, link


def test_ontology_reference_states_the_alignment_and_the_data_shapes() -> None:
    text = GENERATED["ontology.md"]
    claim = text.split('<a id="class-claim"></a>')[1].split("\n### ")[0]
    assert "- Subclass of: `aif:I-node`" in claim
    assert "`dcterms:identifier` exactly 1" in claim
    assert "[`am:text`](#property-text) exactly 1" in claim
    counterclaim = text.split('<a id="class-counterclaim"></a>')[1].split("\n### ")[0]
    assert (
        "- Equivalent to: [`am:Claim`](#class-claim) and ([`am:attacks`](#property-attacks)"
        " some `owl:Thing`)" in counterclaim
    )
    for row in [
        "| [`am:Support`](#class-support) | subclass of | `aif:RA-node` |",
        "| [`am:Actor`](#class-actor) | subclass of | `prov:Agent` |",
        "| [`am:Quote`](#class-quote) | subclass of | `oa:SpecificResource` |",
        "| [`am:topic`](#property-topic) | range includes | `skos:Concept` |",
        "| `schema:url` | [`am:Source`](#class-source) | url |",
    ]:
        assert row in text
    assert re.search(r"\| `dcterms:isPartOf` \| .*\[`am:Claim`\]", text)
    for heading in ["AIF", "PROV-O", "W3C Web Annotation", "SKOS", "Dublin Core", "schema.org"]:
        assert re.search(rf"^### {re.escape(heading)}", text, re.M), heading


def test_generator_writes_and_checks_a_docs_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert docgen.main([str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(GENERATED)
    assert docgen.main(["--check", str(tmp_path)]) == 0
    (tmp_path / "cli.md").write_text("stale\n", encoding="utf-8")
    capsys.readouterr()
    assert docgen.main(["--check", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert error == (
        f"error: out of date: {tmp_path / 'cli.md'}; regenerate with: {docgen.REGENERATE}\n"
    )
    assert (tmp_path / "cli.md").read_text("utf-8") == "stale\n"  # --check writes nothing
    assert docgen.main(["--check"]) == 2
    assert docgen.main([str(tmp_path / "missing")]) == 1
