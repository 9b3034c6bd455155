"""Node-link JSON export for D3 and custom tools.

The shape networkx's ``node_link_data`` writes and ``node_link_graph`` reads with their
defaults (networkx 3.6 and later name the edge list ``edges``; D3 code takes it as its
links): ``{"directed": true, "multigraph": true, "graph": {...}, "nodes": [{"id": ...,
...}], "edges": [{"source": ..., "target": ..., "key": ..., ...}]}``. JSON holds lists
natively, so topic ids stay lists; absent values are left out; quotes are one JSON string,
as in every graph export.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from argmap.graph.projection import corpus_graph
from argmap.model.corpus import Corpus

__all__ = ["EDGES", "dumps", "node_link"]

EDGES = "edges"  # networkx's default key for the edge list since 3.6


def node_link(g: nx.MultiDiGraph) -> dict[str, Any]:
    """The node-link document of a graph view."""
    data: dict[str, Any] = nx.node_link_data(g, edges=EDGES)
    return data


def dumps(corpus: Corpus) -> bytes:
    """The corpus as node-link JSON (UTF-8)."""
    text = json.dumps(node_link(corpus_graph(corpus)), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
