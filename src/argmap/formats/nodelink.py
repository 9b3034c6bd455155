"""Node-link JSON export for D3 and custom tools.

The shape networkx's ``node_link_data`` defines and D3's force layout reads: ``{"directed":
true, "multigraph": true, "graph": {...}, "nodes": [{"id": ..., ...}], "links": [{"source":
..., "target": ..., "key": ..., ...}]}``. JSON holds lists natively, so topic ids stay lists;
absent values are left out; quotes are one JSON string, as in every graph export.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from argmap.graph.projection import corpus_graph
from argmap.model.corpus import Corpus

__all__ = ["LINKS", "dumps", "node_link"]

LINKS = "links"  # D3's name for the edge list (networkx: edges="links")


def node_link(g: nx.MultiDiGraph) -> dict[str, Any]:
    """The node-link document of a graph view."""
    data: dict[str, Any] = nx.node_link_data(g, edges=LINKS)
    return data


def dumps(corpus: Corpus) -> bytes:
    """The corpus as node-link JSON (UTF-8)."""
    text = json.dumps(node_link(corpus_graph(corpus)), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
