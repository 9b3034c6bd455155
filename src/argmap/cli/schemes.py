"""``argmap schemes``: the built-in argumentation schemes an argument may name."""

from __future__ import annotations

import json
import textwrap
from typing import Annotated, Literal

import typer

__all__ = ["register"]

SchemesFormat = Literal["table", "json"]


def register(app: typer.Typer) -> None:
    """Add ``argmap schemes`` to the app."""

    @app.command("schemes")
    def schemes_command(
        format: Annotated[
            SchemesFormat,
            typer.Option(
                "--format",
                "-f",
                help="table (each scheme's slug and label, its definition below) or json"
                " (a list of {slug, label, definition, iri}).",
            ),
        ] = "table",
    ) -> None:
        """List the built-in argumentation schemes: slug, label and definition.

        An argument names one with scheme: SLUG; a map defines its own under schemes:, each
        refining a built-in one (or another of its own) with broader: SLUG.

        Example: argmap schemes --format json
        """
        from argmap.model.schemes import BUILTIN_SCHEMES

        if format == "json":
            from argmap.rdf.terms import AMS_NS

            rows = [
                {"slug": slug, "label": s.label, "definition": s.definition, "iri": AMS_NS + slug}
                for slug, s in BUILTIN_SCHEMES.items()
            ]
            typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        width = max(map(len, BUILTIN_SCHEMES))
        lines = []
        for slug, scheme in BUILTIN_SCHEMES.items():
            lines.append(f"{slug:<{width}}  {scheme.label}")
            # The definition under the label, so a line stays readable in 100 columns.
            lines.extend(
                textwrap.wrap(
                    scheme.definition,
                    100,
                    initial_indent=" " * (width + 2),
                    subsequent_indent=" " * (width + 2),
                )
            )
        typer.echo("\n".join(lines))
