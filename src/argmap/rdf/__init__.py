"""Maps as RDF under argmap's ontology, and RDF files and stores.

:mod:`~argmap.rdf.terms` is the one table of namespaces, prefixes and ontology terms;
:mod:`~argmap.rdf.write` turns a corpus into quads (rdflib or pyoxigraph),
:mod:`~argmap.rdf.read` quads back into a corpus, :mod:`~argmap.rdf.files` reads and writes
RDF files, :mod:`~argmap.rdf.store` fills Oxigraph stores. Names load on first use, so
``argmap.rdf.terms`` stays light for the SHACL engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from argmap.util.lazy import lazy_exports

if TYPE_CHECKING:
    from argmap.rdf.files import RDF_FORMATS, dumps_rdf, read_rdf, write_rdf
    from argmap.rdf.store import to_store, write_store
    from argmap.rdf.terms import AM, AM_NS, PREFIXES, ontology_path
    from argmap.rdf.write import corpus_quads, to_dataset, to_graph, to_nquads

__all__ = [
    "AM", "AM_NS", "PREFIXES", "RDF_FORMATS", "corpus_quads", "dumps_rdf", "ontology_path",
    "read_rdf", "to_dataset", "to_graph", "to_nquads", "to_store", "write_rdf", "write_store",
]  # fmt: skip

__getattr__, __dir__ = lazy_exports(
    __name__,
    globals(),
    {
        "argmap.rdf.files": ("RDF_FORMATS", "dumps_rdf", "read_rdf", "write_rdf"),
        "argmap.rdf.terms": ("AM", "AM_NS", "PREFIXES", "ontology_path"),
        "argmap.rdf.store": ("to_store", "write_store"),
        "argmap.rdf.write": ("corpus_quads", "to_dataset", "to_graph", "to_nquads"),
    },
)
