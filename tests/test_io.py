"""Outputs are written whole or not at all, with ordinary file permissions."""

from __future__ import annotations

import errno
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest

import argmap.rdf.files as rdf_formats
import argmap.rdf.store as store_module
from argmap import Corpus, OutputError
from argmap.formats import neo4j
from argmap.formats.authoring import load_corpus
from argmap.graph.projection import corpus_graph
from argmap.rdf.files import RDF_FORMATS, dumps_rdf, write_rdf
from argmap.rdf.store import write_store
from argmap.util.files import write_atomic, write_atomic_with
from tests.conftest import ROOT


def test_new_file_gets_the_mode_open_would_give(tmp_path: Path) -> None:
    path = tmp_path / "out.ttl"
    write_atomic(path, b"data")
    umask = os.umask(0)
    os.umask(umask)
    assert path.read_bytes() == b"data"
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.ttl"
    path.write_bytes(b"old")
    path.chmod(0o640)
    write_atomic(path, b"new")
    assert (path.read_bytes(), path.stat().st_mode & 0o777) == (b"new", 0o640)


def test_a_folder_as_target_is_refused_and_nothing_is_left_behind(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    with pytest.raises(OutputError, match="is a folder; name a file to write"):
        write_atomic(tmp_path / "sub", b"x")
    assert [p.name for p in tmp_path.iterdir()] == ["sub"]


def test_a_failing_producer_leaves_the_old_file_and_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "out.nq"
    path.write_bytes(b"old")

    def half_then_fail(handle: BinaryIO) -> None:
        handle.write(b"half of the new ")
        raise ValueError("the producer broke")

    with pytest.raises(ValueError, match="the producer broke"):
        write_atomic_with(path, half_then_fail)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.nq"]


def test_rdf_written_to_a_file_is_what_dumps_gives_in_every_format(tmp_path: Path) -> None:
    corpus = load_corpus(sorted((ROOT / "data").glob("*.yaml")))
    for fmt in RDF_FORMATS:
        path = tmp_path / f"seed{fmt.suffixes[0]}"
        write_rdf(corpus, path)
        assert path.read_bytes() == dumps_rdf(corpus, fmt), fmt.name


def test_rdf_that_fails_while_streaming_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = load_corpus(sorted((ROOT / "data").glob("*.yaml")))
    path = tmp_path / "seed.nq"
    path.write_bytes(b"old")
    real = rdf_formats.iter_oxigraph_quads

    def fail_midway(c: Corpus, *, progress: Any = None) -> Iterator[Any]:
        for n, quad in enumerate(real(c, progress=progress)):
            if n == 3000:  # most of the seed maps' quads have gone to the serializer
                raise ValueError("broken midway")
            yield quad

    monkeypatch.setattr(rdf_formats, "iter_oxigraph_quads", fail_midway)
    with pytest.raises(ValueError, match="broken midway"):
        write_rdf(corpus, path, "nquads")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["seed.nq"]


# ---- temporary files: named after their output, removed on every exit we control ---------------

TEMP = re.compile(r"\.out\.ttl\.argmap-tmp-(?P<pid>[0-9]+)-[0-9a-f]{8}")


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def test_the_temporary_file_is_named_after_its_output_and_its_writer(tmp_path: Path) -> None:
    seen: list[str] = []

    def look(handle: BinaryIO) -> None:
        handle.write(b"data")
        seen.extend(p.name for p in tmp_path.iterdir())

    write_atomic_with(tmp_path / "out.ttl", look)
    assert len(seen) == 1
    match = TEMP.fullmatch(seen[0])
    assert match is not None and int(match["pid"]) == os.getpid(), seen
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


@pytest.mark.parametrize("stop", [KeyboardInterrupt, SystemExit])
def test_an_interrupted_producer_leaves_no_temporary_file(
    tmp_path: Path, stop: type[BaseException]
) -> None:
    # SystemExit: what the CLI raises on SIGTERM, so that a stopped build unwinds like Ctrl-C.
    def interrupted(handle: BinaryIO) -> None:
        handle.write(b"half")
        raise stop

    with pytest.raises(stop):
        write_atomic_with(tmp_path / "out.ttl", interrupted)
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_an_output_error_and_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.ttl"
    path.write_bytes(b"old")

    def disk_full(handle: BinaryIO) -> None:
        handle.write(b"the first megabytes ")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(OutputError, match=r"out.ttl: cannot write \(No space left on device\)"):
        write_atomic_with(path, disk_full)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_leftovers_of_a_dead_writer_are_swept_with_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dead = tmp_path / f".out.ttl.argmap-tmp-{_dead_pid()}-0123abcd"
    dead.write_bytes(b"x" * 3_000_000)
    kept = [
        tmp_path / f".out.ttl.argmap-tmp-{os.getpid()}-0123abcd",  # a live writer: this process
        tmp_path / ".out.ttl.argmap-tmp-0-0123abcd",  # pid 0 is no writer; kill(0) is a group
        tmp_path / ".out.ttl.x8s7d6.tmp",  # another tool's temporary file
        tmp_path / f".out.ttl.argmap-tmp-{_dead_pid()}-NOTHEX00",
        tmp_path / f".other.argmap-tmp-{_dead_pid()}-0123abcd",  # another output's
    ]
    for path in kept:
        path.write_bytes(b"keep")
    link = tmp_path / f".out.ttl.argmap-tmp-{_dead_pid()}-4567abcd"
    link.symlink_to(tmp_path / "elsewhere")  # ours are never links: not followed, not removed
    (tmp_path / "elsewhere").write_bytes(b"keep")
    with caplog.at_level(logging.WARNING):
        write_atomic(tmp_path / "out.ttl", b"new")
    assert not dead.exists()
    assert all(p.read_bytes() == b"keep" for p in kept) and link.is_symlink()
    assert (tmp_path / "elsewhere").read_bytes() == b"keep"
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "\n" not in message and dead.name in message and "3.0 MB" in message, message


# ---- folders of files: all of them or none -----------------------------------------------------


class _SmallDisk:
    """os.fdopen whose files share ``free`` bytes under ``folder``: a write past them fails
    with ENOSPC, as on a full disk."""

    def __init__(self, folder: Path, free: int) -> None:
        self.folder = str(folder)
        self.free = free
        self.real = os.fdopen

    def __call__(self, fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = self.real(fd, *args, **kwargs)
        if not os.readlink(f"/proc/self/fd/{fd}").startswith(self.folder):
            return handle
        disk = self
        real_write = handle.write

        class Full:
            def __getattr__(self, name: str) -> Any:
                return getattr(handle, name)

            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                handle.close()

            def write(self, data: bytes) -> int:
                if len(data) > disk.free:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                disk.free -= len(data)
                return int(real_write(data))

        return Full()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_full_disk_during_a_neo4j_export_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_corpus: Corpus
) -> None:
    files = neo4j.csv_files(corpus_graph(mini_corpus))
    sizes = sorted(len(content) for content in files.values())
    monkeypatch.setattr(os, "fdopen", _SmallDisk(tmp_path, sum(sizes) - sizes[0] // 2))
    with pytest.raises(OutputError, match="No space left on device"):
        neo4j.write(mini_corpus, tmp_path / "neo4j")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_a_full_disk_during_a_neo4j_export_into_a_folder_changes_none_of_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_corpus: Corpus
) -> None:
    folder = tmp_path / "neo4j"
    folder.mkdir()
    files = neo4j.csv_files(corpus_graph(mini_corpus))
    for name in files:
        (folder / name).write_bytes(b"old")
    (folder / "notes.txt").write_bytes(b"the user's")
    sizes = sorted(len(content) for content in files.values())
    monkeypatch.setattr(os, "fdopen", _SmallDisk(tmp_path, sum(sizes) - sizes[0] // 2))
    with pytest.raises(OutputError, match="No space left on device"):
        neo4j.write(mini_corpus, folder)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        **dict.fromkeys(files, b"old"),
        "notes.txt": b"the user's",
    }
    neo4j.write(mini_corpus, folder)  # with room, every file is replaced and the rest kept
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        **files,
        "notes.txt": b"the user's",
    }


def test_a_store_is_built_beside_its_folder_and_marked_complete(
    tmp_path: Path, mini_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real = store_module.to_store

    def look(*args: Any, **kwargs: Any) -> Any:
        seen.extend(p.name for p in tmp_path.iterdir())
        return real(*args, **kwargs)

    monkeypatch.setattr(store_module, "to_store", look)
    quads = write_store(mini_corpus, tmp_path / "st")
    assert len(seen) == 1 and re.fullmatch(r"\.st\.argmap-tmp-[0-9]+-[0-9a-f]{8}", seen[0])
    assert [p.name for p in tmp_path.iterdir()] == ["st"]
    assert (tmp_path / "st" / store_module.COMPLETE_MARK).is_file()
    assert len(store_module.open_store(tmp_path / "st")) == quads


def test_a_store_that_fails_midway_leaves_no_folder(
    tmp_path: Path, mini_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_module, "to_store", disk_full)
    with pytest.raises(OutputError, match=r"st: cannot write \(No space left on device\)"):
        write_store(mini_corpus, tmp_path / "st")
    assert list(tmp_path.iterdir()) == []
