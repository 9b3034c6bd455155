"""Reading files with one-line errors, and atomic writes: a reader sees the old file or the
whole new one, never half of it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from argmap.errors import InputError, OutputError

__all__ = [
    "decode_text",
    "file_read_errors",
    "read_text_file",
    "write_atomic",
    "write_atomic_with",
]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place."""
    write_atomic_with(path, lambda handle: handle.write(content))


def write_atomic_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it into place: output
    streamed as it is made (hundreds of MB of RDF) is never held whole in memory. If ``write``
    raises, the temporary file is removed, ``path`` is untouched and the error propagates."""
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder '{folder}' does not exist; create it first")
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; name a file to write")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write in '{folder}' ({exc.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        # mkstemp makes the file private (0600); give it the mode a plain open() would.
        Path(tmp).chmod(path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        Path(tmp).replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
    except BaseException:  # the producer's own error (bad input, Ctrl-C): no half file left
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


@contextmanager
def file_read_errors(path: Path, what: str = "file", label: str = "") -> Iterator[None]:
    """Opening and reading ``path`` (a ``what``, called ``label`` in messages; default: the
    path) inside: a file that cannot be read is a one-line InputError that says why."""
    label = label or str(path)
    try:
        yield
    except FileNotFoundError:
        raise InputError(f"{label}: no such {what}; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a folder, not a {what}") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None


def decode_text(raw: bytes, label: str) -> str:
    """UTF-8 bytes as text (a leading BOM dropped); else an InputError naming the line."""
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{label}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start});"
            " save the file as UTF-8"
        ) from None


def read_text_file(path: Path, what: str = "file") -> str:
    """The UTF-8 text of ``path`` (BOM dropped), or an InputError that says what is wrong."""
    with file_read_errors(path, what):
        raw = path.read_bytes()
    return decode_text(raw, str(path))
