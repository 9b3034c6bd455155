"""SHACL validation accepts built maps and names entity, rule and fix for broken graphs."""

from __future__ import annotations

import rdflib

from argmap import Corpus
from argmap.rdf import to_graph
from argmap.validate import graph_shacl_problems, shacl_problems

AM = rdflib.Namespace("https://w3id.org/argmap/ns#")
CLAIM = rdflib.URIRef("https://w3id.org/argmap/id/map/mini/claim/open-cheap")
R1 = rdflib.URIRef("https://w3id.org/argmap/id/map/mini/relation/r1")


def test_a_built_map_conforms_to_the_shapes(mini_corpus: Corpus) -> None:
    assert shacl_problems(mini_corpus) == []


def test_a_claim_without_text_is_reported_by_id_and_map(mini_corpus: Corpus) -> None:
    graph = to_graph(mini_corpus)
    graph.remove((CLAIM, AM.text, None))
    [problem] = graph_shacl_problems(graph)
    assert problem.entity == "claim 'open-cheap' in map 'mini'"
    assert problem.message.startswith("SHACL am:text: ")


def test_a_strength_out_of_range_is_reported_with_its_value(mini_corpus: Corpus) -> None:
    graph = to_graph(mini_corpus)
    graph.set((R1, AM.strength, rdflib.Literal(1.5)))
    [problem] = graph_shacl_problems(graph)
    assert problem.entity == "support 'r1' in map 'mini'"
    assert "am:strength" in problem.message and "1.5" in problem.message
