"""Write-back: statuses and scores go into their own named graph, SPARQL finds them next to the
maps, and the graph conforms to the SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from argmap.analysis.importance import claim_importance
from argmap.analysis.writeback import (
    analysis_graph,
    analysis_graph_iri,
    analysis_quads,
    write_analysis,
)
from argmap.corpus import Corpus
from argmap.errors import ArgmapError
from argmap.formats.registry import load
from argmap.query import query
from argmap.rdf import to_graph, to_store
from argmap.validate import graph_shacl_problems

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "queries"
AM = "https://w3id.org/argmap/ns#"
ID = "https://w3id.org/argmap/id/"


def reply_corpus() -> Corpus:
    return load([QUERIES / "mini.yaml", QUERIES / "reply.yaml"])


def test_mini_statuses_and_scores_land_in_the_analysis_graph(mini_corpus: Corpus) -> None:
    status = {"mini:open-cheap": "accepted", "mini:quality-gap": "rejected"}
    quads = analysis_quads(mini_corpus, status)
    assert analysis_graph_iri(mini_corpus) == ID + "analysis"
    assert {q.graph_name for q in quads} == {ox.NamedNode(ID + "analysis")}
    statuses = {
        (q.subject.value, q.object.value) for q in quads if q.predicate.value == AM + "status"
    }
    assert statuses == {
        (ID + "map/mini/claim/open-cheap", AM + "Accepted"),
        (ID + "map/mini/claim/quality-gap", AM + "Rejected"),
    }
    scores = {
        q.subject.value: float(q.object.value) for q in quads if q.predicate.value == AM + "score"
    }
    assert len(scores) == 4
    assert scores[ID + "map/mini/claim/erodes-advantage"] == pytest.approx(1.85 / 4.85)


def test_sparql_over_store_and_analysis_finds_accepted_and_rejected_claims() -> None:
    corpus = reply_corpus()
    store = to_store(corpus)
    store.extend(analysis_quads(corpus))  # grounded semantics by default
    result = query(
        store,
        "SELECT ?id ?s WHERE { ?c am:status ?s ; dcterms:identifier ?id } ORDER BY ?id",
    )
    found = {(str(r["id"].value), str(r["s"].value).removeprefix(AM)) for r in result.rows}
    assert ("erodes-advantage", "Accepted") in found
    assert ("moat", "Rejected") in found
    assert ("open-cheap", "Rejected") in found
    accepted = query(store, "SELECT ?c WHERE { ?c am:status am:Accepted }")
    assert len(accepted.rows) == 8


def test_map_graphs_stay_as_authored() -> None:
    corpus = reply_corpus()
    quads = analysis_quads(corpus)
    map_graphs = {q.graph_name for q in to_store(corpus)}
    assert not map_graphs & {q.graph_name for q in quads}


def test_analysis_graph_conforms_to_the_shapes_with_the_maps() -> None:
    corpus = load(sorted((ROOT / "data").glob("*.yaml")))
    quads = analysis_quads(corpus)
    assert graph_shacl_problems(to_graph(corpus) + analysis_graph(quads)) == []


def test_shapes_reject_a_status_outside_the_three(mini_corpus: Corpus) -> None:
    graph = analysis_graph(analysis_quads(mini_corpus, {"mini:open-cheap": "accepted"}))
    graph.add(
        (
            rdflib.URIRef(ID + "map/mini/claim/open-cheap"),
            rdflib.URIRef(AM + "status"),
            rdflib.URIRef(AM + "Maybe"),
        )
    )
    problems = graph_shacl_problems(to_graph(mini_corpus) + graph)
    assert any("am:status" in p.message for p in problems)


def test_bad_status_or_unknown_claim_is_a_one_line_error(mini_corpus: Corpus) -> None:
    with pytest.raises(ArgmapError, match="'maybe'"):
        analysis_quads(mini_corpus, {"mini:open-cheap": "maybe"})
    with pytest.raises(ArgmapError, match="mini:nope"):
        analysis_quads(mini_corpus, {"mini:nope": "accepted"})


def test_written_trig_parses_back_to_the_same_quads(tmp_path: Path) -> None:
    corpus = reply_corpus()
    quads = analysis_quads(corpus)
    out = tmp_path / "analysis.trig"
    write_analysis(out, quads)
    parsed = set(ox.parse(path=str(out), format=ox.RdfFormat.TRIG))
    assert parsed == set(quads)
    assert len(quads) == 2 * len(claim_importance(corpus))
