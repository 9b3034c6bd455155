"""Remote SPARQL endpoints: query them (SPARQL 1.1 Protocol) and load maps into them (SPARQL 1.1
Graph Store HTTP Protocol, with SPARQL 1.1 Update as the fallback).

Credentials come from the environment, never the command line: ``ARGMAP_ENDPOINT_TOKEN``
(bearer) or ``ARGMAP_ENDPOINT_USER`` and ``ARGMAP_ENDPOINT_PASSWORD`` (basic).
Parameters of a query travel as a ``VALUES`` block inside its WHERE clause, their terms written
by pyoxigraph (so quotes and braces in a value stay inside the literal).
"""

from __future__ import annotations

import html
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain

import httpx
import pyoxigraph as ox

from argmap.model.corpus import Corpus
from argmap.model.ids import map_iri
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

__all__ = ["TRANSACTION_LIMIT", "EndpointError", "PushError", "PushReport", "push", "remote_query"]

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class EndpointError(QueryError):
    """A remote endpoint could not be reached or refused the request."""


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
        except MemoryError:  # pyoxigraph's buffer for one term is 16 MiB
            raise EndpointError(
                f"{endpoint}: answered with an RDF term larger than argmap reads (16 MiB)"
            ) from None
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

#: Above this many bytes of update text, ``push`` sends a request per graph instead of one
#: transaction: a store holds the whole request in memory while it applies it, and the one
#: request must be applied within one timeout.
TRANSACTION_LIMIT = 16 * 2**20
#: Statuses that say "no Graph Store endpoint here" (rather than "this graph is refused").
NO_GRAPH_STORE = frozenset({404, 405, 501})
#: How many graph names a one-line message lists before it counts the rest.
LISTED = 10


@dataclass(frozen=True)
class PushReport:
    """What :func:`push` did.

    ``graphs``: the graphs written in full, in order; ``triples``: the triples sent into them;
    ``method``: ``"transaction"`` (one SPARQL Update request carrying every graph),
    ``"graph-store"`` (a Graph Store Protocol request per map) or ``"update"`` (a SPARQL Update
    request per map); ``skipped``: the graphs ``resume`` found the store already holding exactly
    as the maps make them, left as they were. A failed push carries its report on the
    :class:`PushError`: ``not_written`` then lists the graphs it did not write, and ``unknown``
    the graphs whose request got no answer (the store may or may not hold them).
    """

    graphs: tuple[str, ...]
    triples: int
    method: str
    skipped: tuple[str, ...] = ()
    not_written: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()


class PushError(EndpointError):
    """A push that stopped: ``report`` says which graphs were written, which were not and which
    are unknown; ``uncertain`` is true when a request got no answer (a timeout, a dropped
    connection), false when the store refused it or could not be reached."""

    def __init__(
        self, message: str, report: PushReport, *, uncertain: bool, option: str | None = None
    ) -> None:
        super().__init__(message, option=option)
        self.report = report
        self.uncertain = uncertain


class _RefusedError(EndpointError):
    """The store refused the request, or it never reached the store."""


class _NoAnswerError(EndpointError):
    """The request went out and no answer came back: the store may have applied it."""


def push(
    corpus: Corpus,
    store_url: str,
    *,
    graph: str | None = None,
    replace: bool = False,
    update_url: str | None = None,
    transaction: bool | None = None,
    resume: bool = False,
    timeout: float = 30.0,
    retries: int = 2,
    transaction_limit: int = TRANSACTION_LIMIT,
    progress: Callable[[int], None] | None = None,
) -> PushReport:
    """Load the corpus into a triple store: one named graph per map (or all into ``graph``).

    With ``update_url`` (the store's SPARQL Update endpoint) and maps that make at most
    ``transaction_limit`` bytes of update text, every graph goes in **one** update request
    (``DROP SILENT GRAPH`` and ``INSERT DATA`` per graph), which SPARQL 1.1 Update asks a store to
    apply whole or not at all: a failure leaves the store as it was. ``transaction`` forces that
    (``True``, whatever the size) or forbids it (``False``).

    Otherwise it sends a request per map to the Graph Store Protocol endpoint ``store_url``
    (PUT replaces a graph, POST adds to it), or, where the store has none (404/405/501) and
    ``update_url`` is given, a SPARQL Update request per map. A failure then raises
    :class:`PushError` naming the graphs written and not written. Rerunning converges: with
    ``replace`` each graph is replaced again, and adding triples a graph already holds changes
    nothing (argmap writes no blank nodes). ``resume`` skips the graphs the store already holds
    exactly as the maps make them (a Graph Store GET each), so a rerun sends only the rest.

    ``retries``: attempts again after a connection failure, and for a PUT after a 5xx answer;
    a request that got no answer within ``timeout`` is not sent again (the store may still be
    applying it). ``progress``, if given, is called with the number of maps done as requests
    are accepted (the calls add up to the number of maps).
    """
    if transaction and update_url is None:
        raise EndpointError(
            "a transaction is a SPARQL Update request: name the store's update URL",
            option="update",
        )
    if resume and transaction:
        raise EndpointError("resuming writes graph by graph; a transaction writes all or none")
    if resume and graph is not None:
        raise EndpointError(
            "resuming compares each map's graph with the store's; with every map in one graph"
            " there is none to compare"
        )
    targets = [graph or map_iri(m.base, m.id) for m in corpus.maps]
    bodies: Iterator[tuple[str, bytes]] = _bodies(corpus, graph)
    report = progress or (lambda _: None)
    with httpx.Client(timeout=timeout, auth=_auth(), follow_redirects=True) as client:
        if update_url is not None and transaction is not False and not resume:
            limit = None if transaction else transaction_limit
            batch, whole = _batch(bodies, limit)
            if whole:
                done = _push_transaction(
                    client, batch, update_url, replace=replace, auto=transaction is None
                )
                if done is not None:
                    report(len(corpus.maps))
                    return done
            bodies = chain(batch, bodies)  # too big (or refused as too big): graph by graph
        return _push_per_graph(
            client,
            bodies,
            targets,
            store_url=store_url,
            update_url=update_url,
            replace=replace,
            resume=resume,
            retries=retries,
            progress=report,
        )


def _bodies(corpus: Corpus, graph: str | None) -> Iterator[tuple[str, bytes]]:
    """Per map, the graph to load it into and its triples as N-Triples, one map's text at a
    time: the corpus's quads are never all held. Into one ``graph`` the maps go one after
    another (a PUT of the first replaces it, POSTs add the rest)."""
    for name, triples in iter_oxigraph_graphs(corpus):
        yield graph or name, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _count(body: bytes) -> int:
    # N-Triples is a triple a line; a newline inside a literal is written as \n.
    return body.count(b"\n")


def _batch(
    bodies: Iterator[tuple[str, bytes]], limit: int | None
) -> tuple[list[tuple[str, bytes]], bool]:
    """The bodies while their update text stays within ``limit`` bytes (all with ``None``), and
    whether that was all of them; the iterator is left at the first body not taken."""
    taken: list[tuple[str, bytes]] = []
    size = 0
    for name, body in bodies:
        taken.append((name, body))
        size += len(body) + 2 * len(name) + 64  # the DROP and INSERT DATA around the body
        if limit is not None and size > limit:
            return taken, False
    return taken, True


def _update_text(parts: list[tuple[str, bytes]], replace: bool) -> bytes:
    """One SPARQL Update request writing ``parts``: with ``replace``, each graph is dropped
    before its first triples go in (in the same request, so no reader sees it empty)."""
    operations: list[bytes] = []
    dropped: set[str] = set()
    for name, body in parts:
        target = str(ox.NamedNode(name)).encode("utf-8")
        if replace and name not in dropped:
            dropped.add(name)
            operations.append(b"DROP SILENT GRAPH " + target)
        operations.append(b"INSERT DATA { GRAPH " + target + b" {\n" + body + b"} }")
    return b" ;\n".join(operations)


def _write(
    client: httpx.Client, request: httpx.Request, *, retries: int, idempotent: bool
) -> httpx.Response:
    """Send a write. A request that never reached the store is tried again (``retries``), as
    is an idempotent one the store failed (5xx); one that went out and got no answer is not:
    the store may still be applying it, and whether it did is for the caller to say."""
    for attempt in range(retries + 1):
        try:
            response = client.send(request)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            if attempt < retries:
                time.sleep(0.5 * 2**attempt)
                continue
            reason = str(exc).split("]")[-1].strip() or "connection failed"
            raise _RefusedError(f"cannot reach the store: {reason}") from None
        except httpx.TimeoutException:
            raise _NoAnswerError(f"no answer within {client.timeout.read:g} s") from None
        except httpx.HTTPError as exc:
            raise _NoAnswerError(f"the connection broke before an answer ({exc})") from None
        if response.status_code >= 500 and idempotent and attempt < retries:
            time.sleep(0.5 * 2**attempt)
            continue
        return response
    raise AssertionError("unreachable")  # pragma: no cover


def _refusal(response: httpx.Response) -> str:
    """``HTTP 500 Internal Server Error: <the first line of the body that says more>``."""
    return f"HTTP {response.status_code} {response.reason_phrase}" + (
        f": {line}" if (line := _server_line(response)) else ""
    )


def _server_line(response: httpx.Response) -> str:
    """The first line of an error body that says more than the status does: stores answer
    with a message, a stack trace or an HTML page, and one line of it is what a user needs."""
    text = response.text
    if "html" in response.headers.get("content-type", ""):
        text = html.unescape(re.sub(r"(?is)<(script|style)\b.*?</\1>|<[^>]*>", "\n", text))
    status = rf"\b(?:http|error|{response.status_code}|{re.escape(response.reason_phrase)})\b"
    for line in text.splitlines():
        line = " ".join(line.split())
        if re.sub(rf"(?i){status}|[\W_]", "", line):
            return line if len(line) <= 200 else line[:199] + "…"
    return ""


def _push_transaction(
    client: httpx.Client,
    parts: list[tuple[str, bytes]],
    update_url: str,
    *,
    replace: bool,
    auto: bool,
) -> PushReport | None:
    """Every graph in one update request; ``None`` when the store refused it as too large and
    ``auto`` lets the caller go graph by graph instead (nothing was written)."""
    names = tuple(dict.fromkeys(name for name, _ in parts))
    request = client.build_request(
        "POST",
        update_url,
        content=_update_text(parts, replace),
        headers={"Content-Type": "application/sparql-update"},
    )
    url = _plain(update_url)
    try:
        response = _write(client, request, retries=0, idempotent=False)
    except _RefusedError as exc:
        raise PushError(
            f"{url}: not written: {_listed(names)} ({exc})",
            PushReport((), 0, "transaction", not_written=names),
            uncertain=False,
        ) from None
    except _NoAnswerError as exc:
        raise PushError(
            f"{url}: {exc} while writing every graph in one update request: the server may have"
            " applied all of it or none of it; rerun to converge",
            PushReport((), 0, "transaction", unknown=names),
            uncertain=True,
            option="timeout" if replace else "replace",
        ) from None
    if response.status_code == 413 and auto:
        return None
    if response.status_code >= 400:
        raise PushError(
            f"{url}: not written: {_listed(names)} ({_refusal(response)}); they went in one"
            " update request, which the store applies whole or not at all",
            PushReport((), 0, "transaction", not_written=names),
            uncertain=False,
        )
    return PushReport(names, sum(_count(body) for _, body in parts), "transaction")


def _push_per_graph(
    client: httpx.Client,
    bodies: Iterator[tuple[str, bytes]],
    targets: list[str],
    *,
    store_url: str,
    update_url: str | None,
    replace: bool,
    resume: bool,
    retries: int,
    progress: Callable[[int], None],
) -> PushReport:
    """A request per map; a failure raises :class:`PushError` with what was written."""
    expected = Counter(targets)  # maps per graph: several when every map goes into one graph
    done: Counter[str] = Counter()
    written: list[str] = []
    skipped: list[str] = []
    triples = 0
    method = "graph-store"
    for name, body in bodies:
        url = _plain(store_url if method == "graph-store" else update_url or "")
        try:
            if resume and _holds(client, store_url, name, body, retries=retries):
                skipped.append(name)
                progress(1)
                continue
            first = done[name] == 0
            if method == "graph-store":
                verb = "PUT" if replace and first else "POST"
                request = client.build_request(
                    verb,
                    store_url,
                    params={"graph": name},
                    content=body,
                    headers={"Content-Type": N_TRIPLES},
                )
                response = _write(client, request, retries=retries, idempotent=verb == "PUT")
                if response.status_code in NO_GRAPH_STORE and update_url is not None:
                    method, url = "update", _plain(update_url)
            if method == "update":
                request = client.build_request(
                    "POST",
                    update_url or "",
                    content=_update_text([(name, body)], replace and first),
                    headers={"Content-Type": "application/sparql-update"},
                )
                response = _write(client, request, retries=retries, idempotent=False)
            if response.status_code >= 400:
                raise _RefusedError(_refusal(response))
        except (_RefusedError, _NoAnswerError) as exc:
            raise _stopped(
                url, exc, name, targets, written, skipped, done, expected, triples, method, replace
            ) from None
        done[name] += 1
        triples += _count(body)
        if done[name] == expected[name]:
            written.append(name)
        progress(1)
    return PushReport(tuple(written), triples, method, skipped=tuple(skipped))


def _holds(client: httpx.Client, store_url: str, name: str, body: bytes, *, retries: int) -> bool:
    """Whether the store's graph ``name`` holds exactly the triples of ``body`` (a Graph Store
    GET; a store without one, or a graph it has not, answers no)."""
    request = client.build_request("GET", store_url, params={"graph": name})
    request.headers["Accept"] = f"{N_TRIPLES}, text/turtle;q=0.9"
    try:
        response = _write(client, request, retries=retries, idempotent=True)
    except _NoAnswerError as exc:  # nothing was written: say so, and why
        raise _RefusedError(f"{exc} while comparing it with the store's") from None
    kind = response.headers.get("content-type", "")
    syntax = ox.RdfFormat.from_media_type(kind) if kind else None
    if response.status_code != 200 or syntax is None:
        return False
    try:
        theirs = _as_stored(ox.parse(response.content, format=syntax))
    except (SyntaxError, ValueError, MemoryError):  # not comparable: send it again
        return False
    return theirs == _as_stored(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))


def _as_stored(quads: Iterable[ox.Quad]) -> set[ox.Triple]:
    """The triples as a store holds them. Oxigraph keeps values, not their spelling (an
    ``xsd:nonNegativeInteger`` comes back as ``xsd:integer``), so both sides of a comparison
    go through a pyoxigraph store: equal values compare equal whichever store kept them."""
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    return {quad.triple for quad in store}


def _stopped(
    url: str,
    failure: Exception,
    name: str,
    targets: list[str],
    written: list[str],
    skipped: list[str],
    done: Counter[str],
    expected: Counter[str],
    triples: int,
    method: str,
    replace: bool,
) -> PushError:
    """The error of a per-graph push that stopped at graph ``name``."""
    finished = {*written, *skipped, name}
    rest = tuple(t for t in dict.fromkeys(targets) if t not in finished)
    uncertain = isinstance(failure, _NoAnswerError)
    report = PushReport(
        tuple(written),
        triples,
        method,
        skipped=tuple(skipped),
        not_written=rest if uncertain else (name, *rest),
        unknown=(name,) if uncertain else (),
    )
    partly = f"{done[name]} of its {expected[name]} maps in" if done[name] else ""
    so_far = f"written: {_listed(written) or 'none'}" + (
        f"; already there: {_listed(skipped)}" if skipped else ""
    )
    if uncertain:
        return PushError(
            f"{url}: {failure} while writing graph {name}"
            + (f" ({partly})" if partly else "")
            + f": the server may or may not have stored it; {so_far}"
            + (f"; not written: {_listed(rest)}" if rest else "")
            + "; rerun to converge",
            report,
            uncertain=True,
            option="timeout" if replace else "replace",
        )
    return PushError(
        f"{url}: {so_far}; not written: {name} ("
        + (f"{partly}, then " if partly else "")
        + f"{failure})"
        + (f", {_listed(rest)}" if rest else ""),
        report,
        uncertain=False,
    )


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:LISTED])
    return shown + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "")


def _plain(url: str) -> str:
    return url.split("?", 1)[0]
