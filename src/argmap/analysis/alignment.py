"""Actor alignment: who agrees with whom, the coalitions they form, what each one disputes.

Rules (the same as the named query ``actor-agreement``, so SPARQL and Python agree):

* An actor's *side* on a claim is ``endorse`` for an endorsing stance and ``against`` for an
  opposing or concerned one. Claims are keyed ``<map-id>:<claim-id>``; a stance recorded in
  several maps (``mini:open-cheap`` in a reply) counts for the claim once.
* For a pair of actors and a claim both take a stance on, every combination of their sides
  gives "same" or "different"; the pair counts one *agree* if some combination is the same
  and one *disagree* if some is different (both, when an actor is on both sides across maps).
  ``shared`` is ``agree + disagree``.
* Indirect agreement (optional, reported separately): actor A endorses claim X and B endorses
  claim Y, X != Y, and a relation links X and Y (either direction; an undercut links its
  source to the claim the undercut support defends). A support counts one *indirect agree*,
  an attack one *indirect disagree*; each (X, Y) claim pair counts once per actor pair.
* An actor's most contested claims: the claims it takes a stance on, ranked by how many other
  actors take another side on them, then by how many attacks they draw (as
  :mod:`argmap.analysis.importance` counts them); claims with neither are left out.
* Coalitions: actors are nodes, an edge joins a pair whose weight
  ``agree - disagree + 0.5 * (indirect_agree - indirect_disagree)`` is positive, and
  networkx's Louvain community detection (seed 0, so runs repeat) splits the graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
from networkx.algorithms.community import louvain_communities

from argmap.analysis.importance import claim_importance
from argmap.model.corpus import Corpus
from argmap.model.entities import AttackKind, Position, RelationType
from argmap.model.ids import claim_key

__all__ = [
    "ActorAlignment",
    "PairAgreement",
    "actor_alignment",
    "actor_sides",
    "claim_links",
]

ENDORSE, AGAINST = "endorse", "against"
INDIRECT_WEIGHT = 0.5


def actor_sides(corpus: Corpus) -> dict[str, dict[str, set[str]]]:
    """Each actor's sides per claim key: ``{actor: {claim: {'endorse' | 'against', ...}}}``."""
    sides: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for m in corpus.maps:
        for stance in m.stances:
            side = ENDORSE if stance.position is Position.ENDORSES else AGAINST
            sides[stance.actor][claim_key(m.id, stance.claim)].add(side)
    return {a: dict(by_claim) for a, by_claim in sides.items()}


def claim_links(corpus: Corpus) -> set[tuple[str, str, RelationType]]:
    """Claim-to-claim links: (source claim, target claim, type), undercuts resolved to the
    claim the undercut relation defends or attacks."""
    relation_target: dict[str, str] = {}
    for m in corpus.maps:
        for rel in m.relations:
            if rel.kind is not AttackKind.UNDERCUT:
                relation_target[f"{m.id}:{rel.id}"] = claim_key(m.id, rel.target)
    links: set[tuple[str, str, RelationType]] = set()
    for m in corpus.maps:
        for rel in m.relations:
            target = claim_key(m.id, rel.target)
            if rel.kind is AttackKind.UNDERCUT:
                resolved = relation_target.get(target)
                if resolved is None:
                    continue  # an undercut of an undercut names no claim
                target = resolved
            links.add((claim_key(m.id, rel.source), target, rel.type))
    return links


@dataclass(frozen=True)
class PairAgreement:
    """How far two actors agree (``one`` < ``other``)."""

    one: str
    other: str
    agree: int
    disagree: int
    indirect_agree: int = 0
    indirect_disagree: int = 0

    @property
    def shared(self) -> int:
        return self.agree + self.disagree

    @property
    def weight(self) -> float:
        """Net agreement used for coalitions (see the module docstring)."""
        indirect = self.indirect_agree - self.indirect_disagree
        return self.agree - self.disagree + INDIRECT_WEIGHT * indirect


@dataclass(frozen=True)
class ActorAlignment:
    """Pairs (those sharing a claim or linked indirectly), coalitions, contested claims."""

    actors: tuple[str, ...]
    pairs: tuple[PairAgreement, ...]
    coalitions: tuple[tuple[str, ...], ...]
    contested: dict[str, tuple[tuple[str, int, int], ...]]
    """Per actor: (claim key, actors on another side, attacks on the claim), most first."""

    def matrix(self) -> dict[str, dict[str, int]]:
        """Net direct agreement (agree - disagree) for every pair, both ways; 0 when unshared."""
        grid = {a: {b: 0 for b in self.actors} for a in self.actors}
        for p in self.pairs:
            grid[p.one][p.other] = grid[p.other][p.one] = p.agree - p.disagree
        return grid


def actor_alignment(corpus: Corpus, *, indirect: bool = True, top: int = 3) -> ActorAlignment:
    """Agreement between every pair of actors, coalitions and each actor's ``top`` most
    contested claims."""
    attacks = {key: f.attacks for key, f in claim_importance(corpus).items()}
    sides = actor_sides(corpus)
    actors = tuple(sorted(sides))
    endorsed = {a: {c for c, s in by.items() if ENDORSE in s} for a, by in sides.items()}
    links = claim_links(corpus) if indirect else set()
    pairs: list[PairAgreement] = []
    for one, other in combinations(actors, 2):
        agree = disagree = 0
        for claim in sides[one].keys() & sides[other].keys():
            outcomes = {x == y for x in sides[one][claim] for y in sides[other][claim]}
            agree += True in outcomes
            disagree += False in outcomes
        ind_agree: set[tuple[str, str]] = set()
        ind_disagree: set[tuple[str, str]] = set()
        for source, target, kind in links:
            if (source in endorsed[one] and target in endorsed[other]) or (
                source in endorsed[other] and target in endorsed[one]
            ):
                (ind_agree if kind is RelationType.SUPPORT else ind_disagree).add(
                    (min(source, target), max(source, target))
                )
        if agree or disagree or ind_agree or ind_disagree:
            pairs.append(
                PairAgreement(one, other, agree, disagree, len(ind_agree), len(ind_disagree))
            )
    pairs.sort(key=lambda p: (-(p.agree - p.disagree), p.one, p.other))
    return ActorAlignment(
        actors, tuple(pairs), _coalitions(actors, pairs), _contested(sides, attacks, top)
    )


def _coalitions(actors: tuple[str, ...], pairs: list[PairAgreement]) -> tuple[tuple[str, ...], ...]:
    graph = nx.Graph()
    graph.add_nodes_from(actors)
    for p in pairs:
        if p.weight > 0:
            graph.add_edge(p.one, p.other, weight=p.weight)
    communities = louvain_communities(graph, weight="weight", seed=0)
    groups = [tuple(sorted(c)) for c in communities]
    return tuple(sorted(groups, key=lambda g: (-len(g), g)))


def _contested(
    sides: dict[str, dict[str, set[str]]], attacks: dict[str, int], top: int
) -> dict[str, tuple[tuple[str, int, int], ...]]:
    holders: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for actor, by_claim in sides.items():
        for claim, s in by_claim.items():
            holders[claim][actor] = s
    contested: dict[str, tuple[tuple[str, int, int], ...]] = {}
    for actor, by_claim in sorted(sides.items()):
        scored = []
        for claim, mine in by_claim.items():
            dissent = sum(
                1 for other, theirs in holders[claim].items() if other != actor and theirs - mine
            )
            attacked = attacks.get(claim, 0)
            if dissent or attacked:
                scored.append((claim, dissent, attacked))
        scored.sort(key=lambda item: (-item[1], -item[2], item[0]))
        contested[actor] = tuple(scored[:top])
    return contested
