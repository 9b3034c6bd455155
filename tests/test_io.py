"""Outputs are written whole or not at all, with ordinary file permissions."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest

import argmap.rdf.files as rdf_formats
from argmap import Corpus, OutputError
from argmap.formats.authoring import load_corpus
from argmap.rdf.files import RDF_FORMATS, dumps_rdf, write_rdf
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
