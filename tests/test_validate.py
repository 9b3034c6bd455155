"""SHACL validation accepts built maps and names entity, rule and fix for broken graphs."""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF, SH, XSD
from rdflib.term import Node

from argmap import Corpus
from argmap.errors import Problem
from argmap.rdf import to_dataset, to_graph
from argmap.synth import synth_corpus
from argmap.validate import (
    _compiled_shapes,
    _corpus_triples,
    _report_problems,
    graph_shacl_problems,
    shacl_problems,
    shapes_graph,
)

AM = rdflib.Namespace("https://w3id.org/argmap/ns#")
AMSH = rdflib.Namespace("https://w3id.org/argmap/shapes#")
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


# ---- compiled shapes: what pySHACL runs is faster, never different --------------------------


FIXTURES = Path(__file__).parent / "data" / "shapes"
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
CLASSES = [
    AM.ArgumentMap, AM.Source, SKOS.Concept, AM.Actor, AM.Issue, AM.Claim, AM.Relation,
    AM.Support, AM.Attack, AM.Stance, AM.Quote, OA.TextQuoteSelector, OA.TextPositionSelector,
]  # fmt: skip


def reference_problems(data: rdflib.Graph) -> list[Problem]:
    """What pySHACL finds with the shapes as written, on the graph as given."""
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True
    )
    return [] if conforms else _report_problems(report, data, {})


def fixture(name: str) -> rdflib.Graph:
    graph = rdflib.Graph().parse(FIXTURES / "valid.ttl", format="turtle")
    if name != "valid":
        graph.parse(FIXTURES / f"invalid-{name}.ttl", format="turtle")
    return graph


def in_order(nodes: Iterable[Node]) -> list[Node]:
    return sorted(set(nodes), key=lambda n: (type(n).__name__, str(n)))


def mutated(seed: int, changes: int = 12) -> rdflib.Graph:
    """valid.ttl with random damage: triples dropped, types changed or doubled, wires crossed."""
    rng = random.Random(seed)
    graph = fixture("valid")
    subjects, predicates, objects = (
        in_order(graph.subjects()),
        in_order(graph.predicates()),
        in_order(graph.objects()),
    )
    for _ in range(changes):
        change = rng.randrange(4)
        if change == 0:
            graph.remove(rng.choice(sorted(graph, key=lambda t: tuple(map(str, t)))))
        elif change == 1:
            graph.set((rng.choice(subjects), RDF.type, rng.choice(CLASSES)))
        elif change == 2:
            graph.add((rng.choice(subjects), RDF.type, rng.choice(CLASSES)))
        else:
            graph.add((rng.choice(subjects), rng.choice(predicates), rng.choice(objects)))
    return graph


@pytest.mark.parametrize(
    "name", ["valid", *sorted(p.stem.removeprefix("invalid-") for p in FIXTURES.glob("invalid-*"))]
)
def test_compiled_shapes_find_what_the_shapes_as_written_find(name: str) -> None:
    graph = fixture(name)
    expected = reference_problems(graph)
    assert graph_shacl_problems(graph) == expected
    assert (name == "valid") == (expected == [])


@pytest.mark.parametrize("seed", range(12))
def test_compiled_shapes_agree_on_randomly_damaged_maps(seed: int) -> None:
    graph = mutated(seed)
    expected = reference_problems(graph)
    assert expected, "the damage should break something"
    assert graph_shacl_problems(graph) == expected


def test_a_quote_is_checked_for_its_selectors_by_class() -> None:
    # The derived "typed values" of compiled qualified value shapes, at their edges: a second
    # quote selector, a selector typed both ways, a selector that is a literal.
    graph = fixture("valid")
    quote = next(graph.subjects(OA.hasSelector, None))
    selector = rdflib.URIRef(f"{quote}/extra")
    graph.add((quote, OA.hasSelector, selector))
    graph.add((selector, RDF.type, OA.TextQuoteSelector))
    graph.add((selector, RDF.type, OA.TextPositionSelector))
    graph.add((selector, OA.exact, rdflib.Literal("words")))
    graph.add((selector, OA.start, rdflib.Literal(0, datatype=XSD.nonNegativeInteger)))
    graph.add((selector, OA.end, rdflib.Literal(1, datatype=XSD.nonNegativeInteger)))
    graph.add((quote, OA.hasSelector, rdflib.Literal("not a node")))
    expected = reference_problems(graph)
    assert {p.message.split(": ")[0] for p in expected} == {f"SHACL {OA.hasSelector}"}
    assert any("exactly one oa:TextQuoteSelector" in p.message for p in expected)
    assert graph_shacl_problems(graph) == expected


def test_compiled_shapes_leave_no_per_node_work_for_pyshacl() -> None:
    # The rewrites that make validation fast; if a change to shapes.ttl stops one from
    # applying, validation gets slow again without any test failing, so pin them.
    compiled = _compiled_shapes().shapes
    node_shapes_with_properties = {
        s for s in compiled.subjects(SH.property, None) if (s, SH.targetClass, None) in compiled
    }
    assert node_shapes_with_properties == set()
    assert (None, SH.qualifiedValueShape, None) not in compiled
    branches = {m for head in compiled.objects(None, SH["or"]) for m in compiled.items(head)}
    assert branches
    assert not any((m, SH["class"], None) in compiled for m in branches)


def test_the_validated_graph_holds_the_corpus_triples(mini_corpus: Corpus) -> None:
    assert set(_corpus_triples(mini_corpus)) == set(to_graph(mini_corpus))


def test_a_dataset_is_validated_as_the_union_of_its_graphs(mini_corpus: Corpus) -> None:
    dataset = to_dataset(mini_corpus)
    assert graph_shacl_problems(dataset) == []
    dataset.graph(rdflib.URIRef("urn:x:other")).add((CLAIM, AM.text, rdflib.Literal("Again")))
    [problem] = graph_shacl_problems(dataset)
    assert problem.entity == "claim 'open-cheap' in map 'mini'"
    assert problem.message.startswith("SHACL am:text: ")


def test_a_synthetic_corpus_of_2000_claims_shows_exactly_the_planted_violations() -> None:
    corpus = synth_corpus(2000, actors=20, seed=3, maps=2)
    assert shacl_problems(corpus) == []

    # The models cannot hold these mistakes, so plant them in the graph: a claim without
    # text, a quote with a second quote selector, a claim attacking a stance.
    graph = to_graph(corpus)
    map_iri = next(graph.subjects(RDF.type, AM.ArgumentMap))
    map_id = graph.value(map_iri, DCTERMS.identifier)
    claim, stance, quote = (
        next(graph.subjects(RDF.type, kind)) for kind in (AM.Claim, AM.Stance, AM.Quote)
    )
    speechless = rdflib.URIRef(f"{map_iri}/claim/planted")
    graph.add((speechless, RDF.type, AM.Claim))
    graph.add((speechless, DCTERMS.identifier, rdflib.Literal("planted")))
    graph.add((speechless, DCTERMS.isPartOf, map_iri))
    selector = rdflib.URIRef(f"{quote}/second")
    graph.add((quote, OA.hasSelector, selector))
    graph.add((selector, RDF.type, OA.TextQuoteSelector))
    graph.add((selector, OA.exact, rdflib.Literal("again")))
    graph.add((claim, AM.attacks, stance))

    def message(shape: rdflib.URIRef) -> str:
        return str(shapes_graph().value(shape, SH.message))

    problems = graph_shacl_problems(graph)
    assert len(problems) == 3, problems
    assert (
        Problem(
            f"SHACL am:text: {message(AMSH.TextProperty)}",
            entity=f"claim 'planted' in map '{map_id}'",
        )
        in problems
    )
    assert any(
        p.message == f"SHACL {OA.hasSelector}: A quote needs exactly one oa:TextQuoteSelector "
        "holding its exact words"
        for p in problems
    )
    assert any(
        p.message.startswith("SHACL am:attacks: ") and p.message.endswith(f"(value: {stance})")
        for p in problems
    )


def test_an_attacks_kind_is_matched_to_its_target_as_written() -> None:
    # The compiled "choice" of AttackKindMatchesTargetShape at its edges: two kinds (either
    # branch may hold), no kind (none is picked), a kind with two targets of which one fits.
    graph = fixture("valid")
    relation = next(graph.subjects(RDF.type, AM.Support))
    claims = in_order(graph.subjects(RDF.type, AM.Claim))
    for name, kinds, targets in [
        ("both-kinds-on-claim", [AM.Rebut, AM.Undercut], [claims[0]]),
        ("both-kinds-on-relation", [AM.Rebut, AM.Undercut], [relation]),
        ("no-kind", [], [claims[0]]),
        ("rebut-of-claim-and-relation", [AM.Rebut], [claims[0], relation]),
        ("undercut-of-two-relations", [AM.Undercut], [relation, relation]),
        ("rebut-of-untyped", [AM.Rebut], [rdflib.URIRef("urn:x:nothing")]),
    ]:
        attack = rdflib.URIRef(f"https://w3id.org/argmap/id/map/demo/relation/{name}")
        graph.add((attack, RDF.type, AM.Attack))
        graph.add((attack, DCTERMS.identifier, rdflib.Literal(name)))
        graph.add((attack, AM.source, claims[1]))
        for kind in kinds:
            graph.add((attack, AM.kind, kind))
        for target in targets:
            graph.add((attack, AM.target, target))
    expected = reference_problems(graph)
    kind_problems = {p.entity for p in expected if p.message.startswith("SHACL node: ")}
    assert kind_problems == {
        "attack 'no-kind'",
        "attack 'rebut-of-claim-and-relation'",
        "attack 'rebut-of-untyped'",
    }
    assert graph_shacl_problems(graph) == expected
