"""Model <-> RDF is lossless both ways, on both engines, in every file format."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from argmap import ArgumentMap, Claim, Corpus
from argmap.formats.registry import load
from argmap.rdf.files import RDF_FORMATS, dumps_rdf, read_rdf, write_rdf
from argmap.rdf.read import from_oxigraph, from_rdflib
from argmap.rdf.store import _ChunkReader, to_store
from argmap.rdf.terms import DOUBLE, STRING, Lit
from argmap.rdf.write import (
    _MAY_REPEAT,
    _nquads_iri,
    _nquads_literal,
    corpus_quads,
    nquads_chunks,
    to_dataset,
    to_graph,
    to_nquads,
    to_oxigraph_quads,
)
from tests.conftest import ROOT
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


# ---- the fast path: N-Quads text into pyoxigraph -----------------------------------------------


def _graphs(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    """Each named graph of the dataset as a Graph of its own, by name."""
    graphs: dict[str, rdflib.Graph] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = str(getattr(g, "identifier", g))
        graphs.setdefault(name, rdflib.Graph()).add((s, p, o))
    return graphs


def _corpora() -> st.SearchStrategy[Corpus]:
    """Corpora of one to three generated maps (maps whose ids happen to clash are dropped)."""

    def corpus(maps: list[ArgumentMap]) -> Corpus:
        try:
            return Corpus(maps=tuple(maps))
        except pydantic.ValidationError:
            reject()

    return st.lists(argument_maps(), min_size=1, max_size=3).map(corpus)


@ROUND_TRIP
@given(_corpora())
def test_the_nquads_fast_path_and_the_rdflib_path_give_isomorphic_graphs(corpus: Corpus) -> None:
    expected = _graphs(to_dataset(corpus))
    parsed = rdflib.Dataset()
    parsed.parse(data=to_nquads(corpus), format="nquads")
    built = _graphs(parsed)
    assert built.keys() == expected.keys()
    for name, graph in expected.items():
        assert isomorphic(graph, built[name]), name


@ROUND_TRIP
@given(_corpora())
def test_the_store_holds_what_building_each_quad_in_python_gives(corpus: Corpus) -> None:
    """The store loaded from text equals one filled quad by quad (the way before the text
    path), both for a new store (chunked load) and a given one (bulk_load)."""

    def term(value: str | Lit) -> ox.NamedNode | ox.Literal:
        if isinstance(value, Lit):
            return ox.Literal(value.lexical, datatype=ox.NamedNode(value.datatype))
        return ox.NamedNode(value)

    reference = ox.Store()
    reference.bulk_extend(
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), term(o), ox.NamedNode(g))
        for s, p, o, g in corpus_quads(corpus)
    )
    expected = set(reference)
    assert set(to_store(corpus)) == expected
    assert set(to_store(corpus, ox.Store())) == expected


@ROUND_TRIP
@given(_corpora())
def test_nquads_text_parses_to_the_neutral_quads_in_order(corpus: Corpus) -> None:
    """One generator feeds both spellings: the text holds exactly corpus_quads, in order."""
    expected = list(corpus_quads(corpus))
    parsed = [
        (
            q.subject.value,
            q.predicate.value,
            Lit(q.object.value, q.object.datatype.value)
            if isinstance(q.object, ox.Literal)
            else q.object.value,
            q.graph_name.value,
        )
        for q in ox.parse(input=to_nquads(corpus), format=ox.RdfFormat.N_QUADS)
    ]
    assert parsed == expected
    assert b"".join(nquads_chunks(corpus)) == to_nquads(corpus)


HOSTILE_TEXTS = [
    'say "hi"',
    'ends with a quote"',
    "back\\slash and \\n not a newline and \\u0022 not a quote",
    "trailing backslash\\",
    "new\nline",
    "carriage\rreturn and \r\n both",
    "tab\there, NUL \x00, bell \x07, escape \x1b, DEL \x7f",
    "unicode: é, 中文, emoji 🦜, RTL \u202e, BOM \ufeff, NEL \x85, LS \u2028, PS \u2029",
    '"> <https://evil.example/p> "injected" <https://evil.example/g> .\n<x',
    "# not a comment",
    '""" triple quotes """',
    "<https://looks.like/an/iri>",
    "^^<http://www.w3.org/2001/XMLSchema#integer>",
    "@en",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_literals_survive_the_text_path_on_both_engines(text: str) -> None:
    m = ArgumentMap.model_validate(
        {
            "id": "m",
            "title": text,
            "description": text,
            "claims": [{"id": "c1", "text": text, "note": text}, {"id": "c2", "text": "x"}],
            "relations": [
                {"id": "r1", "type": "support", "from": "c1", "to": "c2", "warrant": text}
            ],
        }
    )
    corpus = Corpus(maps=(m,))
    data = to_nquads(corpus)
    ox_values = {
        q.object.value
        for q in ox.parse(input=data, format=ox.RdfFormat.N_QUADS)
        if isinstance(q.object, ox.Literal)
    }
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="nquads")
    rdflib_values = {str(o) for _, _, o, _ in dataset.quads() if isinstance(o, rdflib.Literal)}
    assert text in ox_values
    assert text in rdflib_values
    quads = list(ox.parse(input=data, format=ox.RdfFormat.N_QUADS))
    assert not any("evil.example" in q.predicate.value for q in quads)
    # Each quad stands on one line: a newline in a text cannot start another quad.
    assert data.count(b"\n") == sum(1 for _ in corpus_quads(corpus))
    assert from_oxigraph(to_store(corpus).quads_for_pattern(None, None, None, None)) == corpus


def test_nquads_literal_escapes_exactly_what_the_grammar_requires() -> None:
    assert _nquads_literal('a"b\\c\nd\re\tf', STRING) == '"a\\"b\\\\c\\nd\\re\tf"'
    assert _nquads_literal("0.8", DOUBLE) == f'"0.8"^^<{DOUBLE}>'
    assert _nquads_literal("🦜\u2028", STRING) == '"🦜\u2028"'


@pytest.mark.parametrize(
    "iri", ["https://x/a>b", "https://x/a b", "https://x/a\nb", 'https://x/"', "https://x/{a}"]
)
def test_an_iri_that_would_break_its_brackets_is_refused(iri: str) -> None:
    with pytest.raises(ValueError, match="Invalid IRI code point"):
        _nquads_iri(iri)


@pytest.mark.parametrize(
    ("base", "url"),
    [
        ("https://example.org/a>b/", None),
        ("https://example.org/a{b}/", None),
        ("https://example.org/", "https://example.org/\x01"),
    ],
)
def test_a_map_whose_base_or_url_is_no_iri_is_refused_before_any_quad_is_written(
    base: str, url: str | None
) -> None:
    source: dict[str, object] = {"id": "s", "title": "S"}
    if url is not None:
        source["url"] = url
    m = ArgumentMap.model_validate({"id": "m", "title": "t", "base": base, "sources": [source]})
    corpus = Corpus(maps=(m,))
    with pytest.raises(ValueError, match="Invalid IRI code point"):
        to_store(corpus)
    store = ox.Store()
    with pytest.raises(ValueError, match="Invalid IRI code point"):
        to_store(corpus, store)
    assert len(store) == 0
    with pytest.raises(ValueError, match="Invalid IRI code point"):
        to_oxigraph_quads(corpus)


def test_an_unvalidated_id_cannot_smuggle_quads_into_the_text() -> None:
    # model_construct skips validation, so the id is not a slug; the text path must refuse it.
    claim = Claim.model_construct(
        id="c> <https://evil.example/p> <https://evil.example/o> . #", text="t"
    )
    m = ArgumentMap.model_construct(id="m", title="t", claims=(claim,))
    corpus = Corpus.model_construct(maps=(m,))
    with pytest.raises(ValueError, match="Invalid IRI code point"):
        to_nquads(corpus)


def test_the_chunk_reader_reads_like_a_file() -> None:
    reader = _ChunkReader(iter([b"abc", b"", b"defg", b"h"]))
    assert [reader.read(2), reader.read(5), reader.read(1), reader.read(), reader.read(3)] == [
        b"ab",
        b"c",
        b"d",
        b"efgh",
        b"",
    ]
    buffer = bytearray(4)
    assert _ChunkReader(iter([b"xy", b"z"])).readinto(buffer) == 2
    assert bytes(buffer[:2]) == b"xy"


# ---- streamed writing: each triple of the union once ------------------------------------------


def _union_in_order(corpus: Corpus) -> list[tuple[str, str, object]]:
    """The union of the maps' graphs: each triple once, where corpus_quads first has it."""
    return list(dict.fromkeys((s, p, o) for s, p, o, _ in corpus_quads(corpus)))


def _ntriples_read(data: bytes) -> list[tuple[str, str, object]]:
    return [
        (
            q.subject.value,
            q.predicate.value,
            Lit(q.object.value, q.object.datatype.value)
            if isinstance(q.object, ox.Literal)
            else q.object.value,
        )
        for q in ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES)
    ]


@ROUND_TRIP
@given(_corpora())
def test_triple_formats_hold_each_triple_of_the_union_once_in_order(corpus: Corpus) -> None:
    ntriples = next(f for f in RDF_FORMATS if f.name == "ntriples")
    assert _ntriples_read(dumps_rdf(corpus, ntriples)) == _union_in_order(corpus)


@ROUND_TRIP
@given(_corpora())
def test_only_the_triples_said_to_repeat_stand_twice(corpus: Corpus) -> None:
    """The writer dedupes only _MAY_REPEAT; any other triple must be said once."""
    said = [(s, p, o) for s, p, o, _ in corpus_quads(corpus) if p not in _MAY_REPEAT]
    assert len(set(said)) == len(said)


def test_repeated_triples_are_written_once() -> None:
    """Two supports with the same ends make one am:supports triple; an actor two maps share
    has its am:order in both graphs; triple formats write each once."""
    m = ArgumentMap.model_validate(
        {
            "id": "m",
            "title": "t",
            "claims": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
            "relations": [
                {"id": "r1", "type": "support", "from": "a", "to": "b"},
                {"id": "r2", "type": "support", "from": "a", "to": "b"},
            ],
        }
    )
    seed = load(sorted((ROOT / "data").glob("*.yaml")))
    for corpus in (Corpus(maps=(m,)), seed):
        quads = list(corpus_quads(corpus))
        assert len({q[:3] for q in quads}) < len(quads)  # there is something to dedupe
        for fmt in RDF_FORMATS:
            if not fmt.quads and fmt.name != "jsonld":
                parsed = [q.triple for q in ox.parse(dumps_rdf(corpus, fmt), format=fmt.oxigraph)]
                assert len(parsed) == len(set(parsed)) == len(_union_in_order(corpus)), fmt.name


def test_quad_formats_are_the_quads_streamed(mini_corpus: Corpus) -> None:
    nquads = next(f for f in RDF_FORMATS if f.name == "nquads")
    assert dumps_rdf(mini_corpus, nquads) == ox.serialize(
        to_oxigraph_quads(mini_corpus), format=ox.RdfFormat.N_QUADS
    )
