"""Running the argmap CLI on hostile input with its memory and time bounded, as an attacker's
file would be run: an address-space limit the child cannot exceed, a wall-clock kill, and the
child's own CPU time measured (steadier than wall time on a loaded machine)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ARGMAP = [sys.executable, "-m", "argmap"]
#: The bounds every hostile case must keep (issue: no case over 2 s or 500 MB).
MEGABYTES = 500
CPU_SECONDS = 2.0
#: A case still running after this is killed and fails, whatever the machine's load.
WALL_SECONDS = 30.0


@dataclass(frozen=True)
class Bounded:
    """What a bounded run did: exit code, output, and the child's CPU seconds and peak RSS."""

    code: int
    stdout: str
    stderr: str
    cpu_seconds: float
    peak_megabytes: float

    def assert_within_bounds(self) -> None:
        assert self.cpu_seconds <= CPU_SECONDS, f"took {self.cpu_seconds:.2f} s of CPU"
        assert self.peak_megabytes <= MEGABYTES, f"peaked at {self.peak_megabytes:.0f} MB"

    def assert_one_line_error(self, *needles: str) -> None:
        """Exit 1 (or 2 for usage), one line on stderr holding every needle, no traceback."""
        assert self.code in (1, 2), (self.code, self.stderr)
        assert "Traceback" not in self.stderr, self.stderr
        assert self.stderr.count("\n") == 1, self.stderr
        for needle in needles:
            assert needle in self.stderr, (needle, self.stderr)


def run_bounded(
    args: list[str],
    *,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    stdout_path: str | None = None,
    megabytes: int = MEGABYTES,
    env: dict[str, str] | None = None,
) -> Bounded:
    """Run ``argmap ARGS`` with an address-space limit of ``megabytes``; a child that hits it
    dies of MemoryError (a failure the caller sees as a traceback or a non-zero exit)."""
    limit = megabytes * 2**20

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE  # noqa: SIM115
    child = subprocess.Popen(
        [*ARGMAP, *args],
        cwd=cwd,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=out,
        stderr=subprocess.PIPE,
        preexec_fn=limit_memory,
        env={**os.environ, **(env or {})},
    )
    if stdout_path:
        out.close()  # type: ignore[union-attr]
    # The pipes are drained in threads and the child reaped with wait4, which gives this
    # child's own CPU time and peak memory (Popen.communicate would reap it without them).
    chunks: dict[str, bytes] = {}

    def drain(name: str, stream: IO[bytes] | None) -> None:
        if stream is None:
            chunks[name] = b""
            return
        with stream:  # closed here: a pipe left to the collector is a ResourceWarning
            chunks[name] = stream.read()

    readers = [
        threading.Thread(target=drain, args=("stdout", child.stdout)),
        threading.Thread(target=drain, args=("stderr", child.stderr)),
    ]
    for reader in readers:
        reader.start()
    if stdin is not None:
        assert child.stdin is not None
        try:
            child.stdin.write(stdin)
            child.stdin.close()
        except BrokenPipeError:
            pass
    killer = threading.Timer(WALL_SECONDS, child.kill)
    killer.start()
    try:
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        killer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    assert child.returncode != -9, f"argmap {' '.join(args)} still ran after {WALL_SECONDS} s"
    return Bounded(
        code=child.returncode,
        stdout=chunks.get("stdout", b"").decode("utf-8", "replace"),
        stderr=chunks.get("stderr", b"").decode("utf-8", "replace"),
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_megabytes=usage.ru_maxrss / 1024,
    )
