"""``argmap render``: the interactive HTML map, one self-contained file that works offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from argmap.cli.support import detail, fail, info, is_stdout, load_maps, run, write_stdout

__all__ = ["register"]

Sources = Annotated[
    list[Path],
    typer.Argument(
        help="Map files (.yaml, .yml, .json), argmap RDF (.ttl, .trig, …), maps to import"
        " (AIF .json, .argdown, Kialo .txt), and RDF files of analysis results (am:status, as"
        " 'argmap analyze --write' writes them) to colour the claims by.",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    """Add ``argmap render`` to the app."""

    @app.command("render")
    def render_command(
        files: Sources,
        output: Annotated[
            Path,
            typer.Option(
                "--output",
                "-o",
                help="HTML file to write (one self-contained file), or - for standard output.",
            ),
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
        text_only: Annotated[
            bool,
            typer.Option(
                "--text-only",
                help="Only what the text argues: leave out the links and arguments the analyst"
                " added (by: analyst) and what only they connect.",
            ),
        ] = False,
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
                "undecided), computed now; it replaces any am:status read from the files.",
            ),
        ] = False,
    ) -> None:
        """Write an interactive HTML map: claims, issues, arguments, actors and their
        relations, with search, filters, details on hover or click, and a legend. The file
        works offline.

        Claims are coloured by status (accepted, rejected, undecided) when an RDF file among
        the FILES holds analysis results: the file 'argmap analyze --write' writes, or a TriG
        holding maps and analysis. Every am:status must be about a claim of these maps.
        --analysis computes the statuses instead.

        Example: argmap render data/*.yaml out/analysis.trig -o out/map.html
        """
        from argmap.analysis.writeback import split_maps_and_status
        from argmap.render import render

        if depth != 2 and focus is None:
            fail("--depth needs --focus; name the claim to centre on")
        inputs = run(lambda: split_maps_and_status(files), stage="look for maps and statuses")
        corpus = load_maps(inputs.map_files)
        status = None
        if analysis:
            from argmap.analysis.semantics import grounded_labels_for_corpus

            if inputs.statuses:
                detail(f"--analysis: {len(inputs.statuses)} am:status read from files not used")
            status = run(
                lambda: grounded_labels_for_corpus(corpus), stage="compute grounded statuses"
            )
        elif inputs.statuses:
            status = run(lambda: inputs.status(corpus), stage="match statuses to claims")
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
                text_only=text_only,
            ),
            stage="lay out and render the map",
        )
        if is_stdout(output):
            write_stdout(page.html.encode("utf-8"))
            return
        run(lambda: page.save(output), stage=f"write {output}")
        info(f"wrote {output} ({page.node_count} nodes, {page.edge_count} edges)")
