"""Feedback while a command works: a transient spinner on a terminal, stage timings on request.

The command line's global options set one :class:`Feedback`:

- by default, a stage that runs longer than :data:`DELAY` seconds shows a spinner with its
  name and the elapsed time on stderr, and clears it when the stage ends; it is shown only
  when stderr is a terminal, so pipes, files and CI logs get no progress and no ANSI codes;
- ``quiet`` shows no progress (and the CLI leaves out its "ok:" / "wrote …" lines);
- ``verbose`` prints each stage's wall time (and details such as file counts) on stderr as
  plain lines, ``argmap: STAGE: 0.12 s``.

Library code does not report progress itself: the CLI wraps each long call in a stage.
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
    from rich.progress import Progress

__all__ = ["DELAY", "Feedback", "Spinner", "stderr_is_terminal"]

#: Seconds a stage runs before its spinner appears: quick commands never flash one.
DELAY = 1.0


def stderr_is_terminal() -> bool:
    """Whether stderr is an interactive terminal (not a pipe, a file or a test's buffer)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):  # replaced by an object without isatty, or closed
        return False


def _print_to_stderr(line: str) -> None:
    # sys.stderr is looked up at each call: test runners swap it.
    print(line, file=sys.stderr, flush=True)


class Spinner:
    """A transient spinner with a label and the elapsed time, drawn with rich once the work
    has run ``delay`` seconds, and erased by :meth:`stop`. Starts timing when created."""

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
        self._lock = threading.Lock()
        self._stopped = False
        self._progress: Progress | None = None
        # Import rich here, not in the timer thread: a thread's import waits for any module
        # the main thread is importing, so a stage that imports a heavy library (pySHACL)
        # would hold its own spinner back until it was over. Costs ~0.1 s once, on terminals.
        import rich.progress  # noqa: F401

        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True
        self._timer.start()

    @property
    def shown(self) -> bool:
        """Whether the spinner has appeared (the work outlasted the delay)."""
        return self._progress is not None

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn
        from rich.text import Text

        began = self._began

        class Elapsed(ProgressColumn):
            # Counted from the start of the stage, not from when the spinner appeared.
            def render(self, task: Task) -> Text:
                return Text(f"{time.monotonic() - began:.0f} s", style="progress.elapsed")

        with self._lock:
            if self._stopped:
                return
            console = Console(
                file=self._stream if self._stream is not None else sys.stderr,
                force_terminal=self._force_terminal,
            )
            progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                Elapsed(),
                console=console,
                transient=True,
                # Never route stdout through the display: stdout may be a pipe of results.
                redirect_stdout=False,
                redirect_stderr=False,
            )
            progress.add_task(self.label, total=None)
            progress.start()
            self._progress = progress

    def stop(self) -> None:
        """Cancel the spinner, or erase it if it is showing."""
        self._timer.cancel()
        with self._lock:
            self._stopped = True
            if self._progress is not None:
                self._progress.stop()


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
        """Spinners are drawn only on a terminal, and never when quiet."""
        return not self.quiet and self.terminal()

    def detail(self, message: str) -> None:
        """A detail for --verbose, on stderr: ``argmap: MESSAGE``."""
        if self.verbose:
            self.emit(f"argmap: {message}")

    @contextmanager
    def stage(self, label: str) -> Iterator[None]:
        """Time a stage of work; show a spinner if it runs long on a terminal; with
        ``verbose``, print its wall time when it ends (also when it fails)."""
        outermost = self._depth == 0
        spinner = (
            Spinner(label, delay=DELAY if self.delay is None else self.delay)
            if outermost and self.shows_progress
            else None
        )
        self._depth += 1
        began = time.perf_counter()
        try:
            yield
        finally:
            self._depth -= 1
            if spinner is not None:
                spinner.stop()
            self.detail(f"{label}: {time.perf_counter() - began:.2f} s")
