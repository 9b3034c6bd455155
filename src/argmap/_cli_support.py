"""What every CLI command shares: the input-file argument and turning errors into exit codes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from argmap.errors import ArgmapError, MapError, Problem

__all__ = ["Files", "fail", "run"]

Files = Annotated[
    list[Path],
    typer.Argument(
        help="Map files (.yaml, .yml, .json), argmap RDF (.ttl, .trig, …) or maps to import"
        " (AIF .json, .argdown, Kialo .txt).",
        show_default=False,
    ),
]
T = TypeVar("T")


def fail(problems: list[Problem] | str) -> NoReturn:
    """Print one line per problem on stderr and exit 1."""
    lines = [problems] if isinstance(problems, str) else [str(p) for p in problems]
    for line in lines:
        typer.echo(f"error: {line}", err=True)
    raise typer.Exit(1)


def run(action: Callable[[], T]) -> T:
    """Run library code; a user error becomes one line per problem on stderr and exit 1."""
    try:
        return action()
    except MapError as exc:
        fail(exc.problems)
    except ArgmapError as exc:
        fail(str(exc))
