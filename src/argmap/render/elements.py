"""What the map page draws: nodes, edges and the details shown on demand, as plain data.

Drawn from the corpus graph (:func:`argmap.graph.projection.maps_graph`), the one
projection every graph view starts from. Built in bulk (lists of dicts, one pass per
collection) because pyvis's ``add_node`` / ``add_edge`` check membership in a list, which
makes building quadratic.

Node ids are stable keys a test, a search or a link can name:

* ``<map-id>:<entity-id>`` for claims, issues and reified relations (the same form a
  cross-map reference takes in the authoring format);
* ``actor:<id>`` and ``source:<id>`` for the entities a corpus shares.

A relation is drawn as one edge, except when an undercut targets it: then it becomes a
small node on its own path (source → relation → target) so the undercut has something to
point at. An argument (``arguments:``, linked premises) is a small junction node, as OVA
draws AIF's RA nodes: a ``premise`` edge from each premise into it and one ``conclusion``
edge from it to the conclusion; its key is ``<map-id>:<argument-id>`` like any entity's.

Who advances a relation, stance or argument (``by``) is in its details, as actor names and
``analyst``; the page's "only what the text argues" filter (and ``render(text_only=True)``,
see :func:`text_selection`) hides what the analyst added.

Every string here is data: the page escapes it (labels go to a canvas, details are built
with ``textContent``), so nothing in this module formats HTML.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from argmap.errors import ArgmapError
from argmap.graph.neighbourhood import neighbourhood, resolve_ref
from argmap.graph.projection import maps_graph, relation_node_id
from argmap.model.analyst import analyst_additions
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap, Quote

__all__ = [
    "STATUSES",
    "Elements",
    "actor_selection",
    "build_elements",
    "focus_selection",
    "premise_count",
    "text_selection",
    "wrap_label",
]

STATUSES = ("accepted", "rejected", "undecided")
CLAIM_LABEL_CHARS = 110  # longer claims are cut in the label; details show the full text
LINE_WIDTH = 28  # characters per label line: boxes stay about 240 px wide

Json = dict[str, Any]
GraphEdge = tuple[str, str, str, Json]  # an edge of the corpus graph: ends, key, attributes


@dataclass
class Elements:
    """The page's graph: vis-network nodes and edges, plus details keyed by node id."""

    nodes: list[Json]
    edges: list[Json]
    details: dict[str, Json]
    maps: list[Json] = field(default_factory=list)
    actors: list[Json] = field(default_factory=list)
    topics: list[Json] = field(default_factory=list)
    #: Keys of the links the map loses without the analyst
    #: (:func:`argmap.model.analyst.analyst_additions`), for :func:`text_selection`.
    analyst_links: frozenset[str] = frozenset()

    def node_ids(self) -> set[str]:
        return {n["id"] for n in self.nodes}

    def restricted_to(self, keep: set[str], drop_edges: frozenset[str] = frozenset()) -> Elements:
        """Only the nodes in ``keep`` and the edges between them (but those in
        ``drop_edges``)."""
        nodes = [n for n in self.nodes if n["id"] in keep]
        edges = [
            e
            for e in self.edges
            if e["from"] in keep and e["to"] in keep and e["id"] not in drop_edges
        ]
        kept = keep | {e["id"] for e in edges}  # relations and stances have details too
        details = {k: v for k, v in self.details.items() if k in kept}
        used_maps = {n["map"] for n in nodes if n.get("map")}
        used_topics = {t for n in nodes for t in n.get("topics", ())}
        return Elements(
            nodes=nodes,
            edges=edges,
            details=details,
            maps=[m for m in self.maps if m["id"] in used_maps],
            actors=[a for a in self.actors if f"actor:{a['id']}" in keep],
            topics=[t for t in self.topics if t["id"] in used_topics],
            analyst_links=self.analyst_links,
        )


def premise_count(count: int) -> str:
    """How many premises an argument has, said as a reader needs it."""
    return f"{count} linked premises (all needed together)" if count > 1 else "1 premise"


def wrap_label(text: str, width: int = LINE_WIDTH, limit: int = CLAIM_LABEL_CHARS) -> str:
    """Greedy word wrap for a canvas label, cut at ``limit`` characters with an ellipsis.

    Our own loop rather than :mod:`textwrap`: it runs once per node, on maps of many nodes.
    """
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        while len(word) > width:  # a very long word (a URL) is split hard
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return "\n".join(lines)


def _maps_of(source: Corpus | ArgumentMap | Sequence[ArgumentMap]) -> tuple[ArgumentMap, ...]:
    if isinstance(source, Corpus):
        return source.maps
    if isinstance(source, ArgumentMap):
        return (source,)
    maps = tuple(source)
    if not all(isinstance(m, ArgumentMap) for m in maps):
        raise ArgmapError("render takes a Corpus, an ArgumentMap or a list of ArgumentMaps")
    return maps


def build_elements(
    source: Corpus | ArgumentMap | Sequence[ArgumentMap],
    *,
    with_sources: bool = False,
    status: Mapping[str, str] | None = None,
) -> Elements:
    """Every node and edge of the page for these maps.

    ``status`` maps claim keys (``<map-id>:<claim-id>``) to accepted / rejected / undecided,
    as the analysis writes ``am:status``; claims are coloured by it.
    """
    maps = _maps_of(source)
    _check_map_ids(maps)
    statuses = _checked_status(maps, status)
    page = _Page(maps, maps_graph(maps))
    page.add_statements(statuses)
    page.add_arguments()
    page.add_relations()
    page.add_actors()
    page.add_stances()
    if with_sources:
        page.add_sources()
    return replace(page.elements(), analyst_links=analyst_additions(maps))


def _check_map_ids(maps: Sequence[ArgumentMap]) -> None:
    for m in maps:
        if m.id in ("actor", "source"):
            raise ArgmapError(
                f"map '{m.id}': the map page keys shared entities as '{m.id}:<id>'; "
                "give the map another id"
            )


def _checked_status(maps: Sequence[ArgumentMap], status: Mapping[str, str] | None) -> Json:
    """``status`` as a dict, once every key names a claim and every value is a status."""
    checked = dict(status or {})
    claim_keys = {f"{m.id}:{c.id}" for m in maps for c in m.claims}
    for key, value in checked.items():
        if key not in claim_keys:
            raise ArgmapError(
                f"status given for '{key}', which is no claim of these maps; "
                "keys are '<map-id>:<claim-id>'"
            )
        if str(value) not in STATUSES:
            raise ArgmapError(f"status of '{key}' is '{value}'; use one of {', '.join(STATUSES)}")
    return checked


@dataclass
class _Inference:
    """An argument node's ends in the corpus graph: its premises and its conclusion."""

    premises: list[str] = field(default_factory=list)
    conclusion: str | None = None


def _page_key(node: str, attrs: Mapping[str, Any]) -> str:
    """The page's id for a node of the corpus graph (see the module docstring)."""
    if attrs.get("kind") == "actor":
        return f"actor:{attrs['argmap_id']}"
    if "map" in attrs:
        return f"{attrs['map']}:{attrs['argmap_id']}"
    # A claim or relation of a map that is not drawn: networkx added the node bare for the
    # edge that names it, so only its IRI (…/map/<map-id>/<kind>/<id>[/node]) says what it is.
    map_id, _, entity_id = node.removesuffix("/node").rsplit("/", 3)[1:]
    return f"{map_id}:{entity_id}"


class _Page:
    """The page's nodes, edges and details, made step by step from the corpus graph.

    The graph gives what every view of a corpus shares: which nodes there are (relations an
    undercut attacks among them), their kinds, text and attributes, and the edges between
    them. The maps give what the graph does not hold as the page needs it: titles of maps
    and sources, topic labels, source documents, quotes, actors (the page keys them by id
    alone) and the order of relations and stances.
    """

    def __init__(self, maps: Sequence[ArgumentMap], graph: nx.MultiDiGraph) -> None:
        self.maps, self.graph = maps, graph
        self.topics = {t.id: t for m in maps for t in m.topics}
        self.sources = {s.id: s for m in maps for s in m.sources}
        # The page keys actors by id alone (the graph by IRI, which differs between bases),
        # and a list of maps (unlike a Corpus) may define an actor twice: the last one counts.
        self.actors = {a.id: a for m in maps for a in m.actors}
        # The graph holds quotes as JSON text (for formats without lists); reading them from
        # the maps is faster than parsing that back, once per entity.
        self.quoted_in: dict[str, tuple[Quote, ...]] = {
            f"{m.id}:{entity.id}": entity.quotes
            for m in maps
            for collection in (m.issues, m.claims, m.arguments, m.relations, m.stances)
            for entity in collection
            if entity.quotes
        }
        self.keys = {node: _page_key(node, attrs) for node, attrs in graph.nodes(data=True)}
        self.answers, self.relations, self.stances, self.inference = self._edges_in_map_order()
        # Who holds what, per claim: details, the actor filter and --actor show it.
        self.holders: dict[str, list[Json]] = defaultdict(list)
        for u, v, _, attrs in self.stances:
            self.holders[self.keys[v]].append(
                {"actor": self.keys[u], "position": attrs["position"]}
            )
        self.nodes: list[Json] = []
        self.edges: list[Json] = []
        self.details: dict[str, Json] = {}
        self.quoted: list[tuple[str, list[str]]] = []  # statements and the sources they quote
        self.advancing: set[str] = set()  # actors that advance something the text argues

    def _edges_in_map_order(
        self,
    ) -> tuple[list[tuple[str, str]], list[GraphEdge], list[GraphEdge], dict[str, _Inference]]:
        """The graph's ``answers`` links (as claim and issue), relations and stances, each
        in the maps' order, which the page and its layout follow; and each argument node's
        premises and conclusion (graph nodes)."""
        answers: list[tuple[str, str]] = []
        relations: list[GraphEdge] = []
        stances: list[GraphEdge] = []
        inference: dict[str, _Inference] = defaultdict(_Inference)
        for edge in self.graph.edges(keys=True, data=True):
            kind = edge[3]["kind"]
            if kind == "answers":
                answers.append((edge[0], edge[1]))
            elif kind == "stance":
                stances.append(edge)
            elif kind == "premise":
                inference[edge[1]].premises.append(edge[0])
            elif kind == "conclusion":
                inference[edge[0]].conclusion = edge[1]
            elif kind != "member_of":
                relations.append(edge)
        # networkx yields edges grouped by the node they leave, in the order nodes were added:
        # answers links are in the maps' order then (claims are added in it, and each claim's
        # links to issues in its order), relations and stances are not.
        relations.sort(key=self._order_of("relations"))
        stances.sort(key=self._order_of("stances"))
        return answers, relations, stances, inference

    def _order_of(self, collection: str) -> Callable[[GraphEdge], int]:
        """Sort key putting edges in the maps' order of ``collection``."""
        position = {
            (m.id, entity.id): at
            for at, (m, entity) in enumerate(
                (m, entity) for m in self.maps for entity in getattr(m, collection)
            )
        }
        return lambda edge: position[edge[3]["map"], edge[3]["argmap_id"]]

    def by(self, attrs: Mapping[str, Any]) -> Json:
        """Who advances a relation, stance or argument, for its details: actor names (an
        actor of a map not drawn by its id) and whether the analyst added it."""
        actors = self.actors
        if not attrs.get("analyst"):
            self.advancing.update(attrs.get("by", ()))
        return {
            "by": [actors[a].name if a in actors else a for a in attrs.get("by", ())],
            "analyst": True if attrs.get("analyst") else None,
        }

    def quotes(self, key: str) -> list[Json]:
        """The quotes of an entity for its details: the words and the title of their
        source."""
        sources = self.sources
        return [
            {"text": q.text, "source": sources[q.source].title if q.source in sources else q.source}
            for q in self.quoted_in.get(key, ())
        ]

    def add_statements(self, status: Mapping[str, str]) -> None:
        """Issues and claims, each with its details, and the claims' edges to the issues
        they answer."""
        keys = self.keys
        for node, attrs in self.graph.nodes(data=True):
            kind = attrs.get("kind")
            if kind == "claim":
                self._add_claim(keys[node], attrs, status.get(keys[node]))
            elif kind == "issue":
                self._add_issue(keys[node], attrs)
        for claim_node, issue_node in self.answers:
            start, issue = keys[claim_node], keys[issue_node]
            self.edges.append(
                {
                    "id": f"{start}>answers>{issue.split(':', 1)[1]}",
                    "from": start,
                    "to": issue,
                    "kind": "answers",
                }
            )

    def _statement_quotes(self, key: str) -> list[Json]:
        """An issue's or claim's quotes for its details; notes the sources it quotes."""
        quotes = self.quotes(key)
        if quotes:
            self.quoted.append((key, sorted({q.source for q in self.quoted_in[key]})))
        return quotes

    def _add_issue(self, key: str, attrs: Mapping[str, Any]) -> None:
        topic_ids = attrs.get("topics", [])
        self.nodes.append(
            {
                "id": key,
                "label": wrap_label(attrs["text"], limit=200),
                "group": "issue",
                "kind": "issue",
                "map": attrs["map"],
                "topics": list(topic_ids),
            }
        )
        self.details[key] = {
            "kind": "issue",
            "map": attrs["map"],
            "text": attrs["text"],
            "topics": [self.topics[t].label for t in topic_ids],
            "quotes": self._statement_quotes(key),
        }

    def _add_claim(self, key: str, attrs: Mapping[str, Any], status: str | None) -> None:
        topic_ids = attrs.get("topics", [])
        self.nodes.append(
            {
                "id": key,
                "label": wrap_label(attrs["text"]),
                "group": f"claim-{status}" if status else "claim",
                "kind": "claim",
                "map": attrs["map"],
                "topics": list(topic_ids),
                **({"status": str(status)} if status else {}),
            }
        )
        self.details[key] = {
            "kind": "claim",
            "map": attrs["map"],
            "text": attrs["text"],
            "claim_kind": attrs.get("claim_kind"),
            "topics": [self.topics[t].label for t in topic_ids],
            "note": attrs.get("note"),
            "status": str(status) if status else None,
            "quotes": self._statement_quotes(key),
            "stances": self.holders.get(key, []),
        }

    def add_arguments(self) -> None:
        """Each argument as a junction node, an edge from each premise into it and one to
        its conclusion, with its details (scheme, premises, conclusion, who argues it)."""
        keys = self.keys
        for node, attrs in self.graph.nodes(data=True):
            if attrs.get("kind") != "argument":
                continue
            key = keys[node]
            ends = self.inference[node]
            premises = sorted(keys[p] for p in ends.premises)
            conclusion = keys[ends.conclusion] if ends.conclusion is not None else None
            scheme_label = attrs.get("scheme_label")
            analyst = bool(attrs.get("analyst"))
            count = len(premises)
            hover = f"{scheme_label or 'Argument'}: " + premise_count(count)
            if analyst:
                hover += "\nthe analyst's reconstruction"
            self.nodes.append(
                {
                    "id": key,
                    "label": "",
                    "group": "argument-analyst" if analyst else "argument",
                    "kind": "argument",
                    "map": attrs["map"],
                    "topics": [],
                    "title": hover,
                    **({"analyst": True} if analyst else {}),
                }
            )
            self.details[key] = {
                "kind": "argument",
                "map": attrs["map"],
                "text": scheme_label or "Argument",
                "scheme": attrs.get("scheme"),
                "scheme_label": scheme_label,
                "premises": premises,
                "conclusion": conclusion,
                "warrant": attrs.get("warrant"),
                "strength": attrs.get("strength"),
                "quotes": self.quotes(key),
                **self.by(attrs),
            }
            for premise in premises:
                self.edges.append(
                    {
                        "id": f"{key}#premise:{premise}",
                        "from": premise,
                        "to": key,
                        "kind": "premise",
                    }
                )
            if conclusion is not None:
                self.edges.append(
                    {"id": f"{key}#conclusion", "from": key, "to": conclusion, "kind": "conclusion"}
                )

    def add_relations(self) -> None:
        """Supports and attacks as edges, each with its details. A relation an undercut
        attacks is drawn as a node on its own path (source -> relation -> target), so the
        undercut has something to point at. Attacks are drawn by what they hit: ``attack``
        (a rebut), ``undermine`` (a premise) or ``undercut`` (an inference)."""
        keys, graph = self.keys, self.graph
        for u, v, iri, attrs in self.relations:
            key, map_id = f"{attrs['map']}:{attrs['argmap_id']}", attrs["map"]
            src, dst = keys[u], keys[v]
            kind = attrs["kind"]
            if kind == "attack" and attrs.get("attack_kind") in ("undercut", "undermine"):
                kind = attrs["attack_kind"]
            analyst = {"analyst": True} if attrs.get("analyst") else {}
            self.details[key] = {
                "kind": "relation",
                "map": map_id,
                "relation": kind,
                "from": src,
                "to": dst,
                "strength": attrs.get("strength"),
                "warrant": attrs.get("warrant"),
                "quotes": self.quotes(key),
                **self.by(attrs),
            }
            if graph.nodes.get(relation_node_id(iri), {}).get("kind") != "relation":
                self.edges.append(
                    {"id": key, "from": src, "to": dst, "kind": kind, "rel": key, **analyst}
                )
                continue
            self.nodes.append(
                {
                    "id": key,
                    "label": "",
                    "group": f"relation-{kind}",
                    "kind": "relation",
                    "map": map_id,
                    "topics": [],
                    **analyst,
                }
            )
            self.edges.append(
                {"id": f"{key}#from", "from": src, "to": key, "kind": kind, "half": "from"}
            )
            self.edges.append(
                {"id": f"{key}#to", "from": key, "to": dst, "kind": kind, "half": "to"}
            )

    def add_actors(self) -> None:
        """One node per actor id, with its details."""
        actors = self.actors
        for actor in actors.values():
            key = f"actor:{actor.id}"
            self.nodes.append(
                {
                    "id": key,
                    "label": f"{wrap_label(actor.name, limit=80)}\n({actor.kind.value})",
                    "group": "actor",
                    "kind": "actor",
                    "topics": [],
                }
            )
            self.details[key] = {
                "kind": "actor",
                "text": actor.name,
                "actor_kind": actor.kind.value,
                "description": actor.description,
                "member_of": [actors[a].name for a in actor.member_of if a in actors],
            }

    def add_stances(self) -> None:
        """Each stance as an edge from its actor to the claim, with its details; each actor
        that advances something the text argues is marked so (``text_selection`` keeps
        it)."""
        keys = self.keys
        for u, v, _, attrs in self.stances:
            key, actor, claim = f"{attrs['map']}:{attrs['argmap_id']}", keys[u], keys[v]
            edge = {"id": key, "from": actor, "to": claim, "kind": attrs["position"]}
            if attrs.get("analyst"):
                edge["analyst"] = True
            self.edges.append(edge)
            self.details[key] = {
                "kind": "stance",
                "map": attrs["map"],
                "actor": actor,
                "position": attrs["position"],
                "to": claim,
                "strength": attrs.get("strength"),
                "quotes": self.quotes(key),
                **self.by(attrs),
            }
        for n in self.nodes:
            if n["kind"] == "actor" and n["id"].removeprefix("actor:") in self.advancing:
                n["advances"] = True

    def add_sources(self) -> None:
        """Source documents (the graph has none), linked to the issues and claims quoting
        them."""
        for document in self.sources.values():
            key = f"source:{document.id}"
            self.nodes.append(
                {
                    "id": key,
                    "label": wrap_label(document.title, limit=90),
                    "group": "source",
                    "kind": "source",
                    "topics": [],
                }
            )
            self.details[key] = {
                "kind": "source",
                "text": document.title,
                "author": document.author,
                "publisher": document.publisher,
                "date": document.date,
                "url": document.url,
            }
        for key, source_ids in self.quoted:
            for source_id in source_ids:
                self.edges.append(
                    {
                        "id": f"{key}>quotes>{source_id}",
                        "from": f"source:{source_id}",
                        "to": key,
                        "kind": "quotes",
                    }
                )

    def elements(self) -> Elements:
        """The page's elements, annotated for filtering and layout, without empty fields."""
        nodes = self.nodes
        node_ids = {n["id"] for n in nodes}
        # A reference to a map that is not drawn (one map of a corpus) has no node.
        edges = [e for e in self.edges if e["from"] in node_ids and e["to"] in node_ids]
        _annotate(nodes, edges)
        # Empty fields are left out: on a big map they add up to much of the page.
        for n in nodes:
            for name in ("topics", "actors"):
                if not n[name]:
                    del n[name]
        details = {
            key: {name: v for name, v in d.items() if v is not None and v != "" and v != []}
            for key, d in self.details.items()
        }
        titles = {m.id: m.title for m in self.maps}
        return Elements(
            nodes=nodes,
            edges=edges,
            details=details,
            maps=[{"id": m.id, "title": titles[m.id]} for m in self.maps],
            actors=[
                {"id": a.id, "name": a.name, "kind": a.kind.value} for a in self.actors.values()
            ],
            topics=sorted(
                ({"id": t.id, "label": t.label} for t in self.topics.values()),
                key=lambda t: t["label"].lower(),
            ),
        )


# Edges that make the debate's tree: a node at their start sits one level past their end.
ARGUMENT_EDGES = {
    "support",
    "attack",
    "undermine",
    "undercut",
    "premise",
    "conclusion",
    "contrary",
    "contradictory",
    "rephrase",
    "answers",
}


def _junction_ends(edges: Sequence[Json]) -> dict[str, list[str]]:
    """The ends of each relation node (source, target) and argument node (premises,
    conclusion)."""
    ends: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        half, kind = e.get("half"), e["kind"]
        if half == "from" or kind == "premise":
            ends[e["to"]].append(e["from"])
        elif half == "to" or kind == "conclusion":
            ends[e["from"]].append(e["to"])
    return ends


def _annotate(nodes: list[Json], edges: list[Json]) -> None:
    """Add what the page filters and lays out by: degree (``value``), the actors touching
    each node (``actors``), the issue a node hangs from (``home``) and its ``level`` for
    the hierarchical layout (issues on top, then the claims answering them, then claims
    supporting or attacking those, and so on; actors and sources below). An argument's
    junction sits between its conclusion and its premises, one level past each."""
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e["from"]] += 1
        degree[e["to"]] += 1

    # Who touches what: the actor itself, the claims it takes a stance on, the issues those
    # answer, relation and argument nodes all of whose ends it touches, and sources quoted
    # by them.
    touched: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if e["kind"] in ("endorses", "opposes", "concerned"):
            actor = e["from"].removeprefix("actor:")
            touched[e["from"]].add(actor)
            touched[e["to"]].add(actor)
    for n in nodes:
        if n["kind"] == "actor":
            touched[n["id"]].add(n["id"].removeprefix("actor:"))
    for e in edges:
        if e["kind"] == "answers":
            touched[e["to"]] |= touched.get(e["from"], set())
    junction_ends = _junction_ends(edges)
    kinds = {n["id"]: n["kind"] for n in nodes}
    # Arguments first (a relation node may end at one), then relation nodes twice (one may
    # end at another: an undercut of an undercut).
    for kind in ("argument", "relation", "relation"):
        for junction, ends in junction_ends.items():
            if kinds.get(junction) == kind:
                every = [touched.get(end, set()) for end in ends]
                touched[junction] = set.intersection(*every) if every else set()
    for e in edges:
        if e["kind"] == "quotes":
            touched[e["from"]] |= touched.get(e["to"], set())

    # Levels for the hierarchical layout: issues first, then the claims that support or
    # attack nothing (conclusions), then their premises and attackers, breadth-first
    # against the direction of argument edges (a premise sits one level past its claim).
    # ``home`` is the issue a node hangs from, for grouping by issue.
    answered: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    argues = set()
    for e in edges:
        if e["kind"] == "answers":
            answered[e["from"]].append(e["to"])
        elif e["kind"] in ARGUMENT_EDGES:
            children[e["to"]].append(e["from"])
            argues.add(e["from"])
    level: dict[str, int] = {n["id"]: 0 for n in nodes if n["kind"] == "issue"}
    home: dict[str, str] = {key: key for key in level}
    queue: deque[str] = deque()

    def place(key: str, at: int, parent_home: str | None) -> None:
        level[key] = at
        own = sorted(answered.get(key, ()))
        home[key] = own[0] if own else (parent_home or key)
        queue.append(key)

    for n in nodes:
        if n["kind"] == "claim" and n["id"] not in argues:
            place(n["id"], 1, None)
    # A cycle of claims that all argue for each other is rooted at its best-connected claim
    # (deterministic: the id breaks ties): the claims in that order, each taken if the
    # trees grown so far have not reached it (one sort, not one scan per cycle).
    roots = sorted(
        (n["id"] for n in nodes if n["kind"] == "claim"),
        key=lambda k: (degree[k], k),
        reverse=True,
    )
    for root in (None, *roots):
        if root is not None:
            if root in level:
                continue
            place(root, 1, None)
        while queue:
            current = queue.popleft()
            for child in children.get(current, ()):
                if child not in level:
                    place(child, level[current] + 1, home[current])
    deepest = max(level.values(), default=0)
    for n in nodes:
        if n["id"] not in level:  # actors, sources, relation nodes off every tree
            level[n["id"]] = deepest + (2 if n["kind"] == "source" else 1)
    for n in nodes:
        key = n["id"]
        if n["kind"] in ("claim", "issue", "actor"):  # sized by degree; documents and
            n["value"] = degree.get(key, 0)  # relation dots keep their own size
        n["actors"] = sorted(touched.get(key, ()))
        n["level"] = level[key]
        if key in home:
            n["home"] = home[key]


def _neighbourhood(elements: Elements, seeds: set[str], depth: int) -> set[str]:
    """Claims, issues, relation and argument nodes within ``depth`` argument steps of
    ``seeds`` (the rule of :func:`argmap.graph.neighbourhood.neighbourhood`)."""
    kinds = {n["id"]: n["kind"] for n in elements.nodes}
    links = [(e["from"], e["to"]) for e in elements.edges if e["kind"] in ARGUMENT_EDGES]
    return neighbourhood(kinds, links, _junction_ends(elements.edges), seeds, depth)


def _with_actors_and_sources(elements: Elements, keep: set[str]) -> set[str]:
    result = set(keep)
    for e in elements.edges:
        if e["to"] in keep and e["from"].startswith(("actor:", "source:")):
            result.add(e["from"])
    return result


def resolve_claim(elements: Elements, ref: str) -> str:
    """The node id of a claim named ``map:claim`` or, when unambiguous, just ``claim``."""
    return resolve_ref((n["id"] for n in elements.nodes if n["kind"] in ("claim", "issue")), ref)


def focus_selection(elements: Elements, claim_ref: str, depth: int) -> set[str]:
    """Node ids within ``depth`` steps of a claim, with the actors and sources on them."""
    if depth < 0:
        raise ArgmapError(f"depth is {depth}; give 0 or more")
    start = resolve_claim(elements, claim_ref)
    return _with_actors_and_sources(elements, _neighbourhood(elements, {start}, depth))


def text_selection(elements: Elements) -> tuple[set[str], frozenset[str]]:
    """What the text argues: the node ids to keep and the edge ids to drop when the
    analyst's reconstruction is hidden (``by: analyst``).

    Dropped are the links the map has not without the analyst, as
    :func:`argmap.model.analyst.without_analyst` removes them for the analysis (the
    analyst's arguments, relations and stances, and relations that target them), as nodes
    and edges; and with them the claims, issues and actors that only those connect (each
    has a dropped link and no other; an actor stays if it advances something the text
    argues). A node no link touches stays: nothing the analyst added brought it in. The
    page's "only what the text argues" filter hides the same.
    """
    removed = elements.analyst_links
    analyst_nodes = {n["id"] for n in elements.nodes if n["id"] in removed}
    # An edge's id is its link's key, or the key and '#…' for one edge of a drawn node.
    dropped = frozenset(
        e["id"]
        for e in elements.edges
        if e["id"].partition("#")[0] in removed
        or e["from"] in analyst_nodes
        or e["to"] in analyst_nodes
    )
    by_analyst: set[str] = set()
    by_text: set[str] = set()
    for e in elements.edges:
        if e["kind"] == "quotes":  # a document, not a link of the debate
            continue
        (by_analyst if e["id"] in dropped else by_text).update((e["from"], e["to"]))
    keep = {
        n["id"]
        for n in elements.nodes
        if n["id"] not in analyst_nodes
        and (n["id"] in by_text or n["id"] not in by_analyst or n.get("advances"))
    }
    return keep, dropped


def actor_selection(elements: Elements, actor_id: str) -> set[str]:
    """Node ids an actor touches: itself, the claims it holds a stance on, the issues they
    answer, relations between them, and the sources they quote."""
    key = actor_id if actor_id.startswith("actor:") else f"actor:{actor_id}"
    plain = key.removeprefix("actor:")
    if not any(n["id"] == key for n in elements.nodes):
        known = ", ".join(sorted(a["id"] for a in elements.actors)[:8])
        raise ArgmapError(f"no actor '{plain}' in these maps; actors include: {known}")
    return {n["id"] for n in elements.nodes if plain in n.get("actors", ())}
