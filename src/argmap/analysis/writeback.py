"""Analysis results as RDF, in a named graph of their own so the maps' graphs stay as authored.

The graph is ``<base>analysis`` (``base`` of the corpus's first map; maps that link share one
base), for example ``https://w3id.org/argmap/id/analysis``. It holds, for each claim:

* ``am:status`` -- ``am:Accepted``, ``am:Rejected`` or ``am:Undecided`` under grounded
  semantics (``argmap.analysis.semantics.grounded_labels_for_corpus``), and
* ``am:score`` -- the claim's PageRank on the support graph
  (:mod:`argmap.analysis.importance`), an ``xsd:double``.

Load it into the same store as the maps and SPARQL sees both (``?c am:status am:Accepted``):
in Python ``store = to_store(corpus); store.extend(analysis_quads(corpus))``; outside,
``argmap build data/*.yaml -o out/argmap.trig`` and ``argmap analyze data/*.yaml --write
out/analysis.trig`` give two TriG files any SPARQL store loads together. (``argmap query``
reads map graphs only, so it does not take the analysis file yet.)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
import rdflib

from argmap.analysis.importance import claim_importance
from argmap.corpus import Corpus
from argmap.errors import ArgmapError
from argmap.ids import entity_iri
from argmap.io import write_atomic
from argmap.rdf import PREFIXES
from argmap.vocab import AM_NS

__all__ = [
    "STATUS_IRIS",
    "analysis_graph",
    "analysis_graph_iri",
    "analysis_quads",
    "corpus_status",
    "dumps_analysis",
    "write_analysis",
]

STATUS_IRIS = {
    "accepted": AM_NS + "Accepted",
    "rejected": AM_NS + "Rejected",
    "undecided": AM_NS + "Undecided",
}
XSD_DOUBLE = "http://www.w3.org/2001/XMLSchema#double"


def corpus_status(corpus: Corpus) -> dict[str, str]:
    """Grounded-semantics status of every claim, by claim key."""
    from argmap.analysis.semantics import grounded_labels_for_corpus

    return dict(grounded_labels_for_corpus(corpus))


def analysis_graph_iri(corpus: Corpus) -> str:
    """The named graph the analysis is written to: ``<base>analysis``."""
    if not corpus.maps:
        raise ArgmapError("no maps to analyse; give at least one map file")
    return corpus.maps[0].base + "analysis"


def _claim_iri(corpus: Corpus, key: str) -> str:
    map_id, _, claim_id = key.partition(":")
    m = corpus.maps_by_id.get(map_id)
    if m is None or claim_id not in m.claims_by_id:
        raise ArgmapError(f"status given for '{key}', which is no claim of these maps")
    return entity_iri(m.base, map_id, "claim", claim_id)


def analysis_quads(corpus: Corpus, status: Mapping[str, str] | None = None) -> list[ox.Quad]:
    """``am:status`` and ``am:score`` of every claim, as quads in the analysis graph.

    ``status`` defaults to grounded semantics over the corpus.
    """
    labels = corpus_status(corpus) if status is None else dict(status)
    graph = ox.NamedNode(analysis_graph_iri(corpus))
    status_p, score_p = ox.NamedNode(AM_NS + "status"), ox.NamedNode(AM_NS + "score")
    double = ox.NamedNode(XSD_DOUBLE)
    quads: list[ox.Quad] = []
    for key, figures in claim_importance(corpus).items():
        claim = ox.NamedNode(_claim_iri(corpus, key))
        label = labels.get(key)
        if label is not None:
            if label not in STATUS_IRIS:
                raise ArgmapError(
                    f"status of '{key}' is '{label}'; use one of {', '.join(STATUS_IRIS)}"
                )
            quads.append(ox.Quad(claim, status_p, ox.NamedNode(STATUS_IRIS[label]), graph))
        score = ox.Literal(repr(float(figures.pagerank)), datatype=double)
        quads.append(ox.Quad(claim, score_p, score, graph))
    unknown = sorted(set(labels) - {k for k in claim_importance(corpus)})
    if unknown:
        _claim_iri(corpus, unknown[0])  # raises, naming the key
    return quads


def analysis_graph(quads: list[ox.Quad]) -> rdflib.Graph:
    """The analysis quads as an rdflib graph (for SHACL checks or rdflib users)."""
    graph = rdflib.Graph()
    for quad in quads:
        obj = quad.object
        value: rdflib.term.Identifier
        if isinstance(obj, ox.Literal):
            value = rdflib.Literal(obj.value, datatype=rdflib.URIRef(obj.datatype.value))
        else:
            assert isinstance(obj, ox.NamedNode)  # analysis_quads only writes IRIs
            value = rdflib.URIRef(obj.value)
        subject = quad.subject
        assert isinstance(subject, ox.NamedNode)  # analysis_quads only writes IRIs
        graph.add((rdflib.URIRef(subject.value), rdflib.URIRef(quad.predicate.value), value))
    return graph


def dumps_analysis(quads: list[ox.Quad]) -> bytes:
    """The analysis graph as TriG."""
    out = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    assert out is not None
    return out


def write_analysis(path: str | Path, quads: list[ox.Quad]) -> None:
    """Write the analysis graph to a TriG file (atomically)."""
    write_atomic(Path(path), dumps_analysis(quads))
