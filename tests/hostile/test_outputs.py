"""Outputs named by the user that are not plain files: written into, never replaced."""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import DATA
from tests.hostile.bounded import run_bounded

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes")


@pytest.mark.parametrize(
    "command",
    [
        ["build", str(DATA / "mini.yaml"), "--format", "trig"],
        ["export", str(DATA / "mini.yaml"), "--to", "graphml"],
        ["render", str(DATA / "mini.yaml")],
    ],
    ids=["build", "export", "render"],
)
def test_a_pipe_named_as_output_is_written_into_and_stays_a_pipe(
    tmp_path: Path, command: list[str]
) -> None:
    # -o /dev/null once left a plain file where the device was (a rename over it).
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = run_bounded([*command, "-o", str(fifo)])
    reader.join(timeout=10)
    assert run.code == 0, run.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert len(received[0]) > 1000
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    run.assert_within_bounds()


def test_a_pipe_nobody_reads_is_a_one_line_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    run = run_bounded(["build", str(DATA / "mini.yaml"), "--format", "trig", "-o", str(fifo)])
    run.assert_one_line_error("a pipe nobody reads")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    run.assert_within_bounds()
