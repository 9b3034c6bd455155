"""GEXF 1.3 export for Gephi.

Follows the GEXF 1.3 specification (https://gexf.net, namespace ``http://gexf.net/1.3``): a
static directed graph; typed ``<attributes>`` per class (``string``, ``long``, ``double``,
``boolean``); node and edge ids are the entities' IRIs; the display text is the reserved
``label``; each node gets a ``viz:color`` by kind, and an argument (an inference junction) a
small ``viz:size`` and a diamond ``viz:shape``. Edges are told apart by their ``kind`` and
``attack_kind`` attributes, which Gephi partitions on. Values that are absent (None) get no
``<attvalue>``, which GEXF reads as "no value". Lists (topic ids) are one string joined with
``;`` and quotes one JSON string (GEXF's list types are read as plain strings by most tools).
The corpus title, maps and description go into ``<meta>``, because GEXF has no graph-level
attributes.

networkx's own writer is not used: it takes lists for dynamic spells, fails on None, writes
dicts as Python reprs and drops graph attributes.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from argmap.graph.projection import LIST_SEPARATOR, corpus_graph, flat_value, xml_escape
from argmap.model.corpus import Corpus

__all__ = ["dumps", "dumps_graph"]

_TYPES = {str: "string", int: "long", float: "double", list: "string", bool: "boolean"}
_RESERVED = {"label"}  # written as the element's own label attribute
COLORS = {
    "claim": (91, 155, 213),
    "issue": (255, 192, 0),
    "actor": (112, 173, 71),
    "relation": (165, 165, 165),
    "argument": (112, 173, 71),
}
JUNCTION = ('        <viz:size value="4.0"/>', '        <viz:shape value="diamond"/>')


def _attributes(items: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for data in items:
        for name, value in data.items():
            if name not in _RESERVED and name not in found:
                found[name] = (str(len(found)), _TYPES[type(value)])
    return found


def _attvalues(attrs: dict[str, tuple[str, str]], data: dict[str, Any], indent: str) -> list[str]:
    values = []
    for name, value in data.items():
        if name in _RESERVED:
            continue
        flat = flat_value(value)
        if isinstance(flat, bool):
            text = "true" if flat else "false"  # XML Schema's boolean literals
        else:
            text = repr(flat) if isinstance(flat, float) else str(flat)
        values.append(
            f'{indent}  <attvalue for="{attrs[name][0]}" value="{xml_escape(text, True)}"/>'
        )
    if not values:
        return []
    return [f"{indent}<attvalues>", *values, f"{indent}</attvalues>"]


def _declare(attrs: dict[str, tuple[str, str]], cls: str) -> list[str]:
    lines = [f'    <attributes class="{cls}" mode="static">']
    for name, (attr_id, kind) in attrs.items():
        lines.append(
            f'      <attribute id="{attr_id}" title="{xml_escape(name, True)}" type="{kind}"/>'
        )
    lines.append("    </attributes>")
    return lines


def dumps_graph(g: nx.MultiDiGraph) -> str:
    """GEXF 1.3 text of a graph view (see :func:`argmap.graph.projection.corpus_graph`)."""
    node_attrs = _attributes([d for _, d in g.nodes(data=True)])
    edge_attrs = _attributes([d for *_, d in g.edges(keys=True, data=True)])
    title = str(g.graph.get("title", "argmap"))
    description = title + (f"\n\n{g.graph['description']}" if "description" in g.graph else "")
    maps = LIST_SEPARATOR.join(g.graph.get("maps", []))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
        "  <meta>",
        "    <creator>argmap</creator>",
        f"    <keywords>{xml_escape(maps)}</keywords>",
        f"    <description>{xml_escape(description)}</description>",
        "  </meta>",
        '  <graph mode="static" defaultedgetype="directed">',
        *_declare(node_attrs, "node"),
        *_declare(edge_attrs, "edge"),
        "    <nodes>",
    ]
    for node, data in g.nodes(data=True):
        label = xml_escape(str(data["label"]), True)
        lines.append(f'      <node id="{xml_escape(node, True)}" label="{label}">')
        lines.extend(_attvalues(node_attrs, data, "        "))
        r, gr, b = COLORS[data["kind"]]
        lines.append(f'        <viz:color r="{r}" g="{gr}" b="{b}" a="1.0"/>')
        if data["kind"] == "argument":
            lines.extend(JUNCTION)
        lines.append("      </node>")
    lines.append("    </nodes>")
    lines.append("    <edges>")
    for source, target, key, data in g.edges(keys=True, data=True):
        lines.append(
            f'      <edge id="{xml_escape(key, True)}" source="{xml_escape(source, True)}"'
            f' target="{xml_escape(target, True)}" label="{xml_escape(str(data["label"]), True)}">'
        )
        lines.extend(_attvalues(edge_attrs, data, "        "))
        lines.append("      </edge>")
    lines += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(lines)


def dumps(corpus: Corpus) -> bytes:
    """The corpus as GEXF 1.3 (UTF-8)."""
    return dumps_graph(corpus_graph(corpus)).encode("utf-8")
