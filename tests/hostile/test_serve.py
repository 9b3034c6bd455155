"""`argmap serve` under hostile clients: runaway queries, clients that leave, a full pool, short
bodies, slow-loris connections, FROM clauses that name no graph, and SIGTERM with work in flight.

Each case is what an issue report found on the first server (standard library threads, one
pyoxigraph store in the serving process); each must now end quickly and leave the server as it
was. The heavy queries run on a small synthetic corpus, so every case takes a second or two.
"""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from argmap import Corpus
from argmap.formats.synth import synth_corpus
from argmap.sparql.serve import SparqlServer, serve
from argmap.sparql.serve.worker import recv_frame, send_frame
from tests.conftest import DATA, ROOT

LINUX = sys.platform.startswith("linux")
needs_proc = pytest.mark.skipif(not LINUX, reason="reads process memory from /proc")

#: Never ends on the synthetic corpus below: 300 claims, four times over (8.1e9 rows), counted
#: in one aggregate, so pyoxigraph holds on to it from the first row to the last.
ENDLESS = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a am:text ?t . ?b am:text ?u . ?c am:text ?v ."
    " ?d am:text ?w }"
)
#: Grows by hundreds of MB a second: 2.7e7 rows held for sorting.
GREEDY = "SELECT ?t ?u ?v WHERE { ?a am:text ?t . ?b am:text ?u . ?c am:text ?v } ORDER BY ?t ?u ?v"
ASK = "ASK { ?c a am:Claim }"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return synth_corpus(300, actors=5, seed=3)


@pytest.fixture
def one_worker(corpus: Corpus) -> Iterator[SparqlServer]:
    """One query worker, a long timeout (only a client leaving or SIGKILL ends a query)."""
    with serve(corpus, workers=1, timeout=30) as server:
        yield server


def _request(server: SparqlServer, sparql: str, extra: str = "") -> bytes:
    target = f"/sparql?query={quote(sparql)}"
    return f"GET {target} HTTP/1.1\r\nHost: {server.host}:{server.port}\r\n{extra}\r\n".encode()


def _connect(server: SparqlServer) -> socket.socket:
    return socket.create_connection((server.host, server.port), timeout=5)


def _read_response(sock: socket.socket, limit: float) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one response, read within ``limit`` seconds."""
    sock.settimeout(limit)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed without an answer: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(status_line.split()[1]), headers, body


def _rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def _wait_for(condition: object, limit: float, what: str) -> float:
    """Poll ``condition`` until true; the seconds it took."""
    started = time.monotonic()
    while not condition():  # type: ignore[operator]
        assert time.monotonic() - started < limit, f"{what}: not within {limit} s"
        time.sleep(0.02)
    return time.monotonic() - started


def _ask(server: SparqlServer, timeout: float = 5) -> httpx.Response:
    return httpx.get(server.sparql_url, params={"query": ASK}, timeout=timeout)


# ---- runaway queries ----------------------------------------------------------------------------


def test_a_query_over_the_timeout_is_stopped_and_its_worker_replaced(corpus: Corpus) -> None:
    with serve(corpus, workers=1, timeout=0.5) as server:
        (before,) = server.worker_pids
        started = time.monotonic()
        response = httpx.get(server.sparql_url, params={"query": ENDLESS}, timeout=10)
        took = time.monotonic() - started
        assert response.status_code == 503, response.text
        assert "0.5 s" in response.text and "--timeout" in response.text
        assert took < 1.5
        _wait_for(lambda: server.worker_pids and server.worker_pids != (before,), 3, "new worker")
        assert not _alive(before)
        assert _ask(server).json()["boolean"] is True


@needs_proc
def test_a_client_that_leaves_stops_its_query_and_the_memory_comes_back(
    one_worker: SparqlServer,
) -> None:
    (worker,) = one_worker.worker_pids
    baseline = _rss_mb(worker)
    client = _connect(one_worker)
    client.sendall(_request(one_worker, GREEDY))
    _wait_for(lambda: _rss_mb(worker) > baseline + 150, 4, "the greedy query growing")
    client.close()  # the client gives up
    _wait_for(lambda: not _alive(worker), 1, "the worker killed")
    _wait_for(lambda: len(one_worker.worker_pids) == 1, 3, "a new worker")
    (replacement,) = one_worker.worker_pids
    assert replacement != worker
    assert _rss_mb(replacement) < baseline + 30
    assert _ask(one_worker).json()["boolean"] is True


def test_a_full_pool_and_queue_answer_503_with_retry_after(corpus: Corpus) -> None:
    with serve(corpus, workers=1, queue=1, timeout=3) as server:
        running, waiting = _connect(server), _connect(server)
        try:
            running.sendall(_request(server, ENDLESS))
            _wait_for(lambda: server.queries == (1, 0), 2, "the first query running")
            waiting.sendall(_request(server, ENDLESS))
            _wait_for(lambda: server.queries == (1, 1), 2, "the second query waiting")
            started = time.monotonic()
            refused = _ask(server)
            assert time.monotonic() - started < 0.5
            assert refused.status_code == 503
            assert refused.headers["retry-after"] == "3"
            assert "busy" in refused.text
        finally:
            running.close()
            waiting.close()
        _wait_for(lambda: server.queries == (0, 0), 2, "the queries dropped")
        assert _ask(server).json()["boolean"] is True


# ---- short bodies -------------------------------------------------------------------------------


def _short_post(server: SparqlServer) -> socket.socket:
    client = _connect(server)
    client.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 100\r\n\r\nASK {}"
    )
    return client


@pytest.mark.parametrize("half_close", [False, True], ids=["stalled", "half-closed"])
def test_a_body_shorter_than_its_content_length_is_400_at_once(
    one_worker: SparqlServer, half_close: bool
) -> None:
    client = _short_post(one_worker)
    if half_close:
        client.shutdown(socket.SHUT_WR)
    started = time.monotonic()
    status, headers, body = _read_response(client, 3)
    took = time.monotonic() - started
    client.close()
    assert status == 400, body
    assert b"Content-Length" in body
    assert headers.get("connection") == "close"
    assert took < (0.5 if half_close else 2)


# ---- the dataset --------------------------------------------------------------------------------


def test_from_a_graph_that_does_not_exist_sees_nothing(one_worker: SparqlServer) -> None:
    count = "SELECT (COUNT(*) AS ?n) {clause} WHERE {{ ?s ?p ?o }}"
    everything = httpx.get(one_worker.sparql_url, params={"query": count.format(clause="")})
    assert int(everything.json()["results"]["bindings"][0]["n"]["value"]) > 1000
    for clause in ("FROM <http://example.org/no-such-graph>", "from <urn:x:none>"):
        nothing = httpx.get(one_worker.sparql_url, params={"query": count.format(clause=clause)})
        assert nothing.status_code == 200, nothing.text
        assert nothing.json()["results"]["bindings"][0]["n"]["value"] == "0", clause
    named = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"
    fenced = httpx.get(
        one_worker.sparql_url,
        params={"query": named, "named-graph-uri": "http://example.org/no-such-graph"},
    )
    assert fenced.json()["results"]["bindings"] == []


# ---- connections --------------------------------------------------------------------------------


def test_slow_loris_connections_beyond_the_limit_do_not_starve_a_normal_client(
    corpus: Corpus,
) -> None:
    with serve(corpus, workers=1, max_connections=20) as server:
        threads_before = threading.active_count()
        loris = []
        for _ in range(60):  # three times the limit, each sending its headers a bit at a time
            sock = _connect(server)
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\n")
            loris.append(sock)
        try:
            for sock in loris:
                with contextlib.suppress(OSError):  # closed to make room: as it should be
                    sock.sendall(b"X-Slow: 1\r\n")
            started = time.monotonic()
            response = _ask(server, timeout=3)
            assert response.status_code == 200
            assert time.monotonic() - started < 1
            assert threading.active_count() <= threads_before + 2  # no thread per connection
        finally:
            for sock in loris:
                sock.close()


@pytest.mark.skipif(not LINUX, reason="reads the listen backlog with ss")
def test_the_listen_backlog_is_not_five(one_worker: SparqlServer) -> None:
    listing = subprocess.run(
        ["ss", "-ltnH", f"sport = :{one_worker.port}"], capture_output=True, text=True, check=True
    ).stdout.split()
    backlog = int(listing[2])  # State Recv-Q Send-Q …: for a listening socket, Send-Q
    assert backlog >= 512


def test_fifty_clients_at_once_are_all_answered_quickly(one_worker: SparqlServer) -> None:
    times: list[float] = []

    def client() -> None:
        started = time.monotonic()
        with httpx.Client(timeout=5) as http:
            for _ in range(3):
                http.get(one_worker.sparql_url, params={"query": ASK}).raise_for_status()
        times.append(time.monotonic() - started)

    threads = [threading.Thread(target=client) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(times) == 50
    assert max(times) < 3


# ---- the workers --------------------------------------------------------------------------------


def test_a_worker_ends_itself_at_its_hard_limit_if_nobody_kills_it(tmp_path: Path) -> None:
    """If the server dies without killing a worker, the worker's query still ends."""
    nquads = tmp_path / "store.nq"
    nquads.write_text("".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(300)), "utf-8")
    ours, theirs = socket.socketpair()
    with nquads.open("rb") as store_file:
        worker = subprocess.Popen(
            [sys.executable, "-m", "argmap.sparql.serve.worker", str(theirs.fileno())],
            pass_fds=(theirs.fileno(), store_file.fileno()),
        )
        fd = store_file.fileno()
    theirs.close()
    try:
        hello = {
            "source": {"kind": "nquads", "fd": fd},
            "prefixes": {},
            "output_prefixes": {},
            "hard_limit": 0.5,
        }
        send_frame(ours, hello)
        assert recv_frame(ours) == ({"ready": True}, b"")
        endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        ask = {"results": "application/sparql-results+json", "graph": None, "union": True}
        send_frame(ours, {"sparql": "ASK {}", **ask, "default": None, "named": None})
        assert recv_frame(ours) is not None  # answers while within its limit
        started = time.monotonic()
        send_frame(ours, {"sparql": endless, **ask, "default": None, "named": None})
        assert worker.wait(timeout=5) == -signal.SIGALRM
        assert time.monotonic() - started < 1.5
    finally:
        ours.close()
        if worker.poll() is None:
            worker.kill()
            worker.wait()


def test_a_worker_imports_none_of_the_server() -> None:
    """A worker that replaces a killed one starts in a tenth of a second: it imports pyoxigraph
    and the standard library, not the web stack, rdflib or pydantic."""
    probe = (
        "import sys, argmap.sparql.serve.worker; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'starlette', 'uvicorn', 'rdflib', 'pydantic', 'httpx'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# ---- stopping -----------------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not LINUX, reason="finds the worker processes in /proc")
def test_sigterm_stops_argmap_serve_within_2_s_with_queries_in_flight(tmp_path: Path) -> None:
    argmap = Path(sys.executable).parent / "argmap"
    mini = str((DATA / "mini.yaml").relative_to(ROOT))
    process = subprocess.Popen(
        [str(argmap), "serve", mini, "--port", "0", "--timeout", "60"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.fullmatch(r"map: http://127\.0\.0\.1:(\d+)/\n", line)
        assert match, line
        port = int(match.group(1))
        workers = _children(process.pid)
        assert workers
        endless = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        busy = socket.create_connection(("127.0.0.1", port))
        target = f"/sparql?query={quote(endless)}"
        busy.sendall(f"GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode())
        idle = socket.create_connection(("127.0.0.1", port))
        idle.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: localhost\r\n\r\n")
        idle.recv(65536)  # answered; the connection is kept alive
        partial = socket.create_connection(("127.0.0.1", port))
        partial.sendall(b"GET / HTTP/1.1\r\n")
        time.sleep(0.3)  # the endless query is running
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=5)
        took = time.monotonic() - started
        assert took < 2, f"stopped after {took:.1f} s"
        assert process.returncode == 0, err
        assert "Traceback" not in err
        assert err.splitlines()[-1] == "argmap serve: terminated, stopped"
        _wait_for(lambda: not any(_alive(pid) for pid in workers), 1, "the workers gone")
        for sock in (busy, idle, partial):
            sock.close()
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


# ---- DNS rebinding ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("evil.example", 403),
        ("evil.example:{port}", 403),
        ("127.0.0.1.evil.example", 403),
        ("localhost:{port}", 200),
        ("127.0.0.1:{port}", 200),
        ("LOCALHOST", 200),
    ],
)
def test_a_loopback_server_answers_only_requests_addressed_to_this_machine(
    one_worker: SparqlServer, host: str, status: int
) -> None:
    # A page whose domain is made to resolve to 127.0.0.1 sends its own name as Host.
    headers = {"Host": host.format(port=one_worker.port)}
    for url in (one_worker.sparql_url, one_worker.url):
        answer = httpx.get(url, params={"query": ASK}, headers=headers, timeout=5)
        assert answer.status_code == status, (url, answer.text)
