"""Every ontology term the code uses exists in ontology/argmap.ttl."""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.namespace import OWL, RDF

from argmap.rdf.terms import AM, AM_NS, ontology_path
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def declared() -> set[str]:
    graph = rdflib.Graph().parse(ontology_path("argmap.ttl"), format="turtle")
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    return {str(s) for k in kinds for s in graph.subjects(RDF.type, k)}


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


def test_a_misspelt_term_is_an_error_not_a_new_iri() -> None:
    with pytest.raises(AttributeError):
        _ = AM.Claimm
