"""Feedback while a command works: a transient spinner or progress bar on a terminal, stage
timings on request.

The command line's global options set one :class:`Feedback`:

- by default, a stage that runs longer than :data:`DELAY` seconds shows its name and the
  elapsed time on stderr, and clears it when the stage ends: a progress bar (done/total,
  percentage, elapsed and remaining time) when the stage knows how much work it has, a
  spinner otherwise. It is shown only when stderr is a terminal, so pipes, files and CI logs
  get no progress and no ANSI codes;
- ``quiet`` shows no progress (and the CLI leaves out its "ok:" / "wrote …" lines);
- ``verbose`` prints each stage's wall time (and details such as file counts) on stderr as
  plain lines, ``argmap: STAGE: 0.12 s``.

Library code does not draw progress itself: the CLI wraps each long call in a stage, and
passes the stage's ``step`` as the call's ``progress`` callback where the library takes one.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, ProgressColumn, TaskID

__all__ = ["DELAY", "Feedback", "ProgressBar", "Spinner", "Step", "stderr_is_terminal"]

#: Seconds a stage runs before its spinner or bar appears: quick commands never flash one.
DELAY = 1.0

#: Advances a stage by an amount of its work done (what ``Feedback.stage`` yields).
Step = Callable[[int], None]


def stderr_is_terminal() -> bool:
    """Whether stderr is an interactive terminal (not a pipe, a file or a test's buffer)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced by an object without isatty, or closed
        return False


def _print_to_stderr(line: str) -> None:
    # sys.stderr is looked up at each call: test runners swap it.
    print(line, file=sys.stderr, flush=True)


def _ignore(amount: int) -> None:
    """The step of a stage that shows no bar."""


def _seconds(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 60 else f"{seconds // 60:.0f} min {seconds % 60:02.0f} s"


class _Transient:
    """A line drawn with rich once the work has run ``delay`` seconds (from a timer thread),
    and erased by :meth:`stop`. Starts timing when created; subclasses say what the line
    holds."""

    def __init__(
        self,
        label: str,
        *,
        delay: float = DELAY,
        stream: TextIO | None = None,
        force_terminal: bool | None = None,
    ) -> None:
        self.label = label
        self._began = time.monotonic()
        self._stream = stream
        self._force_terminal = force_terminal
        # Guards showing, stopping and (for bars) the count, which the working thread, the
        # timer thread and rich's refresh thread all touch.
        self._lock = threading.Lock()
        self._stopped = False
        self._progress: Progress | None = None
        # Import rich here, not in the timer thread: a thread's import waits for any module
        # the main thread is importing, so a stage that imports a heavy library (pySHACL)
        # would hold its own spinner back until it was over. Paid once, on terminals only.
        import rich.progress  # noqa: F401

        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True
        self._timer.start()

    @property
    def shown(self) -> bool:
        """Whether the line has appeared (the work outlasted the delay)."""
        return self._progress is not None

    def _columns(self) -> list[ProgressColumn]:
        raise NotImplementedError

    def _add_task(self, progress: Progress) -> None:
        progress.add_task(self.label, total=None)

    def _elapsed(self) -> ProgressColumn:
        from rich.progress import ProgressColumn, Task
        from rich.text import Text

        began = self._began

        class Elapsed(ProgressColumn):
            # Counted from the start of the stage, not from when the line appeared.
            def render(self, task: Task) -> Text:
                return Text(_seconds(time.monotonic() - began), style="progress.elapsed")

        return Elapsed()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import Progress

        with self._lock:
            if self._stopped:
                return
            console = Console(
                file=self._stream if self._stream is not None else sys.stderr,
                force_terminal=self._force_terminal,
            )
            progress = Progress(
                *self._columns(),
                console=console,
                transient=True,
                # Never route stdout through the display: stdout may be a pipe of results.
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._add_task(progress)
            progress.start()
            self._progress = progress

    def stop(self) -> None:
        """Cancel the line, or erase it if it is showing."""
        self._timer.cancel()
        with self._lock:
            self._stopped = True
            if self._progress is not None:
                self._progress.stop()


class Spinner(_Transient):
    """A transient spinner with a label and the elapsed time, drawn with rich once the work
    has run ``delay`` seconds, and erased by :meth:`stop`. Starts timing when created."""

    def _columns(self) -> list[ProgressColumn]:
        from rich.progress import SpinnerColumn, TextColumn

        return [SpinnerColumn(), TextColumn("{task.description}"), self._elapsed()]


class ProgressBar(_Transient):
    """A transient progress bar for ``total`` units of work: label, bar, done/total,
    percentage, elapsed and remaining time. Drawn with rich once the work has run ``delay``
    seconds (counting what was done before), erased by :meth:`stop`. :meth:`advance` may be
    called from any thread, shown or not."""

    def __init__(
        self,
        label: str,
        total: int,
        *,
        delay: float = DELAY,
        stream: TextIO | None = None,
        force_terminal: bool | None = None,
    ) -> None:
        self.total = total
        self.completed = 0
        self._task: TaskID | None = None
        super().__init__(label, delay=delay, stream=stream, force_terminal=force_terminal)

    def advance(self, amount: int) -> None:
        """Count ``amount`` more units done (the bar redraws itself a few times a second)."""
        with self._lock:
            self.completed += amount
            if self._progress is not None and self._task is not None:
                self._progress.update(self._task, completed=self.completed)

    def _add_task(self, progress: Progress) -> None:
        self._task = progress.add_task(self.label, total=self.total, completed=self.completed)

    def _columns(self) -> list[ProgressColumn]:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            ProgressColumn,
            Task,
            TaskProgressColumn,
            TextColumn,
        )
        from rich.table import Column
        from rich.text import Text

        began = self._began

        class Remaining(ProgressColumn):
            # Extrapolated from the whole stage so far: rich's own estimate starts only
            # when the bar appears, a second into the work.
            def render(self, task: Task) -> Text:
                done, total = task.completed, task.total or 0
                if done <= 0 or done >= total:
                    return Text("")
                left = (time.monotonic() - began) * (total - done) / done
                return Text(f"~{_seconds(left)} left", style="progress.remaining")

        return [
            # A long path gives way, not the counts: they keep their width on any terminal.
            TextColumn(
                "{task.description}",
                table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1, max_width=48),
            ),
            BarColumn(),
            MofNCompleteColumn(table_column=Column(no_wrap=True)),
            TaskProgressColumn(),
            self._elapsed(),
            Remaining(),
        ]


@dataclass
class Feedback:
    """What a command tells the user besides its results, set by the global options."""

    quiet: bool = False
    verbose: bool = False
    delay: float | None = None  # None: the module's DELAY at the time a stage starts
    emit: Callable[[str], None] = field(default=_print_to_stderr)
    terminal: Callable[[], bool] = field(default=stderr_is_terminal)
    _depth: int = field(default=0, init=False)

    @property
    def shows_progress(self) -> bool:
        """Spinners and bars are drawn only on a terminal, and never when quiet."""
        return not self.quiet and self.terminal()

    def detail(self, message: str) -> None:
        """A detail for --verbose, on stderr: ``argmap: MESSAGE``."""
        if self.verbose:
            self.emit(f"argmap: {message}")

    @contextmanager
    def stage(self, label: str, total: int | None = None) -> Iterator[Step]:
        """Time a stage of work; show its progress if it runs long on a terminal; with
        ``verbose``, print its wall time when it ends (also when it fails).

        With ``total``, the stage yields a ``step(amount)`` to call as work gets done and
        shows a bar of done/total; without, a spinner (its ``step`` does nothing). Only the
        outermost stage is drawn: a nested stage's ``step`` does nothing either.
        """
        outermost = self._depth == 0
        delay = DELAY if self.delay is None else self.delay
        line: _Transient | None = None
        step: Step = _ignore
        if outermost and self.shows_progress:
            if total is None:
                line = Spinner(label, delay=delay)
            else:
                line = bar = ProgressBar(label, total, delay=delay)
                step = bar.advance
        self._depth += 1
        began = time.perf_counter()
        try:
            yield step
        finally:
            self._depth -= 1
            if line is not None:
                line.stop()
            self.detail(f"{label}: {time.perf_counter() - began:.2f} s")
