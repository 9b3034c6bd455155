"""``argmap serve``: the map page and a read-only SPARQL endpoint over the maps, on one port."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer

from argmap.cli.support import counted, feedback, files_size, info, run

if TYPE_CHECKING:
    from argmap.model.corpus import Corpus

__all__ = ["register"]


class _Terminated(BaseException):  # like KeyboardInterrupt: not caught as an Exception
    """SIGTERM, turned into an exception so the serving loop unwinds like on Ctrl-C."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise _Terminated


def register(app: typer.Typer) -> None:
    """Add ``argmap serve`` to the app."""

    @app.command("serve")
    def serve_command(
        sources: Annotated[
            list[Path],
            typer.Argument(
                help="Map files, argmap RDF files, or one store folder made by "
                "'argmap build --store' (as for argmap query).",
                show_default=False,
            ),
        ],
        port: Annotated[
            int,
            typer.Option("--port", min=0, max=65535, help="Port to listen on; 0 picks a free one."),
        ] = 8000,
        host: Annotated[
            str,
            typer.Option(
                "--host",
                help="Address to listen on. The default answers this machine only; any other "
                "address lets the network read the maps.",
            ),
        ] = "127.0.0.1",
        timeout: Annotated[
            float,
            typer.Option(
                "--timeout",
                min=0.1,
                help="Seconds a query may run before it is stopped (503); a query whose client "
                "disconnects is stopped at once.",
            ),
        ] = 5.0,
        workers: Annotated[
            int | None,
            typer.Option(
                "--workers",
                min=1,
                help="Query worker processes (each holds the store; a costly query ties up "
                "one). Default: one per core, 2 to 4.",
                show_default=False,
            ),
        ] = None,
        cors: Annotated[
            list[str] | None,
            typer.Option(
                "--cors",
                metavar="ORIGIN",
                help="Let pages from ORIGIN (https://host[:port], or * for any) read the "
                "endpoint's answers, e.g. YASGUI's site; repeat for more. Off by default.",
                show_default=False,
            ),
        ] = None,
        verbose: Annotated[
            bool,
            typer.Option(
                "--verbose",
                "-v",
                help="Log each request on stderr (so does the global option: argmap --verbose "
                "serve …).",
            ),
        ] = False,
    ) -> None:
        """Serve the maps: the interactive map page at / and a read-only SPARQL 1.1 endpoint at
        /sparql (for YASGUI, SPARQLWrapper and other SPARQL tools), until Ctrl-C.

        SELECT/ASK answer in JSON, XML, CSV or TSV and CONSTRUCT/DESCRIBE in Turtle,
        N-Triples or JSON-LD, by the Accept header. Updates are refused (403). Queries run in
        worker processes and are stopped after --timeout seconds; when every worker is busy
        and the queue is full, the answer is 503 with Retry-After. There is no
        authentication, so keep the default host unless the network is trusted.

        The two URLs (the page and the endpoint) print on stdout even with --quiet: they are
        the command's result, and --quiet leaves out only the other lines (not warnings or
        errors). argmap --verbose also times the loading and logs each request on stderr.

        Example: argmap serve data/*.yaml --port 8000
        """
        from argmap.formats.registry import load
        from argmap.sparql.serve import is_loopback, serve

        # SIGINT too: a shell starts background jobs with it ignored, and kill -INT should
        # still stop the server.
        previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
        previous_term = signal.signal(signal.SIGTERM, _on_sigterm)
        server = None
        try:
            log_requests = verbose or feedback.verbose
            server = run(
                lambda: serve(
                    list(sources),
                    host,
                    port,
                    verbose=log_requests,
                    load=load,
                    page=_map_page,
                    timeout=timeout,
                    workers=workers,
                    cors=cors or (),
                ),
                stage=_load_label(sources),
            )
            if not is_loopback(host):
                typer.echo(
                    f"warning: listening on {host}: anyone who can reach this machine can read "
                    "the maps and run queries (read-only, no authentication)",
                    err=True,
                )
            typer.echo(f"{'map' if server.has_map else 'page'}: {server.url}")
            typer.echo(f"sparql: {server.sparql_url}")
            info(
                f"serving {server.quads} quads read-only with {server.workers} query workers "
                f"({server.timeout:g} s timeout); Ctrl-C to stop",
                err=True,
            )
            stopped_by = server.serve_forever()
            _stopped("terminated" if stopped_by == signal.SIGTERM else "interrupted")
        except KeyboardInterrupt:
            _stopped("interrupted")
        except _Terminated:
            _stopped("terminated")
        finally:
            if server is not None:
                server.shutdown()
            signal.signal(signal.SIGTERM, previous_term)
            signal.signal(signal.SIGINT, previous_int)


def _map_page(corpus: Corpus) -> str:
    from argmap.render import render

    return render(corpus).html


def _load_label(sources: list[Path]) -> str:
    """The stage's name under --verbose: ``load 2 files (48 kB)``, ``load store out/store``."""
    if len(sources) == 1 and sources[0].is_dir():
        return f"load store {sources[0]}"
    return f"load {counted(len(sources), 'file')}{files_size(sources)}"


def _stopped(how: str) -> None:
    info(f"argmap serve: {how}, stopped", err=True)
