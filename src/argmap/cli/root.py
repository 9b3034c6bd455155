"""The ``argmap`` command line: thin commands over the library's public functions."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from argmap.cli.analysis import register as register_analysis
from argmap.cli.exchange import register as register_exchange
from argmap.cli.new import register as register_newcomer
from argmap.cli.query import register as register_query
from argmap.cli.render import register as register_render
from argmap.cli.schemes import register as register_schemes
from argmap.cli.semantics import register as register_semantics
from argmap.cli.serve import register as register_serve
from argmap.cli.support import (
    Files,
    configure,
    fail,
    info,
    is_stdout,
    load_maps,
    run,
    stage,
    through_stdout,
    validation_report,
    watch_validation,
)
from argmap.cli.synth import register as register_scale
from argmap.util.limits import DEFAULT_LIMITS, applied
from argmap.util.version import __version__

# The commands import the library (pydantic, rdflib, pyoxigraph…) when they run, not here:
# building the app must stay fast, since shell completion runs it on every TAB.

#: argmap.shacl.maps.Engine, spelled out so that typer can read it without importing rdflib
#: (tests/test_cli.py checks that the two agree).
ShaclEngine = Literal["argmap", "pyshacl"]

app = typer.Typer(
    name="argmap",  # its help is main_options' docstring, with an example
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"argmap {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            help="Print only results and errors: no progress, no 'ok:' or 'wrote' lines.",
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", help="Also print each stage's time and file counts on stderr."),
    ] = False,
    allow_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--allow-dir",
            metavar="<dir>",
            exists=True,
            file_okay=False,
            help="A folder whose files maps may name as a source's text_file, besides each"
            " map's own folder. Repeatable.",
        ),
    ] = None,
    max_file_mb: Annotated[
        int,
        typer.Option(
            "--max-file-mb",
            min=1,
            help="Largest map or import file read, in MB (AIF files: at least 256).",
        ),
    ] = DEFAULT_LIMITS.max_file_bytes // 1_000_000,
    max_source_mb: Annotated[
        int,
        typer.Option("--max-source-mb", min=1, help="Largest source text read, in MB."),
    ] = DEFAULT_LIMITS.max_source_bytes // 1_000_000,
    max_text_kb: Annotated[
        int,
        typer.Option(
            "--max-text-kb",
            min=1,
            help="Longest claim, issue, note… text read, in kB (of UTF-8), in maps and RDF.",
        ),
    ] = DEFAULT_LIMITS.max_text_bytes // 1_000,
) -> None:
    """Turn arguments into a knowledge graph you can check, query, picture and share.

    Global options go before the command and have no short forms (-q is the query text of
    argmap query). On a terminal, work that takes more than a second shows its progress on
    stderr: a bar when the amount of work is known, a spinner otherwise; pipes and files get
    none.

    Maps are untrusted input: a source's text_file must be a regular file in the map's
    folder (or an --allow-dir folder), and files and texts have size limits (--max-…).

    Example: argmap --verbose validate data/*.yaml --shacl
    """
    configure(quiet=quiet, verbose=verbose)
    limits = replace(
        DEFAULT_LIMITS,
        max_file_bytes=max_file_mb * 1_000_000,
        max_source_bytes=max_source_mb * 1_000_000,
        max_text_bytes=max_text_kb * 1_000,
        allow_dirs=tuple(allow_dir or ()),
    )
    # In force until the command ends (the context closes after it).
    ctx.with_resource(applied(limits))


@app.command()
def validate(
    files: Files,
    shacl: Annotated[
        bool,
        typer.Option(
            "--shacl",
            help="Also check the RDF graph against the SHACL shapes in ontology/shapes.ttl.",
        ),
    ] = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch",
            help="Keep watching: validate again whenever a file (or a source text it names)"
            " changes, one timestamped line per result; Ctrl-C stops.",
        ),
    ] = False,
    shacl_engine: Annotated[
        ShaclEngine,
        typer.Option(
            "--shacl-engine",
            help="SHACL validator for --shacl: argmap's own (fast), or pyshacl, the reference"
            " (slow on big maps); both report the same problems.",
        ),
    ] = "argmap",
) -> None:
    """Check maps: ids, references, relations, strengths, quotes (and SHACL shapes).

    Prints every problem as FILE:LINE: ENTITY: PROBLEM; FIX and exits 1 when there is one.

    Example: argmap validate data/*.yaml --shacl
    """
    if watch:
        watch_validation(files, shacl=shacl, engine=shacl_engine)
        return
    ok, lines = validation_report(files, shacl=shacl, engine=shacl_engine)
    if not ok:
        fail(lines)
    info(lines[0])


@app.command()
def build(
    files: Files,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="RDF file to write, or - for standard output (with -f); its suffix "
            "picks the format (.ttl .trig .nt .nq .jsonld .rdf).",
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="turtle, trig, ntriples, nquads, jsonld or rdfxml (overrides the suffix).",
        ),
    ] = None,
    store: Annotated[
        Path | None,
        typer.Option(
            "--store",
            help="Also write a persistent Oxigraph store folder that 'argmap query DIR' opens"
            " without parsing again.",
        ),
    ] = None,
) -> None:
    """Validate maps and write them as one RDF file (a named graph per map where the format
    has named graphs) and/or a persistent store.

    Example: argmap build data/*.yaml -o out/argmap.trig --store out/store
    """
    from argmap.rdf.files import rdf_format, write_rdf
    from argmap.rdf.store import write_store as write_store_folder
    from argmap.rdf.write import entity_count

    if output is None and store is None:
        fail("say where to write: -o FILE, --store DIR, or both")
    if is_stdout(output) and format is None:
        fail("-o - writes to standard output: name the RDF format with -f")
    if output is not None and not is_stdout(output):
        run(lambda: rdf_format(output, format))  # a bad format fails before any work
    corpus = load_maps(files)

    def write(path: Path) -> None:
        # A bar of the entities written (claims, relations, stances…).
        with stage(f"write {path}", total=entity_count(corpus)) as step:
            write_rdf(corpus, path, format, progress=step)

    if is_stdout(output):
        run(lambda: through_stdout(write))
    elif output is not None:
        run(lambda: write(output))
        info(f"wrote {output} ({len(corpus.maps)} map(s))")
    if store is not None:

        def write_store(folder: Path) -> int:
            with stage(f"write store {folder}", total=entity_count(corpus)) as step:
                return write_store_folder(corpus, folder, progress=step)

        quads = run(lambda: write_store(store))
        info(f"wrote store {store} ({quads} quads)")


@app.command()
def stats(
    files: Files,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Count claims, relations, stances… per kind, per map and per actor.

    Example: argmap stats data/*.yaml
    """
    from argmap.model.stats import corpus_stats

    corpus = load_maps(files)
    result = corpus_stats(corpus)
    if as_json:
        typer.echo(json.dumps(result, indent=2))
        return
    columns = list(next(iter(result["per_map"].values())).keys())
    rows = [[map_id, *(str(c[k]) for k in columns)] for map_id, c in result["per_map"].items()]
    rows.append(["TOTAL (shared counted once)", *(str(result["totals"][k]) for k in columns)])
    typer.echo(_table(["map", *columns], rows))
    typer.echo("")
    positions = ["endorses", "opposes", "concerned"]
    actor_rows = [
        [actor_id, str(a["name"]), str(a["kind"]), *(str(a.get(p, 0)) for p in positions)]
        for actor_id, a in result["per_actor"].items()
    ]
    typer.echo(_table(["actor", "name", "kind", *positions], actor_rows))


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Print the JSON Schema of the authoring format (for editor completion and checking).

    Example: argmap schema -o argmap.schema.json
    """
    from argmap.formats.authoring import json_schema
    from argmap.util.files import write_atomic

    text = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None or is_stdout(output):
        typer.echo(text, nl=False)
    else:
        run(lambda: write_atomic(output, text.encode("utf-8")))
        info(f"wrote {output}")


@app.command("check-quotes")
def check_quotes(files: Files) -> None:
    """Check that every quote stands verbatim at its offsets in its source text.

    Reports each mismatch with its entity and the nearest match in the source, and each quote
    without offsets with the offsets to add.

    Example: argmap check-quotes data/*.yaml
    """
    from argmap.formats.authoring import map_places
    from argmap.model.quotes import quotes_without_offsets

    corpus = load_maps(files)
    place = map_places(files)
    missing = run(lambda: quotes_without_offsets(corpus, place), stage="check quote offsets")
    if missing:
        fail(missing)
    count = sum(
        len(e.quotes)
        for m in corpus.maps
        for name in ("issues", "claims", "arguments", "relations", "stances")
        for e in getattr(m, name)
    )
    info(f"ok: {count} quotes in {len(corpus.maps)} map(s) stand verbatim at their offsets")


# Commands of other areas live in their own modules, each with a register(app) function.
COMMAND_MODULES: list[Callable[[typer.Typer], None]] = [
    register_query,
    register_exchange,
    register_render,
    register_semantics,
    register_analysis,
    register_newcomer,
    register_serve,
    register_scale,
    register_schemes,
]
for register in COMMAND_MODULES:
    register(app)


def main() -> Any:
    """Console-script entry point.

    SIGTERM unwinds the command as Ctrl-C does (then exit 143), so a stopped write removes
    its temporary file. A stdout that cannot be written (a full disk, a closed pipe) is one
    line on stderr and exit 1, not a traceback."""
    import contextlib
    import errno
    import os
    import signal

    def unwind(signum: int, frame: object) -> None:
        # A second SIGTERM kills at once; the next write of the output sweeps what is left.
        signal.signal(signum, signal.SIG_DFL)
        raise SystemExit(128 + signum)

    previous = None
    with contextlib.suppress(ValueError):  # only the main thread may set a handler
        previous = signal.signal(signal.SIGTERM, unwind)
    stdout = sys.stdout
    try:
        try:
            return app(prog_name="argmap")
        finally:
            stdout.flush()  # output still buffered fails here, not as noise at exit
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    except OSError as exc:
        # Files' errors are ArgmapErrors by the time they get here: a failed write is stdout's.
        if exc.errno not in (errno.EPIPE, errno.ENOSPC, errno.EDQUOT):
            raise
        reason = exc.strerror or str(exc)
    except SystemExit:
        if sys.stdout is stdout:
            raise
        # typer exits 1 without a word on EPIPE, after wrapping sys.stdout.
        reason = os.strerror(errno.EPIPE)
    # As the Python docs on SIGPIPE advise: stdout to devnull, so that the interpreter's last
    # flush of what is still buffered cannot fail again ("Exception ignored in ...").
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), stdout.fileno())
    with contextlib.suppress(OSError):
        print(f"error: cannot write to stdout ({reason})", file=sys.stderr, flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
