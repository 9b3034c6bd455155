"""Remote endpoints for real: a local `oxigraph serve` process gets the seed maps pushed and
answers every named query with the same rows as the local store."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from argmap import Corpus
from argmap.cli import app
from argmap.formats.registry import load
from argmap.rdf.write import to_graph
from argmap.sparql.local import QueryError
from argmap.sparql.named import named_queries, run_named
from argmap.sparql.remote import EndpointError, push, remote_query
from tests.conftest import ROOT

runner = CliRunner()
OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
PARAMS = {
    "actor": "big-tech",
    "one": "ravindra-kirti",
    "other": "big-tech",
    "issue": "tipping-point",
    "claim": "oss-erodes-competitive-advantage",
    "topic": "competitive-advantage",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def oxigraph_server(location: Path) -> Iterator[str]:
    """A real Oxigraph SPARQL server on 127.0.0.1 storing in ``location``, stopped on exit
    (tests/hostile/test_push.py starts its own with this)."""
    port = _free_port()
    process = subprocess.Popen(
        [
            OXIGRAPH,
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"{url}/query", params={"query": "ASK {}"}, timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.05)
    else:
        process.kill()
        process.wait()
        pytest.fail(f"oxigraph did not start: {process.stderr.read() if process.stderr else ''}")
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph SPARQL server on 127.0.0.1, stopped after the tests."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def seed() -> Corpus:
    return load(sorted((ROOT / "data").glob("*.yaml")))


@pytest.fixture(scope="module")
def pushed(server: str, seed: Corpus) -> str:
    report = push(seed, f"{server}/store", replace=True)
    assert report.method == "graph-store"
    assert len(report.graphs) == 2
    return server


def test_every_named_query_answers_remotely_as_locally(pushed: str, seed: Corpus) -> None:
    for name, named in named_queries().items():
        params = {p: PARAMS[p] for p in named.params}
        local = run_named(seed, name, params).records()
        remote = remote_query(f"{pushed}/query", named.sparql, params).records()
        assert remote == local, name


def test_push_replace_does_not_duplicate(pushed: str, seed: Corpus) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = remote_query(f"{pushed}/query", count).records()[0]["n"]
    push(seed, f"{pushed}/store", replace=True)
    assert remote_query(f"{pushed}/query", count).records()[0]["n"] == before == 5118


def test_push_into_one_named_graph(server: str, seed: Corpus) -> None:
    graph = "urn:argmap:test:all"
    push(seed, f"{server}/store", graph=graph, replace=True)
    ask = f"ASK {{ GRAPH <{graph}> {{ ?c a <https://w3id.org/argmap/ns#Claim> }} }}"
    assert remote_query(f"{server}/query", ask).boolean is True


@pytest.mark.parametrize("method", ["graph-store", "update", "transaction"])
def test_pushing_every_map_into_one_graph_twice_replaces_it(
    server: str, seed: Corpus, method: str
) -> None:
    """The maps go one by one (the first replaces the graph, the rest add to it), or in one
    transaction that drops the graph once, so a second push leaves what the first did: the
    union of the maps' graphs."""
    graph = f"urn:argmap:test:one-{method}"
    store = f"{server}/store" if method == "graph-store" else f"{server}/nowhere"
    update = None if method == "graph-store" else f"{server}/update"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    reports = []
    for _ in range(2):
        reports.append(
            push(
                seed,
                store,
                graph=graph,
                replace=True,
                update_url=update,
                transaction=method == "transaction",
            )
        )
        assert remote_query(f"{server}/query", count).records()[0]["n"] == len(to_graph(seed))
    assert [(r.graphs, r.triples, r.method) for r in reports] == [((graph,), 5118, method)] * 2


def test_push_falls_back_to_sparql_update(server: str, seed: Corpus) -> None:
    # /nowhere has no Graph Store endpoint (404): the maps go through /update instead.
    report = push(
        seed,
        f"{server}/nowhere",
        replace=True,
        update_url=f"{server}/update",
        transaction=False,
    )
    assert report.method == "update"
    claims = "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a am:Claim }"
    assert remote_query(f"{server}/query", claims).records()[0]["n"] == 101


def test_injection_through_a_remote_parameter_stays_a_literal(pushed: str) -> None:
    named = named_queries()["claims-endorsed-by"]
    rows = remote_query(f"{pushed}/query", named.sparql, {"actor": 'x" } ; DROP ALL ; #'})
    assert rows.rows == ()
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert remote_query(f"{pushed}/query", count).records()[0]["n"] > 0


def test_cli_push_and_query_endpoint(server: str) -> None:
    files = [str(p) for p in sorted((ROOT / "data").glob("*.yaml"))]
    pushed = runner.invoke(app, ["push", *files, "--endpoint", f"{server}/store", "--replace"])
    assert pushed.exit_code == 0, pushed.output
    assert pushed.stdout.startswith("pushed 5118 triples into 2 graph(s)")
    result = runner.invoke(
        app, ["query", "--endpoint", f"{server}/query", "-n", "contested-claims", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "map,claim,supports,attacks,text"


def test_malformed_sparql_is_caught_with_line_and_column(server: str) -> None:
    with pytest.raises(QueryError, match=r"invalid SPARQL: error at 2:"):
        remote_query(f"{server}/query", "SELECT ?x\nWHERE { ?x ?y }")


def test_unreachable_endpoint_is_one_line() -> None:
    port = _free_port()
    with pytest.raises(EndpointError) as caught:
        remote_query(f"http://127.0.0.1:{port}/query", "ASK {}", retries=0)
    assert str(caught.value).startswith(f"cannot reach http://127.0.0.1:{port}/query")
    assert "is the server running" in str(caught.value)


def test_http_errors_carry_the_servers_message(server: str) -> None:
    with pytest.raises(EndpointError, match=r"not written: \S+/mini \(HTTP 4\d\d [^:]+: \w"):
        push(load([ROOT / "tests" / "data" / "mini.yaml"]), f"{server}/query")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(1.5)
        body = b"<html><body>Welcome</body></html>"
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting, as the timeout test wants

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def fake_server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def test_an_html_page_is_not_taken_for_results(fake_server: str) -> None:
    with pytest.raises(EndpointError, match="answered with an HTML page, not SPARQL results"):
        remote_query(f"{fake_server}/", "ASK {}")


def test_a_hanging_endpoint_times_out(fake_server: str) -> None:
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"no answer within 0.5 s while querying") as caught:
        remote_query(f"{fake_server}/slow", "ASK {}", timeout=0.5, retries=0)
    assert time.monotonic() - started < 3
    # The library names the setting; the command line words it as its option.
    assert caught.value.option == "timeout"
    assert "--" not in str(caught.value)
    result = runner.invoke(
        app, ["query", "--endpoint", f"{fake_server}/slow", "-q", "ASK {}", "--timeout", "0.2"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {fake_server}/slow: no answer within 0.2 s")
    assert result.stderr.rstrip().endswith("; use --timeout")


def test_credentials_come_from_the_environment(
    fake_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    original = _Handler.do_POST

    def recording(self: _Handler) -> None:
        seen.append(self.headers.get("Authorization", ""))
        original(self)

    monkeypatch.setattr(_Handler, "do_POST", recording)
    monkeypatch.setenv("ARGMAP_ENDPOINT_TOKEN", "s3cret")
    with pytest.raises(EndpointError):
        remote_query(f"{fake_server}/", "ASK {}")
    monkeypatch.delenv("ARGMAP_ENDPOINT_TOKEN")
    monkeypatch.setenv("ARGMAP_ENDPOINT_USER", "ann")
    monkeypatch.setenv("ARGMAP_ENDPOINT_PASSWORD", "pw")
    with pytest.raises(EndpointError):
        remote_query(f"{fake_server}/", "ASK {}")
    assert seen == ["Bearer s3cret", "Basic YW5uOnB3"]
