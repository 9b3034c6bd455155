"""Analysis results as RDF, in a named graph of their own so the maps' graphs stay as authored.

The graph is ``<base>analysis`` (``base`` of the corpus's first map; maps that link share one
base), for example ``https://w3id.org/argmap/id/analysis``. It holds, for each claim:

* ``am:status`` -- ``am:Accepted``, ``am:Rejected`` or ``am:Undecided`` under grounded
  semantics (``argmap.analysis.semantics.grounded_labels_for_corpus``), and
* ``am:score`` -- the claim's PageRank on the support graph
  (:mod:`argmap.analysis.importance`), an ``xsd:double``.

Load it into the same store as the maps and SPARQL sees both (``?c am:status am:Accepted``):
in Python ``store = to_store(corpus); store.extend(analysis_quads(corpus))``; on the command
line ``argmap analyze data/*.yaml --write out/analysis.trig`` writes it, and ``argmap query
data/*.yaml out/analysis.trig -q …`` queries it beside the maps (RDF files are loaded as they
are). Any SPARQL store loads it together with ``argmap build``'s TriG.

Reading it back: :func:`read_status` gives the statuses in RDF files (or a store) by claim
key, the form ``argmap.render.render(status=…)`` takes, so ``argmap render data/*.yaml
out/analysis.trig -o map.html`` colours claims by the written analysis;
:func:`split_maps_and_status` tells which of a command's files hold maps and collects the
``am:status`` triples of its RDF files (one streamed pass over each RDF file; the map files are
then loaded as any command loads them: a store dump holding maps is parsed twice, a small
cost next to loading it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from argmap.analysis.importance import claim_importance
from argmap.errors import ArgmapError, InputError
from argmap.model.corpus import Corpus
from argmap.model.ids import entity_iri
from argmap.rdf.files import RDF_FORMATS, is_rdf_path, rdf_format, rdf_read_errors
from argmap.rdf.terms import DOUBLE, PREFIXES, TYPE, am
from argmap.util.files import write_atomic
from argmap.util.gcpause import collector_paused

__all__ = [
    "STATUS_IRIS",
    "MapsAndStatus",
    "StatusTriple",
    "analysis_graph",
    "analysis_graph_iri",
    "analysis_quads",
    "corpus_status",
    "dumps_analysis",
    "read_status",
    "split_maps_and_status",
    "status_by_claim",
    "write_analysis",
]

STATUS_IRIS = {
    "accepted": am("Accepted"),
    "rejected": am("Rejected"),
    "undecided": am("Undecided"),
}
XSD_DOUBLE = DOUBLE
STATUS = am("status")
ARGUMENT_MAP = am("ArgumentMap")
_RERUN = "re-run 'argmap analyze MAPS --write FILE' on these maps"


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
    status_p, score_p = ox.NamedNode(am("status")), ox.NamedNode(am("score"))
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


# ---- reading the results back ---------------------------------------------------------------


@dataclass(frozen=True)
class StatusTriple:
    """One ``am:status`` triple as read, and where from (a file's path, or "the store")."""

    origin: str
    claim: ox.NamedNode | ox.BlankNode | ox.Triple
    status: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


@dataclass(frozen=True)
class MapsAndStatus:
    """A command's input files sorted out: the files to load maps from (every file that is
    not RDF, and the RDF files that hold an ``am:ArgumentMap``), and the ``am:status`` triples
    found in the RDF files."""

    map_files: tuple[Path, ...]
    statuses: tuple[StatusTriple, ...]

    def status(self, corpus: Corpus) -> dict[str, str]:
        """The statuses by claim key, checked against ``corpus`` (see :func:`status_by_claim`)."""
        return status_by_claim(self.statuses, corpus)


def _scan(path: Path) -> tuple[bool, list[StatusTriple]]:
    """Whether an RDF file holds a map, and its ``am:status`` triples: one streamed pass that
    keeps nothing but those triples."""
    fmt = rdf_format(path)
    status_p, type_p, map_class = (
        ox.NamedNode(STATUS),
        ox.NamedNode(TYPE),
        ox.NamedNode(ARGUMENT_MAP),
    )
    origin = str(path)
    has_map = False
    found: list[StatusTriple] = []
    with collector_paused(), rdf_read_errors(path, fmt):
        for quad in ox.parse(path=origin, format=fmt.oxigraph):
            predicate = quad.predicate
            if predicate == status_p:
                found.append(StatusTriple(origin, quad.subject, quad.object))
            elif not has_map and predicate == type_p and quad.object == map_class:
                has_map = True
    return has_map, found


def split_maps_and_status(paths: Iterable[str | Path]) -> MapsAndStatus:
    """Sort a command's input files into map files and analysis results.

    Files that are not RDF are map files. Each RDF file (any suffix argmap reads as RDF) is
    read once: it is a map file if it holds an ``am:ArgumentMap``, and its ``am:status``
    triples are kept whichever graph they are in (an analysis file from ``argmap analyze
    --write``, or a TriG holding maps and analysis). An RDF file with neither, or files of
    which none holds a map, are an :class:`~argmap.errors.InputError`.
    """
    files = [Path(p) for p in paths]
    map_files: list[Path] = []
    statuses: list[StatusTriple] = []
    for path in files:
        if not is_rdf_path(path):
            map_files.append(path)
            continue
        has_map, found = _scan(path)
        if not has_map and not found:
            raise InputError(
                f"{path}: no am:ArgumentMap and no am:status found; give argmap RDF maps"
                " (argmap build) or analysis results (argmap analyze --write)"
            )
        if has_map:
            map_files.append(path)
        statuses += found
    if files and not map_files:
        raise InputError(
            f"{files[0]}: holds analysis results but no map; give the map files too"
            f" (e.g. argmap render data/*.yaml {files[0]} -o map.html)"
        )
    return MapsAndStatus(tuple(map_files), tuple(statuses))


def status_by_claim(statuses: Iterable[StatusTriple], corpus: Corpus) -> dict[str, str]:
    """``am:status`` triples as ``{claim key: accepted | rejected | undecided}``.

    Every triple must be about a claim of ``corpus`` and name one of ``STATUS_IRIS``, and a
    claim given two different statuses is an error: each breaks with one line naming the file
    and the claim (analysis results of other maps, or stale ones, are not silently used).
    """
    keys = {
        entity_iri(m.base, m.id, "claim", claim.id): f"{m.id}:{claim.id}"
        for m in corpus.maps
        for claim in m.claims
    }
    names = {iri: name for name, iri in STATUS_IRIS.items()}
    found: dict[str, tuple[str, str]] = {}  # claim key -> (status, where it was read)
    for triple in statuses:
        claim, value = triple.claim, triple.status
        key = keys.get(claim.value) if isinstance(claim, ox.NamedNode) else None
        if key is None:
            raise ArgmapError(
                f"{triple.origin}: am:status of {claim}, which is no claim of these maps;"
                f" the results are of other maps or out of date: {_RERUN}"
            )
        name = names.get(value.value) if isinstance(value, ox.NamedNode) else None
        if name is None:
            raise ArgmapError(
                f"{triple.origin}: {claim} has am:status {value}; a status is one of"
                " am:Accepted, am:Rejected or am:Undecided"
            )
        first = found.setdefault(key, (name, triple.origin))
        if first[0] != name:
            raise ArgmapError(
                f"{triple.origin}: {claim} has am:status {name} here but {first[0]} in"
                f" {first[1]}; give one analysis of these maps ({_RERUN})"
            )
    return {key: name for key, (name, _) in found.items()}


def read_status(
    source: str | Path | Sequence[str | Path] | ox.Store, corpus: Corpus
) -> dict[str, str]:
    """The ``am:status`` of ``corpus``'s claims found in RDF files (any RDF suffix argmap
    reads; the analysis file ``argmap analyze --write`` makes, or a TriG that also holds the
    maps) or in a pyoxigraph store, by claim key: the ``status`` that
    :func:`argmap.render.render` takes. Claims with no status are left out (an empty dict if
    there is none); errors are as in :func:`status_by_claim`."""
    if isinstance(source, ox.Store):
        triples = [
            StatusTriple("the store", quad.subject, quad.object)
            for quad in source.quads_for_pattern(None, ox.NamedNode(STATUS), None, None)
        ]
        return status_by_claim(triples, corpus)
    paths = [Path(source)] if isinstance(source, str | Path) else [Path(p) for p in source]
    found: list[StatusTriple] = []
    for path in paths:
        if not is_rdf_path(path):
            raise InputError(
                f"{path}: not an RDF file; analysis results are RDF"
                f" ({', '.join(s for f in RDF_FORMATS for s in f.suffixes)})"
            )
        found += _scan(path)[1]
    return status_by_claim(found, corpus)
