"""The one projection of a corpus into a networkx graph that exports, the map page and
analysis start from (:func:`corpus_graph`)."""

from argmap.graph.projection import (
    EDGE_KINDS,
    LIST_SEPARATOR,
    NODE_KINDS,
    corpus_graph,
    flat_value,
    list_attributes,
    maps_graph,
    quotes_json,
    relation_node_id,
    xml_escape,
)

__all__ = [
    "EDGE_KINDS", "LIST_SEPARATOR", "NODE_KINDS", "corpus_graph", "flat_value",
    "list_attributes", "maps_graph", "quotes_json", "relation_node_id", "xml_escape",
]  # fmt: skip
