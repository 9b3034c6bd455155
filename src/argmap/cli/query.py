"""Commands to ask the graph questions: ``query``, ``queries`` and ``push``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from argmap.cli.support import fail, info, load_maps, run, stage

if TYPE_CHECKING:
    from argmap.sparql.local import QueryResult, Term
    from argmap.sparql.remote import PushReport

# The library (rdflib's SPARQL parser, pyoxigraph, HTTP) is imported by the commands when they
# run, not here: building the app must stay fast for shell completion.

__all__ = ["register"]

Sources = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Map files, argmap RDF files, or one store folder made by 'argmap build --store'.",
        show_default=False,
    ),
]


def complete_query_name(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for ``-n``: the named queries starting with what is typed, each with
    its question."""
    from argmap.sparql.named import named_queries

    return [
        (named.name, named.question)
        for named in named_queries().values()
        if named.name.startswith(incomplete)
    ]


def register(app: typer.Typer) -> None:
    app.command("query")(query_command)
    app.command("queries")(queries_command)
    app.command("push")(push_command)


def query_command(
    sources: Sources = None,
    sparql: Annotated[str | None, typer.Option("--query", "-q", help="SPARQL text.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="A .rq file.")] = None,
    name: Annotated[
        str | None,
        typer.Option(
            "--name",
            "-n",
            help="A named query (see argmap queries).",
            autocompletion=complete_query_name,
        ),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", help="name=value; <iri> for an IRI. Repeatable."),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="table, csv, tsv, json or xml (W3C result formats); "
            "for CONSTRUCT: turtle, ntriples, …",
        ),
    ] = "table",
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="Query this SPARQL endpoint instead of files.")
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for an endpoint.")] = 30.0,
) -> None:
    """Ask the maps a question in SPARQL (ASK exits 0 for true, 1 for false).

    Prefixes am:, dcterms:, oa:, skos:, schema:, rdf:, rdfs:, xsd:, prov:, aif: need no PREFIX
    line. Parameters are bound as RDF terms, never pasted into the query.

    Example: argmap query data/*.yaml -n claims-endorsed-by -p actor=big-tech
    """
    from argmap.formats.registry import load
    from argmap.sparql.local import open_source, parse_param, query
    from argmap.sparql.named import get_named, run_named
    from argmap.sparql.remote import remote_query
    from argmap.sparql.results import RESULT_FORMATS
    from argmap.util.files import read_text_file

    chosen = [x for x in (sparql, file, name) if x is not None]
    if len(chosen) != 1:
        fail("give exactly one of --query, --file or --name")
    if output_format not in RESULT_FORMATS and output_format not in {
        "turtle",
        "ntriples",
        "nquads",
        "trig",
        "jsonld",
        "rdfxml",
    }:
        fail(f"unknown --format '{output_format}'; use one of: {', '.join(RESULT_FORMATS)}")
    params: dict[str, Term] = dict(run(lambda: [parse_param(p) for p in param or []]))
    if name is not None:
        text = run(lambda: get_named(name)).sparql
    elif file is not None:
        text = run(lambda: read_text_file(file, "query file"))
    else:
        text = sparql or ""
    if endpoint is not None:
        if sources:
            fail("give either --endpoint or files, not both")
        if name is not None:
            named = run(lambda: get_named(name))
            missing = sorted(set(named.params) - set(params))
            if missing:
                fail(f"query '{name}' needs parameter '{missing[0]}'; add -p {missing[0]}=VALUE")
        result = run(
            lambda: remote_query(endpoint, text, params, timeout=timeout),
            stage=f"query {endpoint}",
        )
    else:
        if not sources:
            fail("name the maps to query (files or a store folder), or give --endpoint URL")
        paths = list(sources)
        store = run(lambda: open_source(paths, load=load), stage=f"load {_files(paths)}")
        if name is not None:
            result = run(lambda: run_named(store, name, params), stage=f"run query '{name}'")
        else:
            result = run(lambda: query(store, text, params), stage="run query")
    _print(result, output_format)


def _files(paths: list[Path]) -> str:
    return "1 source" if len(paths) == 1 else f"{len(paths)} sources"


def _print(result: QueryResult, output_format: str) -> None:
    from argmap.sparql.results import format_result

    text = format_result(result, output_format)
    typer.echo(text, nl=False)
    if result.form == "ask" and not result.boolean:
        raise typer.Exit(1)


def queries_command() -> None:
    """List the named queries: name, question, parameters and an example.

    Example: argmap queries
    """
    from argmap.sparql.named import named_queries

    for named in named_queries().values():
        typer.echo(named.name)
        typer.echo(f"    {named.question}")
        for param, description in named.params.items():
            typer.echo(f"    -p {param}=…  {description}")
        typer.echo(f"    e.g. {named.example}")


def push_command(
    files: Annotated[
        list[Path], typer.Argument(help="Map or RDF files to load.", show_default=False)
    ],
    endpoint: Annotated[
        str,
        typer.Option(
            "--endpoint",
            help="The store's Graph Store Protocol URL (Oxigraph: …/store; Fuseki: "
            "…/DATASET/data).",
        ),
    ],
    graph: Annotated[
        str | None,
        typer.Option(help="Load everything into this named graph (default: one graph per map)."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace the graphs' content instead of adding to it.")
    ] = False,
    update: Annotated[
        str | None,
        typer.Option(
            "--update",
            help="The store's SPARQL Update URL (Oxigraph: …/update; Fuseki: …/DATASET/update)."
            " With it, maps up to 16 MB go in one update request, all or nothing; it is also"
            " the fallback where the store has no Graph Store endpoint.",
        ),
    ] = None,
    transaction: Annotated[
        bool | None,
        typer.Option(
            "--transaction/--per-graph",
            help="Send every graph in one update request whatever the size (needs --update),"
            " or a request per map. Default: one request when --update is given and the maps"
            " make at most 16 MB.",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Skip the graphs the store already holds exactly as these maps make them"
            " (a GET each), e.g. after a push that stopped. Sends a request per map.",
        ),
    ] = False,
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for the store's answer to each request.")
    ] = 30.0,
) -> None:
    """Load maps into a triple store (Fuseki, GraphDB, Virtuoso, Oxigraph server…).

    With --update, the maps go in one SPARQL Update request the store applies whole or not at
    all; otherwise a request per map, and a failure names the graphs written and not written.
    Running the same push again converges (replacing or adding the same triples is
    idempotent); --resume skips the graphs already there.

    Credentials come from ARGMAP_ENDPOINT_TOKEN (bearer) or ARGMAP_ENDPOINT_USER and
    ARGMAP_ENDPOINT_PASSWORD (basic), never from the command line.

    Example: argmap push data/*.yaml --endpoint http://127.0.0.1:7878/store --update
    http://127.0.0.1:7878/update --replace
    """
    from argmap.sparql.remote import push as push_corpus

    if graph is not None and not graph.startswith(("http://", "https://", "urn:")):
        fail(f"--graph '{graph}' must be an absolute IRI (http…, https… or urn:…)")
    corpus = load_maps(files)

    def push_with_progress() -> PushReport:
        # A bar of maps written (a transaction advances it once, at the end).
        with stage(f"push to {endpoint}", total=len(corpus.maps)) as step:
            return push_corpus(
                corpus,
                endpoint,
                graph=graph,
                replace=replace,
                update_url=update,
                transaction=transaction,
                resume=resume,
                timeout=timeout,
                progress=step,
            )

    report = run(push_with_progress)
    how = {
        "transaction": "in one SPARQL Update transaction",
        "graph-store": "by Graph Store Protocol, a request per map",
        "update": "by SPARQL Update, a request per map",
    }[report.method]
    skipped = (
        f"; {len(report.skipped)} graph(s) already held these maps, left as they were"
        if report.skipped
        else ""
    )
    info(f"pushed {report.triples} triples into {len(report.graphs)} graph(s) {how}{skipped}")
