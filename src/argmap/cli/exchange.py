"""``argmap export`` and ``argmap import``: thin commands over argmap.formats.registry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from argmap.cli.support import Files, info, load_maps, run

__all__ = ["register"]

# The names of argmap.formats.registry.exports() and imports(), for the help texts: importing
# the registry (pydantic, rdflib) to build the app would slow every shell-completion TAB.
# tests/test_cli.py checks that they agree with the registry.
EXPORT_NAMES = (
    "graphml",
    "gexf",
    "cytoscape",
    "dot",
    "mermaid",
    "nodelink",
    "neo4j",
    "aif",
    "argdown",
    "turtle",
    "trig",
    "ntriples",
    "nquads",
    "jsonld",
    "rdfxml",
)
IMPORT_NAMES = (
    "aif",
    "argdown",
    "kialo",
    "turtle",
    "trig",
    "ntriples",
    "nquads",
    "jsonld",
    "rdfxml",
)


def _names(formats: tuple[str, ...]) -> str:
    return ", ".join(formats)


def complete_export_format(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for ``export --to``: format names with what they are for."""
    from argmap.formats.registry import exports

    return [(f.name, f.summary) for f in exports() if f.name.startswith(incomplete)]


def complete_import_format(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for ``import --from``."""
    from argmap.formats.registry import imports

    return [(f.name, f.summary) for f in imports() if f.name.startswith(incomplete)]


def register(app: typer.Typer) -> None:
    """Add ``export`` and ``import`` to the argmap command line."""

    @app.command("export")
    def export_command(
        files: Files,
        output: Annotated[
            Path,
            typer.Option(
                "--output",
                "-o",
                help="File to write (a folder for neo4j). Its suffix picks the format when"
                " --to is not given.",
            ),
        ],
        to: Annotated[
            str | None,
            typer.Option(
                "--to",
                "-t",
                help="Format: " + _names(EXPORT_NAMES) + ".",
                autocompletion=complete_export_format,
            ),
        ] = None,
    ) -> None:
        """Write maps in another tool's format: GraphML (yEd, Gephi), GEXF, Cytoscape.js,
        DOT (Graphviz), Mermaid, node-link JSON (D3), Neo4j CSV, AIF JSON, Argdown, RDF.

        docs/formats.md says what each format keeps and what it loses.

        Example: argmap export data/*.yaml --to graphml -o out/argmap.graphml
        """
        from argmap.formats.registry import export, export_format

        fmt = run(lambda: export_format(to, output))  # a bad format fails before any work
        corpus = load_maps(files)
        run(lambda: export(corpus, fmt.name, output), stage=f"export {fmt.name} to {output}")
        info(f"wrote {output} ({fmt.name}, {len(corpus.maps)} map(s))")

    @app.command("import")
    def import_command(
        file: Annotated[
            Path,
            typer.Argument(
                help="AIF JSON (AIFdb, OVA, xAIF), Argdown (.argdown), Kialo export (.txt)"
                " or argmap RDF.",
                show_default=False,
            ),
        ],
        source_format: Annotated[
            str | None,
            typer.Option(
                "--from",
                "-f",
                help="Format of FILE: "
                + _names(IMPORT_NAMES)
                + " (default: told from the suffix and the content).",
                autocompletion=complete_import_format,
            ),
        ] = None,
        output: Annotated[
            Path | None,
            typer.Option(
                "--output", "-o", help="Write the map as argmap YAML here (default: stdout)."
            ),
        ] = None,
    ) -> None:
        """Read a map made with another tool and write it as an argmap YAML map to edit.

        Example: argmap import debate.argdown -o data/debate.yaml
        """
        from argmap.formats.authoring import dumps_yaml
        from argmap.formats.registry import import_file
        from argmap.util.files import write_atomic

        imported = run(lambda: import_file(file, source_format), stage=f"import {file}")
        text = dumps_yaml(imported)
        summary = (
            f"{len(imported.claims)} claims, {len(imported.relations)} relations,"
            f" {len(imported.actors)} actors, {len(imported.stances)} stances"
        )
        if output is None:
            typer.echo(text, nl=False)
            info(f"imported {file}: {summary}", err=True)
            return
        run(lambda: write_atomic(output, text.encode("utf-8")))
        info(f"wrote {output} (map '{imported.id}': {summary})")
