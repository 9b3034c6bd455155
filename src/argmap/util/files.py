"""Reading files with one-line errors, and atomic writes: a reader sees the old file or the
whole new one, never half of it.

A write goes to a temporary file (or folder) beside its output, named after the output and the
writing process: ``.{name}.argmap-tmp-{pid}-{random}``. It is removed on every exit Python sees
(an error, Ctrl-C, SIGTERM, which the CLI turns into an unwind); what a kill -9, a crash or a
power cut leaves is removed by the next write of the same output (:func:`sweep_leftovers`).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from argmap.errors import InputError, OutputError
from argmap.util.limits import current, size_words

if sys.platform != "win32":
    import fcntl

__all__ = [
    "decode_text",
    "file_read_errors",
    "read_text_file",
    "staged_folder",
    "sweep_leftovers",
    "write_atomic",
    "write_atomic_with",
    "write_files_atomic",
]

_MARK = ".argmap-tmp-"
#: What follows the mark: the writer's pid and 8 random hex digits.
_PID_RANDOM = re.compile(r"([0-9]+)-[0-9a-f]{8}")
#: A temporary name must fit NAME_MAX (255 bytes) with the dot, the mark, a pid and the random
#: part, so a longer output name is cut to this many bytes in it.
_NAME_BYTES = 200
_log = logging.getLogger("argmap.files")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _temp_prefix(path: Path) -> str:
    name = path.name
    while len(os.fsencode(name)) > _NAME_BYTES:
        name = name[:-1]
    return f".{name}{_MARK}"


def _temp_path(path: Path) -> Path:
    return path.with_name(f"{_temp_prefix(path)}{os.getpid()}-{secrets.token_hex(4)}")


def _lock(fd: int) -> None:
    # Held for as long as the writer has the temporary open; the kernel drops it when the
    # process dies, even by kill -9. The sweep leaves a locked leftover alone: its writer may
    # live in another pid namespace (a container sharing the folder), where its pid looks dead.
    if sys.platform != "win32" and fd >= 0:
        with contextlib.suppress(OSError):  # a file system without locks: the pid must do
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _parent(path: Path) -> Path:
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder '{folder}' does not exist; create it first")
    return folder


class _TempFile:
    """A new temporary file beside ``path``, named after it and this process, locked while
    open: :meth:`fill` it, :meth:`seal` it, then :meth:`commit` renames it over ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
        while True:
            self.temp = _temp_path(path)
            try:
                # Private (0600) until it is whole; seal gives it the output's mode.
                self.fd = os.open(self.temp, flags, 0o600)
                break
            except FileExistsError:
                continue
            except OSError as exc:
                raise OutputError(
                    f"{path}: cannot write in '{self.temp.parent}' ({exc.strerror})"
                ) from None
        _lock(self.fd)

    def fill(self, write: Callable[[BinaryIO], object]) -> None:
        with os.fdopen(self.fd, "wb", closefd=False) as handle:
            write(handle)

    def seal(self) -> None:
        # fsync: a full disk on a network or overlay file system may only show here, and no
        # rename may make a file whose data is not yet on disk the output.
        os.fsync(self.fd)
        path = self.path
        self.temp.chmod(path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())

    def commit(self) -> None:
        if sys.platform == "win32":  # where an open file cannot be renamed
            self.close()
        self.temp.replace(self.path)  # still open and locked elsewhere: no sweep takes it first

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.temp.unlink()

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def write_atomic(path: Path, content: bytes) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place."""
    write_atomic_with(path, _writing(content))


def write_atomic_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Let ``write`` fill a temporary file beside ``path``, then rename it into place: output
    streamed as it is made (hundreds of MB of RDF) is never held whole in memory. If ``write``
    raises, the temporary file is removed, ``path`` is untouched and the error propagates (an
    OSError, such as a full disk, as an :class:`~argmap.errors.OutputError`)."""
    _parent(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; name a file to write")
    if _is_special(path):
        # A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written into, never renamed
        # over: a rename would put a plain file in its place.
        _write_into(path, write)
        return
    sweep_leftovers(path)
    temp = _TempFile(path)
    try:
        temp.fill(write)
        temp.seal()
        temp.commit()
    except OSError as exc:
        temp.discard()
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:  # the producer's own error, Ctrl-C, SIGTERM: no half file left
        temp.discard()
        raise
    finally:
        temp.close()


def _is_special(path: Path) -> bool:
    """Whether ``path`` names something other than a plain file or a folder (after links)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_into(path: Path, write: Callable[[BinaryIO], object]) -> None:
    try:
        # O_NONBLOCK: a FIFO with no reader is an error now, not a hang.
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(f"{path}: a pipe nobody reads; start its reader first") from None
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def write_files_atomic(folder: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` (name -> content) into ``folder``, all of them or none.

    A new folder is filled under a temporary name beside it, then renamed into place, so it is
    whole or absent. In an existing folder every file is first written whole beside its final
    name, then all are renamed over theirs: a failure before that (a full disk) leaves the
    folder as it was; other files in it are kept. Errors are OutputErrors."""
    if not folder.exists() and not folder.is_symlink():
        with staged_folder(folder) as staging:
            for name, content in files.items():
                with _new_file(staging / name) as handle:
                    handle.write(content)
        return
    if not folder.is_dir():
        raise OutputError(f"{folder}: is a file; name a folder to write the files in")
    temps: list[_TempFile] = []
    try:
        for name, content in files.items():
            path = folder / name
            if path.is_dir():
                raise OutputError(f"{path}: is a folder; remove it or write elsewhere")
            sweep_leftovers(path)
            temps.append(_TempFile(path))
            temps[-1].fill(_writing(content))
            temps[-1].seal()
        # Only renames from here on: nothing left that a full disk can fail.
        for temp in temps:
            temp.commit()
    except OSError as exc:
        for temp in temps:
            temp.discard()
        raise OutputError(f"{folder}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        for temp in temps:
            temp.discard()
        raise
    finally:
        for temp in temps:
            temp.close()


def _writing(content: bytes) -> Callable[[BinaryIO], object]:
    return lambda handle: handle.write(content)


@contextmanager
def _new_file(path: Path) -> Iterator[BinaryIO]:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            yield handle
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def staged_folder(folder: Path) -> Iterator[Path]:
    """A new empty folder to fill, made beside ``folder`` under a temporary name; when the
    block ends it is renamed to ``folder`` (which must be absent or an empty folder), so a
    reader sees no folder or the whole one. If the block raises (an error, Ctrl-C, SIGTERM),
    the temporary folder is removed and the error propagates, an OSError as an OutputError."""
    where = Path(os.path.normpath(folder.absolute()))  # "." and ".." name no place beside
    parent = _parent(where)
    spelled = Path(os.path.normpath(folder))
    sweep_leftovers(spelled if spelled.name not in ("", "..") else where)  # as the user wrote it
    while True:
        staging = _temp_path(where)
        try:
            staging.mkdir()
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"{folder}: cannot write in '{parent}' ({exc.strerror})") from None
    fd = -1 if sys.platform == "win32" else os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
    _lock(fd)
    try:
        yield staging
        staging.replace(where)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST) and where.is_dir():
            raise OutputError(
                f"{folder}: the folder is not empty (written to meanwhile); remove it or name"
                " a new one"
            ) from None
        raise OutputError(f"{folder}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if fd >= 0:
            os.close(fd)


# ---- leftovers of writes that were killed -------------------------------------------------------


def sweep_leftovers(path: Path) -> list[str]:
    """Remove what writes of ``path`` that were killed (kill -9, a crash, a power cut) left
    beside it, saying so in one line (a warning of the ``argmap.files`` logger, which Python
    prints alone on stderr when logging is not set up); returns the names removed.

    Only entries named ``.{name}.argmap-tmp-{pid}-{random}``, a regular file or a folder,
    whose writer is gone: its pid is no running process and it holds no lock on them. Never a
    live writer's, another output's, a link or anything else. Off on Windows (no way to ask
    whether a pid lives without touching the process)."""
    if sys.platform == "win32":
        return []
    prefix = _temp_prefix(path)
    try:
        with os.scandir(path.parent if str(path.parent) else ".") as entries:
            candidates = [entry for entry in entries if entry.name.startswith(prefix)]
    except OSError:
        return []
    removed: list[tuple[str, int]] = []
    for entry in candidates:
        match = _PID_RANDOM.fullmatch(entry.name[len(prefix) :])
        if match is None or _writer_alive(int(match[1])):
            continue
        size = _remove_leftover(entry)
        if size is not None:
            removed.append((entry.name, size))
    if removed:
        names = ", ".join(name for name, _ in removed)
        total = _size_words(sum(size for _, size in removed))
        _log.warning("removed what an interrupted write of %s left: %s (%s)", path, names, total)
    return [name for name, _ in removed]


def _writer_alive(pid: int) -> bool:
    if pid <= 0 or pid == os.getpid():  # kill(0) would signal a process group
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's process (EPERM), or no such pid at all
        return True
    return True


def _remove_leftover(entry: os.DirEntry[str]) -> int | None:
    """Remove one leftover, the size it held; None if it is not ours to remove."""
    if sys.platform == "win32":
        return None
    try:
        is_dir = entry.is_dir(follow_symlinks=False)
        if not (is_dir or entry.is_file(follow_symlinks=False)):
            return None
        flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        fd = os.open(entry.path, flags | (os.O_DIRECTORY if is_dir else 0))
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # its writer still holds it
                return None
            except OSError:  # a file system without locks: the pid has said the writer is gone
                pass
            size = _tree_size(entry.path) if is_dir else os.fstat(fd).st_size
            if is_dir:
                shutil.rmtree(entry.path)
            else:
                Path(entry.path).unlink()
        finally:
            os.close(fd)
    except OSError:
        return None
    return size


def _tree_size(folder: str) -> int:
    total = 0
    for root, _, names in os.walk(folder):
        for name in names:
            with contextlib.suppress(OSError):
                total += (Path(root) / name).lstat().st_size
    return total


def _size_words(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size} bytes"


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


def read_text_file(path: Path, what: str = "file", limit: int | None = None) -> str:
    """The UTF-8 text of ``path`` (BOM dropped), or an InputError that says what is wrong:
    among others a file that is not a regular one (a FIFO, a device, also through a link) or
    is larger than ``limit`` bytes (default: ``max_file_bytes`` of the limits in force). At
    most ``limit + 1`` bytes are read, and opening never waits on a FIFO."""
    limit = current().max_file_bytes if limit is None else limit
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with file_read_errors(path, what):
        descriptor = os.open(path, flags)
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(descriptor)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            if not stat.S_ISREG(info.st_mode):
                raise InputError(
                    f"{path}: not a regular file (a pipe, a device or a socket); save the {what}"
                    " to a file first"
                )
            size = info.st_size
            raw = b"" if size > limit else handle.read(limit + 1)
    if size > limit or len(raw) > limit:
        how_big = f"{size} bytes" if size > limit else "more than that"
        raise InputError(
            f"{path}: argmap reads a {what} of up to {limit} bytes ({size_words(limit)}) and"
            f" this is {how_big}; split the file",
            option="max-file-mb",
        )
    return decode_text(raw, str(path))
