"""Mermaid flowchart export, for Markdown on GitHub/GitLab and documentation sites.

Written after the Mermaid flowchart syntax (https://mermaid.js.org/syntax/flowchart.html).
The rules this module relies on, and that the tests check line by line:

- node ids are generated (``n1``, ``n2``…), so no id is a keyword (``end``) or holds
  punctuation; the IRI of each node is kept in a ``%%`` comment beside it;
- every label is double-quoted, and inside it the characters Mermaid treats specially are
  entity codes: ``"`` → ``#quot;``, ``#`` → ``#35;``, ``&`` → ``#amp;``, ``<`` → ``#lt;``,
  ``>`` → ``#gt;``, a backtick → ``#96;`` (a leading backtick would start a Markdown string);
  a line break is ``<br>``;
- edge labels are fixed words (``support``, ``attack``, ``undercut``, ``endorses``…) between
  pipes; attacks are ``--x`` (a cross head), supports ``-->``, the rest dotted ``-.->``;
- an argument (an inference with linked premises) is a small rhombus, a junction as OVA
  draws AIF's RA nodes, labelled with its scheme: each premise joins it with a plain line
  ``---`` and one arrow ``-->`` leaves it for the conclusion, both without a word; a
  contrary is ``--o`` (a circle head), a contradictory ``x--x`` (a cross at both ends), a
  rephrase ``<-.->`` (dotted, both ways: the same claim restated); undermines are dashed;
- styles are ``classDef`` / ``class`` lines and ``linkStyle`` by edge index.
"""

from __future__ import annotations

import textwrap
from typing import Any

import networkx as nx

from argmap.graph.projection import corpus_graph
from argmap.model.corpus import Corpus

__all__ = ["ENTITIES", "dumps", "dumps_graph", "mermaid_label"]

ENTITIES = {"#": "#35;", '"': "#quot;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "`": "#96;"}
SHAPES = {  # opening, closing
    "claim": ("[", "]"),
    "issue": ("{{", "}}"),
    "actor": ("([", "])"),
    "relation": ("((", "))"),
    "argument": ("{", "}"),
}
CLASSES = {
    "claim": "fill:#DDEBF7,stroke:#404040",
    "issue": "fill:#FFF2CC,stroke:#BF9000",
    "actor": "fill:#E2F0D9,stroke:#548235",
    "relation": "fill:#EDEDED,stroke:#7F7F7F",
    "argument": "fill:#C6E0B4,stroke:#548235",
}
ARROWS = {
    "support": "-->",
    "attack": "--x",
    "premise": "---",
    "conclusion": "-->",
    "contrary": "--o",
    "contradictory": "x--x",
    "rephrase": "<-.->",
}
LINK_COLORS = {"support": "#2E7D32", "attack": "#C62828"}
# Link styles of the kinds that came with arguments (old maps have none of them, so their
# flowcharts stay as they were).
LINK_STYLES = {
    "premise": "stroke:#2E7D32",
    "conclusion": "stroke:#2E7D32",
    "undermine": "stroke:#C62828,stroke-dasharray:4 3",
    "contrary": "stroke:#E65100",
    "contradictory": "stroke:#6A1B9A",
    "rephrase": "stroke:#1565C0",
}
UNLABELLED = {"premise", "conclusion"}  # the junction says what these edges are


def mermaid_label(text: str, width: int = 40) -> str:
    """A quoted Mermaid label that shows ``text``, wrapped at spaces near ``width``."""
    escaped = "".join(ENTITIES.get(ch, ch) for ch in text)
    lines = []
    for paragraph in escaped.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        # Wrap on spaces only, so an entity code is never cut in two.
        lines.extend(
            textwrap.wrap(paragraph, width=width, break_long_words=False, break_on_hyphens=False)
            or [""]
        )
    return '"' + "<br>".join(lines) + '"'


def _comment(text: str) -> str:
    return text.replace("\n", " ").replace("\r", " ")


def dumps_graph(g: nx.MultiDiGraph, direction: str = "BT") -> str:
    """Mermaid ``flowchart`` text of a graph view."""
    names: dict[str, str] = {}
    lines = [f"flowchart {direction}"]
    by_kind: dict[str, list[str]] = {kind: [] for kind in SHAPES}
    for index, (node, data) in enumerate(g.nodes(data=True), start=1):
        name = names[node] = f"n{index}"
        opening, closing = SHAPES[data["kind"]]
        lines.append(f"  %% {_comment(node)}")
        lines.append(f"  {name}{opening}{mermaid_label(str(data['label']))}{closing}")
        by_kind[data["kind"]].append(name)
    colored: dict[str, list[str]] = {"support": [], "attack": []}
    styled: dict[str, list[str]] = {kind: [] for kind in LINK_STYLES}
    for index, (source, target, _key, data) in enumerate(g.edges(keys=True, data=True)):
        kind: str = data["kind"]
        arrow = ARROWS.get(kind, "-.->")
        label = "" if kind in UNLABELLED else f"|{_edge_word(data)}|"
        lines.append(f"  {names[source]} {arrow}{label} {names[target]}")
        group = "undermine" if data.get("attack_kind") == "undermine" else kind
        if group in colored:
            colored[group].append(str(index))
        elif group in styled:
            styled[group].append(str(index))
    for kind, style in CLASSES.items():
        if by_kind[kind]:
            lines.append(f"  classDef {kind} {style}")
            lines.append(f"  class {','.join(by_kind[kind])} {kind}")
    for kind, indices in colored.items():
        if indices:
            lines.append(f"  linkStyle {','.join(indices)} stroke:{LINK_COLORS[kind]}")
    for group, indices in styled.items():
        if indices:
            lines.append(f"  linkStyle {','.join(indices)} {LINK_STYLES[group]}")
    return "\n".join(lines) + "\n"


def _edge_word(data: dict[str, Any]) -> str:
    if data.get("attack_kind") in ("undercut", "undermine"):
        return str(data["attack_kind"])
    if data["kind"] == "member_of":
        return "member of"
    return str(data.get("position", data["kind"]))


def dumps(corpus: Corpus) -> bytes:
    """The corpus as a Mermaid flowchart (UTF-8), to paste in a ```mermaid block."""
    return dumps_graph(corpus_graph(corpus)).encode("utf-8")
