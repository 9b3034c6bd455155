"""The flagship data: the two open-source-AI articles mapped in full, checked end to end."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from argmap import ArgumentMap, Corpus
from argmap.formats.authoring import load_corpus
from argmap.model.ids import split_ref
from argmap.model.quotes import quotes_without_offsets
from argmap.rdf.files import read_rdf, write_rdf
from argmap.rdf.write import to_oxigraph_quads
from argmap.shacl.maps import shacl_problems
from tests.conftest import ROOT

SEED_FILES = sorted((ROOT / "data").glob("*.yaml"))


@pytest.fixture(scope="module")
def seed() -> Corpus:
    return load_corpus(SEED_FILES)


def test_both_articles_are_mapped(seed: Corpus) -> None:
    assert sorted(seed.maps_by_id) == ["big-tech-open-source-ai", "deepseek-tipping-point"]


def test_maps_meet_the_size_bar(seed: Corpus) -> None:
    claims = sum(len(m.claims) for m in seed.maps)
    relations = sum(len(m.relations) for m in seed.maps)
    stances = sum(len(m.stances) for m in seed.maps)
    assert (claims >= 60, relations >= 60, stances >= 25) == (True, True, True), (
        claims,
        relations,
        stances,
    )


def test_maps_conform_to_the_shacl_shapes(seed: Corpus) -> None:
    assert shacl_problems(seed) == []


def test_every_quote_has_offsets_and_stands_there(seed: Corpus) -> None:
    # Loading checked every quote against its source text; offsets must be given too.
    assert quotes_without_offsets(seed) == []


def test_every_claim_and_stance_carries_a_quote(seed: Corpus) -> None:
    bare = [(m.id, e.id) for m in seed.maps for e in (*m.claims, *m.stances) if not e.quotes]
    assert bare == []


def test_no_claim_is_an_orphan(seed: Corpus) -> None:
    linked: set[tuple[str, str]] = set()
    for m in seed.maps:
        for r in m.relations:
            for ref in (r.source, r.target):
                other, local = split_ref(ref)
                linked.add((other or m.id, local))
    orphans = [
        (m.id, c.id)
        for m in seed.maps
        for c in m.claims
        if not c.answers and (m.id, c.id) not in linked
    ]
    assert orphans == []


def test_the_articles_are_linked_across_maps(seed: Corpus) -> None:
    cross = [
        r
        for m in seed.maps
        for r in m.relations
        if split_ref(r.source)[0] or split_ref(r.target)[0]
    ]
    assert len(cross) >= 6
    assert {r.type.value for r in cross} == {"support", "attack"}


def test_shared_actors_are_defined_once_for_the_corpus(seed: Corpus) -> None:
    in_both = set.intersection(*({a.id for a in m.actors} for m in seed.maps))
    assert {"big-tech", "developers"} <= in_both
    for needed in (
        "deepseek",
        "china",
        "meta",
        "microsoft",
        "red-hat",
        "regulators",
        "open-source-community",
        "ravindra-kirti",
        "ravi-vs",
        "michael-bourne",
        "jimmy-ong-cheng-keat",
    ):
        assert needed in seed.actors


def test_built_trig_parses_alike_in_rdflib_and_pyoxigraph(seed: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "argmap.trig"
    write_rdf(seed, out)
    parsed = rdflib.Dataset().parse(out, format="trig")
    rdflib_quads = sum(1 for _ in parsed.quads((None, None, None, None)))
    ox_quads = len(list(ox.parse(path=str(out), format=ox.RdfFormat.TRIG)))
    assert rdflib_quads == ox_quads > 4000
    # Shared actors are one IRI present in both maps' named graphs.
    big_tech = rdflib.URIRef("https://w3id.org/argmap/id/actor/big-tech")
    graphs = {getattr(g, "identifier", g) for *_, g in parsed.quads((big_tech, None, None, None))}
    assert len(graphs) == 2


@pytest.mark.parametrize("suffix", [".trig", ".nq", ".jsonld"])
def test_seed_corpus_round_trips_exactly_through_quad_formats(
    seed: Corpus, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"seed{suffix}"
    write_rdf(seed, path)
    assert read_rdf(path) == seed


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".rdf"])
def test_triple_formats_keep_everything_but_the_order_of_shared_entities(
    seed: Corpus, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"seed{suffix}"
    write_rdf(seed, path)

    def by_id(corpus: Corpus) -> list[ArgumentMap]:
        return [
            m.model_copy(
                update={
                    k: tuple(sorted(getattr(m, k), key=lambda e: e.id))
                    for k in ("sources", "topics", "actors")
                }
            )
            for m in corpus.maps
        ]

    assert by_id(read_rdf(path)) == by_id(seed)


def test_no_fact_stands_in_two_named_graphs(seed: Corpus) -> None:
    # SPARQL stores answer over the union of graphs as a bag: a fact in two graphs would
    # come back twice. Shared actors are described once, in the first map that names them;
    # only their position in each map (am:order) may coincide.
    order = "https://w3id.org/argmap/ns#order"
    quads = [q for q in to_oxigraph_quads(seed) if q.predicate.value != order]
    assert len({q.triple for q in quads}) == len(quads)
