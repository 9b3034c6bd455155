"""`argmap push` when the store fails part-way: the issue's findings, each reproduced.

A real `oxigraph serve` checks the transaction (one SPARQL Update request that the store applies
whole or not at all) and --resume; a small Graph Store stub in a thread accepts some graphs,
refuses one with a 500, or stores one and then answers too late, which no real store does on
demand.
"""

from __future__ import annotations

import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from typer.testing import CliRunner

import argmap.sparql.remote as remote
from argmap import ArgumentMap, Corpus, load, to_store
from argmap.cli import app
from argmap.errors import ArgmapError
from argmap.model.ids import map_iri
from argmap.sparql.remote import EndpointError, PushError, push, remote_query
from tests.conftest import DATA
from tests.test_endpoint import oxigraph_server

runner = CliRunner()
NAMES = ("alpha", "beta", "gamma")


def _graph(name: str) -> str:
    return map_iri("https://w3id.org/argmap/id/", name)


ALPHA, BETA, GAMMA = (_graph(n) for n in NAMES)


@pytest.fixture(scope="module")
def three(mini: ArgumentMap) -> Corpus:
    """Three small maps, so a push can stop between graphs."""
    return Corpus(maps=tuple(mini.model_copy(update={"id": name}) for name in NAMES))


@pytest.fixture
def three_files(tmp_path: Path) -> list[str]:
    """The same three maps as files, for the command line."""
    shutil.copy(DATA / "mini-source.txt", tmp_path)
    text = (DATA / "mini.yaml").read_text("utf-8")
    paths = []
    for name in NAMES:
        path = tmp_path / f"{name}.yaml"
        path.write_text(text.replace("\nid: mini\n", f"\nid: {name}\n"), "utf-8")
        paths.append(str(path))
    return paths


# ---- a Graph Store stub that fails on demand --------------------------------------------------


@dataclass
class StubStore:
    """What the stub holds and how it misbehaves: ``refuse`` maps a graph to how many more
    requests for it get a 500; a graph in ``late`` is stored, then answered after ``delay``
    seconds; ``update`` is what POST /update answers (a status, or "late")."""

    url: str = ""
    graphs: dict[str, set[bytes]] = field(default_factory=dict)
    refuse: dict[str, int] = field(default_factory=dict)
    late: set[str] = field(default_factory=set)
    update: int | str = 204
    delay: float = 0.6
    log: list[str] = field(default_factory=list)

    def nquads(self, graph: str) -> set[bytes]:
        return self.graphs.get(graph, set())


def _handler(state: StubStore) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def _graph(self) -> str:
            return parse_qs(urlsplit(self.path).query).get("graph", [""])[0]

        def _answer(self, status: int, body: bytes = b"", kind: str = "text/plain") -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped waiting, as a timeout test wants

        def _write(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            path, graph = urlsplit(self.path).path, self._graph()
            state.log.append(f"{self.command} {path} {graph}".rstrip())
            if path == "/update":
                if state.update == "late":
                    time.sleep(state.delay)
                    self._answer(204)
                else:
                    assert isinstance(state.update, int)
                    self._answer(state.update, b"request too large")
                return
            if state.refuse.get(graph, 0) > 0:
                state.refuse[graph] -= 1
                # A multi-line body, as stores send: the first line is the one that says why.
                self._answer(500, b"disk full\n  at storage.rs:42\n  at server.rs:7\n")
                return
            lines = {line for line in body.splitlines(keepends=True) if line.strip()}
            if self.command == "PUT":
                state.graphs[graph] = lines
            else:
                state.graphs.setdefault(graph, set()).update(lines)
            if graph in state.late:
                time.sleep(state.delay)  # stored, and the answer comes after the client gave up
            self._answer(204)

        do_PUT = do_POST = _write  # noqa: N815

        def do_GET(self) -> None:
            graph = self._graph()
            state.log.append(f"GET /store {graph}")
            if graph not in state.graphs:
                self._answer(404, b"no such graph")
                return
            self._answer(200, b"".join(sorted(state.graphs[graph])), "application/n-triples")

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def stub() -> Iterator[StubStore]:
    state = StubStore()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield state
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _expected(corpus: Corpus) -> dict[str, set[bytes]]:
    """Each map's graph as the stub would hold it after a clean push."""
    return {
        name: {line for line in body.splitlines(keepends=True) if line.strip()}
        for name, body in remote._bodies(corpus, None)
    }


# ---- per graph: what was written, what was not ------------------------------------------------


def test_a_refused_graph_is_named_with_what_was_written_and_what_was_not(
    stub: StubStore, three: Corpus
) -> None:
    stub.refuse[BETA] = 1
    with pytest.raises(PushError) as caught:
        push(three, f"{stub.url}/store", retries=0)
    error = caught.value
    assert str(error) == (
        f"{stub.url}/store: written: {ALPHA}; not written: {BETA}"
        f" (HTTP 500 Internal Server Error: disk full), {GAMMA}"
    )
    assert error.report.graphs == (ALPHA,)
    assert error.report.not_written == (BETA, GAMMA)
    assert error.report.unknown == ()
    assert not error.uncertain and error.option is None
    assert set(stub.graphs) == {ALPHA}  # it stopped at the refusal: gamma was never sent


def test_a_timeout_is_not_a_refusal_the_store_may_have_the_graph(
    stub: StubStore, three: Corpus
) -> None:
    stub.late.add(GAMMA)
    started = time.monotonic()
    with pytest.raises(PushError) as caught:
        push(three, f"{stub.url}/store", timeout=0.3)
    assert time.monotonic() - started < 2.5
    error = caught.value
    assert str(error) == (
        f"{stub.url}/store: no answer within 0.3 s while writing graph {GAMMA}: the server may"
        f" or may not have stored it; written: {ALPHA}, {BETA}; rerun to converge"
    )
    assert error.uncertain
    assert error.option == "replace"  # adding: a rerun replacing the graphs converges
    assert (error.report.graphs, error.report.unknown) == ((ALPHA, BETA), (GAMMA,))
    assert error.report.not_written == ()
    assert GAMMA in stub.graphs  # the store did store it: "may or may not" is the truth


def test_a_timed_out_write_is_not_sent_again(stub: StubStore, three: Corpus) -> None:
    # A PUT is idempotent and retried after a refusal, but a timed-out one may still be
    # running on the server: sending it again would queue a second write behind it.
    stub.late.add(ALPHA)
    with pytest.raises(PushError) as caught:
        push(three, f"{stub.url}/store", replace=True, timeout=0.3)
    assert caught.value.option == "timeout"  # already replacing: the fix is more time
    assert stub.log.count(f"PUT /store {ALPHA}") == 1
    assert f"not written: {BETA}, {GAMMA}; rerun to converge" in str(caught.value)


def test_the_command_line_says_refusal_and_timeout_differently(
    stub: StubStore, three_files: list[str]
) -> None:
    stub.refuse[BETA] = 1  # POST: not retried
    refused = runner.invoke(app, ["push", *three_files, "--endpoint", f"{stub.url}/store"])
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"error: {stub.url}/store: written: {ALPHA}; not written: {BETA}"
        f" (HTTP 500 Internal Server Error: disk full), {GAMMA}\n"
    )
    stub.late.add(GAMMA)
    late = runner.invoke(
        app, ["push", *three_files, "--endpoint", f"{stub.url}/store", "--timeout", "0.3"]
    )
    assert late.exit_code == 1
    assert late.stderr == (
        f"error: {stub.url}/store: no answer within 0.3 s while writing graph {GAMMA}: the"
        f" server may or may not have stored it; written: {ALPHA}, {BETA}; rerun to converge;"
        " use --replace\n"
    )


def test_a_rerun_with_replace_converges_after_a_refusal(stub: StubStore, three: Corpus) -> None:
    stub.refuse[GAMMA] = 1
    with pytest.raises(PushError):
        push(three, f"{stub.url}/store", replace=True, retries=0)
    stub.graphs[ALPHA].add(b"<urn:old> <urn:old> <urn:old> .\n")  # left from an older push
    report = push(three, f"{stub.url}/store", replace=True, retries=0)
    assert report.graphs == (ALPHA, BETA, GAMMA)
    assert stub.graphs == _expected(three)


def test_resume_sends_only_the_graphs_the_store_lacks(stub: StubStore, three: Corpus) -> None:
    stub.late.add(BETA)
    with pytest.raises(PushError):
        push(three, f"{stub.url}/store", replace=True, timeout=0.3)
    stub.late.clear()
    stub.log.clear()
    calls: list[int] = []
    report = push(
        three, f"{stub.url}/store", replace=True, resume=True, timeout=2, progress=calls.append
    )
    # alpha was written, beta was stored although its answer came too late, gamma was not sent
    assert report.skipped == (ALPHA, BETA)
    assert report.graphs == (GAMMA,)
    assert [line for line in stub.log if not line.startswith("GET")] == [f"PUT /store {GAMMA}"]
    assert stub.graphs == _expected(three)
    assert calls == [1, 1, 1]


def test_resume_rewrites_a_graph_that_differs(stub: StubStore, three: Corpus) -> None:
    push(three, f"{stub.url}/store", replace=True)
    stub.graphs[BETA].pop()
    stub.log.clear()
    report = push(three, f"{stub.url}/store", replace=True, resume=True)
    assert (report.skipped, report.graphs) == ((ALPHA, GAMMA), (BETA,))
    assert stub.graphs == _expected(three)


# ---- the transaction --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


def _update(server: str, update: str) -> None:
    response = httpx.post(
        f"{server}/update",
        content=update.encode("utf-8"),
        headers={"Content-Type": "application/sparql-update"},
    )
    assert response.status_code < 300, response.text


def _dump(server: str) -> set[tuple[str, ...]]:
    rows = remote_query(
        f"{server}/query", "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    ).records()
    return {tuple(str(row[v]) for v in ("g", "s", "p", "o")) for row in rows}


def test_a_transaction_that_fails_leaves_the_store_as_it_was(
    oxigraph: str, three: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last map's text carries an operation the store refuses when it runs it (CREATE of a
    graph that exists), after the DROPs and INSERTs before it ran: none of them may stay."""
    exists = "urn:argmap:test:exists"
    _update(
        oxigraph,
        f"DROP ALL ; INSERT DATA {{ GRAPH <{exists}> {{ <urn:s> <urn:p> <urn:o> }}"
        f" GRAPH <{ALPHA}> {{ <urn:older> <urn:push> <urn:of-alpha> }} }}",
    )
    before = _dump(oxigraph)
    real = remote._bodies

    def failing(corpus: Corpus, graph: str | None) -> Iterator[tuple[str, bytes]]:
        bodies = list(real(corpus, graph))
        name, body = bodies[-1]
        poison = f"}} }} ; CREATE GRAPH <{exists}> ; INSERT DATA {{ GRAPH <{name}> {{\n"
        return iter([*bodies[:-1], (name, body + poison.encode())])

    monkeypatch.setattr(remote, "_bodies", failing)
    with pytest.raises(PushError) as caught:
        push(three, f"{oxigraph}/store", replace=True, update_url=f"{oxigraph}/update")
    assert _dump(oxigraph) == before  # not alpha and beta new, gamma missing: unchanged
    error = caught.value
    assert error.report.method == "transaction"
    assert (error.report.graphs, error.report.not_written) == ((), (ALPHA, BETA, GAMMA))
    assert str(error) == (
        f"{oxigraph}/update: not written: {ALPHA}, {BETA}, {GAMMA} (HTTP 500 Internal Server"
        f" Error: The graph <{exists}> already exists); they went in one update request, which"
        " the store applies whole or not at all"
    )


def test_with_an_update_url_the_push_is_one_transaction(oxigraph: str, three: Corpus) -> None:
    calls: list[int] = []
    report = push(
        three,
        f"{oxigraph}/nowhere",  # never asked: the one request goes to /update
        replace=True,
        update_url=f"{oxigraph}/update",
        progress=calls.append,
    )
    assert (report.method, report.graphs, calls) == ("transaction", (ALPHA, BETA, GAMMA), [3])
    per_graph = _dump(oxigraph)
    push(three, f"{oxigraph}/store", replace=True)  # the same, one request per map
    assert _dump(oxigraph) == per_graph


def test_hostile_text_stays_a_literal_in_the_transaction(oxigraph: str, mini: ArgumentMap) -> None:
    text = 'x" } } ; DROP ALL ; # \\u0022 } } ; DROP ALL ; # \\" \\\\ é\nsecond line'
    claim = mini.claims[0].model_copy(update={"text": text})
    hostile = mini.model_copy(update={"id": "hostile", "claims": (claim, *mini.claims[1:])})
    push(
        Corpus(maps=(hostile,)),
        f"{oxigraph}/store",
        update_url=f"{oxigraph}/update",
        transaction=True,
        replace=True,
    )
    ask = f"SELECT ?t WHERE {{ GRAPH <{_graph('hostile')}> {{ ?c am:text ?t }} }}"
    texts = {str(row["t"]) for row in remote_query(f"{oxigraph}/query", ask).records()}
    assert text in texts
    assert remote_query(f"{oxigraph}/query", "ASK { GRAPH ?g { ?s ?p ?o } }").boolean


def test_resume_on_oxigraph_skips_what_its_graph_store_already_holds(
    oxigraph: str, three: Corpus
) -> None:
    push(three, f"{oxigraph}/store", replace=True)
    _update(oxigraph, f"DROP GRAPH <{BETA}>")
    report = push(three, f"{oxigraph}/store", replace=True, resume=True)
    assert (report.skipped, report.graphs) == ((ALPHA, GAMMA), (BETA,))


def test_a_transaction_timeout_says_all_or_none(stub: StubStore, three: Corpus) -> None:
    stub.update = "late"
    with pytest.raises(PushError) as caught:
        push(three, f"{stub.url}/store", update_url=f"{stub.url}/update", timeout=0.3)
    assert str(caught.value) == (
        f"{stub.url}/update: no answer within 0.3 s while writing every graph in one update"
        " request: the server may have applied all of it or none of it; rerun to converge"
    )
    assert caught.value.uncertain and caught.value.report.unknown == (ALPHA, BETA, GAMMA)
    assert stub.log == ["POST /update"]  # the Graph Store was not used at all


def test_maps_over_the_bound_go_graph_by_graph_unless_forced(
    stub: StubStore, three: Corpus
) -> None:
    small = push(three, f"{stub.url}/store", update_url=f"{stub.url}/update", transaction_limit=10)
    assert small.method == "graph-store" and small.graphs == (ALPHA, BETA, GAMMA)
    assert stub.log == [f"POST /store {g}" for g in (ALPHA, BETA, GAMMA)]
    stub.log.clear()
    forced = push(
        three,
        f"{stub.url}/store",
        update_url=f"{stub.url}/update",
        transaction=True,
        transaction_limit=10,
    )
    assert forced.method == "transaction" and stub.log == ["POST /update"]
    stub.log.clear()
    stub.update = 413  # a store that finds the one request too large: graph by graph instead
    fallback = push(three, f"{stub.url}/store", update_url=f"{stub.url}/update")
    assert fallback.method == "graph-store" and stub.log[0] == "POST /update"
    assert len(stub.log) == 4


def test_options_that_cannot_go_together_are_errors_naming_the_fix(three: Corpus) -> None:
    with pytest.raises(EndpointError) as caught:
        push(three, "http://127.0.0.1:9/store", transaction=True)
    assert caught.value.option == "update" and isinstance(caught.value, ArgmapError)
    with pytest.raises(EndpointError, match="resuming"):
        push(three, "http://127.0.0.1:9/store", resume=True, graph="urn:all")
    with pytest.raises(EndpointError, match="resuming"):
        push(three, "http://127.0.0.1:9/store", resume=True, transaction=True, update_url="x")


def test_the_command_line_pushes_one_transaction_and_resumes(
    oxigraph: str, three_files: list[str]
) -> None:
    store, update = ["--endpoint", f"{oxigraph}/store"], ["--update", f"{oxigraph}/update"]
    once = runner.invoke(app, ["push", *three_files, *store, *update, "--replace"])
    assert once.exit_code == 0, once.output
    quads = len(to_store(load([Path(f) for f in three_files])))
    assert quads > 400
    assert once.stdout == (
        f"pushed {quads} triples into 3 graph(s) in one SPARQL Update transaction\n"
    )
    again = runner.invoke(app, ["push", *three_files, *store, "--replace", "--resume"])
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        "pushed 0 triples into 0 graph(s) by Graph Store Protocol, a request per map;"
        " 3 graph(s) already held these maps, left as they were\n"
    )
    forced = runner.invoke(app, ["push", *three_files, *store, "--transaction"])
    assert (forced.exit_code, forced.stderr) == (
        1,
        "error: a transaction is a SPARQL Update request: name the store's update URL;"
        " use --update\n",
    )


def test_the_help_states_the_bound_the_library_uses() -> None:
    # The command line does not import the library to build its help (it must start fast).
    shown = runner.invoke(app, ["push", "--help"], env={"COLUMNS": "200"}).stdout
    assert f"at most {remote.TRANSACTION_LIMIT // 2**20} MB" in " ".join(shown.split())
