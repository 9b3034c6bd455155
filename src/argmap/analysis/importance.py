"""Claim importance: PageRank on the support graph, support in-degree, attacks received, a
controversy score, and the bridges that link one map (article) to another.

Definitions (claims are keyed ``<map-id>:<claim-id>``):

* **Support graph**: every claim is a node; each premise of an argument (a support relation
  is a one-premise argument) has an edge to the argument's conclusion. ``pagerank`` is
  PageRank on it (Page, Brin, Motwani and Winograd, 1999) with damping 0.85, a claim without
  outgoing supports spreading its rank evenly over all claims (as networkx and igraph do),
  iterated until the L1 change is below 1e-12. networkx's own ``pagerank`` needs numpy and
  scipy, which argmap does not depend on, so the power iteration is written here over a
  networkx ``DiGraph``.
* ``supports``: arguments (support relations included) that conclude the claim.
* ``attacks``: distinct conflicts with the claim, as the named query ``most-attacked-claims``
  counts them: rebuts and undermines of it, rebuts and undercuts of the arguments that
  conclude it, contraries of it, and contradictions with it (either end).
* ``endorsers`` / ``opponents``: distinct actors endorsing it / opposing or concerned about it.
* **Controversy**: with ``s = supports + endorsers`` and ``a = attacks + opponents``,
  ``2 * min(s, a) / (s + a) * ln(1 + s + a)`` (0 when ``s + a = 0``): the first factor is 1
  when both sides are equally strong and 0 when one side is silent; the second grows with how
  much is said about it.
* **Bridges**: relations whose two ends lie in different maps. The ends are the source claim
  and the target claim; when the target is an argument (or a support) its far end is the
  argument's conclusion, and an undercut's far end is the claim its target relation points to.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

from argmap.model.corpus import Corpus
from argmap.model.entities import AttackKind, Position, RelationType
from argmap.model.ids import claim_key

__all__ = [
    "Bridge",
    "ClaimImportance",
    "bridges",
    "claim_importance",
    "controversy",
    "pagerank",
    "support_graph",
    "top",
]

DAMPING = 0.85


@dataclass(frozen=True)
class ClaimImportance:
    """The importance figures of one claim (see the module docstring for each)."""

    key: str
    text: str
    pagerank: float
    supports: int
    attacks: int
    endorsers: int
    opponents: int
    controversy: float
    bridge: bool


@dataclass(frozen=True)
class Bridge:
    """A relation from a claim of one map to a claim (or relation) of another."""

    relation: str
    type: str
    source: str
    target: str


def controversy(support: int, attack: int) -> float:
    """``2 * min(s, a) / (s + a) * ln(1 + s + a)``; 0 when nothing is said either way."""
    total = support + attack
    if total == 0:
        return 0.0
    return 2 * min(support, attack) / total * math.log1p(total)


def support_graph(corpus: Corpus) -> nx.DiGraph:
    """Claims as nodes, an edge from each premise to the conclusion of its argument."""
    graph = nx.DiGraph()
    for m in corpus.maps:
        graph.add_nodes_from(f"{m.id}:{c.id}" for c in m.claims)
    for m in corpus.maps:
        for argument in m.inferences:
            conclusion = claim_key(m.id, argument.conclusion)
            for premise in argument.premises:
                graph.add_edge(claim_key(m.id, premise), conclusion)
    return graph


def pagerank(graph: nx.DiGraph, damping: float = DAMPING, tol: float = 1e-12) -> dict[str, float]:
    """PageRank by power iteration; dangling nodes spread their rank over every node."""
    nodes = list(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    rank = dict.fromkeys(nodes, 1.0 / n)
    out_degree = {v: graph.out_degree(v) for v in nodes}
    for _ in range(1000):
        dangling = sum(rank[v] for v in nodes if out_degree[v] == 0)
        base = (1.0 - damping) / n + damping * dangling / n
        new = dict.fromkeys(nodes, base)
        for u, v in graph.edges:
            new[v] += damping * rank[u] / out_degree[u]
        change = sum(abs(new[v] - rank[v]) for v in nodes)
        rank = new
        if change < tol:
            break
    return rank


def _conclusions(corpus: Corpus) -> dict[str, str]:
    """Argument key (support relations included) -> the key of the claim it concludes."""
    return {
        f"{m.id}:{argument.id}": claim_key(m.id, argument.conclusion)
        for m in corpus.maps
        for argument in m.inferences
    }


def _conflicts(corpus: Corpus) -> dict[str, set[str]]:
    """Claim key -> the keys of the relations that count against it (see the docstring)."""
    concluded = _conclusions(corpus)
    against: dict[str, set[str]] = defaultdict(set)
    for m in corpus.maps:
        for rel in m.relations:
            key = f"{m.id}:{rel.id}"
            target = claim_key(m.id, rel.target)
            if rel.type is RelationType.ATTACK:
                if target in concluded:
                    against[concluded[target]].add(key)
                elif rel.kind is not AttackKind.UNDERCUT:
                    against[target].add(key)
                # an undercut of an attack or conflict weakens no claim directly
            elif rel.type is RelationType.CONTRARY:
                against[target].add(key)
            elif rel.type is RelationType.CONTRADICTORY:
                against[target].add(key)
                against[claim_key(m.id, rel.source)].add(key)
    return against


def claim_importance(corpus: Corpus) -> dict[str, ClaimImportance]:
    """Importance figures of every claim of the corpus, by claim key (in map order)."""
    graph = support_graph(corpus)
    ranks = pagerank(graph)
    attacks = _conflicts(corpus)
    arguments_for: dict[str, int] = defaultdict(int)
    for conclusion in _conclusions(corpus).values():
        arguments_for[conclusion] += 1
    sides: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in corpus.maps:
        for stance in m.stances:
            side = "for" if stance.position is Position.ENDORSES else "against"
            sides[claim_key(m.id, stance.claim)][side].add(stance.actor)
    bridge_claims = {end for b in bridges(corpus) for end in (b.source, b.target)}
    result: dict[str, ClaimImportance] = {}
    for m in corpus.maps:
        for claim in m.claims:
            key = f"{m.id}:{claim.id}"
            supports = arguments_for[key]
            endorsers, opponents = len(sides[key]["for"]), len(sides[key]["against"])
            attacked = len(attacks[key])
            result[key] = ClaimImportance(
                key=key,
                text=claim.text,
                pagerank=ranks[key],
                supports=supports,
                attacks=attacked,
                endorsers=endorsers,
                opponents=opponents,
                controversy=controversy(supports + endorsers, attacked + opponents),
                bridge=key in bridge_claims,
            )
    return result


def bridges(corpus: Corpus) -> list[Bridge]:
    """Relations that link a claim of one map to a claim of another, in map order."""
    # What a relation's far end stands for when it is not a claim: an argument's (or a
    # support's) conclusion, or the target of the relation an undercut attacks.
    far_end = {
        f"{m.id}:{rel.id}": claim_key(m.id, rel.target)
        for m in corpus.maps
        for rel in m.relations
        if rel.kind is not AttackKind.UNDERCUT
    }
    far_end.update(_conclusions(corpus))
    found: list[Bridge] = []
    for m in corpus.maps:
        for rel in m.relations:
            source = claim_key(m.id, rel.source)
            target = claim_key(m.id, rel.target)
            if target in far_end:
                target = far_end[target]
            elif rel.kind is AttackKind.UNDERCUT:
                continue  # an undercut of an undercut
            if source.split(":", 1)[0] != target.split(":", 1)[0]:
                kind = rel.kind.value if rel.kind is not None else rel.type.value
                found.append(Bridge(f"{m.id}:{rel.id}", kind, source, target))
    return found


def top(
    figures: Mapping[str, ClaimImportance], field: str, count: int = 5
) -> list[ClaimImportance]:
    """The ``count`` claims with the highest ``field`` (> 0), ties broken by key."""
    ranked = [f for f in figures.values() if getattr(f, field) > 0]
    ranked.sort(key=lambda f: (-getattr(f, field), f.key))
    return ranked[:count]
