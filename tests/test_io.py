"""Outputs are written whole or not at all, with ordinary file permissions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from argmap import OutputError
from argmap.io import write_atomic


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
