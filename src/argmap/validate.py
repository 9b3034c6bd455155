"""SHACL validation of a corpus's graph against ``ontology/shapes.ttl``, as readable problems."""

from __future__ import annotations

from functools import cache

import pyshacl
import rdflib
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, SH

from argmap.corpus import Corpus
from argmap.errors import Problem
from argmap.rdf import to_graph
from argmap.vocab import AM_NS, ontology_path

__all__ = ["shacl_problems", "shapes_graph"]


@cache
def shapes_graph() -> rdflib.Graph:
    """The SHACL shapes shipped with argmap (parsed once)."""
    graph = rdflib.Graph()
    graph.parse(ontology_path("shapes.ttl"), format="turtle")
    return graph


def shacl_problems(corpus: Corpus) -> list[Problem]:
    """Every SHACL violation of the corpus's RDF graph, naming entity, rule and fix."""
    return graph_shacl_problems(to_graph(corpus))


def graph_shacl_problems(data: rdflib.Graph) -> list[Problem]:
    """Every SHACL violation of an RDF graph in argmap's ontology."""
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=False, allow_warnings=True
    )
    if conforms:
        return []
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage) or "violates a shape"
        value = report.value(result, SH.value)
        rule = _short(path) if isinstance(path, URIRef) else "node"
        shown = f" (value: {_short(value)})" if value is not None else ""
        problems.append(Problem(f"SHACL {rule}: {message}{shown}", entity=_describe(data, focus)))
    return sorted(problems, key=lambda p: (p.entity or "", p.message))


def _short(term: object) -> str:
    text = str(term)
    for prefix, namespace in (("am:", AM_NS), ("dcterms:", str(DCTERMS))):
        if text.startswith(namespace):
            return prefix + text[len(namespace) :]
    return text if len(text) <= 80 else text[:77] + "..."


def _describe(data: rdflib.Graph, focus: object) -> str:
    if not isinstance(focus, URIRef):
        return str(focus)
    ident = data.value(focus, DCTERMS.identifier)
    kind = data.value(focus, RDF.type)
    kind_name = _short(kind).removeprefix("am:").lower() if kind is not None else "node"
    part_of = data.value(focus, DCTERMS.isPartOf)
    map_id = data.value(part_of, DCTERMS.identifier) if part_of is not None else None
    where = f" in map '{map_id}'" if map_id is not None else ""
    return f"{kind_name} '{ident}'{where}" if ident is not None else f"<{focus}>"
