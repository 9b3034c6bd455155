"""GraphML export for yEd, Gephi and Cytoscape desktop.

Follows the GraphML 1.0 specification (http://graphml.graphdrawing.org/specification.html):
one typed ``<key>`` per attribute (``string``, ``long``, ``double``, ``boolean``), a directed
``<graph>``
whose node and edge ids are the entities' IRIs, and ``<data>`` elements only for values that
are present (a missing ``<data>`` is GraphML's "no value"). Lists (topic ids) are one string
joined with ``;``; quotes are one JSON string. The corpus title, map ids and description are
graph-level data.

yEd ignores plain data when it draws, so every node and edge also carries the yFiles
graphics extension (``yfiles.type="nodegraphics"`` / ``"edgegraphics"`` keys holding
``y:ShapeNode`` / ``y:PolyLineEdge`` with a ``y:NodeLabel`` / ``y:EdgeLabel``, namespace
``http://www.yworks.com/xml/graphml``) so yEd shows labels, colours and arrows on opening.
An argument is a small green octagon (a junction, as OVA draws AIF's RA nodes) with its
scheme as a label below it; premise edges run into it without arrowheads and one arrow
leaves it for the conclusion. Undercuts are dashed, undermines dash-dotted; a contrary is
orange, a contradictory purple with arrowheads at both ends, a rephrase a dashed blue line.
networkx cannot write that extension, which is why this module writes the XML itself.
"""

from __future__ import annotations

import textwrap
from typing import Any

import networkx as nx

from argmap.graph.projection import corpus_graph, flat_value, xml_escape
from argmap.model.corpus import Corpus

__all__ = ["dumps", "dumps_graph"]

_TYPES = {str: "string", int: "long", float: "double", list: "string", bool: "boolean"}
NODE_STYLE = {  # fill colour, yEd shape
    "claim": ("#DDEBF7", "roundrectangle"),
    "issue": ("#FFF2CC", "hexagon"),
    "actor": ("#E2F0D9", "ellipse"),
    "relation": ("#EDEDED", "diamond"),
    "argument": ("#C6E0B4", "octagon"),
}
EDGE_STYLE = {  # line colour, line type
    "support": ("#2E7D32", "line"),
    "attack": ("#C62828", "line"),
    "stance": ("#7F7F7F", "dotted"),
    "answers": ("#BF9000", "dashed"),
    "member_of": ("#7F7F7F", "dashed"),
    "premise": ("#2E7D32", "line"),
    "conclusion": ("#2E7D32", "line"),
    "contrary": ("#E65100", "line"),
    "contradictory": ("#6A1B9A", "line"),
    "rephrase": ("#1565C0", "dashed"),
}
ATTACK_LINES = {"undercut": "dashed", "undermine": "dashed_dotted"}  # rebut: a plain line
# An argument is a small junction (as OVA draws an RA node): its scheme is a label beside it.
JUNCTION = 30
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    ' xmlns:y="http://www.yworks.com/xml/graphml"'
    ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns'
    ' http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd">\n'
)


def _keys(items: list[dict[str, Any]], domain: str) -> dict[str, tuple[str, str]]:
    """attribute name -> (key id, GraphML type), in first-seen order."""
    keys: dict[str, tuple[str, str]] = {}
    for data in items:
        for name, value in data.items():
            if name not in keys:
                keys[name] = (f"{domain[0]}_{name}", _TYPES[type(value)])
    return keys


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # XML Schema's boolean literals
    flat = flat_value(value)
    return repr(flat) if isinstance(flat, float) else str(flat)


def _data(keys: dict[str, tuple[str, str]], data: dict[str, Any], indent: str) -> list[str]:
    return [
        f'{indent}<data key="{keys[name][0]}">{xml_escape(_text(value))}</data>'
        for name, value in data.items()
    ]


def _wrapped(label: str, width: int = 36) -> list[str]:
    # Break at spaces only: the label reads back as the text with line breaks for spaces.
    lines = textwrap.wrap(
        label,
        width=width,
        max_lines=6,
        placeholder=" …",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [label]


def _node_graphics(data: dict[str, Any], index: int) -> str:
    fill, shape = NODE_STYLE[data["kind"]]
    junction = data["kind"] == "argument"
    lines = _wrapped(str(data["label"]), 24 if junction else 36)
    width = max(80, 8 * max(len(line) for line in lines) + 20)
    height = max(40, 18 * len(lines) + 16)
    placement = ""
    if junction:
        width = height = JUNCTION
        placement = ' modelName="sandwich" modelPosition="s"'  # below the junction
    x, y = (index % 8) * 320, (index // 8) * 160
    label = xml_escape("\n".join(lines))
    return (
        '<data key="n_graphics"><y:ShapeNode>'
        f'<y:Geometry x="{x}" y="{y}" width="{width}" height="{height}"/>'
        f'<y:Fill color="{fill}" transparent="false"/>'
        '<y:BorderStyle color="#404040" type="line" width="1.0"/>'
        f'<y:NodeLabel alignment="center" autoSizePolicy="content"{placement}>{label}</y:NodeLabel>'
        f'<y:Shape type="{shape}"/>'
        "</y:ShapeNode></data>"
    )


def _edge_graphics(data: dict[str, Any]) -> str:
    color, line = EDGE_STYLE[data["kind"]]
    line = ATTACK_LINES.get(str(data.get("attack_kind")), line)
    # A contradiction holds both ways; premises flow into their argument without a head.
    source = "standard" if data["kind"] == "contradictory" else "none"
    target = "none" if data["kind"] == "premise" else "standard"
    return (
        '<data key="e_graphics"><y:PolyLineEdge>'
        f'<y:LineStyle color="{color}" type="{line}" width="1.5"/>'
        f'<y:Arrows source="{source}" target="{target}"/>'
        f"<y:EdgeLabel>{xml_escape(str(data['label']))}</y:EdgeLabel>"
        "</y:PolyLineEdge></data>"
    )


def dumps_graph(g: nx.MultiDiGraph) -> str:
    """GraphML text of a graph view (see :func:`argmap.graph.projection.corpus_graph`)."""
    nodes = [data for _, data in g.nodes(data=True)]
    edges = [data for *_, data in g.edges(keys=True, data=True)]
    domains = {"graph": _keys([g.graph], "graph"), "node": _keys(nodes, "node")}
    domains["edge"] = _keys(edges, "edge")
    out = [_HEAD]
    for domain, keys in domains.items():
        for name, (key_id, kind) in keys.items():
            out.append(
                f'  <key id="{key_id}" for="{domain}" attr.name="{xml_escape(name, True)}"'
                f' attr.type="{kind}"/>\n'
            )
    out.append('  <key id="n_graphics" for="node" yfiles.type="nodegraphics"/>\n')
    out.append('  <key id="e_graphics" for="edge" yfiles.type="edgegraphics"/>\n')
    out.append('  <graph id="argmap" edgedefault="directed">\n')
    out.extend(line + "\n" for line in _data(domains["graph"], g.graph, "    "))
    for index, (node, data) in enumerate(g.nodes(data=True)):
        out.append(f'    <node id="{xml_escape(node, True)}">\n')
        # The plain 'label' data comes after the yEd graphics: readers that take the label
        # from either (networkx does) end with the unwrapped text.
        out.append(f"      {_node_graphics(data, index)}\n")
        out.extend(line + "\n" for line in _data(domains["node"], data, "      "))
        out.append("    </node>\n")
    for source, target, key, data in g.edges(keys=True, data=True):
        out.append(
            f'    <edge id="{xml_escape(key, True)}" source="{xml_escape(source, True)}"'
            f' target="{xml_escape(target, True)}">\n'
        )
        out.append(f"      {_edge_graphics(data)}\n")
        out.extend(line + "\n" for line in _data(domains["edge"], data, "      "))
        out.append("    </edge>\n")
    out.append("  </graph>\n</graphml>\n")
    return "".join(out)


def dumps(corpus: Corpus) -> bytes:
    """The corpus as GraphML (UTF-8)."""
    return dumps_graph(corpus_graph(corpus)).encode("utf-8")
