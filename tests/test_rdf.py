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
from argmap.model import RelationType
from argmap.model.ids import split_ref
from argmap.rdf.files import RDF_FORMATS, dumps_rdf, read_rdf, write_rdf
from argmap.rdf.read import from_oxigraph, from_rdflib
from argmap.rdf.store import _ChunkReader, to_store
from argmap.rdf.terms import DOUBLE, STRING, Lit
from argmap.rdf.write import (
    _MAY_REPEAT,
    _MAY_REPEAT_SUBJECTS,
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
@pytest.mark.parametrize("name", ["mini", "arguments"])
def test_every_rdf_file_format_round_trips_the_corpus(fmt, name: str, tmp_path: Path) -> None:
    corpus = load([ROOT / "tests" / "data" / f"{name}.yaml"])
    path = tmp_path / f"map{fmt.suffixes[0]}"
    write_rdf(corpus, path)
    assert read_rdf(path) == corpus
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
    assert len(ox_triples) == len(rdflib_triples) == len(to_graph(corpus))


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
    """The writer dedupes only _MAY_REPEAT (and what graphs say of the built-in schemes they
    use); any other triple must be said once."""
    said = [
        (s, p, o)
        for s, p, o, _ in corpus_quads(corpus)
        if p not in _MAY_REPEAT and s not in _MAY_REPEAT_SUBJECTS
    ]
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


# ---- arguments, schemes, the relations between claims, and who advances them ------------------

AM = rdflib.Namespace("https://w3id.org/argmap/ns#")
AMS = rdflib.Namespace("https://w3id.org/argmap/scheme/")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
ID = "https://w3id.org/argmap/id/"


@pytest.fixture(scope="module")
def arguments_corpus() -> Corpus:
    return load([ROOT / "tests" / "data" / "arguments.yaml"])


def _in(map_id: str, kind: str, entity_id: str) -> rdflib.URIRef:
    return rdflib.URIRef(f"{ID}map/{map_id}/{kind}/{entity_id}")


def test_an_argument_is_its_linked_premises_its_conclusion_and_its_scheme(
    arguments_corpus: Corpus,
) -> None:
    graph = to_graph(arguments_corpus)
    claim = lambda c: _in("arguments", "claim", c)  # noqa: E731
    expert, forecast = (
        _in("arguments", "argument", "expert"),
        _in("arguments", "argument", "forecast"),
    )
    assert (expert, rdflib.RDF.type, AM.Argument) in graph
    premises = {claim(c) for c in ("costs-in-field", "lee-expert", "lee-says")}
    assert set(graph.objects(expert, AM.premise)) == premises
    assert list(graph.objects(expert, AM.conclusion)) == [claim("solar-cheaper")]
    assert list(graph.objects(expert, AM.scheme)) == [AMS["expert-opinion"]]
    # Each premise supports the conclusion directly, for queries that skip the argument.
    for premise in premises:
        assert (premise, AM.supports, claim("solar-cheaper")) in graph
    # A scheme of the map's own, refining a built-in one; both in the list of schemes.
    market = _in("arguments", "scheme", "market-forecast")
    assert list(graph.objects(forecast, AM.scheme)) == [market]
    assert (market, SKOS.broader, AMS["cause-to-effect"]) in graph
    for scheme in (market, AMS["cause-to-effect"], AMS["expert-opinion"], AMS.sign):
        assert (scheme, rdflib.RDF.type, SKOS.Concept) in graph
        assert (scheme, SKOS.inScheme, AM.ArgumentSchemes) in graph
        assert graph.value(scheme, SKOS.prefLabel) is not None
    # Only the built-in schemes the map uses are described in its graph.
    builtin = {s for s in graph.subjects(SKOS.inScheme, AM.ArgumentSchemes) if s in AMS}
    assert builtin == {AMS["cause-to-effect"], AMS["expert-opinion"], AMS.sign}
    assert graph.value(AMS.sign, SKOS.prefLabel) == rdflib.Literal("Argument from sign")


def test_attacks_name_what_they_hit_and_claims_relate_as_contraries_contradictories_rephrases(
    arguments_corpus: Corpus,
) -> None:
    graph = to_graph(arguments_corpus)
    claim = lambda c: _in("arguments", "claim", c)  # noqa: E731
    relation = lambda r: _in("arguments", "relation", r)  # noqa: E731
    argument = lambda a: _in("arguments", "argument", a)  # noqa: E731
    expected_targets = {
        "undermine-cheaper": (AM.Undermine, claim("solar-cheaper")),
        "undercut-expert": (AM.Undercut, argument("expert")),
        "undercut-undercut": (AM.Undercut, relation("undercut-expert")),
        "rebut-forecast": (AM.Rebut, argument("forecast")),
    }
    for rel_id, (kind, target) in expected_targets.items():
        r = relation(rel_id)
        assert graph.value(r, AM.kind) == kind
        assert graph.value(r, AM.target) == target
        assert (graph.value(r, AM.source), AM.attacks, target) in graph
    for rel_id, cls in [
        ("coal-contrary", AM.Contrary),
        ("cheaper-contradictory", AM.Contradictory),
        ("wins-rephrase", AM.Rephrase),
    ]:
        assert (relation(rel_id), rdflib.RDF.type, cls) in graph
    assert (claim("coal-cheapest"), AM.contrary, claim("solar-cheaper")) in graph
    assert (claim("solar-cheaper"), AM.contrary, claim("coal-cheapest")) not in graph
    assert (claim("solar-not-cheaper"), AM.contradicts, claim("solar-cheaper")) in graph
    assert (claim("solar-cheaper"), AM.contradicts, claim("solar-not-cheaper")) in graph
    assert (claim("solar-wins"), AM.rephrases, claim("solar-overtakes")) in graph
    assert (claim("solar-overtakes"), AM.rephrases, claim("solar-wins")) not in graph


def test_who_advances_an_element_is_its_attribution_or_the_analysts_reconstruction(
    arguments_corpus: Corpus,
) -> None:
    graph = to_graph(arguments_corpus)
    actor = lambda a: rdflib.URIRef(f"{ID}actor/{a}")  # noqa: E731
    true = rdflib.Literal(True)
    expert, trend = _in("arguments", "argument", "expert"), _in("arguments", "argument", "trend")
    assert list(graph.objects(expert, PROV.wasAttributedTo)) == [actor("reporter")]
    assert (expert, AM.analystReconstruction, None) not in graph
    assert list(graph.objects(trend, AM.analystReconstruction)) == [true]
    assert (trend, PROV.wasAttributedTo, None) not in graph
    undercut = _in("arguments", "relation", "undercut-expert")
    assert list(graph.objects(undercut, PROV.wasAttributedTo)) == [actor("coal-lobby")]
    stance = _in("arguments", "stance", "lobby-overtakes")
    assert list(graph.objects(stance, AM.analystReconstruction)) == [true]


def test_a_support_is_also_the_one_premise_argument_it_stands_for(
    arguments_corpus: Corpus,
) -> None:
    graph = to_graph(arguments_corpus)
    support = _in("arguments", "relation", "draws-grows")
    assert {AM.Support, AM.Argument} <= set(graph.objects(support, rdflib.RDF.type))
    assert list(graph.objects(support, AM.premise)) == [graph.value(support, AM.source)]
    assert list(graph.objects(support, AM.conclusion)) == [graph.value(support, AM.target)]
    # Back in the model it is the relation it was, and the authored arguments stay arguments.
    again = from_rdflib(graph).maps[0]
    assert "draws-grows" in again.relations_by_id
    assert "draws-grows" not in again.arguments_by_id
    assert [a.id for a in again.arguments] == ["expert", "forecast", "trend"]
    assert again == arguments_corpus.maps[0]


def _argument_triples(graph: rdflib.Graph) -> set[tuple[object, object, object]]:
    """The triples that say an inference is an argument: its type, premises, conclusion."""
    return {
        (s, p, o)
        for s, p, o in graph
        if p in (AM.premise, AM.conclusion) or (p == rdflib.RDF.type and o == AM.Argument)
    }


@pytest.mark.parametrize(
    "files",
    [[ROOT / "tests" / "data" / "mini.yaml"], sorted((ROOT / "data").glob("*.yaml"))],
    ids=["mini", "seed"],
)
def test_a_map_without_arguments_is_its_old_graph_and_each_support_said_as_an_argument(
    files: list[Path],
) -> None:
    corpus = load(files)
    assert not any(m.arguments or m.schemes for m in corpus.maps), "not a map of before"
    graph = to_graph(corpus)
    added = _argument_triples(graph)
    # The old graph is what is left: no triple of it uses a term it did not use before.
    old = {(s, p, o) for s, p, o in graph} - added
    new_terms = {
        *(AM[n] for n in ("Argument", "premise", "conclusion", "scheme", "ArgumentSchemes")),
        *(AM[n] for n in ("Contrary", "Contradictory", "Rephrase", "Undermine")),
        *(AM[n] for n in ("contrary", "contradicts", "rephrases", "analystReconstruction")),
        PROV.wasAttributedTo,
        SKOS.inScheme,
    }
    assert not any(term in new_terms for triple in old for term in triple)
    assert not any(str(term).startswith(str(AMS)) for triple in old for term in triple)
    # What was added is exactly three triples per support relation, and nothing else.
    expected = set()
    for m in corpus.maps:
        for r in m.relations:
            if r.type is RelationType.SUPPORT:
                node = _in(m.id, "relation", r.id)
                expected |= {
                    (node, rdflib.RDF.type, AM.Argument),
                    (node, AM.premise, _claim_of(m.id, r.source)),
                    (node, AM.conclusion, _claim_of(m.id, r.target)),
                }
    assert expected
    assert added == expected


def _claim_of(map_id: str, ref: str) -> rdflib.URIRef:
    other, local = split_ref(ref)
    return _in(other or map_id, "claim", local)


def test_attacks_on_another_maps_arguments_and_relations_point_at_them() -> None:
    """Which IRI an attack's target gets comes from the map that holds the target."""
    first = ArgumentMap.model_validate(
        {
            "id": "first",
            "title": "t",
            "claims": [{"id": f"c{n}", "text": f"C{n}"} for n in range(3)],
            "arguments": [{"id": "a", "premises": ["c0", "c1"], "conclusion": "c2"}],
            "relations": [{"id": "s", "type": "support", "from": "c0", "to": "c2"}],
        }
    )
    second = ArgumentMap.model_validate(
        {
            "id": "second",
            "title": "t",
            "claims": [{"id": "x", "text": "X"}],
            "relations": [
                {"id": "r1", "type": "attack", "kind": "rebut", "from": "x", "to": "first:a"},
                {"id": "r2", "type": "attack", "kind": "undercut", "from": "x", "to": "first:a"},
                {"id": "r3", "type": "attack", "kind": "rebut", "from": "x", "to": "first:s"},
                {"id": "r4", "type": "attack", "kind": "undercut", "from": "x", "to": "first:s"},
                {"id": "r5", "type": "attack", "kind": "rebut", "from": "x", "to": "first:c2"},
                {"id": "r6", "type": "attack", "kind": "undermine", "from": "x", "to": "first:c1"},
            ],
        }
    )
    corpus = Corpus(maps=(first, second))
    graph = to_graph(corpus)
    targets = {
        "r1": _in("first", "argument", "a"),
        "r2": _in("first", "argument", "a"),
        "r3": _in("first", "relation", "s"),
        "r4": _in("first", "relation", "s"),
        "r5": _in("first", "claim", "c2"),
        "r6": _in("first", "claim", "c1"),
    }
    for rel_id, target in targets.items():
        assert graph.value(_in("second", "relation", rel_id), AM.target) == target, rel_id
    assert from_rdflib(to_dataset(corpus)) == corpus
    assert from_oxigraph(to_oxigraph_quads(corpus)) == corpus


def test_a_built_in_scheme_two_maps_use_is_described_in_both_graphs_and_once_in_a_file(
    tmp_path: Path,
) -> None:
    maps = tuple(
        ArgumentMap.model_validate(
            {
                "id": map_id,
                "title": "t",
                "claims": [{"id": "p", "text": "P"}, {"id": "q", "text": "Q"}],
                "arguments": [{"id": "a", "premises": ["p"], "conclusion": "q", "scheme": "sign"}],
            }
        )
        for map_id in ("one", "two")
    )
    corpus = Corpus(maps=maps)
    sign = "https://w3id.org/argmap/scheme/sign"
    graphs = {g for s, _, _, g in corpus_quads(corpus) if s == sign}
    assert graphs == {f"{ID}map/one", f"{ID}map/two"}
    path = tmp_path / "corpus.nt"
    write_rdf(corpus, path)
    parsed = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)]
    about_sign = [t for t in parsed if t.subject.value == sign]
    assert len(about_sign) == len(set(about_sign)) == 3
    assert read_rdf(path) == corpus


def test_the_entity_count_counts_arguments_and_schemes_and_progress_adds_up_to_it(
    arguments_corpus: Corpus,
) -> None:
    from argmap.model import COLLECTIONS
    from argmap.rdf.write import entity_count

    m = arguments_corpus.maps[0]
    assert m.arguments and m.schemes
    assert entity_count(arguments_corpus) == sum(len(getattr(m, c)) for c in COLLECTIONS)
    reported: list[int] = []
    b"".join(nquads_chunks(arguments_corpus, progress=reported.append))
    assert sum(reported) == entity_count(arguments_corpus)
