"""Every limit argmap puts on what it reads, in one place.

Inputs are untrusted: a map file may come from anyone, so what it can make argmap read, and
how much memory and time it can make argmap spend, is bounded here. A reader takes a
``limits=`` keyword (a :class:`Limits`), or uses :func:`current`: the defaults, or what
the command line's global options (``--allow-dir``, ``--max-file-mb``, ``--max-source-mb``,
``--max-text-kb``) or :func:`applied` set for the work in hand::

    from argmap.util.limits import Limits, applied

    with applied(Limits(max_text_bytes=1_000_000, allow_dirs=(Path("texts"),))):
        corpus = argmap.load(["data/big.yaml"])

Sizes are in bytes, with 1 MB = 1,000,000 bytes and 1 kB = 1,000 bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = ["DEFAULT_LIMITS", "Limits", "applied", "current", "size_words"]


@dataclass(frozen=True)
class Limits:
    """What argmap reads at most, and from where. The defaults are far beyond any real map
    and far below what would exhaust a laptop."""

    #: Bytes of a map file or an import file (YAML, JSON, Argdown, Kialo…); ``--max-file-mb``.
    max_file_bytes: int = 50_000_000
    #: Bytes of an AIF JSON file, verbose enough to get a limit of its own (the larger of the
    #: two applies).
    max_aif_bytes: int = 256_000_000
    #: Bytes of a source's text, inline or in its ``text_file``; ``--max-source-mb``. Kept
    #: below the 16 MiB that pyoxigraph reads of one RDF literal, so a built map reads back.
    max_source_bytes: int = 10_000_000
    #: UTF-8 bytes of any other text value (a claim, issue, warrant, note, title…), in a map
    #: file or an RDF literal read into a map; ``--max-text-kb``.
    max_text_bytes: int = 100_000
    #: Aliases (``*name``) in one YAML map file: a map has no need for many, and each may
    #: copy a whole subtree.
    max_yaml_aliases: int = 100
    #: Nodes a YAML map file that uses aliases may expand to, counting every copy an alias
    #: makes (a file without aliases is bounded by its size).
    max_yaml_nodes: int = 1_000_000
    #: Levels of nesting in a JSON-LD file (objects and arrays) or an RDF/XML file (elements),
    #: checked before the RDF parser reads it: deeper nesting crashes or stalls that parser,
    #: and argmap's own RDF nests a handful of levels.
    max_nesting: int = 64
    #: Arguments an ICCMA instance may declare (``p af N``), checked before any is made.
    max_arguments: int = 10_000_000
    #: Folders besides a map's own whose files its sources may name as ``text_file``;
    #: ``--allow-dir``.
    allow_dirs: tuple[Path, ...] = ()

    def allowing(self, dirs: Iterable[str | Path] | None) -> Limits:
        """These limits, with ``dirs`` added to the folders source texts may come from."""
        extra = tuple(Path(d) for d in dirs or ())
        return replace(self, allow_dirs=self.allow_dirs + extra) if extra else self


#: The limits when nobody has said otherwise.
DEFAULT_LIMITS = Limits()

# Process-wide, not per thread: the server's request threads read with the command's limits.
_active: list[Limits] = [DEFAULT_LIMITS]


def current(limits: Limits | None = None) -> Limits:
    """``limits`` if given, else the limits in force (see :func:`applied`)."""
    return limits if limits is not None else _active[-1]


@contextmanager
def applied(limits: Limits) -> Iterator[Limits]:
    """Make ``limits`` the ones in force inside (readers given no ``limits=`` use them)."""
    _active.append(limits)
    try:
        yield limits
    finally:
        # The last entry that is this very object: contexts of several threads may close in
        # any order.
        del _active[max(i for i, found in enumerate(_active) if found is limits)]


def size_words(size: int) -> str:
    """A byte count as a user reads it: ``50 MB``, ``100 kB``, ``512 bytes``."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:g} MB"
    if size >= 1_000:
        return f"{size / 1_000:g} kB"
    return f"{size} bytes"
