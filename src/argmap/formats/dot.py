"""DOT export for Graphviz (``dot -Tsvg map.dot > map.svg``).

Written by hand after the DOT language reference (https://graphviz.org/doc/info/lang.html):
every id is a double-quoted string, so IRIs with ``:`` and ``/`` stay one node (pydot splits
an unquoted ``http://…`` at the colon, as a port). In quoted strings only ``"`` is escaped;
labels and tooltips are escStrings (https://graphviz.org/docs/attr-types/escString/), where
``\\`` is a backslash, ``\\n`` a line break and ``\\N``/``\\G``… expand to names, so a
backslash in user text is doubled, and ``&`` is written ``&amp;`` because Graphviz decodes
HTML entities in labels.

Each map's claims, issues, arguments and relation nodes sit in a cluster with the map's
title; actors stand outside. An argument is a small filled circle (a junction, as OVA draws
AIF's RA nodes) with its scheme as an external label (``xlabel``): its premises run into it
without arrowheads and one arrow leaves it for the conclusion. Attacks are red (undercuts
dashed, undermines dotted), a contrary is an orange line ending in a bar, a contradictory a
purple line with heads at both ends, a rephrase a blue dashed line with a hollow head.
Only the label (wrapped), the tooltip (the full text) and slug-valued attributes (``kind``,
``argmap_id``, ``map``, ``scheme``, ``by``…) are written: DOT is for drawing; use GraphML or
node-link JSON to carry every attribute.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from typing import Any

import networkx as nx

from argmap.graph.projection import LIST_SEPARATOR, corpus_graph
from argmap.model.corpus import Corpus

__all__ = ["dot_id", "dot_label", "dumps", "dumps_graph"]

NODE_STYLE = {  # shape, fill colour
    "claim": ("box", "#DDEBF7"),
    "issue": ("hexagon", "#FFF2CC"),
    "actor": ("ellipse", "#E2F0D9"),
    "relation": ("diamond", "#EDEDED"),
    "argument": ("circle", "#70AD47"),
}
EDGE_STYLE = {  # colour, style
    "support": ("#2E7D32", "solid"),
    "attack": ("#C62828", "solid"),
    "stance": ("#7F7F7F", "dotted"),
    "answers": ("#BF9000", "dashed"),
    "member_of": ("#7F7F7F", "dashed"),
    "premise": ("#2E7D32", "solid"),
    "conclusion": ("#2E7D32", "solid"),
    "contrary": ("#E65100", "solid"),
    "contradictory": ("#6A1B9A", "solid"),
    "rephrase": ("#1565C0", "dashed"),
}
ATTACK_STYLE = {"undercut": "dashed", "undermine": "dotted"}  # rebut: the attack's own line
# Extra edge attributes by kind (kinds older than arguments have none, so old maps draw
# exactly as before).
EDGE_EXTRA = {
    "premise": {"arrowhead": "none"},
    "contrary": {"arrowhead": "tee"},
    "contradictory": {"dir": "both"},
    "rephrase": {"arrowhead": "empty"},
}
# The argument junction: a fixed small circle; its scheme is drawn beside it.
JUNCTION = {"fixedsize": "true", "width": "0.25", "height": "0.25"}
# Attributes whose values are slugs or fixed words: safe to copy as they are.
_PLAIN = ("kind", "argmap_id", "map", "claim_kind", "actor_kind", "position", "attack_kind")
_PLAIN_NEW = ("scheme", "premise_count", "by", "analyst")  # absent from maps without arguments


def dot_id(text: str) -> str:
    """A DOT id: always a quoted string; ``"`` escaped, a trailing backslash kept inside."""
    text = text.replace('"', '\\"')
    if text.endswith("\\") and not text.endswith('\\"'):
        text += " "  # a final backslash would escape the closing quote
    return f'"{text}"'


def dot_label(text: str) -> str:
    """An escString value in quotes: exactly ``text`` when Graphviz draws it."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _wrap(text: str, width: int = 32) -> str:
    lines = [
        wrapped
        for paragraph in text.splitlines() or [text]
        for wrapped in (
            textwrap.wrap(paragraph, width=width, break_long_words=False, break_on_hyphens=False)
            or [""]
        )
    ]
    return "\n".join(lines[:8] + (["…"] if len(lines) > 8 else []))


def _attrs(values: dict[str, str]) -> str:
    return "[" + ", ".join(f"{k}={v}" for k, v in values.items()) + "]"


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return dot_id("true" if value else "false")
    if isinstance(value, list):
        return dot_id(LIST_SEPARATOR.join(value))
    return dot_id(str(value))


def _node(node: str, data: dict[str, Any]) -> str:
    shape, fill = NODE_STYLE[data["kind"]]
    values = {
        "label": dot_label(_wrap(str(data["label"]))),
        "tooltip": dot_label(str(data.get("text", data["label"]))),
        "shape": shape,
        "fillcolor": dot_id(fill),
        "class": dot_id(data["kind"]),
    }
    if data["kind"] == "argument":
        values["xlabel"] = values["label"]
        values["label"] = '""'
        if "warrant" in data:
            values["tooltip"] = dot_label(f"{data['label']}: {data['warrant']}")
        values.update(JUNCTION)
    values.update({k: dot_id(str(data[k])) for k in _PLAIN if k in data})
    values.update({k: _plain(data[k]) for k in _PLAIN_NEW if k in data})
    return f"{dot_id(node)} {_attrs(values)};"


def _edge(source: str, target: str, key: str, data: dict[str, Any]) -> str:
    color, style = EDGE_STYLE[data["kind"]]
    style = ATTACK_STYLE.get(str(data.get("attack_kind")), style)
    # The junction says what a premise or conclusion edge is: no word on it.
    word = "" if data["kind"] in ("premise", "conclusion") else str(data["label"])
    values = {
        "label": dot_label(word),
        "color": dot_id(color),
        "fontcolor": dot_id(color),
        "style": style,
        "class": dot_id(data["kind"]),
        "edge_iri": dot_id(key),
    }
    values.update(EDGE_EXTRA.get(data["kind"], {}))
    if "strength" in data:
        values["penwidth"] = f"{1 + 2 * float(data['strength']):.2f}"
        values["strength"] = dot_id(repr(float(data["strength"])))
    if "warrant" in data:
        values["tooltip"] = dot_label(str(data["warrant"]))
    values.update({k: dot_id(str(data[k])) for k in _PLAIN if k in data})
    values.update({k: _plain(data[k]) for k in _PLAIN_NEW if k in data})
    return f"{dot_id(source)} -> {dot_id(target)} {_attrs(values)};"


def dumps_graph(g: nx.MultiDiGraph, titles: dict[str, str] | None = None) -> str:
    """DOT text of a graph view (see :func:`argmap.graph.projection.corpus_graph`); ``titles``
    names each map's cluster."""
    lines = [
        "// Written by argmap. Draw it with Graphviz: dot -Tsvg this.dot -o map.svg",
        'digraph "argmap" {',
        f"  graph [label={dot_label(str(g.graph.get('title', '')))}, labelloc=t, rankdir=BT,"
        ' fontname="Helvetica"];',
        '  node [style="rounded,filled", fontname="Helvetica", fontsize=10];',
        '  edge [fontname="Helvetica", fontsize=8];',
    ]
    by_map: dict[str | None, list[str]] = defaultdict(list)
    for node, data in g.nodes(data=True):
        by_map[data.get("map") if data["kind"] != "actor" else None].append(_node(node, data))
    lines.extend(f"  {line}" for line in by_map.pop(None, []))
    for map_id, node_lines in by_map.items():
        lines.append(f"  subgraph {dot_id(f'cluster_{map_id}')} {{")
        label = (titles or {}).get(str(map_id), str(map_id))
        lines.append(f'    graph [label={dot_label(label)}, style="rounded", color="#A0A0A0"];')
        lines.extend(f"    {line}" for line in node_lines)
        lines.append("  }")
    for source, target, key, data in g.edges(keys=True, data=True):
        lines.append(f"  {_edge(source, target, key, data)}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def dumps(corpus: Corpus) -> bytes:
    """The corpus as a Graphviz DOT file (UTF-8)."""
    titles = {m.id: m.title for m in corpus.maps}
    return dumps_graph(corpus_graph(corpus), titles).encode("utf-8")
