"""Cytoscape.js JSON export (also opened by Cytoscape desktop as a ``.cyjs`` file).

The elements JSON of Cytoscape.js (https://js.cytoscape.org/#notation/elements-json):
``{"data": {...}, "elements": {"nodes": [{"data": {"id": ...}, "classes": ...}], "edges":
[{"data": {"id": ..., "source": ..., "target": ...}, "classes": ...}]}}``, with the header
keys Cytoscape desktop writes in its own ``.cyjs`` files. Node and edge ids are IRIs;
``classes`` is the kind (``claim``, ``argument``, ``premise``, ``contrary``…), then
``undercut`` or ``undermine`` for those attacks and ``analyst`` for what the mapper added
(``by: analyst``), for styling and filtering with selectors like ``node.argument``,
``edge.undermine`` or ``.analyst`` ("show only what the text argues": hide ``.analyst``).
An argument's scheme is its ``scheme`` data (``node[scheme = "expert-opinion"]``). JSON
holds lists, so topic ids and ``by`` stay lists; absent values are left out; quotes are one
JSON string.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from argmap.graph.projection import corpus_graph
from argmap.model.corpus import Corpus
from argmap.util.version import __version__

__all__ = ["cytoscape_json", "dumps"]


_CLASSED_ATTACKS = ("undercut", "undermine")  # rebut is the default: no class of its own


def _classes(data: dict[str, Any]) -> str:
    classes = [data["kind"]]
    if data.get("attack_kind") in _CLASSED_ATTACKS:
        classes.append(data["attack_kind"])
    if data.get("analyst"):
        classes.append("analyst")
    return " ".join(classes)


def cytoscape_json(g: nx.MultiDiGraph) -> dict[str, Any]:
    """The Cytoscape.js document of a graph view."""
    nodes = [
        {"data": {"id": node, **data}, "classes": _classes(data)}
        for node, data in g.nodes(data=True)
    ]
    edges = [
        {"data": {"id": key, "source": source, "target": target, **data}, "classes": _classes(data)}
        for source, target, key, data in g.edges(keys=True, data=True)
    ]
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
