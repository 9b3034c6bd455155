"""Write-back: statuses and scores go into their own named graph, SPARQL finds them next to the
maps, the graph conforms to the SHACL shapes, and the statuses read back are the ones written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from argmap.analysis.importance import claim_importance
from argmap.analysis.writeback import (
    analysis_graph,
    analysis_graph_iri,
    analysis_quads,
    corpus_status,
    dumps_analysis,
    read_status,
    split_maps_and_status,
    write_analysis,
)
from argmap.errors import ArgmapError
from argmap.formats.registry import load
from argmap.model.corpus import Corpus
from argmap.rdf.files import write_rdf
from argmap.rdf.store import to_store
from argmap.rdf.write import to_graph
from argmap.shacl.maps import graph_shacl_problems
from argmap.sparql.local import query

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "queries"
AM = "https://w3id.org/argmap/ns#"
ID = "https://w3id.org/argmap/id/"
SEED = sorted((ROOT / "data").glob("*.yaml"))


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


# ---- reading the results back -------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Corpus:
    return load(SEED)


@pytest.fixture(scope="module")
def seed_analysis(seed: Corpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("analysis") / "analysis.trig"
    write_analysis(out, analysis_quads(seed))
    return out


def test_statuses_read_back_are_the_grounded_statuses_written(
    seed: Corpus, seed_analysis: Path
) -> None:
    status = read_status(seed_analysis, seed)
    assert status == corpus_status(seed)
    assert len(status) == 101
    assert status["deepseek-tipping-point:open-models-misuse"] == "rejected"
    assert set(status.values()) == {"accepted", "rejected", "undecided"}
    store = to_store(seed)
    store.extend(analysis_quads(seed))
    assert read_status(store, seed) == status
    assert read_status(to_store(seed), seed) == {}  # maps alone: nothing to colour by


def test_files_are_sorted_into_maps_and_statuses(
    seed: Corpus, seed_analysis: Path, tmp_path: Path
) -> None:
    found = split_maps_and_status([*SEED, seed_analysis])
    assert found.map_files == tuple(SEED)
    assert {t.origin for t in found.statuses} == {str(seed_analysis)}
    assert found.status(seed) == corpus_status(seed)
    # One TriG holding the maps' graphs and the analysis graph is both, read once.
    both = tmp_path / "both.trig"
    write_rdf(seed, both)
    both.write_bytes(both.read_bytes() + dumps_analysis(analysis_quads(seed)))
    found = split_maps_and_status([both])
    assert found.map_files == (both,)
    assert found.status(load([both])) == corpus_status(seed)
    # Maps in RDF without analysis: a map file, no statuses.
    maps_only = tmp_path / "maps.nq"
    write_rdf(seed, maps_only)
    assert split_maps_and_status([maps_only]).statuses == ()


def one_line_error(action: Callable[[], object], *parts: str) -> None:
    with pytest.raises(ArgmapError) as caught:
        action()
    message = str(caught.value)
    assert len(message.splitlines()) == 1, message
    for part in parts:
        assert part in message, message


def test_results_of_other_maps_name_the_file_the_claim_and_the_fix(
    seed: Corpus, mini_corpus: Corpus, tmp_path: Path
) -> None:
    other = tmp_path / "mini-analysis.trig"
    write_analysis(other, analysis_quads(mini_corpus))
    one_line_error(
        lambda: read_status(other, seed),
        f"{other}: am:status of <{ID}map/mini/claim/",
        "no claim of these maps",
        "re-run 'argmap analyze MAPS --write FILE'",
    )


@pytest.mark.parametrize(
    ("replacement", "shown"),
    [(b"am:status am:Maybe", f"<{AM}Maybe>"), (b'am:status "accepted"', '"accepted"')],
)
def test_a_status_outside_the_three_is_a_one_line_error(
    seed: Corpus, seed_analysis: Path, tmp_path: Path, replacement: bytes, shown: str
) -> None:
    bad = tmp_path / "bad.trig"
    bad.write_bytes(seed_analysis.read_bytes().replace(b"am:status am:Accepted", replacement, 1))
    one_line_error(
        lambda: read_status(bad, seed),
        f"{bad}: <{ID}map/",
        f"has am:status {shown}",
        "am:Accepted, am:Rejected or am:Undecided",
    )


def test_two_different_statuses_for_one_claim_are_an_error(
    seed: Corpus, seed_analysis: Path, tmp_path: Path
) -> None:
    flipped = tmp_path / "flipped.trig"
    flipped.write_bytes(
        seed_analysis.read_bytes().replace(b"am:status am:Accepted", b"am:status am:Rejected")
    )
    one_line_error(
        lambda: read_status([seed_analysis, flipped], seed),
        f"{flipped}: <{ID}map/",
        f"am:status rejected here but accepted in {seed_analysis}",
    )
    # The same analysis twice is the same facts: no conflict.
    assert read_status([seed_analysis, seed_analysis], seed) == corpus_status(seed)


def test_files_holding_neither_maps_nor_statuses_are_errors(
    seed_analysis: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.ttl"
    other.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    one_line_error(
        lambda: split_maps_and_status([*SEED, other]),
        f"{other}: no am:ArgumentMap and no am:status found",
    )
    one_line_error(
        lambda: split_maps_and_status([seed_analysis]),
        f"{seed_analysis}: holds analysis results but no map; give the map files too",
    )
    one_line_error(lambda: split_maps_and_status([tmp_path / "nope.trig"]), "no such file")
    broken = tmp_path / "broken.trig"
    broken.write_text("garbage {", encoding="utf-8")
    one_line_error(lambda: split_maps_and_status([broken]), f"{broken}: not valid trig")
    one_line_error(lambda: read_status(SEED[0], load(SEED)), f"{SEED[0]}: not an RDF file")
