"""Every ontology term the code uses exists in ontology/argmap.ttl (or, for the list of
argumentation schemes, ontology/schemes.ttl), and schemes.ttl lists the built-in schemes."""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, SKOS

from argmap.model.schemes import BUILTIN_SCHEMES, SchemeInfo
from argmap.rdf.terms import AM, AM_NS, AMS_NS, ontology_path
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def declared() -> set[str]:
    graph = rdflib.Graph()
    for name in ("argmap.ttl", "schemes.ttl"):
        graph.parse(ontology_path(name), format="turtle")
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    return {str(s) for k in kinds for s in graph.subjects(RDF.type, k)}


@pytest.fixture(scope="module")
def schemes() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path("schemes.ttl"), format="turtle")


def test_every_term_of_the_python_namespace_is_declared(declared: set[str]) -> None:
    terms = {str(AM[name]) for name in AM.__annotations__}
    assert terms - declared == set()


def test_every_am_term_the_code_writes_reads_or_queries_is_declared(declared: set[str]) -> None:
    # Terms as the code holds them, not scanned from its text: what the writer spells, the
    # constants the reader looks for, every am: IRI in the RDF of the seed maps and of a
    # synthetic corpus (enum individuals too), and the am: names in the named queries.
    import argmap.rdf.read as reader
    import argmap.rdf.write as writer
    from argmap.formats.authoring import load_corpus
    from argmap.formats.synth import synth_corpus
    from argmap.rdf.write import corpus_quads

    used = {AM_NS + name for name in writer._AM_TERMS}
    for module in (writer, reader):
        used |= {
            value
            for value in vars(module).values()
            if isinstance(value, str) and value.startswith(AM_NS) and value != AM_NS
        }
    seed = load_corpus(sorted((ROOT / "data").glob("*.yaml")))
    for corpus in (seed, synth_corpus(300, actors=10, seed=1)):
        for quad in corpus_quads(corpus):
            used |= {t for t in quad if isinstance(t, str) and t.startswith(AM_NS)}
    for query in (ROOT / "src" / "argmap" / "queries").glob("*.rq"):
        text = query.read_text("utf-8")
        used |= {AM_NS + name for name in re.findall(r"\bam:([A-Za-z]+)", text)}
    assert len(used) > 40, sorted(used)  # the sources above were found and read
    assert used - declared == set()


def test_enum_values_name_declared_individuals(declared: set[str]) -> None:
    from argmap.model.entities import ActorKind, AttackKind, ClaimKind, Position
    from argmap.rdf.write import _enum_iri

    for enum in (ActorKind, AttackKind, ClaimKind, Position):
        for member in enum:
            assert _enum_iri(member.value) in declared


def test_relation_types_name_declared_classes_and_materialised_properties(
    declared: set[str],
) -> None:
    from argmap.model.entities import RelationType
    from argmap.rdf.write import RELATION_MATERIALISED

    for kind in RelationType:
        assert AM_NS + kind.value.capitalize() in declared
        assert AM_NS + RELATION_MATERIALISED[kind.value] in declared


def test_the_schemes_file_lists_exactly_the_built_in_schemes(schemes: rdflib.Graph) -> None:
    listed = {
        str(s).removeprefix(AMS_NS): SchemeInfo(
            str(schemes.value(s, SKOS.prefLabel)), str(schemes.value(s, SKOS.definition))
        )
        for s in schemes.subjects(SKOS.inScheme, AM.ArgumentSchemes)
    }
    assert listed == BUILTIN_SCHEMES  # both ways: none missing, none extra, same words
    for slug in BUILTIN_SCHEMES:
        concept = rdflib.URIRef(AMS_NS + slug)
        assert (concept, RDF.type, SKOS.Concept) in schemes
        assert len(list(schemes.objects(concept, SKOS.prefLabel))) == 1
        assert len(list(schemes.objects(concept, SKOS.definition))) == 1
    assert (AM.ArgumentSchemes, RDF.type, SKOS.ConceptScheme) in schemes
    # The concepts are exactly those of the list: no concept outside it, no stray subject.
    assert set(schemes.subjects(RDF.type, SKOS.Concept)) == set(
        schemes.subjects(SKOS.inScheme, AM.ArgumentSchemes)
    )


def test_a_map_graph_describes_a_built_in_scheme_as_the_schemes_file_does(
    schemes: rdflib.Graph,
) -> None:
    """What a map's graph says of a built-in scheme it uses is a part of schemes.ttl, so the
    two agree when loaded together (one prefLabel, not two)."""
    from argmap.formats.authoring import load_corpus
    from argmap.rdf.write import to_graph

    graph = to_graph(load_corpus([ROOT / "tests" / "data" / "arguments.yaml"]))
    about_builtins = {(s, p, o) for s, p, o in graph if str(s).startswith(AMS_NS)}
    assert about_builtins
    assert about_builtins <= set(schemes)


def test_a_misspelt_term_is_an_error_not_a_new_iri() -> None:
    with pytest.raises(AttributeError):
        _ = AM.Claimm
