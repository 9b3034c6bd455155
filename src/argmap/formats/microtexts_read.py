"""arg-microtexts ``arggraph`` files, read: the ``.xml`` with the text in the ``.txt`` of the
same name beside it (the layout of https://github.com/peldszus/arg-microtexts, corpus/en).

Each ADU becomes a claim with the id of the ADU, its text the words of its EDUs and a quote
of each EDU at its offsets in the text (one source per text, ``<map id>-text``). ``sup``
is a support relation, ``exa`` a one-premise argument with the scheme ``example``, ``reb``
a rebut and ``und`` an undercut of the relation or argument made from the edge it targets;
every one keeps the id of its edge. An edge that ``add`` edges join is one linked argument
(id: the edge's) whose premises are its source and the joining ADUs. A linked attack
concludes a claim the text leaves implicit (``<edge>-conclusion``), which attacks the target
(``<edge>-attack``): the model's attacks come from one claim. The central claim, the EDU and
``seg`` ids and the ``add`` edge ids have no field of their own: each claim's note keeps
them (:mod:`argmap.formats.microtexts_graph`), so the export writes the same file back.

The XML is parsed and checked by :mod:`argmap.formats.microtexts_xml`; here the EDUs are
found in the text and the map is built. Each error is one line naming file, line and fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from argmap.errors import InputError
from argmap.formats._imports import IdMinter, build_map, read_import_text
from argmap.formats.microtexts_graph import (
    ARGUMENTATIVE,
    Edge,
    NoteFacts,
    derive_roles,
    format_note,
)
from argmap.formats.microtexts_xml import Graph, Unit, check_references, parse_arggraph
from argmap.model.entities import ArgumentMap
from argmap.model.ids import slugify
from argmap.model.quotes import quote_problem

__all__ = ["loads", "read", "text_beside"]


class _Segment(NamedTuple):
    edu: Unit
    seg: str  # the id of the seg edge
    start: int  # where the EDU's words start in the text


# Above this size a text is not searched for the passage nearest to a missing EDU (a fuzzy
# match costs time in the product of the lengths).
_NEAREST_MATCH_TEXT = 200_000


def _starts(graph: Graph, text: str, label: str, text_label: str) -> dict[str, int]:
    """Where each EDU's words start in the text. EDUs are looked for in file order, each
    after the one before (the same words may occur twice), so the search passes over the
    text once, however many EDUs there are."""
    starts: dict[str, int] = {}
    after = 0
    for edu in graph.edus:
        found = text.find(edu.value, after)
        if found < 0:
            if text.find(edu.value) >= 0:
                why = f"it stands before offset {after}, where the EDU before it ends"
            elif len(text) <= _NEAREST_MATCH_TEXT:
                why = quote_problem(edu.value, None, text) or "not in the text"
            else:
                why = "not in the text"
            raise InputError(
                f"{label}:{edu.line}: EDU '{edu.id}' is not in {text_label} ({why}); the"
                " .txt must hold every EDU verbatim, in the order of the file"
            )
        starts[edu.id] = found
        after = found + len(edu.value)
    return starts


def _segments(graph: Graph, text: str, label: str, text_label: str) -> dict[str, list[_Segment]]:
    """Each ADU's EDUs with their seg edges and offsets, in the order of the text."""
    starts = _starts(graph, text, label, text_label)
    segments: dict[str, list[_Segment]] = {a.id: [] for a in graph.adus}
    segment_of: dict[str, str] = {}
    by_id = {e.id: e for e in graph.edus}
    for edge in graph.edges:
        if edge.type != "seg":
            continue
        if edge.src in segment_of:
            raise InputError(
                f"{label}:{edge.line}: EDU '{edge.src}' is a segment of '{segment_of[edge.src]}'"
                f" and of '{edge.trg}'; give each EDU one ADU"
            )
        segment_of[edge.src] = edge.trg
        segments[edge.trg].append(_Segment(by_id[edge.src], edge.id, starts[edge.src]))
    for edu in graph.edus:
        if edu.id not in segment_of:
            raise InputError(
                f"{label}:{edu.line}: EDU '{edu.id}' is no ADU's segment, so argmap has nowhere"
                " to keep it; add a seg edge from it to an ADU"
            )
    for adu in graph.adus:
        if not segments[adu.id]:
            raise InputError(
                f"{label}:{adu.line}: ADU '{adu.id}' has no words: add a seg edge from an EDU"
            )
        segments[adu.id].sort(key=lambda s: s.start)
    return segments


def _joining(
    structural: list[Edge], edges: dict[str, Edge], label: str
) -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """The ``add`` edges: for each ADU, the edges it joins (joined edge id -> add edge id),
    and for each joined edge, the ADUs that join it, in file order."""
    joins: dict[str, dict[str, str]] = {}
    adds: dict[str, list[str]] = {}
    for edge in structural:
        if edge.type != "add":
            continue
        joined = edges[edge.trg]
        if edge.src == joined.src or edge.src in adds.get(joined.id, ()):
            raise InputError(
                f"{label}:{edge.line}: add edge '{edge.id}' joins '{edge.src}' to edge"
                f" '{joined.id}' once more; remove it"
            )
        if edge.src == joined.trg:
            raise InputError(
                f"{label}:{edge.line}: add edge '{edge.id}' makes '{edge.src}' a premise of"
                f" edge '{joined.id}', which targets it; fix src or trg"
            )
        joins.setdefault(edge.src, {})[joined.id] = edge.id
        adds.setdefault(joined.id, []).append(edge.src)
    return joins, adds


def _adu_claims(
    graph: Graph,
    segments: dict[str, list[_Segment]],
    joins: dict[str, dict[str, str]],
    source_id: str,
    central: list[str],
) -> list[dict[str, Any]]:
    """One claim per ADU: its EDUs' words, a quote of each, and the note of its ids."""
    derived = derive_roles([a.id for a in graph.adus], graph.edges)
    topic = graph.attributes.get("topic_id")
    claims: list[dict[str, Any]] = []
    for adu in graph.adus:
        facts = NoteFacts(
            central=adu.id in central,
            edus=[(s.edu.id, s.seg) for s in segments[adu.id]],
            joins=joins.get(adu.id, {}),
            role=adu.value if adu.value != derived[adu.id] else None,
        )
        quotes = [
            {"source": source_id, "text": s.edu.value, "start": s.start}
            | {"end": s.start + len(s.edu.value)}
            for s in segments[adu.id]
        ]
        claim: dict[str, Any] = {
            "id": adu.id,
            "text": " ".join(s.edu.value for s in segments[adu.id]),
            "note": format_note(facts),
            "quotes": quotes,
        }
        if topic and adu.id in central:
            claim["topics"] = [topic]
        claims.append(claim)
    return claims


class _Links(NamedTuple):
    claims: list[dict[str, Any]]  # the implied conclusions of linked attacks
    arguments: list[dict[str, Any]]
    relations: list[dict[str, Any]]


def _links(
    structural: list[Edge],
    edges: dict[str, Edge],
    adds: dict[str, list[str]],
    texts: dict[str, str],
    ids: IdMinter,
) -> _Links:
    """The relations and arguments the argumentative edges make (see the module's doc)."""
    links = _Links([], [], [])
    for edge in structural:
        if edge.type == "add":
            continue
        joining = adds.get(edge.id, [])
        premises = [edge.src, *joining]
        if edge.type == "sup" and not joining:
            links.relations.append(_relation(edge.id, "support", edge.src, edge.trg))
        elif edge.type in ("sup", "exa"):
            scheme = {"scheme": "example"} if edge.type == "exa" else {}
            links.arguments.append(
                {"id": edge.id, "premises": premises, "conclusion": edge.trg} | scheme
            )
        elif not joining:
            kind = "rebut" if edge.type == "reb" else "undercut"
            links.relations.append(_relation(edge.id, "attack", edge.src, edge.trg, kind))
        else:
            conclusion = ids.mint(f"{edge.id}-conclusion")
            links.claims.append(
                {
                    "id": conclusion,
                    "text": _implied_text(edge, edges, texts),
                    "note": format_note(NoteFacts(implied_by=edge.id)),
                }
            )
            links.arguments.append({"id": edge.id, "premises": premises, "conclusion": conclusion})
            kind = "rebut" if edge.type == "reb" else "undercut"
            links.relations.append(
                _relation(ids.mint(f"{edge.id}-attack"), "attack", conclusion, edge.trg, kind)
            )
    return links


def loads(
    xml: str, text: str, label: str = "<arggraph>", text_label: str = "<text>", map_id: str = ""
) -> ArgumentMap:
    """An argument map from an arggraph's XML and its text. ``map_id`` is the map's id when
    the arggraph has none."""
    graph = parse_arggraph(xml, label)
    edges = check_references(graph, label)
    segments = _segments(graph, text, label, text_label)
    the_id = graph.attributes.get("id") or slugify(map_id or Path(label).stem, "microtexts")
    ids = IdMinter(the_id, *(u.id for u in graph.edus), *(u.id for u in graph.adus), *edges)
    topic = graph.attributes.get("topic_id")
    if topic is not None and topic in ids.used and topic != the_id:
        raise InputError(
            f"{label}:1: topic_id '{topic}' is also the id of an element, and argmap keeps both"
            " in one map; rename the topic"
        )
    source_id = ids.mint(f"{the_id}-text")
    structural = [e for e in graph.edges if e.type in ARGUMENTATIVE]
    leaving = {e.src for e in structural}
    central = [a.id for a in graph.adus if a.id not in leaving]
    joins, adds = _joining(structural, edges, label)
    claims = _adu_claims(graph, segments, joins, source_id, central)
    links = _links(structural, edges, adds, {c["id"]: c["text"] for c in claims}, ids)
    return build_map(
        {
            "id": the_id,
            "title": the_id,
            "description": _description(graph, central, len(structural)),
            "sources": [{"id": source_id, "title": f"Text of {the_id}", "text": text}],
            "topics": [{"id": topic, "label": topic.replace("_", " ")}] if topic else [],
            "claims": claims + links.claims,
            "arguments": links.arguments,
            "relations": links.relations,
        },
        label,
    )


def _relation(
    relation_id: str, kind: str, source: str, target: str, attack: str | None = None
) -> dict[str, Any]:
    relation = {"id": relation_id, "type": kind, "from": source, "to": target}
    return relation | ({"kind": attack} if attack else {})


def _implied_text(edge: Edge, edges: dict[str, Edge], texts: dict[str, str]) -> str:
    """What a linked attack concludes, in words: that its target does not hold."""
    if edge.type == "reb":
        return f"Not so: {texts[edge.trg]}"
    target = edges[edge.trg]
    aim = texts.get(target.trg, f"edge {target.trg}")
    towards = "for" if target.type in ("sup", "exa") else "against"
    return f"No reason: “{texts[target.src]}” does not count {towards} “{aim}”"


def _description(graph: Graph, central: list[str], structural: int) -> str:
    """The map's description; the export reads the stance back from its last line."""
    lines = [
        f"An arg-microtexts argument graph: {len(graph.edus)} EDUs, {len(graph.adus)} ADUs,"
        f" {structural} argumentative edges.",
        f"Central claim: {', '.join(central) or 'none'}.",
    ]
    if "topic_id" in graph.attributes:
        lines.append(f"Topic: {graph.attributes['topic_id']}.")
    if "stance" in graph.attributes:
        lines.append(f"Stance: {graph.attributes['stance']}.")
    return "\n".join(lines)


def text_beside(path: Path) -> tuple[str, str]:
    """The text of the arggraph at ``path`` (the ``.txt`` of the same name) and its name."""
    txt = path.with_suffix(".txt")
    if not txt.is_file():
        raise InputError(
            f"{path}: its text {txt} is missing; arg-microtexts keeps the text of an arggraph"
            " in the .txt of the same name beside it: put the text there"
        )
    return read_import_text(txt, "arg-microtexts text"), str(txt)


def read(path: str | Path) -> ArgumentMap:
    """Read an arggraph ``.xml`` and the ``.txt`` beside it as one map."""
    path = Path(path)
    xml = read_import_text(path, "arg-microtexts arggraph")
    text, text_label = text_beside(path)
    return loads(xml, text, str(path), text_label, slugify(path.stem, "microtexts"))
