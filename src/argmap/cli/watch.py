"""Re-run a check whenever one of its files changes: the loop behind ``argmap validate --watch``.

Standard library only: the files' modification times and sizes are polled (every 0.5 s by
default), which works the same on every platform and every editor, including those that save
by writing a new file and renaming it over the old one. A file that disappears counts as a
change, and so does its return.

The loop ends when ``stop()`` says so, after ``max_runs`` checks, or on Ctrl-C (which ends it
quietly: watching is stopped by the user, it does not fail).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["Snapshot", "snapshot", "source_text_files", "watch"]

#: For each path, (modification time in ns, size), or None when it does not exist.
Snapshot = dict[Path, tuple[int, int] | None]

# `text_file: sources/x.txt` in YAML, block or flow style, quoted or not, or the JSON form.
_TEXT_FILE = re.compile(
    r"""(?:^|[\s{,])["']?text_file["']?\s*:\s*(?:"([^"\n]+)"|'([^'\n]+)'|([^\s"'#,}\]]+))""",
    re.MULTILINE,
)


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """The current state of each path."""
    state: Snapshot = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            state[path] = None
        else:
            state[path] = (info.st_mtime_ns, info.st_size)
    return state


def source_text_files(map_files: Iterable[Path]) -> list[Path]:
    """The source texts that map files name with ``text_file:`` (from each map's folder),
    found by reading the files as text: a map being edited may not parse. Only those a map
    may read are listed (inside its folder or an allowed one: see
    :func:`argmap.formats.authoring.text_file_path`), so a map cannot make the watcher
    look at other files."""
    from argmap.errors import InputError
    from argmap.formats.authoring import text_file_path
    from argmap.util.limits import current

    limits = current()
    found: list[Path] = []
    for map_file in map_files:
        try:
            with map_file.open("rb") as handle:  # never more than a map file may hold
                raw = handle.read(limits.max_file_bytes + 1)
        except OSError:
            continue
        text = raw.decode("utf-8", errors="replace")
        for match in _TEXT_FILE.finditer(text):
            name = next(group for group in match.groups() if group).strip()
            path = map_file.parent / name
            try:
                text_file_path(map_file, name, limits)
            except (InputError, ValueError):  # outside; ValueError: a NUL in the name
                continue
            if path not in found:
                found.append(path)
    return found


def watch(
    watched: Callable[[], Iterable[Path]],
    check: Callable[[], object],
    *,
    interval: float = 0.5,
    settle: float = 0.1,
    stop: Callable[[], bool] = lambda: False,
    max_runs: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Run ``check`` now, then again each time one of the ``watched()`` paths changes.

    ``watched`` is asked again after each check, so the set of files can follow what the
    check found (a map naming a new source text). A change is acted on once the files have
    stayed the same for ``settle`` seconds, so a save in several writes gives one check.
    Returns how many checks ran. ``check`` should report its own failures: an exception it
    raises ends the loop (Ctrl-C, KeyboardInterrupt, ends it quietly).
    """
    runs = 0
    try:
        while max_runs is None or runs < max_runs:
            before = snapshot(watched())
            check()
            runs += 1
            if max_runs is not None and runs >= max_runs:
                break
            paths = list(watched())
            # Paths the check just revealed start from their current state.
            baseline = {p: before[p] if p in before else snapshot([p])[p] for p in paths}
            if not _wait_for_change(paths, baseline, interval, settle, stop, sleep):
                break
    except KeyboardInterrupt:
        pass
    return runs


def _wait_for_change(
    paths: list[Path],
    baseline: Snapshot,
    interval: float,
    settle: float,
    stop: Callable[[], bool],
    sleep: Callable[[float], None],
) -> bool:
    """Poll until the paths differ from ``baseline`` and then hold still; False if stopped."""
    while not stop():
        sleep(interval)
        now = snapshot(paths)
        if now != baseline:
            while True:
                sleep(settle)
                again = snapshot(paths)
                if again == now:
                    return True
                now = again
    return False
