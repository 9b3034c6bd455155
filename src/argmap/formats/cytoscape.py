"""Cytoscape.js JSON export (also opened by Cytoscape desktop as a ``.cyjs`` file).

The elements JSON of Cytoscape.js (https://js.cytoscape.org/#notation/elements-json):
``{"data": {...}, "elements": {"nodes": [{"data": {"id": ...}, "classes": ...}], "edges":
[{"data": {"id": ..., "source": ..., "target": ...}, "classes": ...}]}}``, with the header
keys Cytoscape desktop writes in its own ``.cyjs`` files. Node and edge ids are IRIs;
``classes`` is the kind (and ``undercut`` for undercuts) for styling with selectors like
``node.claim`` or ``edge.attack``. JSON holds lists, so topic ids stay lists; absent values
are left out; quotes are one JSON string.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from argmap.graph.projection import corpus_graph
from argmap.model.corpus import Corpus
from argmap.util.version import __version__

__all__ = ["cytoscape_json", "dumps"]


def cytoscape_json(g: nx.MultiDiGraph) -> dict[str, Any]:
    """The Cytoscape.js document of a graph view."""
    nodes = [
        {"data": {"id": node, **data}, "classes": data["kind"]} for node, data in g.nodes(data=True)
    ]
    edges = []
    for source, target, key, data in g.edges(keys=True, data=True):
        classes = data["kind"] + (" undercut" if data.get("attack_kind") == "undercut" else "")
        edges.append(
            {"data": {"id": key, "source": source, "target": target, **data}, "classes": classes}
        )
    return {
        "format_version": "1.0",
        "generated_by": f"argmap-{__version__}",
        "target_cytoscapejs_version": "~3.0",
        "data": dict(g.graph),
        "elements": {"nodes": nodes, "edges": edges},
    }


def dumps(corpus: Corpus) -> bytes:
    """The corpus as Cytoscape.js JSON (UTF-8)."""
    text = json.dumps(cytoscape_json(corpus_graph(corpus)), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
