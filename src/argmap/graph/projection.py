"""The corpus as a property graph: the one view every graph export is written from.

A :class:`networkx.MultiDiGraph` whose nodes are claims, issues, actors and arguments, and
whose edges are the supports, attacks, contraries, contradictories, rephrases, stances,
``answers`` links and ``member_of`` links. An argument (an inference with linked premises)
is a junction node, as OVA draws AIF's RA nodes: each premise has a ``premise`` edge into it
and one ``conclusion`` edge leaves it; a one-premise ``support`` relation stays a direct
edge. An edge cannot point at an edge in these formats, so each relation that an undercut
attacks also gets a small node, ``{relation IRI}/node``, that the undercut points at. Node
ids are the entities' IRIs (as in the RDF, see docs/rdf.md), so they are unique across a
corpus and meaningful elsewhere; edge keys are IRIs too.

Attribute values are ``str``, ``int``, ``float`` or a ``list`` of ``str`` (topic ids); a
value that is ``None`` is left out (each format writes "no value" its own way). Quotes,
which are lists of records, are one JSON string. Each export decides how to spell lists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import networkx as nx

from argmap.model.corpus import Corpus
from argmap.model.entities import ANALYST, Argument, ArgumentMap, AttackKind, Quote, Relation
from argmap.model.ids import entity_iri, shared_iri, split_ref
from argmap.model.schemes import BUILTIN_SCHEMES

__all__ = [
    "EDGE_KINDS",
    "LIST_SEPARATOR",
    "NODE_KINDS",
    "corpus_graph",
    "flat_value",
    "list_attributes",
    "maps_graph",
    "quotes_json",
    "relation_node_id",
    "scheme_label",
    "xml_escape",
]

NODE_KINDS = ("claim", "issue", "actor", "argument", "relation")
EDGE_KINDS = (
    "premise",
    "conclusion",
    "support",
    "attack",
    "contrary",
    "contradictory",
    "rephrase",
    "stance",
    "answers",
    "member_of",
)
# Formats without lists (GraphML, GEXF, DOT, CSV cells) join list items with this. Items are
# ids (slugs), which never contain ';' or spaces, so the joined string splits back exactly.
LIST_SEPARATOR = ";"


def quotes_json(quotes: tuple[Quote, ...]) -> str:
    """Quotes as one JSON array of ``{source, text, start, end}`` records."""
    return json.dumps(
        [q.model_dump(mode="json", exclude_none=True) for q in quotes], ensure_ascii=False
    )


def _put(attrs: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Add the values that are present: None and empty lists are simply absent."""
    for name, value in values.items():
        if value is None or value == ():
            continue
        if name == "quotes":
            value = quotes_json(value)
        elif isinstance(value, tuple):
            value = list(value)
        attrs[name] = value
    return attrs


def _claim_iri(m: ArgumentMap, ref: str, kind: str = "claim") -> str:
    """IRI of a (possibly qualified, other-map) claim or relation reference."""
    map_id, local = split_ref(ref)
    return entity_iri(m.base, map_id or m.id, kind, local)


def corpus_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The property-graph view of a corpus (see the module docstring)."""
    return maps_graph(corpus.maps)


def maps_graph(maps: Sequence[ArgumentMap]) -> nx.MultiDiGraph:
    """:func:`corpus_graph` of maps that need not make a whole corpus, such as one map of
    several that link to each other (the map page draws such a selection).

    A reference into a map that is not given ends at a node without attributes (as networkx
    adds it), and a relation of such a map that an undercut attacks gets no node of its own.
    """
    g = nx.MultiDiGraph()
    g.graph.update(
        _put(
            {},
            title=" / ".join(m.title for m in maps),
            maps=[m.id for m in maps],
            description="\n\n".join(m.description for m in maps if m.description) or None,
        )
    )
    for m in maps:
        for actor in m.actors:
            iri = shared_iri(m.base, "actor", actor.id)
            if iri in g:
                continue  # shared actors are one node (the corpus made sure they agree)
            g.add_node(
                iri,
                **_put(
                    {"kind": "actor", "argmap_id": actor.id, "label": actor.name},
                    name=actor.name,
                    actor_kind=actor.kind.value,
                    description=actor.description,
                ),
            )
    for m in maps:
        for node, attrs in _map_nodes(m):
            g.add_node(node, **attrs)
    # Relations that an undercut attacks become nodes too (an edge cannot point at an edge).
    maps_by_id = {m.id: m for m in maps}
    for m in maps:
        for r in m.relations:
            if r.kind == "undercut":
                owner_id, local = split_ref(r.target)
                owner = maps_by_id.get(owner_id or m.id)
                relation = owner.relations_by_id.get(local) if owner is not None else None
                if owner is not None and relation is not None:
                    node, attrs = _relation_node(owner, relation)
                    g.add_node(node, **attrs)
    for m in maps:
        for source, target, key, attrs in _map_edges(m, maps_by_id):
            g.add_edge(source, target, key=key, **attrs)
    return g


def _by(by: tuple[str, ...]) -> dict[str, Any]:
    """``by`` and ``analyst`` attributes; left out when empty, so maps without them export
    as before."""
    actors = [who for who in by if who != ANALYST]
    return {"by": actors or None, "analyst": True if ANALYST in by else None}


def scheme_label(m: ArgumentMap, scheme: str | None) -> str | None:
    """The readable name of a built-in or map scheme."""
    if scheme is None:
        return None
    builtin = BUILTIN_SCHEMES.get(scheme)
    if builtin is not None:
        return builtin.label
    own = {s.id: s.label for s in m.schemes}
    return own.get(scheme, scheme)


def _argument_node(m: ArgumentMap, argument: Argument) -> dict[str, Any]:
    label = scheme_label(m, argument.scheme)
    return _put(
        {
            "kind": "argument",
            "argmap_id": argument.id,
            "map": m.id,
            "label": label or argument.id,
            "premise_count": len(argument.premises),
        },
        scheme=argument.scheme,
        scheme_label=label,
        strength=argument.strength,
        warrant=argument.warrant,
        quotes=argument.quotes,
        **_by(argument.by),
    )


def _map_nodes(m: ArgumentMap) -> Iterator[tuple[str, dict[str, Any]]]:
    for issue in m.issues:
        yield (
            entity_iri(m.base, m.id, "issue", issue.id),
            _put(
                {"kind": "issue", "argmap_id": issue.id, "map": m.id, "label": issue.text},
                text=issue.text,
                topics=issue.topics,
                quotes=issue.quotes,
            ),
        )
    for claim in m.claims:
        yield (
            entity_iri(m.base, m.id, "claim", claim.id),
            _put(
                {"kind": "claim", "argmap_id": claim.id, "map": m.id, "label": claim.text},
                text=claim.text,
                claim_kind=claim.kind.value if claim.kind else None,
                topics=claim.topics,
                note=claim.note,
                quotes=claim.quotes,
            ),
        )
    for argument in m.arguments:
        yield entity_iri(m.base, m.id, "argument", argument.id), _argument_node(m, argument)


def relation_node_id(relation_iri: str) -> str:
    """Id of the node that stands for a relation an undercut attacks. It is not the
    relation's IRI, which already keys the relation's edge (ids must be unique across nodes
    and edges in Cytoscape.js and GraphML)."""
    return f"{relation_iri}/node"


def _relation_node(m: ArgumentMap, relation: Relation) -> tuple[str, dict[str, Any]]:
    kind = relation.type.value
    return relation_node_id(entity_iri(m.base, m.id, "relation", relation.id)), {
        "kind": "relation",
        "argmap_id": relation.id,
        "map": m.id,
        "label": f"{relation.id} ({kind})",
        "relation_type": kind,
    }


def _target_node(m: ArgumentMap, relation: Relation, maps: dict[str, ArgumentMap]) -> str:
    """The node a relation points at: a claim, an argument, or (for an undercut of a
    relation) the relation's node."""
    owner_id, local = split_ref(relation.target)
    owner = maps.get(owner_id or m.id)
    if owner is not None and local in owner.arguments_by_id:
        return _claim_iri(m, relation.target, "argument")
    if relation.kind is AttackKind.UNDERCUT:
        return relation_node_id(_claim_iri(m, relation.target, "relation"))
    if owner is not None and local in owner.relations_by_id:
        # a rebut of a support relation (a one-premise argument) hits its conclusion
        return _claim_iri(owner, owner.relations_by_id[local].target)
    return _claim_iri(m, relation.target)


def _map_edges(
    m: ArgumentMap, maps: dict[str, ArgumentMap]
) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for claim in m.claims:
        source = entity_iri(m.base, m.id, "claim", claim.id)
        for issue in claim.answers:
            yield (
                source,
                entity_iri(m.base, m.id, "issue", issue),
                f"{source}/answers/{issue}",
                {"kind": "answers", "map": m.id, "label": "answers"},
            )
    for argument in m.arguments:
        node = entity_iri(m.base, m.id, "argument", argument.id)
        for premise in argument.premises:
            yield (
                _claim_iri(m, premise),
                node,
                f"{node}/premise/{premise}",
                {"kind": "premise", "map": m.id, "label": "premise"},
            )
        yield (
            node,
            _claim_iri(m, argument.conclusion),
            f"{node}/conclusion",
            {"kind": "conclusion", "map": m.id, "label": "conclusion"},
        )
    for relation in m.relations:
        iri = entity_iri(m.base, m.id, "relation", relation.id)
        kind = relation.kind
        label = kind.value if kind is not None and kind is not AttackKind.REBUT else None
        yield (
            _claim_iri(m, relation.source),
            _target_node(m, relation, maps),
            iri,
            _put(
                {
                    "kind": relation.type.value,
                    "argmap_id": relation.id,
                    "map": m.id,
                    "label": label or relation.type.value,
                },
                attack_kind=kind.value if kind is not None else None,
                strength=relation.strength,
                warrant=relation.warrant,
                quotes=relation.quotes,
                **_by(relation.by),
            ),
        )
    for stance in m.stances:
        iri = entity_iri(m.base, m.id, "stance", stance.id)
        yield (
            shared_iri(m.base, "actor", stance.actor),
            _claim_iri(m, stance.claim),
            iri,
            _put(
                {
                    "kind": "stance",
                    "argmap_id": stance.id,
                    "map": m.id,
                    "label": stance.position.value,
                    "position": stance.position.value,
                },
                strength=stance.strength,
                quotes=stance.quotes,
                **_by(stance.by),
            ),
        )
    for actor in m.actors:
        source = shared_iri(m.base, "actor", actor.id)
        for group in actor.member_of:
            yield (
                source,
                shared_iri(m.base, "actor", group),
                f"{source}/member_of/{group}",
                {"kind": "member_of", "label": "member of"},
            )


def list_attributes(g: nx.MultiDiGraph) -> set[str]:
    """Names of attributes that hold a list somewhere in ``g``."""
    names: set[str] = set()
    for _, data in g.nodes(data=True):
        names.update(k for k, v in data.items() if isinstance(v, list))
    for *_, data in g.edges(keys=True, data=True):
        names.update(k for k, v in data.items() if isinstance(v, list))
    return names


def flat_value(value: Any) -> str | int | float:
    """A value for formats without lists: lists joined with :data:`LIST_SEPARATOR`."""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, str | int | float):
        return value
    raise TypeError(f"unexpected attribute value {value!r}")  # a bug in corpus_graph


# XML 1.0 allows only these characters (https://www.w3.org/TR/xml/#charsets); anything else
# (noncharacters like U+FFFE) becomes U+FFFD so the file still parses.
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_escape(text: str, attribute: bool = False) -> str:
    """Text for XML content (or, with ``attribute``, a double-quoted attribute value).

    Escapes ``& < >`` (and ``"``), and writes CR (and in attributes TAB and LF) as character
    references, because XML parsers normalise them away otherwise.
    """
    text = _XML_ILLEGAL.sub("\ufffd", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")
    return text
