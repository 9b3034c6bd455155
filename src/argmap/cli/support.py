"""What every CLI command shares: the input-file argument, turning errors into exit codes, and
the feedback the global options --quiet and --verbose control."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from argmap.cli.progress import Feedback, Step
from argmap.errors import ArgmapError, MapError, Problem

if TYPE_CHECKING:
    from argmap.model.corpus import Corpus
    from argmap.model.entities import ArgumentMap
    from argmap.shacl.maps import Engine

__all__ = [
    "Bipolar",
    "Files",
    "MinStrength",
    "configure",
    "counted",
    "detail",
    "error_line",
    "fail",
    "feedback",
    "files_size",
    "info",
    "load_maps",
    "run",
    "stage",
    "validation_report",
    "watch_validation",
]

Files = Annotated[
    list[Path],
    typer.Argument(
        help="Map files (.yaml, .yml, .json), argmap RDF (.ttl, .trig, …) or maps to import"
        " (AIF .json, .argdown, Kialo .txt, arg-microtexts .xml).",
        show_default=False,
        metavar="FILES",
    ),
]
MinStrength = Annotated[
    float | None,
    typer.Option(
        "--min-strength",
        min=0.0,
        max=1.0,
        help="Ignore attacks weaker than this when computing statuses (no strength = 1.0).",
    ),
]
Bipolar = Annotated[
    bool,
    typer.Option(
        "--bipolar",
        help="Supports count too: add supported and secondary attacks derived from supports"
        " (Cayrol & Lagasquie-Schiex 2005) before computing statuses.",
    ),
]
T = TypeVar("T")

#: The feedback settings of the running command; the app's callback sets them.
feedback = Feedback()


def configure(*, quiet: bool = False, verbose: bool = False) -> None:
    """Apply the global options (called once per command line, before the command)."""
    if quiet and verbose:
        raise typer.BadParameter("give --quiet or --verbose, not both", param_hint="--quiet")
    feedback.quiet = quiet
    feedback.verbose = verbose


def info(message: str, *, err: bool = False) -> None:
    """An informational line ("ok: …", "wrote …"): left out under --quiet."""
    if not feedback.quiet:
        typer.echo(message, err=err)


def detail(message: str) -> None:
    """A detail for --verbose, on stderr."""
    feedback.detail(message)


@contextmanager
def stage(label: str, total: int | None = None) -> Iterator[Step]:
    """A stage of work: on a terminal, if it runs long, a progress bar when ``total`` is
    given (advance it with the ``step`` this yields), else a spinner; its time under
    --verbose."""
    with feedback.stage(label, total) as step:
        yield step


def error_line(exc: ArgmapError) -> str:
    """The error as the command line says it: the library's message, then the option to use."""
    return f"{exc}; use --{exc.option}" if exc.option else str(exc)


def fail(problems: Sequence[Problem | str] | str) -> NoReturn:
    """Print one line per problem on stderr and exit 1."""
    lines = [problems] if isinstance(problems, str) else [str(p) for p in problems]
    for line in lines:
        typer.echo(f"error: {line}", err=True)
    raise typer.Exit(1)


def run(action: Callable[[], T], stage: str | None = None) -> T:
    """Run library code; a user error becomes one line per problem on stderr and exit 1.
    With ``stage``, the work is timed and shown as a stage (see :func:`stage`)."""
    try:
        if stage is None:
            return action()
        with feedback.stage(stage):
            return action()
    except MapError as exc:
        fail(exc.problems)
    except ArgmapError as exc:
        fail(error_line(exc))


def load_maps(files: Iterable[Path]) -> Corpus:
    """Load the command's input files as one corpus, as a stage of work; a user error
    becomes one line per problem and exit 1."""
    paths = list(files)
    return run(lambda: _load(paths))


def _load(paths: list[Path]) -> Corpus:
    from argmap.formats.registry import load

    # A bar of files read when there are several; one file gets a spinner (a bar of 1 tells
    # nothing).
    total = len(paths) if len(paths) > 1 else None
    with feedback.stage(f"load {counted(len(paths), 'file')}{files_size(paths)}", total) as step:
        corpus = load(paths, progress=step if total is not None else None)
    if feedback.verbose:
        claims = sum(len(m.claims) for m in corpus.maps)
        relations = sum(len(m.relations) for m in corpus.maps)
        stances = sum(len(m.stances) for m in corpus.maps)
        detail(
            f"loaded {counted(len(corpus.maps), 'map')}: {claims} claims,"
            f" {relations} relations, {stances} stances"
        )
    return corpus


#: The one meaning of each short flag, in every command but ``semantics`` (which takes the
#: ICCMA solver interface's ``-p`` problem, ``-f`` file, ``-a`` argument, so competition
#: harnesses can call it). docs/cli.md shows this table; a test holds the app to it.
SHORT_FLAGS = {
    "-a": ("--actors", "actors of a synthetic corpus"),
    "-c": ("--claims", "claims of a synthetic corpus"),
    "-f": ("--format", "the format written or read (`import --from`)"),
    "-h": ("--help", "help"),
    "-k": ("--maps", "maps of a synthetic corpus"),
    "-n": ("--name", "a named query"),
    "-o": ("--output", "where to write; `-` is standard output"),
    "-p": ("--param", "a parameter of a named query"),
    "-q": ("--query", "a SPARQL query"),
    "-s": ("--seed", "the random seed"),
    "-t": ("--to", "the export format"),
    "-v": ("--verbose", "more detail (`serve`)"),
}
#: Long options a short flag may stand for, beside its own: the same meaning in other words.
SHORT_FLAG_SYNONYMS = {"-f": ("--from",)}
ICCMA_COMMAND = "semantics"


#: What ``-o`` takes to mean standard output.
STDOUT = "-"


def is_stdout(path: Path | None) -> bool:
    """``-o -``: the output goes to standard output, not to a file named ``-``."""
    return path is not None and str(path) == STDOUT


def write_stdout(content: bytes) -> None:
    sys.stdout.buffer.write(content)
    sys.stdout.buffer.flush()


def through_stdout(write: Callable[[Path], object], name: str = "out") -> None:
    """Let ``write`` (a writer that takes a path) fill a file in a temporary folder, then copy
    that file to standard output, so ``-o -`` gets exactly the bytes a file would."""
    feedback.quiet = True  # the "wrote <temporary file>" lines would only mislead
    with tempfile.TemporaryDirectory(prefix="argmap-") as folder:
        path = Path(folder) / name
        write(path)
        with path.open("rb") as made:
            shutil.copyfileobj(made, sys.stdout.buffer)
    sys.stdout.buffer.flush()


def counted(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def map_summary(m: ArgumentMap) -> str:
    """What an imported map holds, e.g. '9 claims, 5 relations, 3 actors, 9 stances, 16
    locutions' (arguments and the dialogue layer only when there are some)."""
    parts = [counted(len(m.claims), "claim")]
    if m.arguments:
        parts.append(counted(len(m.arguments), "argument"))
    parts += [
        counted(len(m.relations), "relation"),
        counted(len(m.actors), "actor"),
        counted(len(m.stances), "stance"),
    ]
    for noun, items in (
        ("locution", m.locutions),
        ("illocution", m.illocutions),
        ("transition", m.transitions),
    ):
        if items:
            parts.append(counted(len(items), noun))
    return ", ".join(parts)


def files_size(paths: list[Path]) -> str:
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size if path.is_file() else 0
        except OSError:  # missing or unreadable: loading says so on its own
            continue
    if total < 1000:
        return f" ({total} B)"
    if total < 1_000_000:
        return f" ({total / 1000:.0f} kB)"
    return f" ({total / 1_000_000:.1f} MB)"


def validation_report(
    files: list[Path], *, shacl: bool, engine: Engine = "argmap"
) -> tuple[bool, list[str]]:
    """Validate map files: (True, [the ok summary]) or (False, one line per problem)."""
    from argmap.model.stats import corpus_stats
    from argmap.shacl.maps import shacl_problems

    try:
        corpus = _load(files)
        if shacl:
            with feedback.stage("check SHACL shapes"):
                problems = shacl_problems(corpus, engine)
            if problems:
                return False, [str(p) for p in problems]
    except MapError as exc:
        return False, [str(p) for p in exc.problems]
    except ArgmapError as exc:
        return False, [error_line(exc)]
    totals = corpus_stats(corpus)["totals"]
    checked = " and SHACL shapes" if shacl else ""
    arguments = f" {counted(totals['arguments'], 'argument')}," if totals["arguments"] else ""
    return True, [
        f"ok: {len(corpus.maps)} map(s), {totals['claims']} claims,{arguments}"
        f" {totals['relations']} relations, {totals['stances']} stances,"
        f" {totals['quotes']} quotes checked (integrity{checked})"
    ]


def watch_validation(
    files: list[Path],
    *,
    shacl: bool,
    engine: Engine = "argmap",
    interval: float = 0.5,
    stop: Callable[[], bool] = lambda: False,
    max_runs: int | None = None,
) -> int:
    """Validate now and after every change to the files or the source texts they name,
    printing one timestamped line per result: ``HH:MM:SS ok: …`` on stdout, or
    ``HH:MM:SS error: …`` per problem on stderr. Runs until Ctrl-C (or ``stop``); returns the
    number of checks."""
    import time

    from argmap.cli.watch import source_text_files, watch

    def watched() -> list[Path]:
        return [*files, *source_text_files(files)]

    def check() -> None:
        try:
            ok, lines = validation_report(files, shacl=shacl, engine=engine)
        # A watcher must outlive whatever a half-saved file triggers, even a bug: say so.
        except Exception as exc:  # noqa: BLE001
            ok, lines = False, [f"unexpected {type(exc).__name__}: {exc}; please report it"]
        stamp = time.strftime("%H:%M:%S")
        if ok:
            info(f"{stamp} {lines[0]}")
        else:
            for line in lines:
                typer.echo(f"{stamp} error: {line}", err=True)

    sources = source_text_files(files)
    also = f" and {counted(len(sources), 'source text')}" if sources else ""
    info(f"watching {counted(len(files), 'file')}{also}; Ctrl-C to stop", err=True)
    return watch(watched, check, interval=interval, stop=stop, max_runs=max_runs)
