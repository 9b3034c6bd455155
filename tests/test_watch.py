"""``argmap validate --watch`` and the polling loop behind it."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from argmap.cli.support import configure, watch_validation
from argmap.cli.watch import snapshot, source_text_files, watch
from tests.conftest import ROOT

SEED = ROOT / "data" / "big-tech-open-source-ai.yaml"
GOOD_TO = "to: oss-enables-inspection, warrant"
BAD_TO = "to: no-such-claim, warrant"
STAMP = r"\d\d:\d\d:\d\d"


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A copy of a seed map with the source texts it names, to edit while watching."""
    shutil.copytree(ROOT / "data" / "sources", tmp_path / "sources")
    path = tmp_path / SEED.name
    shutil.copyfile(SEED, path)
    assert GOOD_TO in path.read_text("utf-8")
    return path


def _edit(path: Path, old: str, new: str) -> None:
    """Save an edit the way many editors do: a new file renamed over the old one (so the
    watcher never reads half a file), with a later modification time."""
    text = path.read_text("utf-8")
    assert old in text
    before = path.stat().st_mtime_ns
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text.replace(old, new), encoding="utf-8")
    # Coarse file-system clocks can give two quick saves one mtime: make sure it moves.
    os.utime(temporary, ns=(before + 1_000_000_000, before + 1_000_000_000))
    temporary.replace(path)


def test_snapshot_notes_missing_files(tmp_path: Path) -> None:
    there = tmp_path / "a.yaml"
    there.write_text("x")
    state = snapshot([there, tmp_path / "gone.yaml"])
    assert state[tmp_path / "gone.yaml"] is None
    assert state[there] is not None and state[there][1] == 1


def test_source_text_files_are_found_even_in_a_map_that_does_not_parse(tmp_path: Path) -> None:
    assert source_text_files([SEED]) == [SEED.parent / "sources/big-tech-open-source-ai.txt"]
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        'sources:\n  - {id: s, text_file: "texts/a.txt"}  # quoted\n  - text_file: b.txt\n'
        "claims: [\n",
        encoding="utf-8",
    )
    assert source_text_files([broken, tmp_path / "missing.yaml"]) == [
        tmp_path / "texts/a.txt",
        tmp_path / "b.txt",
    ]


def test_watch_reruns_the_check_on_each_change_and_stops_when_told(tmp_path: Path) -> None:
    watched = tmp_path / "map.yaml"
    watched.write_text("one")
    runs: list[str] = []
    polls = 0

    def sleep(_: float) -> None:
        nonlocal polls
        polls += 1
        if polls == 3:  # the user saves the file between two polls
            _edit(watched, "one", "two!")
        if polls == 8:
            watched.unlink()  # an editor replacing the file: gone, then back
        if polls == 9:
            watched.write_text("three")

    def stop() -> bool:
        return polls >= 15

    count = watch(
        lambda: [watched],
        lambda: runs.append(watched.read_text() if watched.exists() else "<gone>"),
        interval=0.5,
        stop=stop,
        sleep=sleep,
    )
    assert runs == ["one", "two!", "three"]
    assert count == 3


def test_watch_stops_after_max_runs_and_on_ctrl_c(tmp_path: Path) -> None:
    calls: list[int] = []
    assert watch(lambda: [], lambda: calls.append(1), max_runs=1) == 1

    def interrupted() -> None:
        raise KeyboardInterrupt

    assert watch(lambda: [], interrupted) == 0

    def sleep(_: float) -> None:
        raise KeyboardInterrupt  # Ctrl-C while waiting for a change

    assert watch(lambda: [tmp_path], lambda: calls.append(1), sleep=sleep) == 1


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_watch_validation_reports_each_change_with_a_timestamp(
    seed_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure()  # default feedback, whatever an earlier command line in this process set
    done = threading.Event()
    out: list[str] = []
    err: list[str] = []

    def collect() -> None:
        captured = capsys.readouterr()
        out.extend(captured.out.splitlines())
        err.extend(captured.err.splitlines())

    def ok_lines() -> int:
        collect()
        return sum(1 for line in out if re.fullmatch(rf"{STAMP} ok: 1 map\(s\), 46 claims.*", line))

    thread = threading.Thread(
        target=lambda: watch_validation([seed_copy], shacl=False, interval=0.05, stop=done.is_set)
    )
    thread.start()
    try:
        _wait_for(lambda: ok_lines() == 1, "the first ok line")
        _edit(seed_copy, GOOD_TO, BAD_TO)
        problem = (
            f"{seed_copy}:410: relation 'r-definition-enables-inspection': 'to' names unknown"
            " claim 'no-such-claim'; define it or fix the id"
        )
        _wait_for(
            lambda: (collect(), any(line.endswith(problem) for line in err))[1], "the problem"
        )
        _edit(seed_copy, BAD_TO, GOOD_TO)
        _wait_for(lambda: ok_lines() == 2, "the second ok line")
        (seed_copy.parent / "sources/big-tech-open-source-ai.txt").write_text("rewritten")
        _wait_for(lambda: (collect(), len(err) > 2)[1], "the quote problems")
    finally:
        done.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert err[0] == "watching 1 file and 1 source text; Ctrl-C to stop"
    assert re.fullmatch(rf"{STAMP} error: {re.escape(problem)}", err[1])
    assert all(re.match(rf"{STAMP} error: {re.escape(str(seed_copy))}:\d+: ", e) for e in err[2:])


def _lines(stream: IO[str], into: queue.Queue[str]) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def test_validate_watch_survives_broken_edits_and_exits_0_on_ctrl_c(seed_copy: Path) -> None:
    process = subprocess.Popen(
        [Path(sys.executable).parent / "argmap", "validate", str(seed_copy), "--watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out: queue.Queue[str] = queue.Queue()
    err: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None and process.stderr is not None
    readers = [
        threading.Thread(target=_lines, args=(stream, lines))
        for stream, lines in ((process.stdout, out), (process.stderr, err))
    ]
    for reader in readers:
        reader.start()
    try:
        assert err.get(timeout=60) == "watching 1 file and 1 source text; Ctrl-C to stop"
        assert re.fullmatch(rf"{STAMP} ok: 1 map\(s\), 46 claims, .*", out.get(timeout=60))
        _edit(seed_copy, GOOD_TO, BAD_TO)  # a bad reference
        assert re.fullmatch(
            rf"{STAMP} error: .*unknown claim 'no-such-claim'.*", err.get(timeout=60)
        )
        _edit(seed_copy, "relations:", "relations: [")  # broken YAML halfway through an edit
        assert re.fullmatch(
            rf"{STAMP} error: {re.escape(str(seed_copy))}:\d+: .*", err.get(timeout=60)
        )
        _edit(seed_copy, "relations: [", "relations:")
        _edit(seed_copy, BAD_TO, GOOD_TO)
        assert re.fullmatch(rf"{STAMP} ok: 1 map\(s\), 46 claims, .*", out.get(timeout=60))
        assert process.poll() is None  # still watching after all those errors
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for reader in readers:  # they end when the process closes its pipes
            reader.join(timeout=30)
        process.stdout.close()
        process.stderr.close()
    rest = list(err.queue)
    assert not any("Traceback" in line or "Aborted" in line for line in rest), rest
