"""The neighbourhood of a claim: what lies within a number of argument steps of it.

One rule for every view that narrows a map to a claim (``argmap render --focus`` and
``argmap export --focus``): a step is one argument edge (a support, attack, premise,
conclusion, contrary, contradictory, rephrase or ``answers`` link), followed either way; a
junction (an argument, or the node standing for a relation an undercut attacks) is a point
on the way, not a step, and is kept only with all of its ends. Actors come along with the
stances they take on what is kept.

:func:`neighbourhood` and :func:`resolve_ref` work on plain ids, so the map page (whose
nodes are ``map:id`` keys) and the graph view (whose nodes are IRIs) share them;
:func:`focus_graph` narrows the graph view itself.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from argmap.errors import ArgmapError
from argmap.graph.projection import relation_node_id

__all__ = [
    "GRAPH_ARGUMENT_EDGES",
    "JUNCTIONS",
    "focus_graph",
    "neighbourhood",
    "resolve_ref",
    "thesis_graphs",
]

#: Nodes that stand for a link, not a statement: kept only with all their ends.
JUNCTIONS = ("relation", "argument")
#: The graph view's edge kinds that are argument steps (stances and memberships are not).
GRAPH_ARGUMENT_EDGES = frozenset(
    {"support", "attack", "premise", "conclusion", "contrary", "contradictory", "rephrase"}
    | {"answers"}
)


def resolve_ref(keys: Iterable[str], ref: str) -> str:
    """The key (``map:id``) of the claim or issue ``ref`` names: ``map:id``, or just ``id``
    when one map alone has it. ``keys`` are the keys of the claims and issues to look in."""
    keys = list(keys)
    if ref in keys:
        return ref
    matches = [k for k in keys if k.split(":", 1)[1] == ref]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ArgmapError(
            f"claim '{ref}' is in several maps ({', '.join(sorted(matches))}); name one of them"
        )
    raise ArgmapError(f"no claim or issue '{ref}' in these maps; give its id as MAP:ID or ID")


def neighbourhood(
    kinds: Mapping[str, str],
    links: Iterable[tuple[str, str]],
    ends: Mapping[str, Sequence[str]],
    seeds: Iterable[str],
    depth: int,
) -> set[str]:
    """The nodes within ``depth`` argument steps of ``seeds``.

    ``kinds`` gives each node's kind; ``links`` are the argument edges (followed both ways);
    ``ends`` gives each junction's ends (a relation node's source and target, an argument's
    premises and conclusion). Entering a junction costs nothing (a premise is one step from
    its conclusion, as a supporting claim is).
    """
    adjacent: dict[str, list[str]] = defaultdict(list)
    for source, target in links:
        adjacent[source].append(target)
        adjacent[target].append(source)
    distance = dict.fromkeys(seeds, 0)
    queue: deque[str] = deque(distance)
    while queue:
        current = queue.popleft()
        for other in adjacent.get(current, ()):
            step = 0 if kinds.get(other) in JUNCTIONS else 1
            d = distance[current] + step
            if d <= depth and d < distance.get(other, depth + 1):
                distance[other] = d
                if step == 0:
                    queue.appendleft(other)
                else:
                    queue.append(other)
    keep = set(distance)
    # A relation or argument node is kept only with all of its ends (a relation node may
    # end at an argument node: first drop the arguments, then the relations, twice, as an
    # undercut of an undercut ends at another relation node).
    for kind in ("argument", "relation", "relation"):
        keep -= {k for k in keep if kinds.get(k) == kind and not set(ends.get(k, ())) <= keep}
    return keep


def focus_graph(g: nx.MultiDiGraph, ref: str, depth: int) -> nx.MultiDiGraph:
    """The graph view narrowed to the claim or issue ``ref`` (``map:id`` or ``id``) and what
    lies within ``depth`` argument steps of it, with the actors taking stances on what is
    kept; nodes and edges in the order of ``g``, and its graph attributes."""
    if depth < 0:
        raise ArgmapError(f"depth is {depth}; give 0 or more")
    kinds: dict[str, str] = {}
    keys: dict[str, str] = {}  # map:id -> node, for claims and issues
    for node, data in g.nodes(data=True):
        kinds[node] = data.get("kind", "")
        if data.get("kind") in ("claim", "issue"):
            keys[_node_key(data)] = node
    links: list[tuple[str, str]] = []
    ends: dict[str, list[str]] = defaultdict(list)
    for source, target, key, data in g.edges(keys=True, data=True):
        kind = data.get("kind")
        if kind not in GRAPH_ARGUMENT_EDGES:
            continue
        links.append((source, target))
        if kind == "premise":
            ends[target].append(source)
        elif kind == "conclusion":
            ends[source].append(target)
        # A relation an undercut attacks has a node of its own besides its edge: the node
        # sits on the relation's way, between its source and its target.
        junction = relation_node_id(key)
        if junction in kinds:
            links += [(source, junction), (junction, target)]
            ends[junction] += [source, target]
    start = keys[resolve_ref(keys, ref)]
    keep = neighbourhood(kinds, links, ends, {start}, depth)
    keep |= {
        source
        for source, target, data in g.edges(data=True)
        if target in keep and data.get("kind") == "stance"
    }
    return _subgraph(g, keep, {n: i for i, n in enumerate(g)})


def _node_key(data: Mapping[str, object]) -> str:
    return f"{data['map']}:{data['argmap_id']}"


def thesis_graphs(g: nx.MultiDiGraph) -> list[tuple[str, nx.MultiDiGraph]]:
    """The graph view cut into one part per thesis, each keyed ``map:id``: every issue (when
    the maps have issues), then every claim that argues for or against nothing, each with
    all that argues towards it (through any number of argument steps), and the actors taking
    stances on those. A claim that argues towards several theses is in each of their parts;
    claims that only argue for each other in a circle make a part rooted at the first of
    them. Every claim, issue and argument is in some part."""
    kinds = {n: str(d.get("kind", "")) for n, d in g.nodes(data=True)}
    towards = nx.DiGraph()  # an edge points from what argues to what it argues about
    towards.add_nodes_from(n for n, kind in kinds.items() if kind in ("claim", "issue", *JUNCTIONS))
    for source, target, key, data in g.edges(keys=True, data=True):
        if data.get("kind") in GRAPH_ARGUMENT_EDGES:
            towards.add_edge(source, target)
            junction = relation_node_id(key)
            if junction in kinds:  # the node of a relation an undercut attacks
                towards.add_edges_from([(source, junction), (junction, target)])
    theses = [n for n, kind in kinds.items() if kind == "issue"]
    theses += [n for n, kind in kinds.items() if kind == "claim" and towards.out_degree(n) == 0]
    statements = [n for n, kind in kinds.items() if kind in ("claim", "issue")]
    parts: list[tuple[str, nx.MultiDiGraph]] = []
    placed: set[str] = set()
    order = {n: i for i, n in enumerate(g)}

    holders: dict[str, list[str]] = defaultdict(list)  # claim -> actors with a stance on it
    for source, target, data in g.edges(data=True):
        if data.get("kind") == "stance":
            holders[target].append(source)

    def add_part(root: str) -> None:
        keep = nx.ancestors(towards, root) | {root}
        placed.update(keep)
        keep.update(actor for node in list(keep) for actor in holders.get(node, ()))
        parts.append((_node_key(g.nodes[root]), _subgraph(g, keep, order)))

    for root in theses:
        add_part(root)
    for statement in statements:  # one of a circle, in no part yet: its part holds the circle
        if statement not in placed:
            add_part(statement)
    return parts


def _subgraph(g: nx.MultiDiGraph, keep: set[str], order: Mapping[str, int]) -> nx.MultiDiGraph:
    """The nodes of ``g`` in ``keep`` and the edges between them, in the order of ``g``
    (``order``: each node's place in it; networkx gives edges grouped by source node, in node
    order), in time of the part's size."""
    nodes = sorted(keep, key=order.__getitem__)
    part = nx.MultiDiGraph()
    part.graph.update(g.graph)
    part.add_nodes_from((n, g.nodes[n]) for n in nodes)
    part.add_edges_from(
        (s, t, k, d) for s, t, k, d in g.out_edges(nodes, keys=True, data=True) if t in keep
    )
    return part
