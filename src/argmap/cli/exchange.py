"""``argmap export`` and ``argmap import``: thin commands over argmap.formats.registry."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from argmap.cli.support import Files, info, load_maps, run
from argmap.formats.registry import exports, imports

__all__ = ["register"]

# The help of --to and --from lists the registry's formats. Building the app (which every
# shell-completion TAB does) lists argmap's own only: the registry is cheap to import, but
# plugins (entry points, imported on first use) are looked up when the help is shown.


def _export_help(*, plugins: bool = True) -> str:
    return "Format: " + ", ".join(f.name for f in exports(plugins=plugins)) + "."


def _import_help(*, plugins: bool = True) -> str:
    names = ", ".join(f.name for f in imports(plugins=plugins))
    return f"Format of FILE: {names} (default: told from the suffix and the content)."


_FORMAT_HELP = {"to": _export_help, "source_format": _import_help}


class _ListsFormats(TyperCommand):
    """A command whose format option's help lists every format, plugins' too."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in self.params:
            make = _FORMAT_HELP.get(param.name or "")
            if make is not None:
                param.help = make()  # type: ignore[attr-defined]  # an Option's, which has one
        super().format_help(ctx, formatter)


def complete_export_format(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for ``export --to``: format names with what they are for."""
    return [(f.name, f.summary) for f in exports() if f.name.startswith(incomplete)]


def complete_import_format(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for ``import --from``."""
    return [(f.name, f.summary) for f in imports() if f.name.startswith(incomplete)]


def register(app: typer.Typer) -> None:
    """Add ``export`` and ``import`` to the argmap command line."""

    @app.command("export", cls=_ListsFormats)
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
                help=_export_help(plugins=False),
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

    @app.command("import", cls=_ListsFormats)
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
                help=_import_help(plugins=False),
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
        arguments = f" {len(imported.arguments)} arguments," if imported.arguments else ""
        summary = (
            f"{len(imported.claims)} claims,{arguments} {len(imported.relations)} relations,"
            f" {len(imported.actors)} actors, {len(imported.stances)} stances"
        )
        if output is None:
            typer.echo(text, nl=False)
            info(f"imported {file}: {summary}", err=True)
            return
        run(lambda: write_atomic(output, text.encode("utf-8")))
        info(f"wrote {output} (map '{imported.id}': {summary})")
