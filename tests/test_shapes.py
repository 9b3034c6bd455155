"""The ontology (ontology/argmap.ttl), its SHACL shapes and its JSON-LD context.

Fixtures live in tests/data/shapes/: ``valid.ttl`` is a small hand-written map that must
conform; each ``invalid-*.ttl`` adds one broken element to it, and the shapes must reject
the combined graph with exactly one result, at that element and that property.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS
from rdflib.term import Node

ROOT = Path(__file__).parent.parent
ONTOLOGY = ROOT / "ontology" / "argmap.ttl"
SCHEMES = ROOT / "ontology" / "schemes.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
CONTEXT = ROOT / "ontology" / "context.jsonld"
RDF_DOC = ROOT / "docs" / "rdf.md"
FIXTURES = Path(__file__).parent / "data" / "shapes"

AM = Namespace("https://w3id.org/argmap/ns#")
AMSH = Namespace("https://w3id.org/argmap/shapes#")
AIF = Namespace("http://www.arg.dundee.ac.uk/aif#")
OA = Namespace("http://www.w3.org/ns/oa#")
AMS = Namespace("https://w3id.org/argmap/scheme/")
ACTOR = Namespace("https://w3id.org/argmap/id/actor/")
TOPIC = Namespace("https://w3id.org/argmap/id/topic/")
DEMO = Namespace("https://w3id.org/argmap/id/map/demo/")
ONTOLOGY_IRI = URIRef("https://w3id.org/argmap/ns")

# The vocabulary of docs/rdf.md, pinned: adding or renaming a term must be deliberate.
CLASSES = {
    "ArgumentMap", "Claim", "Counterclaim", "Issue", "Relation", "Argument", "Support",
    "Attack", "Contrary", "Contradictory", "Rephrase", "Actor", "Stance", "Source", "Quote",
    "ClaimKind", "AttackKind", "ActorKind", "Position", "Status", "Locution", "Illocution",
    "Transition",
}  # fmt: skip
OBJECT_PROPERTIES = {
    "kind", "actorKind", "answers", "topic", "source", "target", "evidence", "supports",
    "attacks", "premise", "conclusion", "scheme", "contrary", "contradicts", "rephrases",
    "actor", "claim", "position", "endorses", "opposes", "isConcernedAbout", "memberOf",
    "status", "anchoredIn", "anchors", "transitionFrom", "transitionTo",
}  # fmt: skip
DATATYPE_PROPERTIES = {
    "text", "strength", "warrant", "order", "score", "analystReconstruction", "force",
    "transitionScheme", "sourceIdentifier", "locutionStart", "locutionEnd", "locutionSource",
}  # fmt: skip
ENUMERATIONS = {
    "ClaimKind": ["Fact", "Definition", "Prediction", "Value", "Policy"],
    "AttackKind": ["Rebut", "Undermine", "Undercut"],
    "ActorKind": ["Company", "Organization", "Community", "Government", "Person", "Country"],
    "Position": ["Endorses", "Opposes", "Concerned"],
    "Status": ["Accepted", "Rejected", "Undecided"],
}
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual)


# ---- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def vocabulary(ontology: Graph) -> set[URIRef]:
    """Every am: term declared: in the ontology, and am:ArgumentSchemes with the schemes."""
    return declared_terms(ontology) | declared_terms(Graph().parse(SCHEMES, format="turtle"))


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES, format="turtle")


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(CONTEXT.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture
def valid_map() -> Graph:
    """A fresh copy per test: a test may add to it."""
    return Graph().parse(FIXTURES / "valid.ttl", format="turtle")


def declared_terms(ontology: Graph) -> set[URIRef]:
    """Every am: class, property and individual the ontology declares."""
    return {
        subject
        for term_type in TERM_TYPES
        for subject in ontology.subjects(RDF.type, term_type)
        if isinstance(subject, URIRef) and subject.startswith(AM)
    }


def am_iris_in(graph: Graph) -> set[URIRef]:
    """Every am: IRI a graph mentions, anywhere in a triple."""
    return {
        node
        for triple in graph
        for node in triple
        if isinstance(node, URIRef) and node.startswith(AM)
    }


def expand(value: str, context: dict[str, Any]) -> str:
    """Expand a compact IRI ('am:text') with the context's prefixes."""
    prefix, sep, local = value.partition(":")
    if sep and isinstance(context.get(prefix), str) and not local.startswith("//"):
        return str(context[prefix]) + local
    return value


def context_terms(context: dict[str, Any]) -> dict[str, str]:
    """Term name -> the full IRI it stands for (prefix definitions and keywords left out)."""
    terms: dict[str, str] = {}
    for name, definition in context["@context"].items():
        iri = definition.get("@id") if isinstance(definition, dict) else definition
        if name.startswith("@") or not isinstance(iri, str) or iri.endswith(("#", "/")):
            continue
        terms[name] = expand(iri, context["@context"])
    return terms


def validate(data: Graph, shapes: Graph) -> tuple[bool, Graph]:
    conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=None, inference="none"
    )
    return bool(conforms), report


def rdf_list(graph: Graph, head: Node | None) -> list[Node]:
    assert head is not None, "expected an RDF list"
    return list(Collection(graph, head))


# ---- the ontology --------------------------------------------------------------------------


@pytest.mark.parametrize("turtle", [ONTOLOGY, SHAPES], ids=["ontology", "shapes"])
def test_turtle_file_parses_identically_with_rdflib_and_pyoxigraph(turtle: Path) -> None:
    from_rdflib = Graph().parse(turtle, format="turtle")
    quads = pyoxigraph.parse(path=str(turtle), format=pyoxigraph.RdfFormat.TURTLE)
    ntriples = pyoxigraph.serialize(
        (quad.triple for quad in quads), format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    assert ntriples is not None
    from_oxigraph = Graph().parse(data=ntriples.decode(), format="nt")
    assert len(from_oxigraph) == len(from_rdflib) > 0
    assert isomorphic(from_oxigraph, from_rdflib)


def test_ontology_header_names_version_title_description_and_license(ontology: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.title) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.description) is not None
    assert ontology.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )


def test_ontology_declares_exactly_the_documented_vocabulary(ontology: Graph) -> None:
    def declared(term_type: URIRef) -> set[str]:
        return {
            str(s).removeprefix(str(AM))
            for s in ontology.subjects(RDF.type, term_type)
            if isinstance(s, URIRef) and s.startswith(AM)
        }

    individuals = {name for names in ENUMERATIONS.values() for name in names}
    assert declared(OWL.Class) == CLASSES
    assert declared(OWL.ObjectProperty) == OBJECT_PROPERTIES
    assert declared(OWL.DatatypeProperty) == DATATYPE_PROPERTIES
    assert declared(OWL.NamedIndividual) == individuals
    assert len(declared_terms(ontology)) == 82


def test_every_am_term_in_the_rdf_doc_is_declared(vocabulary: set[URIRef]) -> None:
    documented = {AM[name] for name in re.findall(r"\bam:([A-Za-z]\w*)", RDF_DOC.read_text())}
    assert documented, "docs/rdf.md names no am: terms"
    assert documented - vocabulary == set()


def test_every_declared_term_has_an_english_label_and_comment(ontology: Graph) -> None:
    for term in declared_terms(ontology):
        for annotation in (RDFS.label, RDFS.comment):
            values = list(ontology.objects(term, annotation))
            assert any(
                isinstance(v, Literal) and v.language == "en" and str(v).strip() for v in values
            ), f"{term} has no English {annotation}"


@pytest.mark.parametrize(
    ("subclass", "superclass"),
    [
        (AM.Claim, AIF["I-node"]),
        (AM.Relation, AIF["S-node"]),
        (AM.Support, AM.Relation),
        (AM.Support, AIF["RA-node"]),
        (AM.Attack, AM.Relation),
        (AM.Attack, AIF["CA-node"]),
        (AM.Argument, AIF["RA-node"]),
        (AM.Support, AM.Argument),
        (AM.Contrary, AM.Relation),
        (AM.Contrary, AIF["CA-node"]),
        (AM.Contradictory, AM.Relation),
        (AM.Contradictory, AIF["CA-node"]),
        (AM.Rephrase, AM.Relation),
        (AM.Rephrase, AIF["MA-node"]),
        (AM.Actor, PROV.Agent),
        (AM.Source, PROV.Entity),
        (AM.ArgumentMap, PROV.Entity),
        (AM.Quote, OA.SpecificResource),
    ],
)
def test_class_is_aligned_to_its_standard_superclass(
    ontology: Graph, subclass: URIRef, superclass: URIRef
) -> None:
    assert (subclass, RDFS.subClassOf, superclass) in ontology
    assert (superclass, RDF.type, OWL.Class) in ontology, "external class must be declared"


@pytest.mark.parametrize(("enumeration", "members"), sorted(ENUMERATIONS.items()))
def test_enumeration_is_closed_over_its_typed_individuals(
    ontology: Graph, enumeration: str, members: list[str]
) -> None:
    one_of = ontology.value(ontology.value(AM[enumeration], OWL.equivalentClass), OWL.oneOf)
    assert rdf_list(ontology, one_of) == [AM[m] for m in members]
    for member in members:
        assert (AM[member], RDF.type, OWL.NamedIndividual) in ontology
        assert (AM[member], RDF.type, AM[enumeration]) in ontology


def test_counterclaim_is_defined_as_a_claim_that_attacks_something(ontology: Graph) -> None:
    definition = ontology.value(AM.Counterclaim, OWL.equivalentClass)
    claim, restriction = rdf_list(ontology, ontology.value(definition, OWL.intersectionOf))
    assert claim == AM.Claim
    assert ontology.value(restriction, RDF.type) == OWL.Restriction
    assert ontology.value(restriction, OWL.onProperty) == AM.attacks
    assert ontology.value(restriction, OWL.someValuesFrom) == OWL.Thing


@pytest.mark.parametrize(
    ("prop", "axis", "members"),
    [
        (AM.kind, RDFS.domain, [AM.Claim, AM.Attack]),
        (AM.kind, RDFS.range, [AM.ClaimKind, AM.AttackKind]),
        (AM.evidence, RDFS.domain, [AM.Claim, AM.Issue, AM.Argument, AM.Relation, AM.Stance]),
        (AM.target, RDFS.range, [AM.Claim, AM.Relation, AM.Argument]),
        (AM.attacks, RDFS.range, [AM.Claim, AM.Relation, AM.Argument]),
        (AM.strength, RDFS.domain, [AM.Argument, AM.Relation, AM.Stance]),
        (AM.analystReconstruction, RDFS.domain, [AM.Argument, AM.Relation, AM.Stance]),
    ],
)
def test_property_with_several_domains_or_ranges_uses_a_union(
    ontology: Graph, prop: URIRef, axis: URIRef, members: list[URIRef]
) -> None:
    union = ontology.value(prop, axis)
    assert isinstance(union, BNode)
    assert rdf_list(ontology, ontology.value(union, OWL.unionOf)) == members


# ---- the shapes ----------------------------------------------------------------------------


def test_every_am_term_in_the_shapes_is_declared(vocabulary: set[URIRef], shapes: Graph) -> None:
    assert am_iris_in(shapes) - vocabulary == set()


def test_shapes_load_into_pyshacl_without_error(shapes: Graph) -> None:
    # Validating an empty graph makes pyshacl parse every shape and constraint.
    conforms, _report = validate(Graph(), shapes)
    assert conforms


def test_shapes_graph_is_valid_against_shacl_for_shacl(shapes: Graph) -> None:
    # meta_shacl checks the shapes graph itself against the W3C SHACL-SHACL shapes
    # (the slowest test here, ~1.5 s: pyshacl's own shapes are heavy on sh:or/sh:xone).
    conforms, _report, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text


def test_shapes_use_shacl_core_only(shapes: Graph) -> None:
    # No SPARQL-based constraints or targets, no rules: pySHACL is much slower with them.
    advanced = {SH.sparql, SH.select, SH.ask, SH.target, SH.rule, SH.SPARQLConstraint}
    assert {t for t in shapes if t[1] in advanced or t[2] in advanced} == set()


def test_every_property_shape_has_a_name_and_a_message(shapes: Graph) -> None:
    property_shapes = set(shapes.objects(None, SH.property)) | set(
        shapes.subjects(RDF.type, SH.PropertyShape)
    )
    assert len(property_shapes) > 40
    for shape in property_shapes:
        path = shapes.value(shape, SH.path)
        assert shapes.value(shape, SH.name) is not None, f"property shape on {path}: no sh:name"
        assert shapes.value(shape, SH.message) is not None, f"on {path}: no sh:message"


@pytest.mark.parametrize(
    "target_class",
    [
        AM.ArgumentMap, AM.Source, SKOS.Concept, AM.Actor, AM.Issue, AM.Claim, AM.Argument,
        AM.Support, AM.Attack, AM.Contrary, AM.Contradictory, AM.Rephrase, AM.Stance, AM.Quote,
        OA.TextQuoteSelector, OA.TextPositionSelector,
    ],
)  # fmt: skip
def test_a_node_shape_targets_every_kind_of_element(shapes: Graph, target_class: URIRef) -> None:
    assert any(
        (shape, RDF.type, SH.NodeShape) in shapes
        for shape in shapes.subjects(SH.targetClass, target_class)
    )


def test_valid_map_conforms(valid_map: Graph, shapes: Graph) -> None:
    conforms, report = validate(valid_map, shapes)
    assert conforms, report.serialize(format="turtle")


@dataclass(frozen=True)
class Broken:
    """An invalid variant: the fixture that adds one broken element, and where it breaks."""

    fixture: str
    focus: URIRef
    path: URIRef | None  # None: a node-level constraint, which has no sh:resultPath
    component: URIRef


BROKEN_VARIANTS = [
    pytest.param(
        Broken("self-attack", DEMO["relation/self"], AM.source, SH.DisjointConstraintComponent),
        id="self_attack_is_rejected",
    ),
    pytest.param(
        Broken(
            "undercut-of-claim",
            DEMO["relation/undercut-of-claim"],
            None,
            SH.OrConstraintComponent,
        ),
        id="undercut_whose_target_is_a_claim_is_rejected",
    ),
    pytest.param(
        Broken(
            "rebut-of-relation",
            DEMO["relation/rebut-of-relation"],
            None,
            SH.OrConstraintComponent,
        ),
        id="rebut_whose_target_is_a_relation_is_rejected",
    ),
    pytest.param(
        Broken(
            "strength-out-of-range",
            DEMO["relation/too-strong"],
            AM.strength,
            SH.MaxInclusiveConstraintComponent,
        ),
        id="strength_above_one_is_rejected",
    ),
    pytest.param(
        Broken("stance-unknown-actor", DEMO["stance/st3"], AM.actor, SH.ClassConstraintComponent),
        id="stance_with_unknown_actor_is_rejected",
    ),
    pytest.param(
        Broken(
            "claim-without-text",
            DEMO["claim/speechless"],
            AM.text,
            SH.MinCountConstraintComponent,
        ),
        id="claim_without_text_is_rejected",
    ),
    pytest.param(
        Broken(
            "quote-start-after-end",
            DEMO["claim/closed-models-lead/quote/1/position"],
            OA.start,
            SH.LessThanOrEqualsConstraintComponent,
        ),
        id="quote_starting_after_its_end_is_rejected",
    ),
    pytest.param(
        Broken("actor-bad-kind", ACTOR.eu, AM.actorKind, SH.InConstraintComponent),
        id="actor_with_unknown_kind_is_rejected",
    ),
    pytest.param(
        Broken(
            "identifier-not-a-slug",
            TOPIC["has%20space"],
            DCTERMS.identifier,
            SH.PatternConstraintComponent,
        ),
        id="identifier_that_is_not_a_slug_is_rejected",
    ),
    pytest.param(
        Broken(
            "relation-missing-target",
            DEMO["relation/dangling"],
            AM.target,
            SH.MinCountConstraintComponent,
        ),
        id="relation_without_target_is_rejected",
    ),
    pytest.param(
        Broken(
            "argument-without-premise",
            DEMO["argument/bare"],
            AM.premise,
            SH.MinCountConstraintComponent,
        ),
        id="argument_without_premise_is_rejected",
    ),
    pytest.param(
        Broken(
            "argument-without-conclusion",
            DEMO["argument/pointless"],
            AM.conclusion,
            SH.MinCountConstraintComponent,
        ),
        id="argument_without_conclusion_is_rejected",
    ),
    pytest.param(
        Broken(
            "argument-with-two-conclusions",
            DEMO["argument/forked"],
            AM.conclusion,
            SH.MaxCountConstraintComponent,
        ),
        id="argument_with_two_conclusions_is_rejected",
    ),
    pytest.param(
        Broken(
            "argument-premise-is-conclusion",
            DEMO["argument/circular"],
            AM.premise,
            SH.DisjointConstraintComponent,
        ),
        id="argument_whose_premise_is_its_conclusion_is_rejected",
    ),
    pytest.param(
        Broken(
            "argument-premise-not-a-claim",
            DEMO["argument/from-a-question"],
            AM.premise,
            SH.ClassConstraintComponent,
        ),
        id="argument_with_a_premise_that_is_no_claim_is_rejected",
    ),
    pytest.param(
        Broken(
            "argument-with-two-schemes",
            DEMO["argument/a2"],
            AM.scheme,
            SH.MaxCountConstraintComponent,
        ),
        id="argument_with_two_schemes_is_rejected",
    ),
    pytest.param(
        Broken(
            "argument-scheme-not-in-the-list",
            DEMO["argument/by-topic"],
            AM.scheme,
            SH.NodeConstraintComponent,
        ),
        id="argument_whose_scheme_is_not_in_the_scheme_list_is_rejected",
    ),
    pytest.param(
        Broken(
            "argument-strength-out-of-range",
            DEMO["argument/weak"],
            AM.strength,
            SH.MinInclusiveConstraintComponent,
        ),
        id="argument_strength_below_zero_is_rejected",
    ),
    pytest.param(
        Broken(
            "argument-warrant-not-a-string",
            DEMO["argument/a2"],
            AM.warrant,
            SH.DatatypeConstraintComponent,
        ),
        id="argument_warrant_that_is_no_plain_string_is_rejected",
    ),
    pytest.param(
        Broken(
            "argument-with-a-kind",
            DEMO["argument/a2"],
            AM.kind,
            SH.MaxCountConstraintComponent,
        ),
        id="argument_with_an_attack_kind_is_rejected",
    ),
    pytest.param(
        Broken(
            "support-not-an-argument",
            DEMO["relation/old-style"],
            RDF.type,
            SH.HasValueConstraintComponent,
        ),
        id="support_not_typed_as_an_argument_is_rejected",
    ),
    pytest.param(
        Broken(
            "support-premise-not-its-source",
            DEMO["relation/two-premise-support"],
            AM.premise,
            SH.EqualsConstraintComponent,
        ),
        id="support_whose_premises_are_not_its_source_is_rejected",
    ),
    pytest.param(
        Broken(
            "support-conclusion-not-its-target",
            DEMO["relation/retargeted"],
            AM.conclusion,
            SH.EqualsConstraintComponent,
        ),
        id="support_whose_conclusion_is_not_its_target_is_rejected",
    ),
    pytest.param(
        Broken(
            "contrary-of-itself",
            DEMO["relation/self-contrary"],
            AM.source,
            SH.DisjointConstraintComponent,
        ),
        id="claim_contrary_to_itself_is_rejected",
    ),
    pytest.param(
        Broken(
            "contradictory-of-an-argument",
            DEMO["relation/contradicts-argument"],
            AM.target,
            SH.ClassConstraintComponent,
        ),
        id="contradictory_of_an_argument_is_rejected",
    ),
    pytest.param(
        Broken(
            "rephrase-without-source",
            DEMO["relation/orphan-rephrase"],
            AM.source,
            SH.MinCountConstraintComponent,
        ),
        id="rephrase_without_source_is_rejected",
    ),
    pytest.param(
        Broken(
            "undermine-of-a-non-premise",
            DEMO["relation/undermine-conclusion"],
            None,
            SH.OrConstraintComponent,
        ),
        id="undermine_of_a_claim_that_is_no_premise_is_rejected",
    ),
    pytest.param(
        Broken(
            "undermine-of-an-argument",
            DEMO["relation/undermine-argument"],
            None,
            SH.OrConstraintComponent,
        ),
        id="undermine_of_an_argument_is_rejected",
    ),
    pytest.param(
        Broken(
            "attributed-to-a-claim",
            DEMO["relation/r6"],
            PROV.wasAttributedTo,
            SH.ClassConstraintComponent,
        ),
        id="relation_attributed_to_a_claim_is_rejected",
    ),
    pytest.param(
        Broken(
            "analyst-reconstruction-not-a-boolean",
            DEMO["argument/a1"],
            AM.analystReconstruction,
            SH.DatatypeConstraintComponent,
        ),
        id="analyst_mark_that_is_no_boolean_is_rejected",
    ),
    pytest.param(
        Broken(
            "concept-neither-topic-nor-scheme",
            TOPIC["stray"],
            None,
            SH.OrConstraintComponent,
        ),
        id="concept_that_is_neither_topic_nor_scheme_is_rejected",
    ),
    pytest.param(
        Broken(
            "scheme-broader-not-a-scheme",
            DEMO["scheme/market-signal"],
            None,
            SH.OrConstraintComponent,
        ),
        id="scheme_refining_a_topic_is_rejected",
    ),
]


@pytest.mark.parametrize("broken", BROKEN_VARIANTS)
def test_invalid_variant(valid_map: Graph, shapes: Graph, broken: Broken) -> None:
    """The shapes reject the variant with one result, naming the broken node and property."""
    data = valid_map.parse(FIXTURES / f"invalid-{broken.fixture}.ttl", format="turtle")
    conforms, report = validate(data, shapes)
    assert not conforms
    # The report's own results, not those pySHACL nests under them (sh:detail of sh:node).
    results = list(report.objects(None, SH.result))
    found = {
        (
            report.value(r, SH.focusNode),
            report.value(r, SH.resultPath),
            report.value(r, SH.sourceConstraintComponent),
        )
        for r in results
    }
    assert found == {(broken.focus, broken.path, broken.component)}
    message = report.value(results[0], SH.resultMessage)
    assert isinstance(message, Literal) and len(str(message)) > 20, "a message the user can act on"


def test_every_invalid_fixture_is_tested() -> None:
    tested = {p.values[0].fixture for p in BROKEN_VARIANTS if isinstance(p.values[0], Broken)}
    on_disk = {p.stem.removeprefix("invalid-") for p in FIXTURES.glob("invalid-*.ttl")}
    assert tested == on_disk


def test_valid_map_holds_every_kind_of_argument_and_relation(valid_map: Graph) -> None:
    # So that valid.ttl keeps the shapes honest: each rule has something there to pass.
    g = valid_map
    arguments = set(g.subjects(RDF.type, AM.Argument))
    assert any(len(set(g.objects(a, AM.premise))) > 1 for a in arguments), "a linked argument"
    schemes = {g.value(a, AM.scheme) for a in arguments}
    assert any(str(s).startswith(AMS) for s in schemes), "a built-in scheme"
    assert any(str(s).startswith(DEMO) for s in schemes), "a scheme of the map"
    assert set(g.subjects(RDF.type, AM.Support)) <= arguments, "supports are arguments"
    assert {g.value(r, AM.kind) for r in g.subjects(RDF.type, AM.Attack)} == {
        AM.Rebut, AM.Undermine, AM.Undercut,
    }  # fmt: skip
    rebut_targets = {g.value(r, AM.target) for r in g.subjects(AM.kind, AM.Rebut)} & arguments
    undercut_targets = {g.value(r, AM.target) for r in g.subjects(AM.kind, AM.Undercut)}
    assert rebut_targets, "a rebut of an argument"
    authored = arguments - set(g.subjects(RDF.type, AM.Support))
    assert undercut_targets & authored, "an undercut of an authored argument"
    for relation_class in (AM.Contrary, AM.Contradictory, AM.Rephrase):
        assert set(g.subjects(RDF.type, relation_class)), relation_class
    attributed = set(g.subjects(PROV.wasAttributedTo, None))
    analysts = set(g.subjects(AM.analystReconstruction, Literal(True)))
    for kind in (AM.Argument, AM.Attack, AM.Stance):
        assert attributed & set(g.subjects(RDF.type, kind)), f"{kind} with 'by' an actor"
    assert analysts & arguments and analysts - arguments, "analyst links, arguments and not"


def _demo_turtle(body: str) -> str:
    return (
        "@prefix am: <https://w3id.org/argmap/ns#> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n"
        "@prefix map: <https://w3id.org/argmap/id/map/> .\n"
        + "".join(
            f"@prefix {kind}: <https://w3id.org/argmap/id/map/demo/{kind}/> .\n"
            for kind in ("claim", "relation", "argument", "scheme")
        )
        + "@prefix actor: <https://w3id.org/argmap/id/actor/> .\n"
        + body
    )


def _relation(name: str, rdf_type: str, body: str) -> str:
    return (
        f'relation:{name} a {rdf_type} ; dcterms:identifier "{name}" ; '
        f"dcterms:isPartOf map:demo ; am:order 20 ; {body} .\n"
    )


# What the model allows that valid.ttl does not show, each added to valid.ttl alone.
VALID_VARIANTS = {
    "undermine_of_a_premise_of_a_support_only": _relation(
        "s",
        "am:Support, am:Argument",
        "am:source claim:open-models-costly ; am:target claim:big-tech-keeps-its-edge ; "
        "am:premise claim:open-models-costly ; am:conclusion claim:big-tech-keeps-its-edge",
    )
    + _relation(
        "u",
        "am:Attack",
        "am:kind am:Undermine ; am:source claim:start-ups-match ; "
        "am:target claim:open-models-costly",
    ),
    "rebut_of_a_support": _relation(
        "rs",
        "am:Attack",
        "am:kind am:Rebut ; am:source claim:closed-models-lead ; am:target relation:r1",
    ),
    "undercut_of_an_undercut": _relation(
        "uu",
        "am:Attack",
        "am:kind am:Undercut ; am:source claim:closed-models-lead ; am:target relation:r5",
    ),
    "undercut_of_a_contrary_a_contradictory_and_a_rephrase": "".join(
        _relation(
            f"uc{n}",
            "am:Attack",
            f"am:kind am:Undercut ; am:source claim:executives-worry ; am:target relation:r{n}",
        )
        for n in (7, 8, 9)
    ),
    "scheme_refining_a_scheme_of_the_map": (
        'scheme:quiet-admission a skos:Concept ; dcterms:identifier "quiet-admission" ; '
        "dcterms:isPartOf map:demo ; am:order 1 ; "
        'skos:inScheme am:ArgumentSchemes ; skos:prefLabel "Quiet admission" ; '
        "skos:broader scheme:insider-admission ."
    ),
    "argument_by_actors_and_the_analyst": (
        "argument:a2 prov:wasAttributedTo actor:acme-ai , actor:big-tech ."
    ),
}


@pytest.mark.parametrize("addition", VALID_VARIANTS.values(), ids=VALID_VARIANTS.keys())
def test_valid_variant_conforms(valid_map: Graph, shapes: Graph, addition: str) -> None:
    data = valid_map.parse(data=_demo_turtle(addition), format="turtle")
    conforms, report = validate(data, shapes)
    assert conforms, report.serialize(format="turtle")


def test_every_built_in_scheme_is_a_scheme_an_argument_may_name(
    valid_map: Graph, shapes: Graph
) -> None:
    # The whole scheme list, as ontology/schemes.ttl holds it, with an argument for each.
    listed = Graph().parse(SCHEMES, format="turtle")
    built_in = set(listed.subjects(SKOS.inScheme, AM.ArgumentSchemes))
    assert len(built_in) >= 10
    for graph in (valid_map, listed):
        for triple in graph:
            valid_map.add(triple)
    premise = DEMO["claim/executives-worry"]
    for number, scheme in enumerate(sorted(built_in, key=str)):
        argument = DEMO[f"argument/by-scheme-{number}"]
        for p, o in (
            (RDF.type, AM.Argument), (DCTERMS.identifier, Literal(f"by-scheme-{number}")),
            (DCTERMS.isPartOf, URIRef(str(DEMO).rstrip("/"))), (AM.premise, premise),
            (AM.conclusion, DEMO["claim/big-tech-keeps-its-edge"]), (AM.scheme, scheme),
        ):  # fmt: skip
            valid_map.add((argument, p, o))
    conforms, report = validate(valid_map, shapes)
    assert conforms, report.serialize(format="turtle")


# ---- the JSON-LD context ---------------------------------------------------------------------


def test_every_am_term_in_the_context_is_declared(ontology: Graph, context: dict[str, Any]) -> None:
    used = {URIRef(iri) for iri in context_terms(context).values() if iri.startswith(AM)}
    assert used
    assert used - declared_terms(ontology) == set()


def test_context_names_every_am_property_by_its_local_name(
    ontology: Graph, context: dict[str, Any]
) -> None:
    terms = context_terms(context)
    for name in OBJECT_PROPERTIES | DATATYPE_PROPERTIES:
        assert terms.get(name) == str(AM[name]), f"context lacks '{name}': am:{name}"
        definition = context["@context"][name]
        if name in OBJECT_PROPERTIES:
            assert definition.get("@type") == "@id", f"'{name}' must be typed @id"


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_context_round_trips_a_map_through_json_ld(
    valid_map: Graph, context: dict[str, Any]
) -> None:
    valid_map.add((DEMO["claim/cost-effective"], AM.score, Literal(0.25)))
    valid_map.add((DEMO["claim/cost-effective"], AM.status, AM.Accepted))
    document = valid_map.serialize(format="json-ld", context=context["@context"])
    compacted = json.loads(document)
    assert compacted["@context"] == context["@context"]
    assert any("supports" in node for node in compacted["@graph"]), "short names are used"

    assert isomorphic(Graph().parse(data=document, format="json-ld"), valid_map)
    quads = pyoxigraph.parse(document.encode(), format=pyoxigraph.RdfFormat.JSON_LD)
    ntriples = pyoxigraph.serialize(
        (quad.triple for quad in quads), format=pyoxigraph.RdfFormat.N_TRIPLES
    )
    assert ntriples is not None
    assert isomorphic(Graph().parse(data=ntriples.decode(), format="nt"), valid_map)
