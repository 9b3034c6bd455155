"""Every failure a user can cause is an :class:`ArgmapError` with a message they can act on.

Library errors say what is wrong in library terms and carry structured fields; a command
line or a notebook words the fix in its own terms. ``option`` names the setting that would
fix the error (the CLI prints it as ``--option``); ``problems`` of a :class:`MapError` hold
each problem's file, line and entity.

Exception tree::

    ArgmapError                  any user-facing failure; str() is one line
    ├── InputError               a file cannot be read or parsed (names file and line)
    ├── MapError                 a map breaks the rules (carries every Problem found)
    ├── FormatError              an unknown or unsupported format or suffix
    └── OutputError              an output cannot be written (nothing is left half-written)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ArgmapError", "FormatError", "InputError", "MapError", "OutputError", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a map, with where it is and what to do about it."""

    message: str
    path: str | None = None
    line: int | None = None
    entity: str | None = None

    def __str__(self) -> str:
        place = self.path or ""
        if self.path and self.line is not None:
            place = f"{self.path}:{self.line}"
        who = f"{self.entity}: " if self.entity else ""
        return f"{place}: {who}{self.message}" if place else f"{who}{self.message}"


class ArgmapError(Exception):
    """Base of every error argmap raises for bad input or a failed write.

    ``option``: the parameter or command-line option that would fix it, if one would, with
    the value to give where that helps (``"to"``: say which export format; ``"param
    actor=VALUE"``), for the caller to word."""

    def __init__(self, message: str = "", *, option: str | None = None) -> None:
        super().__init__(message)
        self.option = option


class InputError(ArgmapError):
    """A file cannot be read or parsed."""


class FormatError(ArgmapError):
    """A format name or file suffix argmap does not know."""


class OutputError(ArgmapError):
    """An output cannot be written."""


class MapError(ArgmapError):
    """A map (or corpus) breaks the rules; ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "invalid map"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problem{'s' * (more > 1)})" if more else ""))
