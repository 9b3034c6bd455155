"""``argmap analyze``: statuses, coalitions, controversies and bridges of a debate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from argmap.cli.support import Bipolar, Files, MinStrength, fail, info, load_maps, run

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add ``argmap analyze`` to the app."""

    @app.command("analyze")
    def analyze_command(
        files: Files,
        format: Annotated[
            str,
            typer.Option("--format", "-f", help="table (rich tables; default), json or markdown."),
        ] = "table",
        count: Annotated[
            int, typer.Option("--top", min=1, help="How many claims each ranking lists.")
        ] = 10,
        min_strength: MinStrength = None,
        bipolar: Bipolar = False,
        write: Annotated[
            Path | None,
            typer.Option(
                "--write",
                help="Also write the results (am:status, am:score) as TriG, in the named"
                " graph <base>analysis.",
            ),
        ] = None,
        render_to: Annotated[
            Path | None,
            typer.Option("--render", help="Also write the HTML map, claims coloured by status."),
        ] = None,
    ) -> None:
        """Analyse a debate: accepted / rejected / undecided claims and arguments (grounded
        semantics), coalitions of actors, top controversies, most important and most attacked
        claims, and the bridges between maps.

        Accepted is the labelling's "in" (every attacker is rejected), rejected its "out" (some
        attacker is accepted), undecided its "undec" (neither). Claims restated by rephrase
        share one status. An argument (an arguments: entry or a support) is accepted when all
        its premises and its conclusion are accepted and no undercut of it holds, rejected
        when a premise or the conclusion is rejected or an undercut of it holds.

        "What rests on the analyst's links" counts the arguments, relations and stances
        marked by: analyst (and their share of all) and solves the statuses once more
        without them (and the undercuts of them, as render --text-only leaves them out):
        it lists every claim whose status changes, the ranking entries that move and the
        bridges that go. A map without analyst links says so in one line.

        Example: argmap analyze data/*.yaml --format markdown --write out/analysis.trig
        """
        from rich.console import Console

        from argmap.analysis.report import (
            REPORT_FORMATS,
            analysis_report,
            format_report,
            print_report,
        )
        from argmap.analysis.semantics import grounded_statuses_for_corpus
        from argmap.analysis.writeback import analysis_quads, write_analysis
        from argmap.model.analyst import without_analyst

        if format not in REPORT_FORMATS:
            fail(f"unknown format '{format}'; use one of {', '.join(REPORT_FORMATS)}")
        corpus = load_maps(files)
        statuses = run(
            lambda: grounded_statuses_for_corpus(
                corpus, min_strength=min_strength, bipolar=bipolar
            ),
            stage="compute grounded statuses",
        )
        status = statuses.claims
        reduced = without_analyst(corpus)
        status_without = (
            status
            if reduced is corpus
            else run(
                lambda: (
                    grounded_statuses_for_corpus(
                        reduced, min_strength=min_strength, bipolar=bipolar
                    ).claims
                ),
                stage="compute grounded statuses without the analyst's links",
            )
        )
        semantics = "grounded, bipolar" if bipolar else "grounded"
        report = run(
            lambda: analysis_report(
                corpus,
                status,
                count=count,
                semantics=semantics,
                argument_status=statuses.arguments,
                status_without_analyst=status_without,
            ),
            stage="analyse",
        )
        if format == "table":
            print_report(report, Console(soft_wrap=False))
        else:
            typer.echo(format_report(report, format), nl=False)
        if write is not None:
            quads = run(lambda: analysis_quads(corpus, status))
            run(lambda: write_analysis(write, quads), stage=f"write {write}")
            info(f"wrote {write} ({len(quads)} quads)", err=True)
        if render_to is not None:
            from argmap.render import render

            page = run(lambda: render(corpus, status=status), stage="lay out and render the map")
            run(lambda: page.save(render_to), stage=f"write {render_to}")
            info(f"wrote {render_to} ({page.node_count} nodes, {page.edge_count} edges)", err=True)
