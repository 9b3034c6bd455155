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

Mermaid refuses diagrams over two limits a page may raise but GitHub, GitLab and most sites
keep at their defaults: ``maxTextSize`` (50,000; ``mermaidAPI.ts`` measures the text without
its ``%%`` comment lines, in UTF-16 units as JavaScript's ``String.length``, and draws
"Maximum text size in diagram exceeded" instead) and ``maxEdges`` (500; ``flowDb.ts`` throws
"Edge limit exceeded" at the 501st link). :func:`dumps` refuses such a diagram with
:class:`DiagramTooLargeError` rather than write one no renderer draws; :func:`dumps_markdown`
writes one diagram per thesis instead, and a graph narrowed to a claim's neighbourhood
(:func:`argmap.graph.neighbourhood.focus_graph`) makes a smaller one.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import Any

import networkx as nx

from argmap.errors import OutputError
from argmap.graph.neighbourhood import thesis_graphs
from argmap.graph.projection import corpus_graph
from argmap.model.corpus import Corpus

__all__ = [
    "ENTITIES",
    "MAX_EDGES",
    "MAX_TEXT_SIZE",
    "DiagramTooLargeError",
    "check_limits",
    "dumps",
    "dumps_checked",
    "dumps_graph",
    "dumps_markdown",
    "markdown_parts",
    "measured_size",
    "mermaid_label",
    "over_limits",
]

#: Mermaid's default ``maxTextSize`` and ``maxEdges`` (see the module docstring).
MAX_TEXT_SIZE = 50_000
MAX_EDGES = 500

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


_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def mermaid_label(text: str, width: int = 40) -> str:
    """A quoted Mermaid label that shows ``text``, wrapped at spaces near ``width``."""
    escaped = "".join(ENTITIES.get(ch, ch) for ch in text)
    lines = []
    # Every line break JavaScript knows ends a paragraph: Mermaid finds its %% comments at the
    # start of any such line, so none may stay inside a label.
    for paragraph in _LINE_BREAK.split(escaped):
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


# Mermaid's cleanupComments (src/diagram-api/comments.ts): a line whose first non-blank
# characters are %% (but not a %%{ directive) is removed before the size is measured.
_COMMENT_LINE = re.compile(r"^\s*%%(?!\{)[^\n]+\n?", re.MULTILINE)


def measured_size(text: str) -> int:
    """The size Mermaid checks against ``maxTextSize``: the text without its ``%%`` comment
    lines, in UTF-16 code units (JavaScript's ``String.length``)."""
    cleaned = _COMMENT_LINE.sub("", text).lstrip()
    return len(cleaned.encode("utf-16-le")) // 2


def over_limits(
    text: str, edges: int, max_text_size: int = MAX_TEXT_SIZE, max_edges: int = MAX_EDGES
) -> str | None:
    """What a diagram of ``text`` with ``edges`` links exceeds (``"964 edges (over maxEdges
    500)"``…), or None when Mermaid draws it."""
    size = measured_size(text)
    over = []
    if edges > max_edges:
        over.append(f"{edges:,} edges (over maxEdges {max_edges:,})")
    if size > max_text_size:
        over.append(f"{size:,} characters (over maxTextSize {max_text_size:,})")
    return " and ".join(over) or None


class DiagramTooLargeError(OutputError):
    """A diagram over Mermaid's default limits: ``what`` names it, ``over`` says which
    limits it exceeds and by how much, ``thesis`` is the ``map:id`` of the thesis whose
    diagram it is (None for a whole graph)."""

    def __init__(self, what: str, over: str, thesis: str | None = None) -> None:
        self.what, self.over, self.thesis = what, over, thesis
        fix = (
            "draw a neighbourhood of it"
            if thesis is not None
            else "narrow the graph to a claim's neighbourhood, or write one diagram per thesis"
        )
        super().__init__(
            f"{what} would have {over}, Mermaid's default limits, so Mermaid refuses to draw"
            f" it; {fix}",
            option="focus",
        )


def check_limits(
    text: str, edges: int, what: str = "the Mermaid diagram", thesis: str | None = None
) -> None:
    """Raise :class:`DiagramTooLargeError` when Mermaid would refuse the diagram."""
    over = over_limits(text, edges)
    if over is not None:
        raise DiagramTooLargeError(what, over, thesis)


def dumps_checked(g: nx.MultiDiGraph, what: str = "the Mermaid diagram") -> str:
    """:func:`dumps_graph`, refused with :class:`DiagramTooLargeError` over Mermaid's limits."""
    text = dumps_graph(g)
    check_limits(text, g.number_of_edges(), what)
    return text


def dumps(corpus: Corpus) -> bytes:
    """The corpus as a Mermaid flowchart (UTF-8), to paste in a ```mermaid block; refused
    with :class:`DiagramTooLargeError` when Mermaid would not draw it."""
    return dumps_checked(corpus_graph(corpus)).encode("utf-8")


# ---- Markdown: one diagram per thesis ---------------------------------------------------------

# CommonMark lets a backslash escape any ASCII punctuation: a heading made of a claim's text
# shows the text, never Markdown or HTML of it.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_HEADING_CHARS = 120


def _markdown_text(text: str) -> str:
    line = " ".join(text.split())
    if len(line) > _HEADING_CHARS:
        line = line[: _HEADING_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", line)


def _fenced(text: str) -> str:
    """A ```mermaid block whose fence is longer than any run of backticks inside."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}mermaid\n{text}{fence}\n"


def _part_label(key: str, g: nx.MultiDiGraph) -> str:
    """The text of the node ``key`` (``map:id``) names in ``g``; the key when none does."""
    for _, data in g.nodes(data=True):
        if data.get("kind") in ("claim", "issue") and f"{data['map']}:{data['argmap_id']}" == key:
            return str(data["label"])
    return key


def markdown_parts(title: str, parts: Sequence[tuple[str, nx.MultiDiGraph]]) -> str:
    """Markdown with one ```mermaid block per part (``map:id`` of its thesis, and its graph),
    each under a heading with the thesis's text; a part over Mermaid's limits raises
    :class:`DiagramTooLargeError` naming its thesis."""
    blocks = []
    for number, (key, g) in enumerate(parts, start=1):
        text = dumps_graph(g)
        check_limits(text, g.number_of_edges(), f"the diagram of '{key}'", key)
        blocks.append(
            f"## {number}. {_markdown_text(_part_label(key, g))}\n\n"
            f"`{key}`: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges\n\n" + _fenced(text)
        )
    head = (
        f"# {_markdown_text(title)}\n\n"
        f"{len(parts)} Mermaid diagram(s), one per thesis (an issue, or a claim that argues"
        " for or against no other), each with all that argues towards it: a claim arguing"
        " towards several theses is in each of their diagrams.\n"
    )
    return "\n".join([head, *blocks])


def dumps_markdown(corpus: Corpus) -> bytes:
    """The corpus as Markdown with one Mermaid diagram per thesis (see
    :func:`argmap.graph.neighbourhood.thesis_graphs`), each within Mermaid's limits."""
    g = corpus_graph(corpus)
    title = " / ".join(m.title for m in corpus.maps)
    return markdown_parts(title, thesis_graphs(g)).encode("utf-8")
