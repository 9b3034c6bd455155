"""Remote SPARQL endpoints: query them (SPARQL 1.1 Protocol) and load maps into them (SPARQL 1.1
Graph Store HTTP Protocol, with SPARQL 1.1 Update as the fallback).

Credentials come from the environment, never the command line: ``ARGMAP_ENDPOINT_TOKEN``
(bearer) or ``ARGMAP_ENDPOINT_USER`` and ``ARGMAP_ENDPOINT_PASSWORD`` (basic).
Parameters of a query travel as a ``VALUES`` block inside its WHERE clause, their terms written
by pyoxigraph (so quotes and braces in a value stay inside the literal).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass

import httpx
import pyoxigraph as ox

from argmap.model.corpus import Corpus
from argmap.rdf.terms import LANG_STRING, STRING
from argmap.rdf.write import iter_oxigraph_graphs
from argmap.sparql.local import (
    IRI,
    QUERY_PREFIXES,
    BlankNode,
    Literal_,
    QueryError,
    QueryResult,
    Term,
    as_term,
    check_params,
    check_read_only,
    syntax_error,
    term_from_oxigraph,
    with_values,
)
from argmap.sparql.text import prefixes_used

__all__ = ["EndpointError", "PushReport", "push", "remote_query"]

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class EndpointError(QueryError):
    """A remote endpoint could not be reached or refused the request."""


@dataclass(frozen=True)
class PushReport:
    graphs: tuple[str, ...]
    triples: int
    method: str  # "graph-store" or "update"


def _auth() -> httpx.Auth | None:
    token = os.environ.get("ARGMAP_ENDPOINT_TOKEN")
    if token:
        return _Bearer(token)
    user = os.environ.get("ARGMAP_ENDPOINT_USER")
    if user:
        return httpx.BasicAuth(user, os.environ.get("ARGMAP_ENDPOINT_PASSWORD", ""))
    return None


class _Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


def _send(
    client: httpx.Client, request: httpx.Request, *, retries: int, what: str
) -> httpx.Response:
    """Send with retries (only for requests safe to repeat) and one-line errors."""
    url = str(request.url.copy_with(query=None))
    for attempt in range(retries + 1):
        try:
            response = client.send(request)
        except httpx.TimeoutException:
            if attempt < retries:
                time.sleep(0.5 * 2**attempt)
                continue
            timeout = client.timeout.read
            raise EndpointError(
                f"{url}: no answer within {timeout:g} s while {what}; allow more time or check"
                " the server",
                option="timeout",
            ) from None
        except httpx.ConnectError as exc:
            if attempt < retries:
                time.sleep(0.5 * 2**attempt)
                continue
            reason = str(exc).split("]")[-1].strip() or "connection failed"
            raise EndpointError(
                f"cannot reach {url} while {what}: {reason}; is the server running and the URL"
                " right?"
            ) from None
        except httpx.HTTPError as exc:
            raise EndpointError(f"{url}: {what} failed: {exc}") from None
        if response.status_code >= 500 and attempt < retries:
            time.sleep(0.5 * 2**attempt)
            continue
        return response
    raise AssertionError("unreachable")  # pragma: no cover


def _raise_for_status(response: httpx.Response, what: str) -> None:
    if response.status_code < 400:
        return
    body = " ".join(response.text.split())[:300]
    url = str(response.request.url.copy_with(query=None))
    raise EndpointError(
        f"{url}: HTTP {response.status_code} {response.reason_phrase} while {what}"
        + (f": {body}" if body else "")
    )


# ---- queries ----------------------------------------------------------------------------------


def _prefixed(sparql: str) -> str:
    """Declare our default prefixes the query uses without declaring them (remote servers
    do not know them)."""
    used = prefixes_used(sparql)
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in QUERY_PREFIXES.items() if p in used]
    return "\n".join([*missing, sparql]) if missing else sparql


def remote_query(
    endpoint: str,
    sparql: str,
    params: Mapping[str, Term | str | int | float] | None = None,
    *,
    timeout: float = 30.0,
    retries: int = 2,
) -> QueryResult:
    """Run a read-only query on a SPARQL 1.1 Protocol endpoint."""
    check_read_only(sparql)
    bound = {k: as_term(v) for k, v in (params or {}).items()}
    check_params(sparql, bound)
    text = _prefixed(with_values(sparql, bound))
    try:  # check the syntax here, where the parser gives line and column
        ox.Store().query(text)
    except SyntaxError as exc:
        raise syntax_error(exc) from None
    headers = {"Accept": f"{RESULTS_JSON}, {N_TRIPLES};q=0.9, text/turtle;q=0.8"}
    with httpx.Client(timeout=timeout, auth=_auth(), follow_redirects=True) as client:
        request = client.build_request("POST", endpoint, data={"query": text}, headers=headers)
        response = _send(client, request, retries=retries, what="querying")
    _raise_for_status(response, "querying")
    return _parse_response(response, endpoint)


def _parse_response(response: httpx.Response, endpoint: str) -> QueryResult:
    kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in {RESULTS_JSON, "application/json"}:
        try:
            document = response.json()
            if "boolean" in document:
                return QueryResult("ask", boolean=bool(document["boolean"]))
            variables = tuple(document["head"].get("vars", []))
            rows = tuple(
                {v: _json_term(t) for v, t in binding.items()}
                for binding in document["results"]["bindings"]
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise EndpointError(
                f"{endpoint}: answered with malformed JSON results ({exc})"
            ) from None
        return QueryResult("select", variables, rows)
    formats = {N_TRIPLES: ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}
    if kind in formats:
        try:
            parsed = list(ox.parse(response.content, format=formats[kind]))
        except SyntaxError as exc:
            raise EndpointError(f"{endpoint}: answered with malformed RDF ({exc})") from None
        return QueryResult(
            "graph",
            triples=tuple(
                (
                    term_from_oxigraph(q.subject),
                    term_from_oxigraph(q.predicate),
                    term_from_oxigraph(q.object),
                )
                for q in parsed
            ),
        )
    if kind == "text/html":
        raise EndpointError(
            f"{endpoint}: answered with an HTML page, not SPARQL results; is this the query"
            " endpoint (often …/query or …/sparql)?"
        )
    raise EndpointError(
        f"{endpoint}: answered with '{kind or 'no content type'}', not SPARQL results"
    )


def _json_term(term: Mapping[str, str]) -> Term:
    kind, value = term["type"], term["value"]
    if kind == "uri":
        return IRI(value)
    if kind == "bnode":
        return BlankNode(value)
    if "xml:lang" in term:
        return Literal_(value, LANG_STRING, term["xml:lang"])
    return Literal_(value, term.get("datatype", STRING))


# ---- loading maps into a store --------------------------------------------------------------


def push(
    corpus: Corpus,
    store_url: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    update_url: str | None = None,
    timeout: float = 30.0,
    progress: Callable[[int], None] | None = None,
) -> PushReport:
    """Load the corpus into a triple store: one named graph per map (or all into ``graph``).

    Uses the Graph Store Protocol at ``store_url`` (PUT replaces a graph, POST adds to it);
    when the store has no Graph Store endpoint (404/405/501) and ``update_url`` is given,
    sends SPARQL Update there instead.

    It sends one request per map; ``progress``, if given, is called with 1 as each has been
    accepted (the calls add up to the number of maps, also when it falls back on Update).
    """
    graphs: dict[str, None] = {}  # the graphs loaded, in order
    total = 0
    with httpx.Client(timeout=timeout, auth=_auth(), follow_redirects=True) as client:
        for index, (name, body) in enumerate(_bodies(corpus, graph)):
            method = "PUT" if replace and (graph is None or index == 0) else "POST"
            request = client.build_request(
                method,
                store_url,
                params={"graph": name},
                content=body,
                headers={"Content-Type": N_TRIPLES},
            )
            what = f"loading graph <{name}>"
            response = _send(client, request, retries=2 if method == "PUT" else 0, what=what)
            if response.status_code in {404, 405, 501} and update_url:
                return _push_with_update(
                    client, corpus, graph, update_url, replace, progress, reported=index
                )
            _raise_for_status(response, what)
            graphs[name] = None
            total += _count(body)
            if progress is not None:
                progress(1)
    return PushReport(tuple(graphs), total, "graph-store")


def _bodies(corpus: Corpus, graph: str | None) -> Iterator[tuple[str, bytes]]:
    """Per map, the graph to load it into and its triples as N-Triples, one map's text at a
    time: the corpus's quads are never all held. Into one ``graph`` the maps go one after
    another (a PUT of the first replaces it, POSTs add the rest)."""
    for name, triples in iter_oxigraph_graphs(corpus):
        yield graph or name, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _count(body: bytes) -> int:
    # N-Triples is a triple a line; a newline inside a literal is written as \n.
    return body.count(b"\n")


def _push_with_update(
    client: httpx.Client,
    corpus: Corpus,
    graph: str | None,
    update_url: str,
    replace: bool,
    progress: Callable[[int], None] | None = None,
    reported: int = 0,
) -> PushReport:
    # ``reported``: maps the Graph Store requests already reported done, not reported again.
    graphs: dict[str, None] = {}
    total = 0
    for index, (name, body) in enumerate(_bodies(corpus, graph)):
        target = str(ox.NamedNode(name))
        drop = replace and (graph is None or index == 0)
        update = (f"DROP SILENT GRAPH {target} ;\n" if drop else "") + (
            f"INSERT DATA {{ GRAPH {target} {{\n{body.decode('utf-8')}}} }}"
        )
        request = client.build_request(
            "POST",
            update_url,
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )
        what = f"loading graph <{name}> by SPARQL Update"
        response = _send(client, request, retries=0, what=what)
        _raise_for_status(response, what)
        graphs[name] = None
        total += _count(body)
        if progress is not None and index >= reported:
            progress(1)
    return PushReport(tuple(graphs), total, "update")
