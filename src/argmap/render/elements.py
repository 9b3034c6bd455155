"""What the map page draws: nodes, edges and the details shown on demand, as plain data.

Built in bulk (lists of dicts, one pass per collection) because pyvis's ``add_node`` /
``add_edge`` check membership in a list, which makes building quadratic.

Node ids are stable keys a test, a search or a link can name:

* ``<map-id>:<entity-id>`` for claims, issues and reified relations (the same form a
  cross-map reference takes in the authoring format);
* ``actor:<id>`` and ``source:<id>`` for the entities a corpus shares.

A relation is drawn as one edge, except when an undercut targets it: then it becomes a
small node on its own path (source → relation → target) so the undercut has something to
point at. Every string here is data: the page escapes it (labels go to a canvas, details
are built with ``textContent``), so nothing in this module formats HTML.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from argmap.errors import ArgmapError
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap, AttackKind, Quote, RelationType
from argmap.model.ids import split_ref

__all__ = [
    "STATUSES",
    "Elements",
    "actor_selection",
    "build_elements",
    "focus_selection",
    "wrap_label",
]

STATUSES = ("accepted", "rejected", "undecided")
CLAIM_LABEL_CHARS = 110  # longer claims are cut in the label; details show the full text
LINE_WIDTH = 28  # characters per label line: boxes stay about 240 px wide

Json = dict[str, Any]


@dataclass
class Elements:
    """The page's graph: vis-network nodes and edges, plus details keyed by node id."""

    nodes: list[Json]
    edges: list[Json]
    details: dict[str, Json]
    maps: list[Json] = field(default_factory=list)
    actors: list[Json] = field(default_factory=list)
    topics: list[Json] = field(default_factory=list)

    def node_ids(self) -> set[str]:
        return {n["id"] for n in self.nodes}

    def restricted_to(self, keep: set[str]) -> Elements:
        """Only the nodes in ``keep`` and the edges between them."""
        nodes = [n for n in self.nodes if n["id"] in keep]
        edges = [e for e in self.edges if e["from"] in keep and e["to"] in keep]
        details = {k: v for k, v in self.details.items() if k in keep}
        used_maps = {n["map"] for n in nodes if n.get("map")}
        used_topics = {t for n in nodes for t in n.get("topics", ())}
        return Elements(
            nodes=nodes,
            edges=edges,
            details=details,
            maps=[m for m in self.maps if m["id"] in used_maps],
            actors=[a for a in self.actors if f"actor:{a['id']}" in keep],
            topics=[t for t in self.topics if t["id"] in used_topics],
        )


def wrap_label(text: str, width: int = LINE_WIDTH, limit: int = CLAIM_LABEL_CHARS) -> str:
    """Greedy word wrap for a canvas label, cut at ``limit`` characters with an ellipsis.

    Our own loop rather than :mod:`textwrap`: it runs once per node on maps of 50,000 nodes.
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


def _key(map_id: str, ref: str) -> str:
    """Node id of a claim, issue or relation named by ``ref`` from inside map ``map_id``."""
    other, local = split_ref(ref)
    return f"{other or map_id}:{local}"


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
    for m in maps:
        if m.id in ("actor", "source"):
            raise ArgmapError(
                f"map '{m.id}': the map page keys shared entities as '{m.id}:<id>'; "
                "give the map another id"
            )
    status = dict(status or {})
    claim_keys = {f"{m.id}:{c.id}" for m in maps for c in m.claims}
    for key, value in status.items():
        if key not in claim_keys:
            raise ArgmapError(
                f"status given for '{key}', which is no claim of these maps; "
                "keys are '<map-id>:<claim-id>'"
            )
        if str(value) not in STATUSES:
            raise ArgmapError(f"status of '{key}' is '{value}'; use one of {', '.join(STATUSES)}")

    actors = {a.id: a for m in maps for a in m.actors}
    topics = {t.id: t for m in maps for t in m.topics}
    sources = {s.id: s for m in maps for s in m.sources}
    map_titles = {m.id: m.title for m in maps}

    def quotes(items: Iterable[Quote]) -> list[Json]:
        return [
            {"text": q.text, "source": sources[q.source].title if q.source in sources else q.source}
            for q in items
        ]

    nodes: list[Json] = []
    edges: list[Json] = []
    details: dict[str, Json] = {}

    undercut_targets = {
        _key(m.id, r.target) for m in maps for r in m.relations if r.kind is AttackKind.UNDERCUT
    }
    # Stances per claim key: who holds what (details, the actor filter, --actor).
    holders: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m in maps:
        for st in m.stances:
            holders[_key(m.id, st.claim)].append((st.actor, st.position.value))

    for m in maps:
        for issue in m.issues:
            key = f"{m.id}:{issue.id}"
            nodes.append(
                {
                    "id": key,
                    "label": wrap_label(issue.text, limit=200),
                    "group": "issue",
                    "kind": "issue",
                    "map": m.id,
                    "topics": list(issue.topics),
                }
            )
            details[key] = {
                "kind": "issue",
                "map": m.id,
                "text": issue.text,
                "topics": [topics[t].label for t in issue.topics],
                "quotes": quotes(issue.quotes),
            }
        for claim in m.claims:
            key = f"{m.id}:{claim.id}"
            claim_status = status.get(key)
            nodes.append(
                {
                    "id": key,
                    "label": wrap_label(claim.text),
                    "group": f"claim-{claim_status}" if claim_status else "claim",
                    "kind": "claim",
                    "map": m.id,
                    "topics": list(claim.topics),
                    **({"status": str(claim_status)} if claim_status else {}),
                }
            )
            details[key] = {
                "kind": "claim",
                "map": m.id,
                "text": claim.text,
                "claim_kind": claim.kind.value if claim.kind else None,
                "topics": [topics[t].label for t in claim.topics],
                "note": claim.note,
                "status": str(claim_status) if claim_status else None,
                "quotes": quotes(claim.quotes),
                "stances": [
                    {"actor": f"actor:{a}", "position": p} for a, p in holders.get(key, [])
                ],
            }
            for issue_id in claim.answers:
                edges.append(
                    {
                        "id": f"{key}>answers>{issue_id}",
                        "from": key,
                        "to": f"{m.id}:{issue_id}",
                        "kind": "answers",
                    }
                )

    node_ids = {n["id"] for n in nodes}
    for m in maps:
        for rel in m.relations:
            key = f"{m.id}:{rel.id}"
            src, dst = _key(m.id, rel.source), _key(m.id, rel.target)
            if rel.type is RelationType.SUPPORT:
                kind = "support"
            else:
                kind = "undercut" if rel.kind is AttackKind.UNDERCUT else "attack"
            info: Json = {
                "kind": "relation",
                "map": m.id,
                "relation": kind,
                "from": src,
                "to": dst,
                "strength": rel.strength,
                "warrant": rel.warrant,
                "quotes": quotes(rel.quotes),
            }
            if key in undercut_targets:
                nodes.append(
                    {
                        "id": key,
                        "label": "",
                        "group": f"relation-{kind}",
                        "kind": "relation",
                        "map": m.id,
                        "topics": [],
                    }
                )
                node_ids.add(key)
                details[key] = info
                edges.append(
                    {"id": f"{key}#from", "from": src, "to": key, "kind": kind, "half": "from"}
                )
                edges.append(
                    {"id": f"{key}#to", "from": key, "to": dst, "kind": kind, "half": "to"}
                )
            else:
                edges.append({"id": key, "from": src, "to": dst, "kind": kind, "rel": key})
                details[key] = info

    used_actors: list[str] = []
    for actor in actors.values():
        key = f"actor:{actor.id}"
        used_actors.append(actor.id)
        nodes.append(
            {
                "id": key,
                "label": f"{wrap_label(actor.name, limit=80)}\n({actor.kind.value})",
                "group": "actor",
                "kind": "actor",
                "topics": [],
            }
        )
        details[key] = {
            "kind": "actor",
            "text": actor.name,
            "actor_kind": actor.kind.value,
            "description": actor.description,
            "member_of": [actors[a].name for a in actor.member_of if a in actors],
        }
    node_ids.update(f"actor:{a}" for a in actors)
    for m in maps:
        for st in m.stances:
            edges.append(
                {
                    "id": f"{m.id}:{st.id}",
                    "from": f"actor:{st.actor}",
                    "to": _key(m.id, st.claim),
                    "kind": st.position.value,
                }
            )
            details[f"{m.id}:{st.id}"] = {
                "kind": "stance",
                "map": m.id,
                "actor": f"actor:{st.actor}",
                "position": st.position.value,
                "to": _key(m.id, st.claim),
                "strength": st.strength,
                "quotes": quotes(st.quotes),
            }

    if with_sources:
        for document in sources.values():
            key = f"source:{document.id}"
            nodes.append(
                {
                    "id": key,
                    "label": wrap_label(document.title, limit=90),
                    "group": "source",
                    "kind": "source",
                    "topics": [],
                }
            )
            node_ids.add(key)
            details[key] = {
                "kind": "source",
                "text": document.title,
                "author": document.author,
                "publisher": document.publisher,
                "date": document.date,
                "url": document.url,
            }
        for m in maps:
            for collection in ("issues", "claims"):
                for entity in getattr(m, collection):
                    for source_id in sorted({q.source for q in entity.quotes}):
                        edges.append(
                            {
                                "id": f"{m.id}:{entity.id}>quotes>{source_id}",
                                "from": f"source:{source_id}",
                                "to": f"{m.id}:{entity.id}",
                                "kind": "quotes",
                            }
                        )

    # A reference to a map that is not loaded (rendering one map of a corpus) has no node.
    edges = [e for e in edges if e["from"] in node_ids and e["to"] in node_ids]
    _annotate(nodes, edges)
    # Empty fields are left out: on a 50,000-node map they are megabytes of page.
    for n in nodes:
        for name in ("topics", "actors"):
            if not n[name]:
                del n[name]
    details = {
        key: {name: v for name, v in d.items() if v is not None and v != "" and v != []}
        for key, d in details.items()
    }
    return Elements(
        nodes=nodes,
        edges=edges,
        details=details,
        maps=[{"id": m.id, "title": map_titles[m.id]} for m in maps],
        actors=[
            {"id": a, "name": actors[a].name, "kind": actors[a].kind.value} for a in used_actors
        ],
        topics=sorted(
            ({"id": t.id, "label": t.label} for t in topics.values()),
            key=lambda t: t["label"].lower(),
        ),
    )


ARGUMENT_EDGES = {"support", "attack", "undercut", "answers"}


def _annotate(nodes: list[Json], edges: list[Json]) -> None:
    """Add what the page filters and lays out by: degree (``value``), the actors touching
    each node (``actors``), the issue a node hangs from (``home``) and its ``level`` for
    the hierarchical layout (issues on top, then the claims answering them, then claims
    supporting or attacking those, and so on; actors and sources below)."""
    degree: dict[str, int] = defaultdict(int)
    for e in edges:
        degree[e["from"]] += 1
        degree[e["to"]] += 1

    # Who touches what: the actor itself, the claims it takes a stance on, the issues those
    # answer, relation nodes between two such claims, and sources quoted by them.
    touched: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if e["kind"] in ("endorses", "opposes", "concerned"):
            actor = e["from"].removeprefix("actor:")
            touched[e["from"]].add(actor)
            touched[e["to"]].add(actor)
    for n in nodes:
        if n["kind"] == "actor":
            touched[n["id"]].add(n["id"].removeprefix("actor:"))
    relation_ends: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        if e["kind"] == "answers":
            touched[e["to"]] |= touched.get(e["from"], set())
        elif e.get("half") == "from":
            relation_ends[e["to"]].append(e["from"])
        elif e.get("half") == "to":
            relation_ends[e["from"]].append(e["to"])
    for rel, ends in relation_ends.items():
        both = [touched.get(end, set()) for end in ends]
        touched[rel] = set.intersection(*both) if both else set()
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
    while True:
        while queue:
            current = queue.popleft()
            for child in children.get(current, ()):
                if child not in level:
                    place(child, level[current] + 1, home[current])
        unplaced = [n["id"] for n in nodes if n["kind"] == "claim" and n["id"] not in level]
        if not unplaced:
            break
        # A cycle of claims that all argue for each other: root it at its best-connected
        # claim (deterministic: the id breaks ties).
        place(max(unplaced, key=lambda k: (degree[k], k)), 1, None)
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
    """Claims, issues and relation nodes within ``depth`` argument steps of ``seeds``.

    A reified relation node is a point on an edge, not a step: entering it costs nothing.
    """
    kinds = {n["id"]: n["kind"] for n in elements.nodes}
    adjacent: dict[str, list[str]] = defaultdict(list)
    for e in elements.edges:
        if e["kind"] in ARGUMENT_EDGES:
            adjacent[e["from"]].append(e["to"])
            adjacent[e["to"]].append(e["from"])
    distance = dict.fromkeys(seeds, 0)
    queue: deque[str] = deque(seeds)
    while queue:
        current = queue.popleft()
        for other in adjacent.get(current, ()):
            step = 0 if kinds.get(other) == "relation" else 1
            d = distance[current] + step
            if d <= depth and d < distance.get(other, depth + 1):
                distance[other] = d
                if step == 0:
                    queue.appendleft(other)
                else:
                    queue.append(other)
    keep = set(distance)
    # A relation node is drawn only with both of its ends.
    ends: dict[str, set[str]] = defaultdict(set)
    for e in elements.edges:
        if e.get("half") == "from":
            ends[e["to"]].add(e["from"])
        elif e.get("half") == "to":
            ends[e["from"]].add(e["to"])
    return {k for k in keep if kinds.get(k) != "relation" or ends[k] <= keep}


def _with_actors_and_sources(elements: Elements, keep: set[str]) -> set[str]:
    result = set(keep)
    for e in elements.edges:
        if e["to"] in keep and e["from"].startswith(("actor:", "source:")):
            result.add(e["from"])
    return result


def resolve_claim(elements: Elements, ref: str) -> str:
    """The node id of a claim named ``map:claim`` or, when unambiguous, just ``claim``."""
    claims: list[str] = [n["id"] for n in elements.nodes if n["kind"] in ("claim", "issue")]
    if ref in claims:
        return ref
    matches = [k for k in claims if k.split(":", 1)[1] == ref]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ArgmapError(
            f"claim '{ref}' is in several maps ({', '.join(sorted(matches))}); name one of them"
        )
    raise ArgmapError(f"no claim or issue '{ref}' in these maps; give its id as MAP:ID or ID")


def focus_selection(elements: Elements, claim_ref: str, depth: int) -> set[str]:
    """Node ids within ``depth`` steps of a claim, with the actors and sources on them."""
    if depth < 0:
        raise ArgmapError(f"depth is {depth}; give 0 or more")
    start = resolve_claim(elements, claim_ref)
    return _with_actors_and_sources(elements, _neighbourhood(elements, {start}, depth))


def actor_selection(elements: Elements, actor_id: str) -> set[str]:
    """Node ids an actor touches: itself, the claims it holds a stance on, the issues they
    answer, relations between them, and the sources they quote."""
    key = actor_id if actor_id.startswith("actor:") else f"actor:{actor_id}"
    plain = key.removeprefix("actor:")
    if not any(n["id"] == key for n in elements.nodes):
        known = ", ".join(sorted(a["id"] for a in elements.actors)[:8])
        raise ArgmapError(f"no actor '{plain}' in these maps; actors include: {known}")
    return {n["id"] for n in elements.nodes if plain in n.get("actors", ())}
