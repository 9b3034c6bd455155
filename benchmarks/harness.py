"""What every benchmark here shares: timing with repeats, time limits, peers run in a forked
child, machine facts, progress lines on stderr.

Two kinds of time limit:

- :func:`measure` runs argmap's own stages in this process (so their memory counts in its
  peak) under a *soft* limit: SIGALRM interrupts Python code, though not a long call into
  Rust or C until it returns.
- :func:`run_limited` runs a peer (rdflib, python-argumentation, arguebuf, pyshacl) in a
  forked child that is killed at the limit; the child gets this process's data for free
  (copy on write) and its memory does not count in this process's peak.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import multiprocessing as mp
import os
import platform
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "LIBRARIES",
    "Measured",
    "StageTimeout",
    "log",
    "machine_info",
    "measure",
    "run_limited",
    "soft_limit",
]

LIBRARIES = (
    "argmap",
    "pyoxigraph",
    "rdflib",
    "pydantic",
    "pyshacl",
    "networkx",
    "igraph",
    "python-sat",
    "arguebuf",
    "python-argumentation",
    "playwright",
)
ONE_RUN_IS_ENOUGH = 15.0  # seconds: a stage this slow is not repeated (the spread is small)


def log(message: str) -> None:
    """A progress line on stderr (the table goes to stdout)."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class StageTimeout(Exception):  # noqa: N818 — it is raised for a stage, not a bug
    """A stage ran past its time limit."""


@contextlib.contextmanager
def soft_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`StageTimeout` in this thread once ``seconds`` have passed."""
    if not seconds:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise StageTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Measured:
    """Seconds of each run of an action, and what its last run returned."""

    runs: list[float] = field(default_factory=list)
    result: Any = None
    timeout: float | None = None  # set when a run passed the limit
    error: str | None = None  # set when a run failed

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    def record(self, **extra: Any) -> dict[str, Any]:
        """The JSON form: median, min and every run, or the limit that was passed."""
        data: dict[str, Any] = {
            "median_s": self.median,
            "min_s": min(self.runs) if self.runs else None,
            "runs_s": [round(r, 6) for r in self.runs],
        }
        if self.timeout is not None:
            data["timeout_s"] = self.timeout
        if self.error is not None:
            data["error"] = self.error
        return data | extra


def measure(
    action: Callable[[], Any],
    repeat: int,
    *,
    limit: float | None = None,
    setup: Callable[[int], None] | None = None,
    keep: bool = False,
) -> Measured:
    """Time ``action`` ``repeat`` times (once only when a run takes longer than
    ``ONE_RUN_IS_ENOUGH``); ``setup(i)`` runs untimed before run ``i``. With ``keep`` the
    last run's result is kept; otherwise each is dropped at once, so two never coexist."""
    measured = Measured()
    for i in range(repeat):
        if setup is not None:
            setup(i)
        measured.result = None
        try:
            with soft_limit(limit):
                started = time.perf_counter()
                result = action()
                measured.runs.append(time.perf_counter() - started)
        except StageTimeout:
            measured.timeout = limit
            break
        except Exception as exc:  # noqa: BLE001 — a failing stage is a result; the run goes on
            measured.error = f"{type(exc).__name__}: {exc}"[:300]
            break
        if keep:
            measured.result = result
        del result
        if measured.runs[-1] > ONE_RUN_IS_ENOUGH:
            break
    return measured


def _child(target: Callable[..., Any], args: tuple[Any, ...], conn: Any) -> None:
    try:
        conn.send(("ok", target(*args)))
    except Exception as exc:  # noqa: BLE001 — any failure of a peer is reported, not raised
        conn.send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        conn.close()


def run_limited(target: Callable[..., Any], args: tuple[Any, ...], limit: float) -> tuple[str, Any]:
    """``target(*args)`` in a forked child: ``("ok", value)``, ``("error", message)`` or
    ``("timeout", None)`` once ``limit`` seconds have passed (the child is killed)."""
    parent, child = mp.get_context("fork").Pipe(duplex=False)
    process = mp.get_context("fork").Process(target=_child, args=(target, args, child))
    process.start()
    child.close()
    try:
        if parent.poll(limit):
            try:
                outcome: tuple[str, Any] = parent.recv()
            except EOFError:
                outcome = ("error", f"the child died (exit code {process.exitcode})")
            process.join()
            return outcome
        process.kill()
        process.join()
        return ("timeout", None)
    finally:
        parent.close()


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _ram_gib() -> float | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    return None


def machine_info() -> dict[str, Any]:
    """CPU, cores, RAM, load, OS, Python and library versions: what makes runs comparable."""
    versions: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gib": _ram_gib(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "os": platform.platform(),
        "python": platform.python_version(),
        "libraries": versions,
    }
