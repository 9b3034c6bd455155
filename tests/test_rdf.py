"""Model <-> RDF is lossless both ways, on both engines, in every file format."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings
from rdflib.compare import isomorphic

from argmap import ArgumentMap, Corpus
from argmap.formats.rdf import RDF_FORMATS, read_rdf, write_rdf
from argmap.rdf import from_oxigraph, from_rdflib, to_dataset, to_graph, to_oxigraph_quads
from tests.strategies import argument_maps

ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _quads_by_value(dataset: rdflib.Dataset) -> set[tuple[object, ...]]:
    """The dataset's quads, literals compared by value (engines differ in lexical forms)."""

    def term(t: object) -> object:
        return ("literal", t.datatype, t.toPython()) if isinstance(t, rdflib.Literal) else t

    return {
        (term(s), term(p), term(o), getattr(g, "identifier", g))
        for s, p, o, g in dataset.quads((None, None, None, None))
    }


def _oxigraph_as_rdflib(corpus: Corpus) -> rdflib.Dataset:
    """What pyoxigraph holds, re-read by rdflib, for comparison with the rdflib path."""
    data = ox.serialize(to_oxigraph_quads(corpus), format=ox.RdfFormat.N_QUADS)
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="nquads")
    return dataset


@ROUND_TRIP
@given(argument_maps())
def test_model_to_graph_to_model_gives_an_equal_model(m: ArgumentMap) -> None:
    corpus = Corpus(maps=(m,))
    assert from_rdflib(to_dataset(corpus)) == corpus
    assert from_oxigraph(to_oxigraph_quads(corpus)) == corpus


@ROUND_TRIP
@given(argument_maps())
def test_graph_to_model_to_graph_gives_an_isomorphic_graph(m: ArgumentMap) -> None:
    graph = to_graph(Corpus(maps=(m,)))
    again = to_graph(from_rdflib(graph))
    assert isomorphic(graph, again)


@ROUND_TRIP
@given(argument_maps())
def test_rdflib_and_pyoxigraph_paths_build_the_same_graph(m: ArgumentMap) -> None:
    corpus = Corpus(maps=(m,))
    # Our graphs have no blank nodes, so isomorphism is equality of the quad sets.
    assert _quads_by_value(to_dataset(corpus)) == _quads_by_value(_oxigraph_as_rdflib(corpus))


def test_materialised_direct_triples_match_the_reified_relations(mini_corpus: Corpus) -> None:
    graph = to_graph(mini_corpus)
    am = rdflib.Namespace("https://w3id.org/argmap/ns#")
    base = "https://w3id.org/argmap/id/"
    claim = lambda c: rdflib.URIRef(f"{base}map/mini/claim/{c}")  # noqa: E731
    assert (claim("open-cheap"), am.supports, claim("erodes-advantage")) in graph
    assert (claim("quality-gap"), am.attacks, claim("erodes-advantage")) in graph
    # An undercut attacks the relation itself.
    assert (claim("gap-closing"), am.attacks, rdflib.URIRef(f"{base}map/mini/relation/r2")) in graph
    actor = lambda a: rdflib.URIRef(f"{base}actor/{a}")  # noqa: E731
    assert (actor("acme"), am.isConcernedAbout, claim("erodes-advantage")) in graph
    assert (actor("hobbyists"), am.endorses, claim("open-cheap")) in graph
    assert (actor("incumbents"), am.opposes, claim("gap-closing")) in graph


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
def test_every_rdf_file_format_round_trips_the_corpus(
    fmt, mini_corpus: Corpus, tmp_path: Path
) -> None:
    path = tmp_path / f"map{fmt.suffixes[0]}"
    write_rdf(mini_corpus, path)
    assert read_rdf(path) == mini_corpus
    # The file is real RDF for both engines, with the same number of triples.
    engine_format = {
        "turtle": "turtle",
        "trig": "trig",
        "ntriples": "nt",
        "nquads": "nquads",
        "jsonld": "json-ld",
        "rdfxml": "xml",
    }[fmt.name]
    parsed = rdflib.Dataset()
    parsed.parse(path, format=engine_format)
    ox_triples = {q.triple for q in ox.parse(path=str(path), format=fmt.oxigraph)}
    rdflib_triples = {(s, p, o) for s, p, o, _ in parsed.quads((None, None, None, None))}
    assert len(ox_triples) == len(rdflib_triples) == len(to_graph(mini_corpus))


def test_jsonld_output_embeds_its_context_so_reading_needs_no_network(
    mini_corpus: Corpus, tmp_path: Path
) -> None:
    path = tmp_path / "map.jsonld"
    write_rdf(mini_corpus, path)
    text = path.read_text("utf-8")
    assert '"@context": {' in text  # inline, not a URL to fetch
    assert read_rdf(path) == mini_corpus


def test_quads_formats_keep_one_named_graph_per_map(mini_corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "map.trig"
    write_rdf(mini_corpus, path)
    graphs = {q.graph_name.value for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG)}
    assert graphs == {"https://w3id.org/argmap/id/map/mini"}


def test_strength_survives_number_normalisation_as_a_value(mini_corpus: Corpus) -> None:
    # pyoxigraph writes 0.8 as "8e-1"; it must still come back as 0.8.
    store = ox.Store()
    store.bulk_extend(to_oxigraph_quads(mini_corpus))
    again = from_oxigraph(store.quads_for_pattern(None, None, None, None))
    assert again.maps[0].relations_by_id["r1"].strength == 0.8
