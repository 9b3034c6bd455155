"""``argmap render``: the interactive HTML map, one self-contained file that works offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from argmap._cli_support import Files, fail, info, load_maps, run

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``argmap render`` to the app."""

    @app.command("render")
    def render_command(
        files: Files,
        output: Annotated[
            Path,
            typer.Option("--output", "-o", help="HTML file to write (one self-contained file)."),
        ],
        sources: Annotated[
            bool, typer.Option("--sources", help="Also draw the source documents quoted.")
        ] = False,
        focus: Annotated[
            str | None,
            typer.Option(
                "--focus",
                help="Only the neighbourhood of this claim or issue (MAP:ID, or ID if unique).",
            ),
        ] = None,
        depth: Annotated[
            int, typer.Option("--depth", min=0, help="Argument steps around --focus.")
        ] = 2,
        actor: Annotated[
            str | None,
            typer.Option("--actor", help="Only what this actor touches (its id)."),
        ] = None,
        title: Annotated[
            str | None, typer.Option("--title", help="Page title (default: the map's title).")
        ] = None,
        layout: Annotated[
            str,
            typer.Option(
                "--layout",
                help="computed (positions computed here, instant; default) or physics "
                "(vis-network settles the map in the browser; small maps only).",
            ),
        ] = "computed",
        analysis: Annotated[
            bool,
            typer.Option(
                "--analysis",
                help="Colour claims by their grounded-semantics status (accepted, rejected, "
                "undecided).",
            ),
        ] = False,
    ) -> None:
        """Write an interactive HTML map: claims, issues, actors and their relations, with
        search, filters, details on hover or click, and a legend. The file works offline.

        Example: argmap render data/*.yaml -o out/map.html --analysis
        """
        from argmap.render import render

        if depth != 2 and focus is None:
            fail("--depth needs --focus; name the claim to centre on")
        corpus = load_maps(files)
        status = None
        if analysis:
            from argmap.analysis.semantics import grounded_labels_for_corpus

            status = run(
                lambda: grounded_labels_for_corpus(corpus), stage="compute grounded statuses"
            )
        page = run(
            lambda: render(
                corpus,
                status=status,
                title=title,
                sources=sources,
                focus=focus,
                depth=depth,
                actor=actor,
                layout=layout,
            ),
            stage="lay out and render the map",
        )
        run(lambda: page.save(output), stage=f"write {output}")
        info(f"wrote {output} ({page.node_count} nodes, {page.edge_count} edges)")
