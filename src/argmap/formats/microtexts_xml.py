"""The XML of an arg-microtexts ``arggraph``, parsed and checked: the elements and
attributes the scheme has (``<arggraph id topic_id stance>`` holding ``<edu id>`` with the
words, ``<adu id type>`` and ``<edge id src trg type>``), ids unique across the file, and each
edge from and to what its type links (:mod:`argmap.formats.microtexts_graph`).

The XML is untrusted: a document type declaration (so any entity) is refused as the parser
meets it, before anything it declares could expand, and elements inside elements are
refused, so nothing nests. Each error is one line naming the file, the line and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from argmap.errors import InputError
from argmap.formats._imports import shown
from argmap.formats.microtexts_graph import ARGUMENTATIVE, EDGE_TYPES, ROLES, Edge
from argmap.model.ids import is_slug

__all__ = ["Graph", "Unit", "check_references", "parse_arggraph"]


_ATTRIBUTES = {
    "arggraph": ({"id"}, {"topic_id", "stance"}),
    "edu": ({"id"}, set()),
    "adu": ({"id", "type"}, set()),
    "edge": ({"id", "src", "trg", "type"}, set()),
}  # element: (required attributes, optional ones)


@dataclass
class Unit:
    id: str
    line: int
    value: str  # an EDU's text, an ADU's role


@dataclass
class Graph:
    attributes: dict[str, str] = field(default_factory=dict)
    edus: list[Unit] = field(default_factory=list)
    adus: list[Unit] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)


class _RefusedError(InputError):
    """What the XML handlers raise to stop the parse; the message is the whole error."""


def parse_arggraph(xml: str, label: str) -> Graph:
    """The elements of an arggraph, checked against the scheme as they come."""
    graph = Graph()
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    depth = 0
    text: list[str] | None = None  # the words of the EDU being read

    def where() -> str:
        return f"{label}:{parser.CurrentLineNumber}"

    def refuse_doctype(*_: Any) -> None:
        raise _RefusedError(
            f"{where()}: a document type declaration (<!DOCTYPE>) is not read, as its"
            " entities could expand without bound; remove it (arggraph files have none)"
        )

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth, text
        depth += 1
        if depth == 1 and tag != "arggraph":
            raise _RefusedError(
                f"{where()}: the root element is <{tag}>, not <arggraph>; is this an"
                " arg-microtexts file?"
            )
        if depth == 2 and tag not in ("edu", "adu", "edge"):
            raise _RefusedError(
                f"{where()}: <{tag}> is not part of an arggraph; keep to <edu>, <adu> and <edge>"
            )
        if depth > 2:
            raise _RefusedError(f"{where()}: <{tag}> inside an element; <{tag}> has no place there")
        _check_attributes(tag, attributes, where())
        if tag == "arggraph":
            graph.attributes = attributes
        elif tag == "edu":
            text = []
            graph.edus.append(Unit(attributes["id"], parser.CurrentLineNumber, ""))
        elif tag == "adu":
            graph.adus.append(Unit(attributes["id"], parser.CurrentLineNumber, attributes["type"]))
        else:
            graph.edges.append(
                Edge(
                    attributes["id"],
                    attributes["src"],
                    attributes["trg"],
                    attributes["type"],
                    parser.CurrentLineNumber,
                )
            )

    def end(tag: str) -> None:
        nonlocal depth, text
        depth -= 1
        if tag == "edu" and text is not None:
            words = "".join(text).strip()
            if not words:
                raise _RefusedError(
                    f"{where()}: EDU '{graph.edus[-1].id}' has no text; write its words"
                )
            graph.edus[-1].value = words
            text = None

    def characters(data: str) -> None:
        if text is not None:
            text.append(data)
        elif data.strip():
            raise _RefusedError(
                f"{where()}: text {shown(data)} outside an <edu>; only EDUs hold words"
            )

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(xml, True)
    except expat.ExpatError as exc:
        raise InputError(
            f"{label}:{exc.lineno}: not well-formed XML ({expat.ErrorString(exc.code)}, column"
            f" {exc.offset + 1}); fix the XML there"
        ) from None
    except _RefusedError as exc:
        raise InputError(str(exc)) from None
    return graph


def _check_attributes(tag: str, attributes: dict[str, str], where: str) -> None:
    required, optional = _ATTRIBUTES[tag]
    if tag == "arggraph":
        required = set()  # a file without an id takes the file's name
    missing = sorted(required - set(attributes))
    if missing:
        raise _RefusedError(f"{where}: <{tag}> has no {', '.join(missing)}; add it")
    extra = sorted(set(attributes) - required - optional - ({"id"} if tag == "arggraph" else set()))
    if extra:
        raise _RefusedError(
            f"{where}: <{tag}> has an attribute {extra[0]!r} that arggraph files do not have;"
            " remove it"
        )
    for name in ("id", "topic_id", "src", "trg"):
        value = attributes.get(name)
        if value is not None and not is_slug(value):
            raise _RefusedError(
                f"{where}: {name} {shown(value)} is not an id argmap can keep (letters, digits,"
                " '.', '_', '-'; up to 120); rename it"
            )
    kind = attributes.get("type")
    if tag == "adu" and kind not in ROLES:
        raise _RefusedError(
            f"{where}: ADU type {shown(kind)} is not 'pro' or 'opp'; use one of them"
        )
    if tag == "edge" and kind not in EDGE_TYPES:
        raise _RefusedError(
            f"{where}: edge type {shown(kind)} is unknown; use one of {', '.join(EDGE_TYPES)}"
        )
    stance = attributes.get("stance")
    if stance is not None and (not stance.strip() or "\n" in stance or stance != stance.strip()):
        raise _RefusedError(f"{where}: stance {shown(stance)} is not one line of text; fix it")


def check_references(graph: Graph, label: str) -> dict[str, Edge]:
    """Ids unique across the file, and every edge from and to what its type links."""
    lines: dict[str, int] = {}
    units: list[Unit | Edge] = [*graph.edus, *graph.adus, *graph.edges]
    for unit in units:
        if unit.id in lines:
            raise InputError(
                f"{label}:{unit.line}: id '{unit.id}' is used twice (also on line"
                f" {lines[unit.id]}); edges name their ends by id, so rename one"
            )
        lines[unit.id] = unit.line
    edus = {u.id for u in graph.edus}
    adus = {u.id for u in graph.adus}
    edges = {e.id: e for e in graph.edges}
    for edge in graph.edges:
        at = f"{label}:{edge.line}: {edge.type} edge '{edge.id}'"
        wanted_source = "an EDU" if edge.type == "seg" else "an ADU"
        if edge.src not in (edus if edge.type == "seg" else adus):
            raise InputError(f"{at} comes from '{edge.src}', which is not {wanted_source}; fix src")
        if edge.type in ("und", "add"):
            target = edges.get(edge.trg)
            if target is None or target.type not in ARGUMENTATIVE - {"add"}:
                what = f"a {target.type} edge" if target is not None else _named(edge.trg, graph)
                raise InputError(
                    f"{at} targets {what}; an {edge.type} edge targets a sup, exa, reb or und"
                    " edge: fix trg"
                )
        elif edge.trg not in adus:
            use = " (an attack on an edge is und)" if edge.trg in edges else ""
            raise InputError(
                f"{at} targets {_named(edge.trg, graph)}; it must target an ADU{use}: fix trg"
            )
        if edge.src == edge.trg:
            raise InputError(f"{at} goes from '{edge.src}' to itself; fix src or trg")
    return edges


def _named(ref: str, graph: Graph) -> str:
    for kind, ids in (
        ("EDU", {u.id for u in graph.edus}),
        ("ADU", {u.id for u in graph.adus}),
        ("edge", {e.id for e in graph.edges}),
    ):
        if ref in ids:
            return f"the {kind} '{ref}'"
    return f"'{ref}', which is not in the file"
