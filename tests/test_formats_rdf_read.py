"""Reading RDF back into the model (argmap.rdf.read, behind read_rdf, from_oxigraph,
from_triples and from_rdflib): lossless in every format and from every engine, independent
of the order of the quads, and a damaged file is one line naming the file, the place and
the fix, never a traceback."""

from __future__ import annotations

import gc
import random
import re
from pathlib import Path
from typing import Any

import pydantic
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, assume, given, reject, settings
from hypothesis import strategies as st

from argmap import ArgumentMap, Corpus, InputError
from argmap.errors import ArgmapError, MapError
from argmap.model.ids import map_iri
from argmap.rdf.files import RDF_FORMATS, read_rdf, write_rdf
from argmap.rdf.read import from_oxigraph, from_rdflib, from_triples
from argmap.rdf.write import corpus_quads, to_dataset, to_graph, to_nquads, to_oxigraph_quads
from tests.strategies import argument_maps

AM = "https://w3id.org/argmap/ns#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
MINI = "https://w3id.org/argmap/id/map/mini"
FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def corpora() -> st.SearchStrategy[Corpus]:
    """Corpora of one to three generated maps that share no actor, topic or source: a shared
    one is described once, by the first map (docs/rdf.md), so two maps defining one id
    differently could not both come back."""

    def corpus(maps: list[ArgumentMap]) -> Corpus:
        shared = [{e.id for e in (*m.actors, *m.topics, *m.sources)} for m in maps]
        assume(sum(map(len, shared)) == len(set().union(*shared)))
        try:
            return Corpus(maps=tuple(maps))
        except pydantic.ValidationError:
            reject()

    return st.lists(argument_maps(), min_size=1, max_size=3).map(corpus)


def by_iri(corpus: Corpus) -> Corpus:
    """The corpus with its maps in the order RDF gives them back: by IRI (no quad says in
    what order the maps came)."""
    return Corpus(maps=tuple(sorted(corpus.maps, key=lambda m: map_iri(m.base, m.id))))


# ---- lossless -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", RDF_FORMATS, ids=lambda f: f.name)
@FEW
@given(corpus=corpora())
def test_every_format_gives_back_the_corpus(
    fmt: Any, corpus: Corpus, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("rdf") / f"corpus{fmt.suffixes[0]}"
    write_rdf(corpus, path)
    assert read_rdf(path) == by_iri(corpus)


@MANY
@given(corpora())
def test_every_engine_path_reads_the_same_corpus(corpus: Corpus) -> None:
    expected = by_iri(corpus)
    assert from_oxigraph(to_oxigraph_quads(corpus)) == expected
    assert from_oxigraph(q.triple for q in to_oxigraph_quads(corpus)) == expected
    assert from_triples(corpus_quads(corpus)) == expected
    assert from_triples((s, p, o) for s, p, o, _ in corpus_quads(corpus)) == expected
    assert from_rdflib(to_dataset(corpus)) == expected
    assert from_rdflib(to_graph(corpus)) == expected


@MANY
@given(corpora(), st.randoms(use_true_random=False))
def test_the_order_of_the_quads_does_not_matter(corpus: Corpus, rnd: random.Random) -> None:
    quads = to_oxigraph_quads(corpus)
    rnd.shuffle(quads)
    assert from_oxigraph(quads) == by_iri(corpus)


def test_shared_entities_keep_each_maps_order_through_the_rdflib_path(
    tmp_path: Path,
) -> None:
    """The seed maps share actors in different orders; the graphs say which order is whose,
    for rdflib's Dataset as for pyoxigraph."""
    from argmap.formats.registry import load
    from tests.conftest import ROOT

    seed = load(sorted((ROOT / "data").glob("*.yaml")))
    assert from_rdflib(to_dataset(seed)) == seed
    dataset = rdflib.Dataset()
    dataset.parse(data=to_nquads(seed), format="nquads")
    assert from_rdflib(dataset) == seed


def test_a_fact_in_two_graphs_is_one_fact(mini_corpus: Corpus) -> None:
    quads = to_oxigraph_quads(mini_corpus)
    other = ox.NamedNode("https://example.org/other")
    twice = quads + [ox.Quad(q.subject, q.predicate, q.object, other) for q in quads]
    assert from_oxigraph(twice) == mini_corpus


def test_a_language_tag_does_not_make_another_value(mini_corpus: Corpus) -> None:
    """The title in English and in French is one title (RDF from elsewhere tags its texts)."""
    quads = to_oxigraph_quads(mini_corpus)
    title = next(q for q in quads if q.predicate.value == DCT + "title")
    quads.remove(title)
    for language in ("en", "fr"):
        tagged = ox.Literal(title.object.value, language=language)
        quads.append(ox.Quad(title.subject, title.predicate, tagged, title.graph_name))
    assert from_oxigraph(quads) == mini_corpus


def test_foreign_triples_are_ignored(mini_corpus: Corpus) -> None:
    foreign = ox.NamedNode("https://example.org/p")
    quads = to_oxigraph_quads(mini_corpus)
    quads += [ox.Quad(q.subject, foreign, ox.Literal("x"), q.graph_name) for q in quads[:50]]
    assert from_oxigraph(quads) == mini_corpus


# ---- damaged files: one line naming the file, the place and the fix --------------------------

CLAIM = f"<{MINI}/claim/open-cheap>"
RELATION = f"<{MINI}/relation/r1>"


def _drop(subject: str, predicate: str) -> Any:
    def edit(text: str) -> str:
        start = f"{subject} <{predicate}> "
        kept = [line for line in text.splitlines(keepends=True) if not line.startswith(start)]
        assert len(kept) < len(text.splitlines()), "the damage must change the file"
        return "".join(kept)

    return edit


def _replace(old: str, new: str) -> Any:
    def edit(text: str) -> str:
        assert old in text, "the damage must change the file"
        return text.replace(old, new)

    return edit


DAMAGES = {
    "missing text": (
        _drop(CLAIM, AM + "text"),
        InputError,
        f"{CLAIM} has no <{AM}text>; every such entity needs one",
    ),
    "number of another datatype": (
        _replace('"0.8"^^<http://www.w3.org/2001/XMLSchema#double>', '"strong"'),
        InputError,
        f"{RELATION} <{AM}strength> is 'strong', not a number; write a number",
    ),
    "literal for an IRI": (
        _replace(f"{RELATION} <{AM}source> {CLAIM}", f'{RELATION} <{AM}source> "open-cheap"'),
        InputError,
        f"{RELATION} <{AM}source> must be an IRI, found a literal; write <…> in place",
    ),
    "IRI for a literal": (
        _replace(f'{CLAIM} <{AM}text> "', f"{CLAIM} <{AM}text> <https://example.org/t> .\n#"),
        InputError,
        f"{CLAIM} <{AM}text> must be a literal, found <https://example.org/t>; write the value",
    ),
    "dangling reference": (
        _replace(f"{RELATION} <{AM}source> {CLAIM}", f"{RELATION} <{AM}source> <{MINI}/claim/x>"),
        InputError,
        f"{RELATION} <{AM}source> names <{MINI}/claim/x>, which the file does not describe;"
        " add it or correct the IRI",
    ),
    "duplicate id": (
        _replace('"quality-gap"', '"open-cheap"'),
        MapError,
        "claim 'open-cheap': duplicate id 'open-cheap' (also a claim); ids must be unique",
    ),
    "two values of one": (
        _replace(
            f'{CLAIM} <{AM}text> "',
            f'{CLAIM} <{AM}text> "Another." <{MINI}> .\n{CLAIM} <{AM}text> "',
        ),
        InputError,
        f"{CLAIM} has 2 values of <{AM}text>; expected one, keep one",
    ),
    "part of no map": (
        _drop(CLAIM, DCT + "isPartOf"),
        InputError,
        f"{CLAIM} is a <{AM}Claim> but part of no map; add {CLAIM} <{DCT}isPartOf> <its map>",
    ),
    "no class": (
        _drop(CLAIM, RDF_TYPE),
        InputError,
        f"{CLAIM} is part of map <{MINI}> but has no <{RDF_TYPE}>; add its class",
    ),
    "not an argmap term": (
        _replace(f"<{AM}Fact>", "<https://example.org/Fact>"),
        InputError,
        f"{CLAIM} <{AM}kind> is <https://example.org/Fact>, not an argmap term; use one of",
    ),
    "the namespace for a term": (
        _replace(f"<{AM}Fact>", f"<{AM}>"),
        InputError,
        f"{CLAIM} <{AM}kind> is <{AM}>, not an argmap term",
    ),
    "a digit int() refuses": (
        _replace(
            f'<{MINI}/claim/open-cheap/quote/1> <{AM}order> "0"',
            f'<{MINI}/claim/open-cheap/quote/1> <{AM}order> "²"',
        ),
        InputError,
        f"<{MINI}/claim/open-cheap/quote/1> <{AM}order> is '²', not a number; write a whole",
    ),
    "map named elsewhere": (
        _replace('"mini"', '"maxi"'),
        InputError,
        f"map <{MINI}> does not end in 'map/maxi'; not minted by argmap",
    ),
    "no map at all": (
        _drop(f"<{MINI}>", RDF_TYPE),
        InputError,
        "no am:ArgumentMap found; is this argmap RDF (docs/rdf.md)?",
    ),
}


@pytest.mark.parametrize("damage", DAMAGES, ids=str)
def test_a_damaged_file_is_one_line_naming_the_file_the_place_and_the_fix(
    damage: str, mini_corpus: Corpus, tmp_path: Path
) -> None:
    edit, kind, words = DAMAGES[damage]
    path = tmp_path / "damaged.nq"
    path.write_text(edit(to_nquads(mini_corpus).decode("utf-8")), encoding="utf-8")
    with pytest.raises(kind) as caught:
        read_rdf(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert words in message


@MANY
@given(corpora(), st.data())
def test_any_damage_gives_a_corpus_or_one_line_naming_the_source(
    corpus: Corpus, data: st.DataObject
) -> None:
    """Dropped, repeated, retyped or moved quads: never an exception other than argmap's."""
    quads = to_oxigraph_quads(corpus)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(quads) - 1))
        q = quads[i]
        s, p, o, g = q.subject, q.predicate, q.object, q.graph_name
        what = data.draw(st.sampled_from(["drop", "again", "default", "other", "swap", "blank"]))
        if what == "drop":
            del quads[i]
        elif what == "again":  # the same subject and predicate with a second value
            other = (
                ox.Literal(o.value + "2")
                if isinstance(o, ox.Literal)
                else ox.NamedNode(o.value + "2")
            )
            quads.append(ox.Quad(s, p, other, g))
        elif what == "default":
            quads[i] = ox.Quad(s, p, o, ox.DefaultGraph())
        elif what == "other":  # a value of another kind: a literal for an IRI, or back
            other = (
                ox.NamedNode("https://example.org/x")
                if isinstance(o, ox.Literal)
                else ox.Literal(o.value)
            )
            quads[i] = ox.Quad(s, p, other, g)
        elif what == "swap":  # one quad's object given to another predicate
            quads[i] = ox.Quad(s, quads[data.draw(st.integers(0, len(quads) - 1))].predicate, o, g)
        elif what == "blank":  # a subject made a blank node, wherever it stands
            blank = ox.BlankNode("b")
            quads = [
                ox.Quad(
                    blank if x.subject == s else x.subject,
                    x.predicate,
                    blank if x.object == s else x.object,
                    x.graph_name,
                )
                for x in quads
            ]
    try:
        read = from_oxigraph(quads, "damaged.nq")
    except ArgmapError as exc:
        assert "\n" not in str(exc)
        assert str(exc).startswith("damaged.nq: ")
    else:
        assert isinstance(read, Corpus)


def test_a_literal_subject_from_rdflib_is_an_input_error(mini_corpus: Corpus) -> None:
    graph = to_graph(mini_corpus)
    graph.add((rdflib.Literal("x"), rdflib.URIRef(AM + "text"), rdflib.Literal("y")))
    with pytest.raises(InputError, match=r'^RDF graph: the literal "x" stands as a subject; make'):
        from_rdflib(graph)


def test_a_neutral_iri_pyoxigraph_refuses_is_an_input_error(mini_corpus: Corpus) -> None:
    quads = list(corpus_quads(mini_corpus))
    quads.append(("https://example.org/a b", AM + "text", "https://example.org/o", None))
    with pytest.raises(InputError, match=r"^x: <https://example.org/a b> is not valid RDF \("):
        from_triples(quads, "x")


def test_a_syntax_error_late_in_a_file_is_an_input_error(
    mini_corpus: Corpus, tmp_path: Path
) -> None:
    path = tmp_path / "broken.nq"
    write_rdf(mini_corpus, path)
    path.write_bytes(path.read_bytes() + b"<https://example.org/a> <oops\n")
    with pytest.raises(InputError, match=re.escape(f"{path}: not valid nquads: ")):
        read_rdf(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nothing\.ttl: no such file; check the path"):
        read_rdf(tmp_path / "nothing.ttl")


# ---- the garbage collector -----------------------------------------------------------------------


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_leaves_the_garbage_collector_as_it_found_it(
    enabled: bool, mini_corpus: Corpus, tmp_path: Path
) -> None:
    good, bad, broken = tmp_path / "good.ttl", tmp_path / "bad.ttl", tmp_path / "broken.nq"
    write_rdf(mini_corpus, good)
    bad.write_text("<a> <b> .", encoding="utf-8")  # a syntax error, raised while parsing
    broken.write_text(_drop(CLAIM, AM + "text")(to_nquads(mini_corpus).decode()), "utf-8")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        assert read_rdf(good) == mini_corpus
        assert gc.isenabled() is enabled
        for path in (bad, broken):  # an error of the parser, then one of the reader
            with pytest.raises(InputError):
                read_rdf(path)
            assert gc.isenabled() is enabled
        with pytest.raises(InputError):
            from_oxigraph(ox.parse(path=str(broken), format=ox.RdfFormat.N_QUADS))
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


# ---- limits: long texts, entities, over-long terms -----------------------------------------------


def test_a_literal_over_the_text_limit_is_refused_and_the_limit_can_be_raised(
    mini_corpus: Corpus, tmp_path: Path
) -> None:
    from argmap.util.limits import Limits, applied

    path = tmp_path / "long.nt"
    text = "A long claim. " * 8_000  # 112 kB
    path.write_bytes(
        _replace("Open models are cheap to use.", text)(to_nquads(mini_corpus).decode()).encode()
    )
    with pytest.raises(InputError) as caught:
        read_rdf(path, "nquads")
    assert f"{path}: <" in str(caught.value)
    assert "is a literal of 112000 bytes, longer than argmap reads in a text (100000 bytes," in (
        str(caught.value)
    )
    assert caught.value.option == "max-text-kb"
    assert read_rdf(path, "nquads", limits=Limits(max_text_bytes=200_000)).maps[0].claims
    with applied(Limits(max_text_bytes=200_000)):
        assert read_rdf(path, "nquads").maps[0].claims


def test_a_source_text_has_the_larger_limit_of_source_texts(
    mini_corpus: Corpus, tmp_path: Path
) -> None:
    from argmap.util.limits import Limits

    source = mini_corpus.maps[0].sources[0]
    long_text = "Open models cost little to run. " * 5_000  # 160 kB, quotes still in place
    corpus = Corpus(
        maps=(
            mini_corpus.maps[0].model_copy(
                update={"sources": [source.model_copy(update={"text": source.text + long_text})]}
            ),
        )
    )
    path = tmp_path / "source.ttl"
    write_rdf(corpus, path)
    assert read_rdf(path).maps[0].sources[0].text == source.text + long_text
    with pytest.raises(InputError, match="longer than argmap reads in a source text"):
        read_rdf(path, limits=Limits(max_source_bytes=100_000))


RDF_XML = """<?xml version="1.0"?>
{doctype}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="https://example.org/a">{body}</rdf:Description>
</rdf:RDF>
"""


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rdf:RDF [<!ENTITY a "x">]>\n',
        '<!doctype rdf:RDF [\n<!ENTITY\n  a "x">]>\n',
        '<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
        '<!DOCTYPE rdf:RDF [<!ENTITY % p "x">]>\n',
    ],
)
def test_rdf_xml_that_declares_entities_is_refused_before_parsing(
    doctype: str, tmp_path: Path
) -> None:
    import io

    path = tmp_path / "entities.rdf"
    text = RDF_XML.format(doctype=doctype, body="")
    path.write_text(text, encoding="utf-8")
    message = "the RDF/XML declares entities (<!ENTITY), which argmap does not expand"
    line = text[: text.index("ENTITY")].count("\n") + 1
    with pytest.raises(InputError, match=re.escape(f"{path}:{line}: {message}")):
        read_rdf(path)
    with pytest.raises(InputError, match=re.escape(f"<stream>:{line}: {message}")):
        read_rdf(io.BytesIO(text.encode()), "rdfxml", label="<stream>")


def test_an_entity_declared_inside_the_document_or_across_chunks_is_found(tmp_path: Path) -> None:
    from argmap.rdf import files

    # pyoxigraph reads a DOCTYPE wherever it stands, so the whole file is scanned.
    inside = RDF_XML.format(doctype="", body='<!DOCTYPE x [<!ENTITY a "x">]>')
    with pytest.raises(InputError, match=":3: the RDF/XML declares entities"):
        files.refuse_xml_entities(inside.encode(), "inside")
    padding = " " * (files._SCAN_CHUNK - 4) + "\n"  # "<!ENT" | "ITY" across the chunk edge
    split = padding + '<!ENTITY a "x">'
    path = tmp_path / "split.rdf"
    path.write_text(split, encoding="utf-8")
    with pytest.raises(InputError, match=":2: the RDF/XML declares entities"):
        files.refuse_xml_entities(path, "split")
    files.refuse_xml_entities(RDF_XML.format(doctype="", body="").encode(), "clean")


def test_a_term_beyond_the_parsers_buffer_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "long.ttl"
    path.write_bytes(
        b'<https://example.org/a> <https://example.org/p> "' + b"x" * (17 << 20) + b'".'
    )
    with pytest.raises(InputError) as caught:
        read_rdf(path)
    assert str(caught.value) == (
        f"{path}: cannot read as turtle: a literal or IRI is larger than the 16 MiB the parser"
        " holds at once; shorten it"
    )


# ---- arguments, schemes and who advances them, as RDF written elsewhere ----------------------

THREE_PREMISES = """\
@prefix am: <https://w3id.org/argmap/ns#> .
@prefix ams: <https://w3id.org/argmap/scheme/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix map: <https://example.org/maps/map/> .
@prefix actor: <https://example.org/maps/actor/> .
@prefix m: <https://example.org/maps/map/lee/> .

map:lee a am:ArgumentMap ; dcterms:identifier "lee" ; dcterms:title "Is solar cheaper?" .
actor:reporter a am:Actor ; dcterms:isPartOf map:lee ; dcterms:identifier "reporter" ;
    rdfs:label "Sam" ; am:actorKind am:Person .
m:claim\\/expert a am:Claim ; dcterms:isPartOf map:lee ;
    dcterms:identifier "expert" ; am:text "Dr. Lee is an expert." .
m:claim\\/says a am:Claim ; dcterms:isPartOf map:lee ;
    dcterms:identifier "says" ; am:text "Dr. Lee says so." .
m:claim\\/field a am:Claim ; dcterms:isPartOf map:lee ;
    dcterms:identifier "field" ; am:text "It is in her field." .
m:claim\\/cheaper a am:Claim ; dcterms:isPartOf map:lee ;
    dcterms:identifier "cheaper" ; am:text "Solar is cheaper." .
m:argument\\/from-lee a am:Argument ; dcterms:isPartOf map:lee ;
    dcterms:identifier "from-lee" ;
    am:premise m:claim\\/expert, m:claim\\/says, m:claim\\/field ;
    am:conclusion m:claim\\/cheaper ;
    am:scheme ams:expert-opinion ;
    prov:wasAttributedTo actor:reporter ;
    am:analystReconstruction true .
"""


def test_an_argument_with_three_premises_reads_back_with_the_three_linked(tmp_path: Path) -> None:
    """No order, no scheme description, no materialised triples: a graph from another tool."""
    path = tmp_path / "lee.ttl"
    path.write_text(THREE_PREMISES, encoding="utf-8")
    [m] = read_rdf(path).maps
    [argument] = m.arguments
    assert argument.id == "from-lee"
    assert argument.premises == ("expert", "field", "says")
    assert argument.conclusion == "cheaper"
    assert argument.scheme == "expert-opinion"
    assert argument.by == ("analyst", "reporter")
    assert m.relations == ()  # an argument, not three supports
    assert [a.premises for a in m.arguments_for("cheaper")] == [("expert", "field", "says")]


ARGUMENT = "<https://w3id.org/argmap/id/map/arguments/argument/expert>"
TREND = "<https://w3id.org/argmap/id/map/arguments/argument/trend>"
ARGUMENT_DAMAGES = {
    "a premise as a literal": (
        _replace(
            f"{ARGUMENT} <{AM}premise> <https://w3id.org/argmap/id/map/arguments/claim/lee-says>",
            f'{ARGUMENT} <{AM}premise> "lee-says"',
        ),
        InputError,
        f"{ARGUMENT} <{AM}premise> must be an IRI, found a literal",
    ),
    "no premise": (
        _drop(ARGUMENT, AM + "premise"),
        MapError,
        "argument 'expert': an argument needs at least one premise",
    ),
    "an unknown built-in scheme": (
        _replace("scheme/expert-opinion>", "scheme/expert-opinon>"),
        MapError,
        "unknown scheme 'expert-opinon'; did you mean 'expert-opinion'?",
    ),
    "an analyst flag that is no boolean": (
        _replace(
            f'{TREND} <{AM}analystReconstruction> "true"',
            f'{TREND} <{AM}analystReconstruction> "maybe"',
        ),
        InputError,
        f"{TREND} <{AM}analystReconstruction> is 'maybe', not a boolean; write true or false",
    ),
}


@pytest.mark.parametrize("damage", ARGUMENT_DAMAGES, ids=str)
def test_a_damaged_argument_is_one_line_naming_the_file_and_the_fix(
    damage: str, tmp_path: Path
) -> None:
    from argmap.formats.registry import load
    from tests.conftest import DATA

    edit, kind, words = ARGUMENT_DAMAGES[damage]
    path = tmp_path / "damaged.nq"
    path.write_text(edit(to_nquads(load([DATA / "arguments.yaml"])).decode("utf-8")), "utf-8")
    with pytest.raises(kind) as caught:
        read_rdf(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}")
    assert words in message
