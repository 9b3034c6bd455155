"""Claim importance: PageRank, in-degree, attacks, controversy and bridges, with values worked
out by hand on tests/data/mini.yaml and the query fixtures, and cross-checked against igraph's
PageRank and the most-attacked-claims SPARQL query."""

from __future__ import annotations

import math
from pathlib import Path

import igraph
import pytest
from hypothesis import HealthCheck, given, settings

from argmap.analysis.importance import (
    bridges,
    claim_importance,
    controversy,
    pagerank,
    support_graph,
    top,
)
from argmap.formats.registry import load
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap
from argmap.sparql.named import run_named
from tests.strategies import argument_maps

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "queries"


def seed() -> Corpus:
    return load(sorted((ROOT / "data").glob("*.yaml")))


def reply_corpus() -> Corpus:
    return load([QUERIES / "mini.yaml", QUERIES / "reply.yaml"])


def test_pagerank_on_mini_matches_the_closed_form(mini_corpus: Corpus) -> None:
    # One support open-cheap -> erodes-advantage among 4 claims, damping d = 0.85: the three
    # others share x = 1 / (4 + d), the supported claim gets (1 + d) x.
    figures = claim_importance(mini_corpus)
    x = 1 / 4.85
    assert figures["mini:erodes-advantage"].pagerank == pytest.approx(1.85 * x, abs=1e-9)
    for key in ("mini:open-cheap", "mini:quality-gap", "mini:gap-closing"):
        assert figures[key].pagerank == pytest.approx(x, abs=1e-9)


def test_mini_counts_and_controversy_by_hand(mini_corpus: Corpus) -> None:
    figures = claim_importance(mini_corpus)
    erodes = figures["mini:erodes-advantage"]
    # supported by r1, rebutted by r2 (r3 undercuts an attack: no claim loses from it),
    # acme is concerned: s = 1, a = 2.
    assert (erodes.supports, erodes.attacks, erodes.endorsers, erodes.opponents) == (1, 1, 0, 1)
    assert erodes.controversy == pytest.approx(2 * 1 / 3 * math.log(4))
    cheap = figures["mini:open-cheap"]
    assert (cheap.supports, cheap.attacks, cheap.endorsers, cheap.controversy) == (0, 0, 1, 0.0)
    assert not any(f.bridge for f in figures.values())


def test_reply_corpus_figures_by_hand() -> None:
    figures = claim_importance(reply_corpus())
    erodes = figures["mini:erodes-advantage"]
    # supports r1, x6; attacks r2, x1 and x2 (undercut of r1); hobbyists for; acme and
    # incumbents against.
    assert (erodes.supports, erodes.attacks, erodes.endorsers, erodes.opponents) == (2, 3, 1, 2)
    assert erodes.controversy == pytest.approx(2 * 3 / 8 * math.log(9))
    assert figures["reply:moat"].attacks == 1
    assert figures["reply:moat"].supports == 1
    assert top(figures, "pagerank", 1)[0].key == "mini:erodes-advantage"
    assert [f.key for f in top(figures, "attacks", 2)] == [
        "mini:erodes-advantage",
        "mini:open-cheap",
    ]


def test_bridges_are_the_relations_across_maps() -> None:
    found = [(b.relation, b.type, b.source, b.target) for b in bridges(reply_corpus())]
    assert found == [
        ("reply:x1", "rebut", "reply:moat", "mini:erodes-advantage"),
        ("reply:x2", "undercut", "reply:lock-in", "mini:erodes-advantage"),
        ("reply:x4", "rebut", "reply:misuse", "mini:open-cheap"),
        ("reply:x5", "support", "mini:quality-gap", "reply:moat"),
        ("reply:x6", "support", "reply:data-commodity", "mini:erodes-advantage"),
    ]
    figures = claim_importance(reply_corpus())
    assert figures["mini:quality-gap"].bridge
    assert not figures["mini:gap-closing"].bridge


@pytest.mark.parametrize("corpus", [seed, reply_corpus], ids=["seed", "reply"])
def test_attack_counts_equal_the_most_attacked_claims_query(corpus: object) -> None:
    built = corpus()  # type: ignore[operator]
    rows = run_named(built, "most-attacked-claims").rows
    expected = {f"{r['map'].value}:{r['claim'].value}": int(str(r["attacks"].value)) for r in rows}
    figures = claim_importance(built)
    assert expected
    assert {k: f.attacks for k, f in figures.items() if f.attacks} == expected


def test_pagerank_agrees_with_igraph_on_the_seed_debate() -> None:
    graph = support_graph(seed())
    nodes = list(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    other = igraph.Graph(
        n=len(nodes), edges=[(index[u], index[v]) for u, v in graph.edges], directed=True
    )
    expected = dict(zip(nodes, other.pagerank(damping=0.85), strict=True))
    ranks = pagerank(graph)
    assert sum(ranks.values()) == pytest.approx(1.0)
    for node in nodes:
        assert ranks[node] == pytest.approx(expected[node], abs=1e-6)


def test_seed_debate_has_bridges_between_its_two_articles() -> None:
    corpus = seed()
    found = bridges(corpus)
    assert found
    for b in found:
        assert b.source.split(":")[0] != b.target.split(":")[0]


def test_controversy_is_zero_one_sided_and_grows_with_activity() -> None:
    assert controversy(0, 0) == 0.0
    assert controversy(5, 0) == 0.0
    assert controversy(2, 2) == pytest.approx(math.log(5))
    assert controversy(4, 4) > controversy(2, 2) > controversy(3, 1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps())
def test_attacks_and_pagerank_hold_on_generated_maps(m: ArgumentMap) -> None:
    corpus = Corpus(maps=(m,))
    rows = run_named(corpus, "most-attacked-claims").rows
    expected = {f"{r['map'].value}:{r['claim'].value}": int(str(r["attacks"].value)) for r in rows}
    figures = claim_importance(corpus)
    assert {k: f.attacks for k, f in figures.items() if f.attacks} == expected
    assert sum(f.pagerank for f in figures.values()) == pytest.approx(1.0)
    for f in figures.values():
        total = f.supports + f.endorsers + f.attacks + f.opponents
        assert 0.0 <= f.controversy <= math.log1p(total) + 1e-12
        assert (f.controversy > 0) == (min(f.supports + f.endorsers, f.attacks + f.opponents) > 0)
