"""Every ontology term the code uses exists in ontology/argmap.ttl."""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.namespace import OWL, RDF

from argmap.vocab import AM, AM_NS, ontology_path
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def declared() -> set[str]:
    graph = rdflib.Graph().parse(ontology_path("argmap.ttl"), format="turtle")
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}
    return {str(s) for k in kinds for s in graph.subjects(RDF.type, k)}


def test_every_term_of_the_python_namespace_is_declared(declared: set[str]) -> None:
    terms = {str(AM[name]) for name in AM.__annotations__}
    assert terms - declared == set()


def test_every_am_term_in_the_source_code_is_declared(declared: set[str]) -> None:
    used: set[str] = set()
    for path in (ROOT / "src" / "argmap").rglob("*.py"):
        text = path.read_text("utf-8")
        used |= {AM_NS + name for name in re.findall(r'_am\("([A-Za-z]+)"\)', text)}
        used |= {AM_NS + name for name in re.findall(r"\bAM\.([A-Za-z]+)\b", text)}
    assert used, "the scan found no terms: the pattern is wrong"
    assert used - declared == set()


def test_enum_values_name_declared_individuals(declared: set[str]) -> None:
    from argmap.model import ActorKind, AttackKind, ClaimKind, Position
    from argmap.rdf import _enum_iri

    for enum in (ActorKind, AttackKind, ClaimKind, Position):
        for member in enum:
            assert _enum_iri(member.value) in declared


def test_a_misspelt_term_is_an_error_not_a_new_iri() -> None:
    with pytest.raises(AttributeError):
        _ = AM.Claimm
