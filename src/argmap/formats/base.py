"""What an exchange format is: the :class:`Format` protocol that every format satisfies, built
in or added by a plugin, and the helpers that let ``read`` and ``write`` take a path or an open
binary file.

A format has a ``name`` (lower case; what ``export --to`` and ``import --from`` take), the
file ``suffixes`` that tell it (the longest matching suffix decides), a one-line ``summary``,
capability flags (``can_import``, ``can_export``, ``folder`` for an export that is a folder of
files) and the two operations::

    fmt.read(path_or_file) -> ArgumentMap       # importers
    fmt.write(corpus, path_or_file) -> None     # exporters

A third-party package adds a format by declaring an entry point in the group
``argmap.formats`` whose object satisfies :class:`Format`::

    [project.entry-points."argmap.formats"]
    plainlist = "argmap_plainlist:FORMAT"

or at run time with :func:`argmap.formats.registry.register_format`. The registry imports a
plugin when formats are listed or a name or suffix is looked up that argmap does not know
itself, so keep a plugin module cheap to import (import heavy libraries inside ``read`` and
``write``). tests/plugins/argmap_plainlist is a complete example.

This module imports nothing heavy: the registry and the command line build on it.
"""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol, TypeAlias, runtime_checkable

from argmap.errors import FormatError, InputError, OutputError
from argmap.util.files import decode_text, file_read_errors
from argmap.util.limits import DEFAULT_LIMITS, current, size_words

if TYPE_CHECKING:
    from typing_extensions import TypeIs

    from argmap.model.corpus import Corpus
    from argmap.model.entities import ArgumentMap

__all__ = [
    "ENTRY_POINT_GROUP",
    "MAX_READ_BYTES",
    "CorpusFormat",
    "Format",
    "PathOrFile",
    "folder_path",
    "is_file",
    "name_of",
    "read_bytes",
    "read_text",
    "write_bytes",
]

#: The entry-point group third-party formats are declared in.
ENTRY_POINT_GROUP = "argmap.formats"

#: What :func:`read_bytes` reads at most by default: ``Limits.max_file_bytes`` of
#: :mod:`argmap.util.limits` (the limits in force apply when no ``limit`` is given).
MAX_READ_BYTES = DEFAULT_LIMITS.max_file_bytes

#: A file name (``str`` or ``os.PathLike``) or an open binary file.
PathOrFile: TypeAlias = "str | os.PathLike[str] | BinaryIO"


@runtime_checkable
class Format(Protocol):
    """An exchange format argmap reads (``can_import``) or writes (``can_export``), or both.

    ``read`` takes a path or an open binary file and returns one map; ``write`` takes a
    corpus and a path (written atomically) or an open binary file. A format that cannot do
    one of them raises :class:`~argmap.errors.FormatError` from it; a ``folder`` format writes
    a folder of files and takes a path only. Errors a user can fix are
    :class:`~argmap.errors.ArgmapError` subclasses with a one-line message."""

    @property
    def name(self) -> str:
        """Lower-case name, unique among formats: ``graphml``, ``aif``, ``turtle``."""
        ...

    @property
    def suffixes(self) -> tuple[str, ...]:
        """File suffixes with their dot (``.graphml``, ``.aif.json``); may be empty."""
        ...

    @property
    def summary(self) -> str:
        """One line saying what the format is for, for help texts and completion."""
        ...

    @property
    def can_import(self) -> bool:
        """Whether :meth:`read` works."""
        ...

    @property
    def can_export(self) -> bool:
        """Whether :meth:`write` works."""
        ...

    @property
    def folder(self) -> bool:
        """Whether the export is a folder of files (``write`` then takes a path only)."""
        ...

    def read(self, source: PathOrFile) -> ArgumentMap:
        """One map from a file name or an open binary file."""
        ...

    def write(self, corpus: Corpus, target: PathOrFile) -> None:
        """Write ``corpus`` to a file name (atomically) or an open binary file."""
        ...


@runtime_checkable
class CorpusFormat(Format, Protocol):
    """A format whose files may hold several maps (argmap's RDF): ``load`` reads them all."""

    def read_corpus(self, source: PathOrFile) -> Corpus:
        """Every map in a file name or an open binary file."""
        ...


def is_file(target: PathOrFile) -> TypeIs[BinaryIO]:
    """Whether ``target`` is an open file (it can be read or written) rather than a path."""
    return not isinstance(target, str | os.PathLike) and (
        callable(getattr(target, "read", None)) or callable(getattr(target, "write", None))
    )


def name_of(source: PathOrFile, default: str = "<stream>") -> str:
    """What to call ``source`` in messages: the path, the open file's name, or ``default``."""
    if is_file(source):
        name = getattr(source, "name", None)
        return name if isinstance(name, str) and name else default
    return os.fspath(source)


def _binary(handle: object, label: str, mode: str) -> None:
    if isinstance(handle, io.TextIOBase):
        raise TypeError(f"{label}: open the file in binary mode ('{mode}'), not text mode")


def read_bytes(
    source: PathOrFile, *, what: str = "file", limit: int | None = None, label: str = ""
) -> bytes:
    """The bytes of a path or an open binary file, at most ``limit`` of them (default: the
    ``max_file_bytes`` of the limits in force); an :class:`~argmap.errors.InputError` (one
    line, naming the ``what``) when it cannot be read or is larger. ``label`` names it in
    messages (default: :func:`name_of`). Never more than ``limit`` bytes are read, so a
    device or a pipe that never ends is refused too."""
    label = label or name_of(source)
    limit = current().max_file_bytes if limit is None else limit
    size: int | None = None  # known only for a regular file
    if is_file(source):
        _binary(source, label, "rb")
        try:
            data = source.read(limit + 1)
        except OSError as exc:
            raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None
        if not isinstance(data, bytes):
            raise TypeError(f"{label}: open the file in binary mode ('rb'), not text mode")
    else:
        path = Path(source)
        with file_read_errors(path, what, label), path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISREG(info.st_mode) and info.st_size > limit:
                size, data = info.st_size, b""
            else:
                data = handle.read(limit + 1)
    if size is not None or len(data) > limit:
        how_big = f"{size} bytes" if size is not None else "more than that"
        raise InputError(
            f"{label}: argmap reads a {what} of up to {limit} bytes ({size_words(limit)}) and"
            f" this is {how_big}; split the file",
            option="max-file-mb",
        )
    return data


def read_text(
    source: PathOrFile, *, what: str = "file", limit: int | None = None, label: str = ""
) -> str:
    """The UTF-8 text (a leading BOM dropped) of a path or an open binary file; errors as
    :func:`read_bytes`, and one naming the line of the first byte that is not UTF-8."""
    label = label or name_of(source)
    return decode_text(read_bytes(source, what=what, limit=limit, label=label), label)


def write_bytes(target: PathOrFile, data: bytes) -> None:
    """Write ``data`` to a path (atomically: a reader sees the old file or the whole new one)
    or to an open binary file (at its position; the caller closes it)."""
    if not is_file(target):
        from argmap.util.files import write_atomic

        write_atomic(Path(target), data)
        return
    label = name_of(target)
    _binary(target, label, "wb")
    try:
        target.write(data)
    except OSError as exc:
        raise OutputError(f"{label}: cannot write ({exc.strerror or exc})") from None


def folder_path(target: PathOrFile, format_name: str) -> Path:
    """The folder a folder format writes into; a :class:`~argmap.errors.FormatError` for an
    open file, which cannot hold a folder of files."""
    if is_file(target):
        raise FormatError(
            f"{format_name} writes a folder of files, not one file: give the path of a folder,"
            " not an open file"
        )
    return Path(target)
