"""Claim importance: PageRank on the support graph, support in-degree, attacks received, a
controversy score, and the bridges that link one map (article) to another.

Definitions (claims are keyed ``<map-id>:<claim-id>``):

* **Support graph**: every claim is a node; each support relation is an edge from the
  supporting claim to the supported one. ``pagerank`` is PageRank on it (Page, Brin, Motwani
  and Winograd, 1999) with damping 0.85, a claim without outgoing supports spreading its rank
  evenly over all claims (as networkx and igraph do), iterated until the L1 change is below
  1e-12. networkx's own ``pagerank`` needs numpy and scipy, which argmap does not depend on,
  so the power iteration is written here over a networkx ``DiGraph``.
* ``supports``: support relations that target the claim (its in-degree on the support graph).
* ``attacks``: distinct attacks on the claim: rebuts of it, plus undercuts of the supports
  that target it (as the named query ``most-attacked-claims`` counts them).
* ``endorsers`` / ``opponents``: distinct actors endorsing it / opposing or concerned about it.
* **Controversy**: with ``s = supports + endorsers`` and ``a = attacks + opponents``,
  ``2 * min(s, a) / (s + a) * ln(1 + s + a)`` (0 when ``s + a = 0``): the first factor is 1
  when both sides are equally strong and 0 when one side is silent; the second grows with how
  much is said about it.
* **Bridges**: relations whose two ends lie in different maps. The ends are the source claim
  and the target claim; an undercut's far end is the claim its target relation points to.
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
    """Claims as nodes, an edge from each supporting claim to the claim it supports."""
    graph = nx.DiGraph()
    for m in corpus.maps:
        graph.add_nodes_from(f"{m.id}:{c.id}" for c in m.claims)
    for m in corpus.maps:
        for rel in m.relations:
            if rel.type is RelationType.SUPPORT:
                graph.add_edge(claim_key(m.id, rel.source), claim_key(m.id, rel.target))
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


def _relation_targets(corpus: Corpus) -> dict[str, tuple[RelationType, str]]:
    """Relation key -> (type, target key) for every relation that is not an undercut."""
    return {
        f"{m.id}:{rel.id}": (rel.type, claim_key(m.id, rel.target))
        for m in corpus.maps
        for rel in m.relations
        if rel.kind is not AttackKind.UNDERCUT
    }


def claim_importance(corpus: Corpus) -> dict[str, ClaimImportance]:
    """Importance figures of every claim of the corpus, by claim key (in map order)."""
    graph = support_graph(corpus)
    ranks = pagerank(graph)
    targets = _relation_targets(corpus)
    attacks: dict[str, set[str]] = defaultdict(set)
    for m in corpus.maps:
        for rel in m.relations:
            if rel.type is not RelationType.ATTACK:
                continue
            target = claim_key(m.id, rel.target)
            if rel.kind is AttackKind.UNDERCUT:
                kind, defended = targets.get(target, (RelationType.ATTACK, ""))
                if kind is not RelationType.SUPPORT:
                    continue  # an undercut of an attack weakens no claim directly
                target = defended
            attacks[target].add(f"{m.id}:{rel.id}")
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
            supports = graph.in_degree(key)
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
    targets = _relation_targets(corpus)
    found: list[Bridge] = []
    for m in corpus.maps:
        for rel in m.relations:
            source = claim_key(m.id, rel.source)
            target = claim_key(m.id, rel.target)
            if rel.kind is AttackKind.UNDERCUT:
                if target not in targets:
                    continue
                target = targets[target][1]
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
