"""``argmap semantics``: an ICCMA 2023 drop-in solver for abstract argumentation frameworks,
working on ICCMA files (.i23, .apx, .tgf) and on argument maps alike."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from argmap.cli.support import Bipolar, MinStrength, fail, run

__all__ = ["register"]


def complete_problem(incomplete: str) -> list[str]:
    """Shell completion for ``-p``: the ICCMA tasks starting with what is typed."""
    from argmap.analysis.iccma import PROBLEMS

    return [p for p in PROBLEMS if p.startswith(incomplete)]


def register(app: typer.Typer) -> None:
    """Add ``argmap semantics`` to the app."""

    @app.command("semantics")
    def semantics_command(
        problem: Annotated[
            str | None,
            typer.Option(
                "--problem",
                "-p",
                help="ICCMA task: SE-, EE-, DC- or DS- followed by GR, CO, PR or ST.",
                autocompletion=complete_problem,
            ),
        ] = None,
        files: Annotated[
            list[Path] | None,
            typer.Option(
                "--file",
                "-f",
                help="An ICCMA instance (.i23, .apx, .tgf) or map files (.yaml, .json, …;"
                " repeat -f for several maps).",
            ),
        ] = None,
        argument: Annotated[
            str | None,
            typer.Option(
                "--argument", "-a", help="Query argument for DC-/DS- (a claim id for maps)."
            ),
        ] = None,
        problems: Annotated[
            bool, typer.Option("--problems", help="List the supported problems and stop.")
        ] = False,
        min_strength: MinStrength = None,
        bipolar: Bipolar = False,
    ) -> None:
        """Solve an argumentation problem the way ICCMA 2023 solvers do: prints `w 1 3 4` for
        an extension (`NO` if none), `YES`/`NO` (with a witness `w …`) for acceptance, and one
        `w …` line per extension for EE-.

        An extension lists the arguments labelled in (every attacker out); out means some
        attacker is in, undec neither. For maps the arguments are the claims: claims restated
        by rephrase share one status, and `argmap analyze` also gives the statuses of the
        maps' arguments (each in when its premises and conclusion are in and no undercut of it
        holds).

        Example: argmap semantics -p DC-PR -f tests/data/af/carneades4-reinstatement1.tgf -a 3
        """
        from argmap.analysis.iccma import PROBLEMS, is_iccma_path, read_framework, solve

        if problems:
            typer.echo("[" + ",".join(PROBLEMS) + "]")
            return
        if problem is None or not files:
            fail("give a problem and a file: -p TASK -f FILE (or --problems)")
        iccma = [f for f in files if is_iccma_path(f)]
        if iccma and len(files) > 1:
            fail("an ICCMA instance (.i23, .apx, .tgf) is read alone: give one -f FILE")
        if iccma and (min_strength is not None or bipolar):
            fail("--min-strength and --bipolar apply to maps, not to ICCMA instances")
        chosen = problem

        def answer() -> list[str]:
            if iccma:
                framework = read_framework(files[0])
            else:
                from argmap.analysis.iccma import corpus_framework_named_by_claim
                from argmap.formats.registry import load

                framework, _ = corpus_framework_named_by_claim(
                    load(files), min_strength=min_strength, bipolar=bipolar
                )
            return solve(framework, chosen, argument)

        for line in run(answer, stage=f"solve {chosen}"):
            typer.echo(line)
