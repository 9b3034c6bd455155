"""The aggregate answers simple questions and cannot be built invalid."""

from __future__ import annotations

import pydantic
import pytest

from argmap import ArgumentMap, Claim, Relation


def test_counterclaims_are_the_claims_that_rebut(mini: ArgumentMap) -> None:
    assert [c.id for c in mini.counterclaims("erodes-advantage")] == ["quality-gap"]
    assert mini.counterclaims("open-cheap") == []


def test_supporters_are_the_claims_that_support(mini: ArgumentMap) -> None:
    assert [c.id for c in mini.supporters("erodes-advantage")] == ["open-cheap"]


def test_endorsers_and_stances_of_an_actor(mini: ArgumentMap) -> None:
    assert [a.id for a in mini.endorsers("open-cheap")] == ["hobbyists"]
    assert [(s.claim, s.position.value) for s in mini.stances_of("acme")] == [
        ("erodes-advantage", "concerned")
    ]


def test_models_are_frozen(mini: ArgumentMap) -> None:
    with pytest.raises(pydantic.ValidationError):
        mini.claims[0].text = "changed"  # type: ignore[misc]


def test_an_invalid_aggregate_cannot_be_built() -> None:
    with pytest.raises(pydantic.ValidationError, match="unknown claim 'ghost'"):
        ArgumentMap(
            id="m",
            title="t",
            claims=(Claim(id="a", text="A"),),
            relations=(
                Relation.model_validate({"id": "r", "type": "support", "from": "a", "to": "ghost"}),
            ),
        )


def test_id_lists_are_kept_as_sorted_sets() -> None:
    claim = Claim(id="a", text="A", topics=("b", "a", "b"))  # type: ignore[arg-type]
    assert claim.topics == ("a", "b")
