"""The argument map as a :class:`pyvis.network.Network`, for notebooks that already use pyvis.

>>> from argmap.render.pyvis import to_pyvis
>>> net = to_pyvis(corpus, sources=True)   # a Corpus, an ArgumentMap or a list of maps
>>> net.show("map.html")                    # in Jupyter: an iframe; or net.generate_html()

The network is :func:`argmap.graph.corpus_graph` drawn as is: one pyvis node per node and
one pyvis edge per edge, with the same ids (IRIs), so results from networkx or SPARQL can be
matched back to it. It uses the map page's visual grammar (:data:`NODE_STYLES`,
:data:`EDGE_STYLES`): a shape and colour per node kind, a colour, dash pattern and arrowhead
per edge kind, so no kind is told apart by colour alone. Each node and edge carries its
``kind`` (for edges the page's finer one: ``undermine`` and ``undercut`` apart from
``attack``, a stance as ``endorses`` / ``opposes`` / ``concerned``), and its hover text
(``title``) names it and who advances it (``by``). An argument is a small junction node
(its scheme in its hover text) with an edge from each premise and one to its conclusion.
``sources=True`` adds the source documents and an edge from each to the claims and issues
that quote it.

Every string from a map is untrusted. vis-network shows a string ``title`` as text, but
pyvis's own popup (used once any title contains ``href``) and older vis-network set it as
HTML, so titles are HTML-escaped. Labels are drawn on a canvas, but pyvis writes nodes and
edges into a ``<script>`` element, so no label may contain ``</`` (see :func:`_inert`).
Do not set ``net.heading`` to map text: pyvis's template does not escape it.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Sequence
from typing import Any

from pyvis.network import Network

from argmap.errors import ArgmapError
from argmap.graph import corpus_graph
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap
from argmap.model.ids import entity_iri, shared_iri
from argmap.render.elements import premise_count, wrap_label
from argmap.render.html import EDGE_STYLES, NODE_STYLES

__all__ = ["to_pyvis"]

LABEL_CHARS = 60  # longer texts are cut in the label; the hover shows them in full
LABEL_WIDTH = 30  # characters per label line

# The vis-network node options in NODE_STYLES; its "label" is legend text, not a node label.
_NODE_KEYS = ("shape", "size", "margin", "color", "borderWidth", "shapeProperties", "font")
# Kinds the map page does not draw: actor membership, and anything a future projection adds.
_EXTRA_EDGE_STYLES: dict[str, dict[str, Any]] = {
    "member_of": {
        "label": "member of (group)",
        "color": "#c25e00",
        "width": 1,
        "dashes": [8, 3, 2, 3],
        "arrow": "triangle",
    },
}
_OTHER_EDGE = {"color": "#616161", "width": 1, "dashes": [4, 4], "arrow": "arrow"}
_OTHER_NODE = {
    "shape": "square",
    "size": 8,
    "color": {"background": "#e0e0e0", "border": "#616161"},
}


def _inert(text: str) -> str:
    """``text`` that cannot end pyvis's ``<script>`` element (``</script>``) or start an HTML
    comment in it (``<!--``): a word joiner goes after each ``<`` that could. Invisible on the
    canvas, and done here because this must not depend on how pyvis's template encodes JSON."""
    return text.replace("</", "<\u2060/").replace("<!", "<\u2060!")


def _label(text: str, limit: int = LABEL_CHARS) -> str:
    return _inert(wrap_label(text, width=LABEL_WIDTH, limit=limit))


def _title(*lines: str | None) -> str:
    """Hover text: the present lines, each HTML-escaped (no ``<`` survives, so neither does
    ``</script>``). Quotes stay: they are harmless outside attributes and common in text."""
    return "\n".join(html.escape(line, quote=False) for line in lines if line)


def _maps_of(source: Corpus | ArgumentMap | Sequence[ArgumentMap]) -> Corpus:
    if isinstance(source, Corpus):
        return source
    if isinstance(source, ArgumentMap):
        return Corpus(maps=(source,))
    maps = tuple(source)
    if not all(isinstance(m, ArgumentMap) for m in maps):
        raise ArgmapError("to_pyvis takes a Corpus, an ArgumentMap or a list of ArgumentMaps")
    return Corpus(maps=maps)


def _node_options(style: dict[str, Any]) -> dict[str, Any]:
    # A copy per node: pyvis users restyle nodes in place, which must not leak to others.
    return {k: copy.deepcopy(v) for k, v in style.items() if k in _NODE_KEYS}


def _node(node_id: str, attrs: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The vis-network node for one projection node."""
    kind = str(attrs.get("kind", ""))
    text = str(attrs.get("text") or attrs.get("label") or "")
    if kind == "claim":
        claim_kind = attrs.get("claim_kind")
        label = _label(text)
        title = _title(f"claim ({claim_kind})" if claim_kind else "claim", text, attrs.get("note"))
    elif kind == "issue":
        label = _label(text)
        title = _title("issue (open question)", text)
    elif kind == "actor":
        name = str(attrs.get("name") or attrs.get("label") or "")
        actor_kind = attrs.get("actor_kind")
        label = _label(name) + (f"\n({_inert(actor_kind)})" if actor_kind else "")
        title = _title(
            f"actor ({actor_kind})" if actor_kind else "actor", name, attrs.get("description")
        )
    elif kind == "argument":
        scheme = attrs.get("scheme_label")
        count = int(attrs.get("premise_count", 0))
        label = ""  # a junction: its scheme shows on hover
        title = _title(
            f"argument ({scheme})" if scheme else "argument",
            premise_count(count),
            f"warrant: {attrs['warrant']}" if attrs.get("warrant") else None,
            _by_line(attrs, names),
            str(attrs.get("argmap_id", "")),
        )
    elif kind == "relation":
        label = _label(str(attrs.get("label", "")))
        title = _title(
            f"{attrs.get('relation_type', '')} relation (an undercut attacks it)",
            str(attrs.get("argmap_id", "")),
        )
    else:  # a node the projection made for a dangling edge end: show its id
        label = _label(node_id)
        title = _title(kind or "node", node_id)
    if kind == "relation":
        style_key = f"relation-{attrs.get('relation_type')}"
    elif kind == "argument" and attrs.get("analyst"):
        style_key = "argument-analyst"
    else:
        style_key = kind
    style = NODE_STYLES.get(style_key, _OTHER_NODE)
    return {
        **_node_options(style),
        "id": node_id,
        "label": label,
        "title": title,
        "kind": kind or "node",
    }


def _by_line(attrs: dict[str, Any], names: dict[str, str] | None = None) -> str | None:
    """Who advances it: actor names (ids without ``names``), and the analyst."""
    who = [(names or {}).get(a, a) for a in attrs.get("by", ())]
    if attrs.get("analyst"):
        who.append("the analyst's reconstruction")
    return "by: " + ", ".join(who) if who else None


def _edge_style(attrs: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The style key and style of one projection edge (its kind, refined as the page does:
    undermines and undercuts apart from rebuttals, stances by position)."""
    kind = str(attrs.get("kind", ""))
    if kind == "attack" and attrs.get("attack_kind") in ("undercut", "undermine"):
        key = str(attrs["attack_kind"])
    elif kind == "stance":
        key = str(attrs.get("position", "stance"))
    else:
        key = kind
    style = EDGE_STYLES.get(key) or _EXTRA_EDGE_STYLES.get(key) or {"label": key, **_OTHER_EDGE}
    return key, style


def _edge(
    edge_id: str, source: str, target: str, key: str, style: dict[str, Any], *lines: str | None
) -> dict[str, Any]:
    arrow = style.get("arrow") or ""
    head = {"enabled": bool(arrow), **({"type": arrow} if arrow else {})}
    edge = {
        "id": edge_id,
        "from": source,
        "to": target,
        "kind": key,
        "color": style["color"],
        "width": style["width"],
        "dashes": copy.deepcopy(style["dashes"]),
        "arrows": {"to": head, **({"from": dict(head)} if style.get("both") else {})},
        "title": _title(str(style["label"]), *lines),
    }
    if style.get("double"):  # an "=": a wide line in the colour under a thin white one
        edge["color"] = "#ffffff"
        edge["background"] = {"enabled": True, "color": style["color"], "size": style["width"] * 4}
    return edge


def to_pyvis(
    source: Corpus | ArgumentMap | Sequence[ArgumentMap], *, sources: bool = False
) -> Network:
    """The maps as a directed pyvis network (see the module docstring).

    It is set up for notebooks (``net.show(name)`` returns an iframe) with vis-network
    inlined, so the page draws without the network; change ``net.height`` and friends, or
    the options, as with any pyvis network.
    """
    corpus = _maps_of(source)
    g = corpus_graph(corpus)
    net = Network(
        directed=True, notebook=True, cdn_resources="in_line", height="750px", width="100%"
    )

    names = {a.id: a.name for a in corpus.actors.values()}
    nodes = [_node(node_id, attrs, names) for node_id, attrs in g.nodes(data=True)]
    edges: list[dict[str, Any]] = []
    for u, v, edge_id, attrs in g.edges(keys=True, data=True):
        key, style = _edge_style(attrs)
        strength = attrs.get("strength")
        edges.append(
            _edge(
                edge_id,
                u,
                v,
                key,
                style,
                f"strength: {strength}" if strength is not None else None,
                f"warrant: {attrs['warrant']}" if attrs.get("warrant") else None,
                _by_line(attrs, names),
            )
        )

    if sources:
        seen: set[str] = set()
        style = EDGE_STYLES["quotes"]
        for m in corpus.maps:
            for document in m.sources:
                iri = shared_iri(m.base, "source", document.id)
                if iri in seen:
                    continue  # a source shared by several maps is one node
                seen.add(iri)
                nodes.append(
                    {
                        **_node_options(NODE_STYLES["source"]),
                        "id": iri,
                        "label": _label(document.title),
                        "title": _title(
                            "source document",
                            document.title,
                            document.author,
                            document.publisher,
                            document.date,
                            document.url,
                        ),
                        "kind": "source",
                    }
                )
        for m in corpus.maps:
            for collection, kind in (("issues", "issue"), ("claims", "claim")):
                for entity in getattr(m, collection):
                    quoted = entity_iri(m.base, m.id, kind, entity.id)
                    for source_id in sorted({q.source for q in entity.quotes}):
                        iri = shared_iri(m.base, "source", source_id)
                        if iri in seen:  # the corpus checks quotes; this keeps pyvis valid
                            edges.append(
                                _edge(
                                    f"{quoted}/quoted-from/{source_id}",
                                    iri,
                                    quoted,
                                    "quotes",
                                    style,
                                )
                            )

    # Filled in bulk, as pyvis's add_node/add_edge would fill them, because those check
    # membership in a list per call, which makes filling them quadratic.
    net.nodes.extend(nodes)
    net.node_ids.extend(n["id"] for n in nodes)
    net.node_map.update((n["id"], n) for n in nodes)
    net.edges.extend(edges)
    return net
