"""A short flag means one thing in every command: the table in docs/cli.md (issue 19)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

from argmap.cli import app
from argmap.cli.support import ICCMA_COMMAND, SHORT_FLAG_SYNONYMS, SHORT_FLAGS

# The ICCMA solver interface (https://iccma2023.github.io/rules.html): problem, file, argument,
# and the two flags for what the solver is and does.
ICCMA_FLAGS = {"-p": "--problem", "-f": "--file", "-a": "--argument"}


def short_flags() -> Iterator[tuple[str, str, str]]:
    """(command path, short flag, its long option) for every option of the app."""

    def walk(command: Any, path: str) -> Iterator[tuple[str, str, str]]:
        for param in command.params:
            if getattr(param, "param_type_name", "") != "option":
                continue
            names = [*param.opts, *param.secondary_opts]
            longs = [n for n in names if n.startswith("--")]
            for name in names:
                if name.startswith("-") and not name.startswith("--"):
                    yield path, name, longs[0] if longs else ""
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, f"{path} {name}".strip())

    yield from walk(typer.main.get_command(app), "")


def test_every_short_flag_means_what_the_table_says() -> None:
    wrong = [
        (path, flag, long)
        for path, flag, long in short_flags()
        if path != ICCMA_COMMAND
        and (
            flag not in SHORT_FLAGS
            or long not in (SHORT_FLAGS[flag][0], *SHORT_FLAG_SYNONYMS.get(flag, ()))
        )
    ]
    assert wrong == []


def test_semantics_takes_the_iccma_flags() -> None:
    flags = {(flag, long) for path, flag, long in short_flags() if path == ICCMA_COMMAND}
    assert flags == set(ICCMA_FLAGS.items())


def test_every_row_of_the_table_is_a_flag_some_command_takes() -> None:
    used = {flag for path, flag, _ in short_flags() if path != ICCMA_COMMAND}
    assert set(SHORT_FLAGS) - {"-h"} == used
