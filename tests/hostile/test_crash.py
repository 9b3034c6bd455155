"""A command stopped midway (kill -9, SIGTERM, a full disk, a closed stdout) leaves the old
output or the whole new one, never half of one; what a kill -9 leaves behind is named after its
output and swept by the next write of that output; a failed stdout is one line on stderr."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from argmap.formats.registry import load
from argmap.rdf.files import dumps_rdf, rdf_format
from tests.conftest import DATA
from tests.hostile.bounded import ARGMAP, run_bounded

#: A temporary file or folder of an argmap write: `.{output name}.argmap-tmp-{pid}-{random}`.
TEMP = re.compile(r"\.(?P<output>.+)\.argmap-tmp-(?P<pid>[0-9]+)-[0-9a-f]{8}")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
#: RocksDB reserves address space for its threads: a store command needs more than the 500 MB
#: that bound hostile input, though its resident memory stays far below.
STORE_MB = 1000


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding big.json (10 000 claims: its build writes for a second or more, long
    enough to be caught midway) and small.json (300 claims: built in well under a second)."""
    folder = tmp_path_factory.mktemp("corpora")
    for name, claims in (("big.json", 10000), ("small.json", 300)):
        made = subprocess.run(
            [*ARGMAP, "synth", "--claims", str(claims), "-o", name],
            cwd=folder,
            capture_output=True,
            check=False,
        )
        assert made.returncode == 0, made.stderr
    return folder


def _leftovers(folder: Path, output: str) -> list[Path]:
    """What a write of ``output`` has beside it: any hidden entry named after the output."""
    return sorted(p for p in folder.iterdir() if p.name.startswith(f".{output}."))


def _start_and_wait_for_temp(
    args: list[str], cwd: Path, output: str, ready: Callable[[Path], bool]
) -> tuple[subprocess.Popen[bytes], Path]:
    """Start ``argmap ARGS`` and wait until its temporary copy of ``output`` is ``ready``
    (polling, so the kill lands mid-write however loaded the machine is)."""
    child = subprocess.Popen(
        [*ARGMAP, *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and child.poll() is None:
        temps = _leftovers(cwd, output)
        if temps and ready(temps[0]):
            return child, temps[0]
        time.sleep(0.01)
    child.kill()
    _, err = child.communicate()
    pytest.fail(f"argmap {' '.join(args)} never showed a temporary {output}: {err.decode()}")


def _file_has_data(path: Path) -> bool:
    try:
        return path.stat().st_size > 1_000_000
    except FileNotFoundError:
        return False


def _store_has_data(path: Path) -> bool:
    try:
        return any(p.suffix == ".sst" and p.stat().st_size > 0 for p in path.iterdir())
    except FileNotFoundError:
        return False


def _kill(child: subprocess.Popen[bytes], sig: signal.Signals) -> tuple[int, str]:
    child.send_signal(sig)
    _, err = child.communicate(timeout=30)
    return child.returncode, err.decode()


# ---- kill -9 -------------------------------------------------------------------------------------


def test_kill_9_during_build_leaves_named_debris_that_the_next_build_sweeps(
    corpora: Path, tmp_path: Path
) -> None:
    shutil.copy(corpora / "big.json", tmp_path)
    shutil.copy(corpora / "small.json", tmp_path)
    child, temp = _start_and_wait_for_temp(
        ["build", "big.json", "-o", "out.ttl"], tmp_path, "out.ttl", _file_has_data
    )
    code, _ = _kill(child, signal.SIGKILL)
    assert code == -signal.SIGKILL
    match = TEMP.fullmatch(temp.name)
    assert match is not None, temp.name
    assert (match["output"], int(match["pid"])) == ("out.ttl", child.pid)
    assert temp.exists() and not (tmp_path / "out.ttl").exists()

    again = run_bounded(["build", "small.json", "-o", "out.ttl"], cwd=tmp_path)
    assert again.code == 0, again.stderr
    swept = [line for line in again.stderr.splitlines() if temp.name in line]
    assert len(swept) == 1 and "removed" in swept[0], again.stderr
    assert _leftovers(tmp_path, "out.ttl") == []
    expected = dumps_rdf(load([tmp_path / "small.json"]), rdf_format(Path("out.ttl")))
    assert (tmp_path / "out.ttl").read_bytes() == expected


def test_kill_9_during_build_store_leaves_no_store_and_the_next_build_sweeps(
    corpora: Path, tmp_path: Path
) -> None:
    shutil.copy(corpora / "big.json", tmp_path)
    shutil.copy(corpora / "small.json", tmp_path)
    child, temp = _start_and_wait_for_temp(
        ["build", "big.json", "--store", "st"], tmp_path, "st", _store_has_data
    )
    _kill(child, signal.SIGKILL)
    assert temp.is_dir() and TEMP.fullmatch(temp.name)
    # The store is whole or absent: no half store for query to answer from with 0 rows.
    assert not (tmp_path / "st").exists()
    run_bounded(["query", "st", "-q", COUNT], cwd=tmp_path).assert_one_line_error("st")

    again = run_bounded(["build", "small.json", "--store", "st"], cwd=tmp_path, megabytes=STORE_MB)
    assert again.code == 0, again.stderr
    assert any(temp.name in line and "removed" in line for line in again.stderr.splitlines())
    assert _leftovers(tmp_path, "st") == []
    answer = run_bounded(
        ["query", "st", "-q", COUNT, "--format", "csv"], cwd=tmp_path, megabytes=STORE_MB
    )
    assert answer.code == 0, answer.stderr
    assert answer.stdout.split() == ["n", str(len(ox.Store.read_only(str(tmp_path / "st"))))]
    assert int(answer.stdout.split()[1]) > 10_000


def test_debris_of_a_live_writer_and_files_not_ours_are_never_swept(
    corpora: Path, tmp_path: Path
) -> None:
    shutil.copy(corpora / "small.json", tmp_path)
    live = tmp_path / f".out.ttl.argmap-tmp-{os.getpid()}-0123abcd"  # this process: alive
    others = [
        live,
        tmp_path / ".out.ttl.k2j4h5.tmp",  # another tool's (or an older argmap's) temp file
        tmp_path / ".out.ttl.argmap-tmp-1-notrandom",
        tmp_path / ".other.ttl.argmap-tmp-999999999-0123abcd",
        tmp_path / "out.ttl.argmap-tmp-999999999-0123abcd",
    ]
    for path in others:
        path.write_bytes(b"keep me")
    result = run_bounded(["build", "small.json", "-o", "out.ttl"], cwd=tmp_path)
    assert result.code == 0 and "removed" not in result.stderr, result.stderr
    assert all(p.read_bytes() == b"keep me" for p in others)


# ---- SIGTERM: a clean unwind ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "output", "ready"),
    [
        (["build", "big.json", "-o", "out.ttl"], "out.ttl", _file_has_data),
        (["build", "big.json", "--store", "st"], "st", _store_has_data),
    ],
    ids=["file", "store"],
)
def test_sigterm_during_build_removes_what_it_was_writing(
    corpora: Path, tmp_path: Path, args: list[str], output: str, ready: Callable[[Path], bool]
) -> None:
    shutil.copy(corpora / "big.json", tmp_path)
    child, _ = _start_and_wait_for_temp(args, tmp_path, output, ready)
    code, err = _kill(child, signal.SIGTERM)
    assert code == 128 + signal.SIGTERM, (code, err)
    assert "Traceback" not in err, err
    assert _leftovers(tmp_path, output) == []
    assert not (tmp_path / output).exists()


# ---- stores: whole or refused --------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_store(corpora: Path) -> Path:
    built = run_bounded(["build", "small.json", "--store", "st"], cwd=corpora, megabytes=STORE_MB)
    assert built.code == 0, built.stderr
    return corpora / "st"


def test_a_half_store_of_an_older_argmap_is_refused(tmp_path: Path) -> None:
    # What an older argmap's build left when killed before its data was in: a store folder
    # RocksDB made and nothing marked complete. It used to answer every query with 0 rows.
    store = ox.Store(str(tmp_path / "st"))
    store.flush()
    del store
    refused = run_bounded(["query", "st", "-q", COUNT], cwd=tmp_path, megabytes=STORE_MB)
    refused.assert_one_line_error("st: ", "incomplete", "--store")


def test_a_store_missing_a_data_file_is_refused_without_a_traceback(
    small_store: Path, tmp_path: Path
) -> None:
    shutil.copytree(small_store, tmp_path / "st")
    max((tmp_path / "st").glob("*.sst"), key=lambda p: p.stat().st_size).unlink()
    refused = run_bounded(["query", "st", "-q", COUNT], cwd=tmp_path, megabytes=STORE_MB)
    refused.assert_one_line_error("st: ", "damaged", "--store")


# ---- a full disk ---------------------------------------------------------------------------------


def _small_disk(folder: Path, size: str) -> list[str] | None:
    """A command prefix that runs its command with a tmpfs of ``size`` mounted on ``folder``
    (a private mount namespace: nothing outside sees it), or None where that is not allowed."""
    unshare = shutil.which("unshare")
    if unshare is None or sys.platform != "linux":
        return None
    probe = subprocess.run(
        [unshare, "-rm", "sh", "-c", f"mount -t tmpfs -o size={size} tmpfs '{folder}'"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        return None
    return [unshare, "-rm", "sh", "-c", f'mount -t tmpfs -o size={size} tmpfs "$0" && "$@"', folder]


@pytest.mark.parametrize(
    ("args", "size"),
    [
        (["export", "small.json", "--to", "neo4j", "-o"], "256k"),  # its 6 files take 380 kB
        (["build", "small.json", "--format", "turtle", "-o"], "256k"),  # 860 kB of Turtle
        (["build", "small.json", "--store"], "1m"),  # a 2.3 MB store
    ],
    ids=["neo4j", "rdf-file", "store"],
)
def test_a_full_disk_leaves_nothing_and_says_so_in_one_line(
    corpora: Path, tmp_path: Path, args: list[str], size: str
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    prefix = _small_disk(disk, size)
    if prefix is None:
        pytest.skip("no unprivileged mount namespace here to make a small disk in")
    # The disk is gone when the command's mount namespace ends: list it from inside.
    script = (
        "import os, sys; from argmap.cli import main\n"
        "try: main()\n"
        "finally: print(sorted(os.listdir(os.path.dirname(sys.argv[-1]))), file=sys.stderr)"
    )
    command = [*prefix, sys.executable, "-c", script, *args, str(disk / "out")]
    child = subprocess.run(command, cwd=corpora, capture_output=True, check=False, timeout=60)
    err = child.stderr.decode()
    assert child.returncode == 1, err
    lines = err.splitlines()
    assert lines[0].startswith(f"error: {disk / 'out'}: "), err
    assert "No space left on device" in lines[0], err
    assert lines[1:] == ["[]"], err


# ---- stdout that cannot be written ---------------------------------------------------------------

IMPORT_FILE = str(DATA / "corpora" / "argdown-primer.argdown")
STDOUT_COMMANDS = [
    ["query", str(DATA / "mini.yaml"), "-q", "SELECT * WHERE { ?s ?p ?o }"],
    ["import", IMPORT_FILE],
    ["new", "A title", "-o", "-"],
]


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda a: a[0])
def test_a_full_stdout_is_one_line_on_stderr(args: list[str], tmp_path: Path) -> None:
    result = run_bounded(args, cwd=tmp_path, stdout_path="/dev/full")
    result.assert_one_line_error("stdout", "No space left on device")
    assert "Exception ignored" not in result.stderr


@pytest.mark.parametrize("args", STDOUT_COMMANDS, ids=lambda a: a[0])
def test_a_closed_stdout_pipe_is_one_line_on_stderr(args: list[str], tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before argmap writes a byte: EPIPE
    try:
        child = subprocess.run(
            [*ARGMAP, *args], cwd=tmp_path, stdout=write_end, stderr=subprocess.PIPE, check=False
        )
    finally:
        os.close(write_end)
    err = child.stderr.decode()
    assert child.returncode == 1, err
    assert err.count("\n") == 1 and "stdout" in err and "Broken pipe" in err, err
