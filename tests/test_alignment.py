"""Actor alignment: agreement counts (cross-checked against the actor-agreement SPARQL query),
indirect agreement, coalitions and contested claims, with values worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from argmap.analysis.alignment import actor_alignment, actor_sides
from argmap.formats.registry import load
from argmap.model.corpus import Corpus
from argmap.model.entities import ArgumentMap
from argmap.model.ids import claim_key
from argmap.sparql.named import run_named
from tests.strategies import argument_maps

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "queries"


def seed() -> Corpus:
    return load(sorted((ROOT / "data").glob("*.yaml")))


def reply_corpus() -> Corpus:
    return load([QUERIES / "mini.yaml", QUERIES / "reply.yaml"])


def restated_corpus() -> Corpus:
    return load([QUERIES / "mini.yaml", QUERIES / "restated.yaml"])


def sparql_agreement(corpus: Corpus) -> list[tuple[str, str, int, int, int]]:
    rows = run_named(corpus, "actor-agreement").rows
    return [
        (
            str(r["one"].value),
            str(r["other"].value),
            int(str(r["agree"].value)),
            int(str(r["disagree"].value)),
            int(str(r["shared"].value)),
        )
        for r in rows
    ]


def python_agreement(corpus: Corpus) -> list[tuple[str, str, int, int, int]]:
    return [
        (p.one, p.other, p.agree, p.disagree, p.shared)
        for p in actor_alignment(corpus).pairs
        if p.shared
    ]


@pytest.mark.parametrize(
    "corpus", [seed, reply_corpus, restated_corpus], ids=["seed", "reply", "restated"]
)
def test_agreement_equals_the_actor_agreement_query_row_for_row(corpus: object) -> None:
    built = corpus()  # type: ignore[operator]
    expected = sparql_agreement(built)
    assert expected, "the query finds pairs, so the comparison means something"
    assert python_agreement(built) == expected


def test_agreement_on_mini_and_reply_matches_hand_counts() -> None:
    pairs = {(p.one, p.other): p for p in actor_alignment(reply_corpus()).pairs}
    got = {
        k: (p.agree, p.disagree, p.indirect_agree, p.indirect_disagree) for k, p in pairs.items()
    }
    assert got == {
        ("acme", "hobbyists"): (0, 2, 0, 1),  # erodes-advantage, open-cheap; moat attacks erodes
        ("acme", "incumbents"): (2, 0, 0, 0),  # erodes-advantage (both against), moat
        ("acme", "regulator"): (1, 0, 0, 0),  # open-cheap, both against
        ("hobbyists", "incumbents"): (0, 2, 0, 1),  # erodes-advantage, gap-closing
        ("hobbyists", "regulator"): (0, 1, 0, 0),  # open-cheap
    }
    assert pairs[("acme", "hobbyists")].weight == -2.5


def test_a_stance_restated_in_another_map_counts_once() -> None:
    sides = actor_sides(restated_corpus())
    assert sides["incumbents"]["mini:erodes-advantage"] == {"against"}
    pairs = {(p.one, p.other): p for p in actor_alignment(restated_corpus()).pairs}
    assert (
        pairs[("hobbyists", "incumbents")].agree,
        pairs[("hobbyists", "incumbents")].disagree,
    ) == (
        0,
        2,
    )


def test_coalitions_split_incumbent_side_from_hobbyists() -> None:
    result = actor_alignment(reply_corpus())
    assert result.coalitions == (("acme", "incumbents", "regulator"), ("hobbyists",))


def test_most_contested_claims_rank_by_dissenting_actors_then_attacks() -> None:
    contested = actor_alignment(reply_corpus()).contested
    # (claim, actors on another side, attacks on it): erodes-advantage draws r2, x1 and x2.
    assert contested["hobbyists"] == (
        ("mini:erodes-advantage", 2, 3),
        ("mini:open-cheap", 2, 1),
        ("mini:gap-closing", 1, 0),
    )
    assert contested["acme"] == (
        ("mini:erodes-advantage", 1, 3),
        ("mini:open-cheap", 1, 1),
        ("reply:moat", 0, 1),
    )
    assert contested["incumbents"] == (
        ("mini:erodes-advantage", 1, 3),
        ("mini:gap-closing", 1, 0),
        ("reply:moat", 0, 1),
    )
    assert contested["regulator"] == (("mini:open-cheap", 1, 1),)  # misuse: nobody disputes


def test_matrix_is_symmetric_net_agreement() -> None:
    grid = actor_alignment(reply_corpus()).matrix()
    assert grid["acme"]["incumbents"] == grid["incumbents"]["acme"] == 2
    assert grid["hobbyists"]["acme"] == -2
    assert grid["incumbents"]["regulator"] == 0


def test_without_indirect_links_no_indirect_counts() -> None:
    pairs = actor_alignment(reply_corpus(), indirect=False).pairs
    assert all(p.indirect_agree == p.indirect_disagree == 0 for p in pairs)


def test_seed_debate_forms_several_coalitions_covering_every_actor_with_a_stance() -> None:
    corpus = seed()
    result = actor_alignment(corpus)
    members = sorted(a for c in result.coalitions for a in c)
    assert members == sorted(actor_sides(corpus))
    assert len(result.coalitions) >= 2


def test_claim_key_qualifies_local_refs_with_the_map() -> None:
    assert claim_key("reply", "mini:open-cheap") == "mini:open-cheap"
    assert claim_key("reply", "moat") == "reply:moat"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument_maps())
def test_agreement_equals_the_query_on_generated_maps(m: ArgumentMap) -> None:
    corpus = Corpus(maps=(m,))
    assert python_agreement(corpus) == sparql_agreement(corpus)
    members = sorted(a for c in actor_alignment(corpus).coalitions for a in c)
    assert members == sorted(actor_sides(corpus))
