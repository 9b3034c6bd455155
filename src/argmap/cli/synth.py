"""``argmap synth``: write a synthetic corpus of any size (for benchmarks and scale tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from argmap.cli.support import run

__all__ = ["register"]


def _usage(message: str) -> NoReturn:
    """A bad argument: one line on stderr, exit 2 (as for any usage error)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def register(app: typer.Typer) -> None:
    """Add ``argmap synth`` to the app."""

    @app.command("synth")
    def synth_command(
        claims: Annotated[
            int | None,
            typer.Option(
                "--claims", "-c", help="Claims in all (required; at least 1).", show_default=False
            ),
        ] = None,
        actors: Annotated[
            int, typer.Option("--actors", "-a", help="Actors, shared by every map.")
        ] = 20,
        seed: Annotated[
            int, typer.Option("--seed", "-s", help="The same seed always gives the same files.")
        ] = 0,
        maps: Annotated[
            int,
            typer.Option(
                "--maps",
                "-k",
                help="Maps to split the claims into; later maps link to earlier ones.",
            ),
        ] = 1,
        output: Annotated[
            Path | None,
            typer.Option(
                "--output",
                "-o",
                help="Map file to write (required): .json (compact, what to use at scale) or"
                " .yaml. With --maps K > 1, one file per map: FILE-0.json … FILE-(K-1).json"
                " beside FILE; read them back together (argmap validate FILE-*.json).",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Write a synthetic corpus shaped like a real debate, valid by construction.

        Issues; claims of realistic length, each quoting a generated source article at its
        offsets; supports, linked arguments (two in three with 2-3 premises, some with a
        scheme), rebuts, undermines and undercuts whose targets follow preferential
        attachment (a few claims draw most links), a few contraries, contradictories and
        rephrases, and some 'by' (an actor or the analyst); actors with stances, a few actors
        taking most of them. Existing files are replaced (atomically).

        Example: argmap synth --claims 10000 --actors 50 --seed 1 -o synth.json
        """
        from argmap.formats.synth import (
            SYNTH_SUFFIXES,
            dumps_map_data,
            synth_corpus_data,
            synth_paths,
        )

        if claims is None:
            _usage("say how many claims: --claims N (N at least 1)")
        if output is None:
            _usage("say where to write: -o FILE.json (or .yaml)")
        if claims < 1:
            _usage(f"--claims must be at least 1, not {claims}")
        if actors < 0:
            _usage(f"--actors cannot be negative ({actors})")
        if maps < 1:
            _usage(f"--maps must be at least 1, not {maps}")
        if maps > claims:
            _usage(f"--maps {maps} is more than --claims {claims}; each map needs a claim")
        if output.suffix.lower() not in SYNTH_SUFFIXES:
            _usage(f"{output}: name a .json, .yaml or .yml file")
        paths = synth_paths(output, maps)
        data = run(lambda: synth_corpus_data(claims, actors, seed, maps))
        for path, map_data in zip(paths, data, strict=True):
            _write(path, dumps_map_data(map_data, path.suffix))
        relations = sum(len(d["relations"]) for d in data)
        stances = sum(len(d["stances"]) for d in data)
        pattern = output.with_name(f"{output.stem}-*{output.suffix}")
        check = " ".join(map(str, paths)) if maps <= 3 else str(pattern)
        typer.echo(
            f"wrote {maps} map file(s): {claims} claims, {relations} relations, {stances}"
            f" stances, {actors} actors; check with: argmap validate {check}",
            err=True,
        )


def _write(path: Path, content: bytes) -> None:
    from argmap.util.files import write_atomic

    run(lambda: write_atomic(path, content))
