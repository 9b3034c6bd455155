"""`argmap serve` for real: a SPARQL 1.1 Protocol endpoint and the map page over the seed maps,
queried with SPARQLWrapper and httpx, the page driven in headless Chromium, and the CLI run as
a process that is stopped with SIGINT. (Hostile clients: tests/hostile/test_serve.py.)"""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
import rdflib
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from typer.testing import CliRunner

from argmap import ArgumentMap, Corpus
from argmap.cli import app
from argmap.errors import InputError
from argmap.formats.registry import load
from argmap.rdf.files import write_rdf
from argmap.rdf.store import write_store
from argmap.render import render
from argmap.sparql.local import Literal_, open_source, query
from argmap.sparql.named import get_named, named_queries, run_named
from argmap.sparql.serve import ServeError, SparqlServer, is_loopback, serve
from tests.conftest import DATA, ROOT
from tests.render_support import chromium_browser
from tests.test_render import SEED_FILES, expected_counts

runner = CliRunner()
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
READY = "() => window.argmap && window.argmap.ready"


def map_page(corpus: Corpus) -> str:
    return render(corpus).html


@pytest.fixture(scope="module")
def seed() -> Corpus:
    return load(SEED_FILES)


@pytest.fixture(scope="module")
def local(seed: Corpus) -> Any:
    """The seed maps in a local store, to compare the server's answers with."""
    return open_source(seed)


@pytest.fixture(scope="module")
def cli_processes(
    tmp_path_factory: pytest.TempPathFactory, seed: Corpus
) -> Iterator[dict[str, subprocess.Popen[str]]]:
    """``argmap serve`` as real processes: the seed YAML files (the README's command), a TriG
    file, and the mini map under the global --verbose and --quiet. Started before the
    in-process server so their start-up overlaps the tests; the last tests of the file query
    them and stop them with SIGINT and SIGTERM."""
    trig = tmp_path_factory.mktemp("cli") / "maps.trig"
    write_rdf(seed, trig)
    argmap = Path(sys.executable).parent / "argmap"
    yaml_files = [str(p.relative_to(ROOT)) for p in SEED_FILES]
    mini = str((DATA / "mini.yaml").relative_to(ROOT))
    commands = {
        "yaml": [str(argmap), "serve", *yaml_files, "--port", "0"],
        "trig": [str(argmap), "serve", str(trig), "--port", "0"],
        "verbose": [str(argmap), "--verbose", "serve", mini, "--port", "0"],
        "quiet": [str(argmap), "--quiet", "serve", mini, "--port", "0"],
    }
    processes = {
        key: subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for key, command in commands.items()
    }
    yield processes
    for process in processes.values():
        if process.poll() is None:
            process.kill()
        process.communicate()


@pytest.fixture(scope="module")
def server(cli_processes: dict[str, subprocess.Popen[str]]) -> Iterator[SparqlServer]:
    """The library server over the seed map files, answering in a background thread."""
    with serve(SEED_FILES, load=load, page=map_page) as running:
        yield running


@pytest.fixture(scope="module")
def http(server: SparqlServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def _sparql(server: SparqlServer, sparql: str, fmt: str) -> Any:
    wrapper = SPARQLWrapper(server.sparql_url)
    wrapper.setQuery(sparql)
    wrapper.setReturnFormat(fmt)
    return wrapper.query().convert()


def _plain(term: dict[str, str]) -> object:
    """A SPARQL JSON term as QueryResult.records() gives it (literals converted)."""
    if term["type"] != "literal":
        return term["value"]
    datatype = term.get("datatype", "http://www.w3.org/2001/XMLSchema#string")
    return Literal_(term["value"], datatype, term.get("xml:lang")).to_python()


def _records(document: dict[str, Any]) -> list[dict[str, object]]:
    names = document["head"]["vars"]
    return [
        {v: _plain(b[v]) if v in b else None for v in names}
        for b in document["results"]["bindings"]
    ]


# ---- SPARQLWrapper: the same answers as the local store -----------------------------------------


def test_sparqlwrapper_select_gives_the_rows_of_the_local_query(
    server: SparqlServer, local: Any
) -> None:
    remote = _sparql(server, get_named("contested-claims").sparql, JSON)
    expected = run_named(local, "contested-claims").records()
    assert expected  # the seed maps have contested claims
    assert _records(remote) == expected


def test_every_named_query_without_parameters_answers_as_locally(
    server: SparqlServer, local: Any
) -> None:
    for name, named in named_queries().items():
        if named.params:
            continue
        remote = _sparql(server, named.sparql, JSON)
        assert _records(remote) == run_named(local, name).records(), name


def test_sparqlwrapper_ask(server: SparqlServer) -> None:
    assert _sparql(server, "ASK { ?c a am:Claim }", JSON)["boolean"] is True
    assert _sparql(server, "ASK { ?c a am:NoSuchClass }", JSON)["boolean"] is False


def test_sparqlwrapper_construct_parses_as_turtle(server: SparqlServer, local: Any) -> None:
    construct = "CONSTRUCT { ?a am:attacks ?b } WHERE { ?a am:attacks ?b ; dcterms:identifier ?id }"
    body = _sparql(server, construct, TURTLE)
    graph = rdflib.Graph().parse(data=body, format="turtle")
    expected = query(local, construct).triples
    assert len(graph) == len(set(expected)) > 10
    attacks = rdflib.URIRef("https://w3id.org/argmap/ns#attacks")
    assert set(graph.predicates()) == {attacks}


# ---- the result formats -------------------------------------------------------------------------

SELECT = (
    "SELECT ?claim ?text WHERE { ?c a am:Claim ; dcterms:identifier ?claim ; am:text ?text } "
    "ORDER BY ?claim LIMIT 5"
)


def test_each_result_format_parses(http: httpx.Client, local: Any) -> None:
    expected = [(r["claim"], r["text"]) for r in query(local, SELECT).records()]
    answers = {}
    for accept in (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ):
        response = http.get("/sparql", params={"query": SELECT}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == accept
        assert "access-control-allow-origin" not in response.headers  # CORS is off by default
        answers[accept] = response.text
    document = json.loads(answers["application/sparql-results+json"])
    assert [(r["claim"], r["text"]) for r in _records(document)] == expected
    root = ET.fromstring(answers["application/sparql-results+xml"])
    rows = [
        tuple(b.find(f"{RESULTS_NS}literal").text for b in result)  # type: ignore[union-attr]
        for result in root.iter(f"{RESULTS_NS}result")
    ]
    assert rows == expected
    table = list(csv.reader(io.StringIO(answers["text/csv"])))
    assert table[0] == ["claim", "text"]
    assert [tuple(r) for r in table[1:]] == expected
    tsv = answers["text/tab-separated-values"].splitlines()
    assert tsv[0] == "?claim\t?text"
    assert [line.split("\t")[0] for line in tsv[1:]] == [f'"{c}"' for c, _ in expected]


def test_no_accept_header_gets_json_and_q_values_are_honoured(http: httpx.Client) -> None:
    plain = http.get("/query", params={"query": "ASK {}"}, headers={"Accept": ""})
    assert plain.headers["content-type"] == "application/sparql-results+json"
    assert plain.json() == {"head": {}, "boolean": True}
    chosen = http.get(
        "/query",
        params={"query": SELECT},
        headers={"Accept": "application/sparql-results+json;q=0.5, text/csv, */*;q=0.1"},
    )
    assert chosen.headers["content-type"].startswith("text/csv")
    browser_like = http.get(
        "/query", params={"query": SELECT}, headers={"Accept": "text/html,*/*;q=0.8"}
    )
    assert browser_like.headers["content-type"] == "application/sparql-results+json"


def test_construct_formats_parse(http: httpx.Client) -> None:
    construct = "CONSTRUCT WHERE { ?c a am:Claim ; am:text ?t }"
    sizes = set()
    for accept, rdflib_format in (
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ):
        response = http.post(
            "/sparql",
            content=construct,
            headers={"Content-Type": "application/sparql-query", "Accept": accept},
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == accept
        sizes.add(len(rdflib.Graph().parse(data=response.text, format=rdflib_format)))
    assert sizes == {202}  # 101 claims, a type and a text each


def test_post_form_and_direct_post_answer_like_get(http: httpx.Client) -> None:
    by_get = http.get("/sparql", params={"query": COUNT}).json()
    by_form = http.post("/sparql", data={"query": COUNT}).json()
    by_body = http.post(
        "/query", content=COUNT.encode(), headers={"Content-Type": "application/sparql-query"}
    ).json()
    assert by_get == by_form == by_body
    assert by_get["results"]["bindings"][0]["n"]["value"] == "5118"


def test_an_unacceptable_format_is_406(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/turtle"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


# ---- what is refused ----------------------------------------------------------------------------


def _one_line(response: httpx.Response) -> str:
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert len(lines) == 1, response.text
    return lines[0]


def _triples(http: httpx.Client) -> str:
    return str(http.get("/sparql", params={"query": COUNT}).json()["results"]["bindings"])


def test_updates_are_refused_with_403(http: httpx.Client) -> None:
    before = _triples(http)
    drop = "DROP ALL"
    insert = "PREFIX ex: <http://example.org/>\n# a comment\nINSERT DATA { ex:a ex:b ex:c }"
    responses = [
        http.post("/update", data={"update": drop}),
        http.post("/update", content=drop, headers={"Content-Type": "application/sparql-update"}),
        http.get("/update", params={"update": drop}),
        http.get("/sparql", params={"update": drop}),
        http.post("/sparql", data={"update": insert}),
        http.post("/sparql", content=insert, headers={"Content-Type": "application/sparql-update"}),
        http.get("/sparql", params={"query": insert}),
        http.post("/query", data={"query": "clear default"}),
        http.post("/query", content=drop, headers={"Content-Type": "application/sparql-query"}),
        http.put("/sparql", content="<a:b> <a:c> <a:d> .", headers={"Content-Type": "text/turtle"}),
        http.delete("/sparql"),
    ]
    for response in responses:
        assert response.status_code == 403, (response.request.url, response.text)
        assert _one_line(response).startswith("this endpoint is read-only")
    assert _triples(http) == before


def test_federated_queries_are_refused(http: httpx.Client) -> None:
    for text in (
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://example.org/> { ?s ?p ?o } }",
    ):
        response = http.get("/sparql", params={"query": text})
        assert response.status_code == 403
        assert _one_line(response).startswith("SERVICE is refused")
    # The word as data, a variable or a prefixed name is not a SERVICE clause.
    fine = 'SELECT ?service WHERE { BIND("SERVICE <x> {}" AS ?service) } # SERVICE'
    assert http.get("/sparql", params={"query": fine}).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        "?s ?p 1SERVICE <{e}> {{ ?a ?b ?c }}",  # a number ends before a keyword
        "?s ?p ?o .SERVICE <{e}> {{ ?a ?b ?c }}",
        "# a comment ends at a carriage return\rSERVICE <{e}> {{ ?a ?b ?c }}",
        "?s <http://x/\u00a0#> ?o SERVICE <{e}> {{ ?a ?b ?c }}",  # U+00A0 is an IRI character
        "?s ?p ex:a\\# SERVICE <{e}> {{ ?a ?b ?c }}",  # an escaped '#' opens no comment
        # '<' as "less than", which reads as an IRI holding a quote: the string is elsewhere.
        "BIND(1 AS ?a) FILTER(?a<'x>') SERVICE <{e}> {{ ?s ?p ?o }} #'\n",
        "BIND(1 AS ?a) FILTER(?a<?b)SERVICE?x#>\n{{ ?s ?p ?o }}",
    ],
    ids=["number", "dot", "cr", "nbsp-iri", "escape", "less-than-quote", "less-than-hash"],
)
def test_service_is_refused_however_it_is_written(http: httpx.Client, body: str) -> None:
    where = body.format(e="http://127.0.0.1:9/sparql")
    text = "PREFIX ex: <http://example.org/>\nSELECT * WHERE { " + where + " }"
    response = http.get("/sparql", params={"query": text})
    assert response.status_code == 403, response.text
    assert _one_line(response).startswith("SERVICE is refused")


def test_malformed_sparql_is_400_with_line_and_column(http: httpx.Client) -> None:
    response = http.get("/sparql", params={"query": "SELECT ?x\nWHERE { ?x ?y }"})
    assert response.status_code == 400
    assert re.match(r"invalid SPARQL: error at 2:\d+: ", _one_line(response))


def test_other_bad_requests(http: httpx.Client) -> None:
    missing = http.get("/sparql", headers={"Accept": "application/sparql-results+json"})
    assert missing.status_code == 400
    assert _one_line(missing).startswith("no query")
    graphs = http.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert graphs.status_code == 400
    assert _one_line(graphs) == "not an absolute IRI: 'not an iri'"
    twice = http.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert twice.status_code == 400
    media = http.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    assert media.status_code == 415
    big = http.post(
        "/sparql",
        content=b"#" * ((1 << 20) + 1),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert big.status_code == 413


def test_unknown_path_is_404(http: httpx.Client) -> None:
    for path in ("/nope", "/sparql/", "/../etc/passwd", "/data/big-tech-open-source-ai.yaml"):
        response = http.get(path)
        assert response.status_code == 404, path
        assert _one_line(response).startswith("not found: ")


def test_cors_is_off_by_default(http: httpx.Client) -> None:
    preflight = http.options(
        "/sparql",
        headers={"Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status_code == 204
    assert not [h for h in preflight.headers if h.startswith("access-control-")]
    answer = http.get(
        "/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://yasgui.example"}
    )
    assert "access-control-allow-origin" not in answer.headers


def test_cors_for_the_origins_allowed(mini: ArgumentMap) -> None:
    yasgui = "https://yasgui.example"
    with serve(mini, cors=[yasgui]) as running, httpx.Client(base_url=running.url) as client:
        response = client.options(
            "/sparql",
            headers={
                "Origin": yasgui,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
                "Access-Control-Request-Private-Network": "true",
            },
        )
        assert response.status_code == 204
        assert response.headers["access-control-allow-private-network"] == "true"
        assert response.headers["access-control-allow-origin"] == yasgui
        assert "POST" in response.headers["access-control-allow-methods"]
        assert response.headers["access-control-allow-headers"] == "content-type"
        ask = {"query": "ASK {}"}
        allowed = client.get("/sparql", params=ask, headers={"Origin": yasgui})
        assert allowed.headers["access-control-allow-origin"] == yasgui
        assert "Origin" in allowed.headers["vary"]
        refused = client.get("/update", params=ask, headers={"Origin": yasgui})
        assert refused.status_code == 403
        assert refused.headers["access-control-allow-origin"] == yasgui  # failures readable
        other = client.get("/sparql", params=ask, headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        assert "access-control-allow-origin" not in client.get("/").headers
    with serve(mini, cors=["*"]) as anyone:
        response = httpx.get(anyone.sparql_url, params=ask, headers={"Origin": "https://a.b"})
        assert response.headers["access-control-allow-origin"] == "*"
    with pytest.raises(ServeError, match="not an origin") as caught:
        serve(mini, cors=["yasgui.example/path"])
    assert caught.value.option == "cors"


# ---- the dataset: FROM, FROM NAMED, default-graph-uri, named-graph-uri ---------------------------

MAP_GRAPH = "https://w3id.org/argmap/id/map/deepseek-tipping-point"


def _count(http: httpx.Client, sparql: str, **params: str) -> int:
    response = http.get("/sparql", params={"query": sparql, **params})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_from_picks_the_default_graph(http: httpx.Client, local: Any) -> None:
    in_map = query(local, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{MAP_GRAPH}> {{ ?s ?p ?o }} }}")
    expected = in_map.records()[0]["n"]
    assert 0 < expected < 5118
    assert _count(http, COUNT) == 5118  # no FROM: the union of every graph
    assert _count(http, f"SELECT (COUNT(*) AS ?n) FROM <{MAP_GRAPH}> WHERE {{ ?s ?p ?o }}") == (
        expected
    )
    # The word as data, or in a prefixed name, is not a FROM clause.
    assert _count(http, 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(?o != "FROM <x>") }') == (
        5118
    )


def test_from_named_and_the_protocols_dataset(http: httpx.Client, local: Any) -> None:
    graphs = "SELECT (COUNT(DISTINCT ?g) AS ?n) {from_} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert _count(http, graphs.format(from_="")) == 2
    assert _count(http, graphs.format(from_=f"FROM NAMED <{MAP_GRAPH}>")) == 1
    # FROM NAMED alone leaves the default graph empty (SPARQL 1.1 §13.2).
    only_named = f"SELECT (COUNT(*) AS ?n) FROM NAMED <{MAP_GRAPH}> WHERE {{ ?s ?p ?o }}"
    assert _count(http, only_named) == 0
    # The request's dataset (§2.1.4) replaces the query's.
    from_nothing = "SELECT (COUNT(*) AS ?n) FROM <http://example.org/none> WHERE { ?s ?p ?o }"
    in_map = _count(http, f"SELECT (COUNT(*) AS ?n) FROM <{MAP_GRAPH}> WHERE {{ ?s ?p ?o }}")
    assert _count(http, from_nothing, **{"default-graph-uri": MAP_GRAPH}) == in_map
    assert _count(http, graphs.format(from_=""), **{"named-graph-uri": MAP_GRAPH}) == 1


def test_injection_looking_text_is_just_data(http: httpx.Client) -> None:
    before = _triples(http)
    hostile = "\"'} ; DROP ALL ; <script>alert(1)</script> &update=CLEAR ALL #"
    sparql = f"SELECT ?x WHERE {{ BIND({json.dumps(hostile)} AS ?x) }}"
    response = http.get("/sparql", params={"query": sparql})
    assert response.status_code == 200
    assert response.json()["results"]["bindings"] == [{"x": {"type": "literal", "value": hostile}}]
    # Text after a complete query is a syntax error, never a second operation.
    tail = http.get("/sparql", params={"query": "ASK {} ; DROP ALL"})
    assert tail.status_code == 400
    assert _triples(http) == before


def test_the_workers_answer_and_are_counted(server: SparqlServer) -> None:
    assert len(server.worker_pids) == server.workers >= 2
    assert server.queries == (0, 0)
    assert server.timeout == 5


def test_concurrent_queries_all_answer(server: SparqlServer, local: Any) -> None:
    named = get_named("contested-claims").sparql
    expected = run_named(local, "contested-claims").records()
    answers: list[object] = []

    def ask() -> None:
        with httpx.Client(timeout=30) as client:
            for _ in range(5):
                response = client.post(server.sparql_url, data={"query": named})
                answers.append(_records(response.json()))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 40
    assert all(answer == expected for answer in answers)


def test_keep_alive_answers_are_not_held_back(http: httpx.Client) -> None:
    # With Nagle's algorithm on, each answer on a kept-alive connection waited ~40 ms for
    # the client's delayed ACK (headers and body are two writes).
    times = []
    for _ in range(15):
        started = time.perf_counter()
        http.get("/sparql", params={"query": "ASK {}"}).raise_for_status()
        times.append(time.perf_counter() - started)
    assert sorted(times)[len(times) // 2] < 0.025


def test_describe_answers_in_turtle(http: httpx.Client) -> None:
    claim = "https://w3id.org/argmap/id/map/deepseek-tipping-point/claim/need-foresight"
    response = http.get("/sparql", params={"query": f"DESCRIBE <{claim}>"})
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    assert set(graph.subjects()) == {rdflib.URIRef(claim)}


# ---- pages --------------------------------------------------------------------------------------


def test_the_home_page_is_the_map(http: httpx.Client, seed: Corpus) -> None:
    response = http.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "access-control-allow-origin" not in response.headers
    assert response.text.startswith("<!DOCTYPE html>")
    assert 'id="argmap-data"' in response.text
    assert http.head("/").headers["content-length"] == response.headers["content-length"]


def test_rdf_sources_are_served_with_a_small_page(
    tmp_path_factory: pytest.TempPathFactory, seed: Corpus
) -> None:
    trig = tmp_path_factory.mktemp("rdf") / "maps.trig"
    write_rdf(seed, trig)
    with serve(trig) as rdf_server, httpx.Client(base_url=rdf_server.url) as client:
        assert rdf_server.has_map is False
        page = client.get("/")
        assert "no map page" in page.text
        assert "default-src 'none'" in page.headers["content-security-policy"]
        count = client.get("/sparql", params={"query": COUNT}).json()
        assert count["results"]["bindings"][0]["n"]["value"] == "5118"


def test_a_store_folder_is_served_as_it_is(tmp_path: Path, mini: ArgumentMap) -> None:
    folder = tmp_path / "store"
    quads = write_store(Corpus(maps=(mini,)), folder)
    with serve(folder, workers=1) as running, httpx.Client(base_url=running.url) as client:
        assert running.quads == quads
        assert "no map page" in client.get("/").text
        count = client.get("/sparql", params={"query": COUNT}).json()
        assert int(count["results"]["bindings"][0]["n"]["value"]) == quads
    with pytest.raises(InputError, match="not an argmap store folder"):
        serve(tmp_path)


def test_map_files_are_read_by_the_callers_loader(mini: ArgumentMap) -> None:
    mini_file = DATA / "mini.yaml"
    with pytest.raises(InputError, match=r"pass load=argmap\.load") as caught:
        serve([mini_file])
    assert caught.value.option == "load"
    # Without a page to draw, maps get the short page; with one, the map page.
    with serve([mini_file], load=load) as plain, httpx.Client(base_url=plain.url) as client:
        assert plain.has_map is False
        assert "map page is not drawn" in client.get("/").text
        count = client.get("/sparql", params={"query": "ASK { ?c a am:Claim }"}).json()
        assert count["boolean"] is True
    with serve(mini, page=map_page) as drawn:
        assert drawn.has_map is True
        assert 'id="argmap-data"' in httpx.get(drawn.url).text


def test_the_query_page_is_offline_html(http: httpx.Client) -> None:
    response = http.get("/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp
    assert "connect-src 'self'" in csp
    assert "http" not in re.sub(r"https?://(www\.)?w3\.org|https://w3id\.org[^\s\"<]*", "", csp)
    assert "contested-claims" in response.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", response.text)


def test_requests_are_logged_only_when_verbose(
    capfd: pytest.CaptureFixture[str], mini: ArgumentMap
) -> None:
    for verbose in (False, True):
        with serve(mini, verbose=verbose) as running:
            httpx.get(running.sparql_url, params={"query": "ASK {}"})
            httpx.get(running.url + "nope")
        err = capfd.readouterr().err
        if verbose:
            assert '"GET /sparql?query=ASK' in err
            assert '"GET /nope HTTP/1.1" 404' in err
        else:
            assert err == ""


# ---- the browser --------------------------------------------------------------------------------


def _open(browser: Any, server: SparqlServer, path: str) -> tuple[Any, list[str], list[str]]:
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    errors: list[str] = []
    elsewhere: list[str] = []

    def route(handled: Any) -> None:
        if handled.request.url.startswith(server.url):
            handled.continue_()
        else:
            elsewhere.append(handled.request.url)
            handled.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    def request(sent: Any) -> None:
        if not sent.url.startswith(server.url):
            elsewhere.append(sent.url)

    page.on("request", request)
    page.goto(server.url + path)
    return page, errors, elsewhere


def test_map_page_and_query_page_in_chromium(
    server: SparqlServer, seed: Corpus, local: Any
) -> None:
    nodes, edges = expected_counts(seed)
    with chromium_browser() as browser:
        page, errors, elsewhere = _open(browser, server, "")
        page.wait_for_function(READY, timeout=30_000)
        drawn = page.evaluate(
            "() => [argmap.network.body.nodeIndices.length, argmap.network.body.edgeIndices.length]"
        )
        assert drawn == [nodes, edges]
        assert errors == []
        assert elsewhere == []

        page, errors, elsewhere = _open(browser, server, "sparql")
        named = get_named("contested-claims")
        page.select_option("#examples", label=f"{named.name}: {named.question}")
        assert "SELECT ?map ?claim" in page.input_value("#query")
        page.click("button[type=submit]")
        page.wait_for_function(
            "() => /rows$/.test(document.getElementById('status').textContent)", timeout=10_000
        )
        rows = len(run_named(local, "contested-claims").rows)
        assert page.locator("#results tr").count() == rows + 1
        assert page.inner_text("#status").startswith("200 application/sparql-results+json")
        assert errors == []
        assert elsewhere == []


# ---- starting and stopping ----------------------------------------------------------------------


def test_port_in_use_is_one_line(server: SparqlServer) -> None:
    with pytest.raises(ServeError, match="address already in use"):
        serve(SEED_FILES, port=server.port, load=load)
    files = [str(p) for p in SEED_FILES]
    for quiet in ([], ["--quiet"]):  # --quiet leaves errors in
        result = runner.invoke(app, [*quiet, "serve", *files, "--port", str(server.port)])
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: cannot listen on 127.0.0.1:{server.port}: ")
        assert len(result.stderr.splitlines()) == 1
        assert result.stdout == ""


def test_bad_sources_are_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", str(tmp_path / "missing.yaml"), "--port", "0"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "missing.yaml" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Example: argmap serve data/*.yaml --port 8000" in result.stdout
    for option in ("--timeout", "--workers", "--cors"):
        assert option in result.stdout


def test_bad_settings_are_one_line(mini: ArgumentMap) -> None:
    result = runner.invoke(app, ["serve", str(DATA / "mini.yaml"), "--cors", "nope"])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: 'nope' is not an origin")
    assert result.stderr.rstrip().endswith("; use --cors")
    with pytest.raises(ServeError, match="more than 0 seconds"):
        serve(mini, timeout=0)
    with pytest.raises(ServeError, match="at least 1 worker"):
        serve(mini, workers=0)


def test_loopback_addresses() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.4", "example.org"]))


def test_binding_does_not_look_up_the_host_name(mini: ArgumentMap) -> None:
    # socket.getfqdn is a DNS query that can stall (on 0.0.0.0), for a name nothing uses.
    with mock.patch.object(socket, "getfqdn", side_effect=AssertionError("getfqdn")):
        serve(mini).shutdown()


def test_shutdown_frees_the_port_and_is_idempotent(mini: ArgumentMap) -> None:
    running = serve(mini).start()
    port = running.port
    assert httpx.get(running.sparql_url, params={"query": "ASK {}"}).status_code == 200
    running.shutdown()
    running.shutdown()
    with pytest.raises(httpx.ConnectError):
        httpx.get(running.sparql_url, params={"query": "ASK {}"})
    serve(mini, port=port).shutdown()  # the port is free again


def _base_url(process: subprocess.Popen[str], label: str) -> str:
    assert process.stdout is not None
    first = process.stdout.readline()
    assert re.fullmatch(rf"{label}: http://127\.0\.0\.1:\d+/\n", first), first
    base = first.removeprefix(f"{label}: ").strip()
    assert process.stdout.readline() == f"sparql: {base}sparql\n"
    return base


def _stopped(process: subprocess.Popen[str], how: signal.Signals) -> str:
    process.send_signal(how)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    return err


def test_cli_serves_until_sigint(cli_processes: dict[str, subprocess.Popen[str]]) -> None:
    process = cli_processes["yaml"]
    base = _base_url(process, "map")
    response = httpx.get(f"{base}sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    assert response.text == "n\r\n5118\r\n"
    assert httpx.get(base).text.startswith("<!DOCTYPE html>")
    err = _stopped(process, signal.SIGINT)
    assert err.splitlines()[-1] == "argmap serve: interrupted, stopped"
    with pytest.raises(httpx.ConnectError):
        httpx.get(base, timeout=2)


def test_cli_stops_on_sigterm(cli_processes: dict[str, subprocess.Popen[str]]) -> None:
    process = cli_processes["trig"]
    base = _base_url(process, "page")  # RDF sources: no map, a page pointing at /sparql
    assert "no map page" in httpx.get(base).text
    err = _stopped(process, signal.SIGTERM)
    assert err.splitlines()[-1] == "argmap serve: terminated, stopped"


def test_global_verbose_times_the_loading_and_logs_requests(
    cli_processes: dict[str, subprocess.Popen[str]],
) -> None:
    process = cli_processes["verbose"]
    base = _base_url(process, "map")
    assert httpx.get(f"{base}sparql", params={"query": "ASK {}"}).status_code == 200
    assert httpx.get(f"{base}nope").status_code == 404
    err = _stopped(process, signal.SIGINT)
    assert re.search(r"^argmap: load 1 file \(\d+ k?B\): \d+\.\d\d s$", err, re.MULTILINE), err
    assert '"GET /sparql?query=ASK' in err
    assert '"GET /nope HTTP/1.1" 404' in err
    assert err.splitlines()[-1] == "argmap serve: interrupted, stopped"


def test_global_quiet_prints_the_urls_and_nothing_else(
    cli_processes: dict[str, subprocess.Popen[str]],
) -> None:
    process = cli_processes["quiet"]
    base = _base_url(process, "map")  # the URLs are the result: printed even with --quiet
    assert httpx.get(f"{base}sparql", params={"query": "ASK {}"}).status_code == 200
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert (out, err) == ("", "")  # no "serving …", no request log, no "stopped"
