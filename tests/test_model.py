"""The aggregate answers simple questions and cannot be built invalid."""

from __future__ import annotations

from collections.abc import Iterator

import pydantic
import pytest

from argmap import ArgumentMap, Claim, Corpus, Relation
from argmap.errors import MapError
from argmap.formats.authoring import loads_map
from argmap.model import entities as model


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


def _problems(**collections: object) -> list[tuple[tuple[str | int, ...], str | None, str]]:
    """The integrity problems of a map with claims a, b, issue i and what is given."""
    data: dict[str, object] = {
        "id": "m",
        "title": "t",
        "sources": [{"id": "src", "title": "S", "text": "the exact words here"}],
        "issues": [{"id": "i", "text": "I?"}],
        "claims": [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}],
    }
    data.update(collections)
    try:
        ArgumentMap.model_validate(data)
    except pydantic.ValidationError as exc:
        return [
            problem
            for error in exc.errors(include_url=False)
            if error["type"] == "map_integrity"
            for problem in error["ctx"]["problems"]
        ]
    return []


def _rel(rid: str, rtype: str, source: str, target: str, **extra: object) -> dict[str, object]:
    return {"id": rid, "type": rtype, "from": source, "to": target, **extra}


@pytest.mark.parametrize(
    ("relations", "expected"),
    [
        ([_rel("r", "support", "a", "b")], []),
        ([_rel("r", "attack", "a", "b")], []),
        ([_rel("r", "support", "a", "b"), _rel("u", "attack", "b", "r", kind="undercut")], []),
        ([_rel("r", "support", "other:x", "other:y")], []),  # the corpus checks other maps
        ([_rel("r", "support", "a", "a")], ["relation from 'a' to itself"]),
        ([_rel("r", "support", "ghost", "b")], ["'from' names unknown claim 'ghost'"]),
        ([_rel("r", "support", "i", "b")], ["'from' names 'i' is an issue, not a claim"]),
        ([_rel("r", "support", "a", "ghost")], ["'to' names unknown claim 'ghost'"]),
        (
            [_rel("r", "attack", "a", "b", kind="undercut")],
            ["an undercut attacks an inference, but 'b' is a claim"],
        ),
        # A support is a one-premise argument: a rebut of it attacks its conclusion.
        ([_rel("r", "support", "a", "b"), _rel("s", "attack", "a", "r")], []),
        (
            [_rel("r", "attack", "a", "b"), _rel("s", "attack", "b", "r")],
            ["'r' is an attack relation: an attack on it is an undercut"],
        ),
        (
            [_rel("r", "support", "a", "b"), _rel("s", "attack", "i", "a", kind="undermine")],
            ["'from' names 'i' is an issue, not a claim"],
        ),
        (
            [_rel("s", "attack", "b", "a", kind="undermine")],
            ["'a' is no argument's premise, so nothing is undermined"],
        ),
        ([_rel("r", "support", "a", "b"), _rel("s", "attack", "b", "a", kind="undermine")], []),
        ([_rel("r", "contrary", "a", "b"), _rel("s", "rephrase", "b", "a")], []),
        ([_rel("r", "contradictory", "a", "i")], ["'to' names 'i' is an issue, not a claim"]),
        (
            [_rel("r", "support", "a", "b"), _rel("s", "support", "b", "r")],
            ["a support must target a claim, not a relation"],
        ),
    ],
    ids=[
        "support",
        "rebut",
        "undercut",
        "other-map",
        "self",
        "unknown-from",
        "from-issue",
        "unknown-to",
        "undercut-on-claim",
        "rebut-on-support-attacks-its-conclusion",
        "rebut-on-attack-relation",
        "undermine-from-issue",
        "undermine-of-a-non-premise",
        "undermine-of-a-premise",
        "contrary-and-rephrase",
        "contradictory-to-issue",
        "support-on-relation",
    ],
)
def test_each_relation_rule_is_checked_and_named(
    relations: list[dict[str, object]], expected: list[str]
) -> None:
    messages = [message for _, _, message in _problems(relations=relations)]
    assert len(messages) == len(expected), messages
    for message, wanted in zip(messages, expected, strict=True):
        assert wanted in message


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ({"source": "src", "text": "exact words", "start": 4, "end": 15}, None),
        ({"source": "src", "text": "exact words"}, None),
        ({"source": "src", "text": "exact words", "start": 5, "end": 16}, "offsets 4-15"),
        ({"source": "src", "text": "missing words"}, "not anywhere in the source"),
        ({"source": "nowhere", "text": "x"}, "unknown source 'nowhere'"),
    ],
    ids=["at-offsets", "no-offsets", "wrong-offsets", "not-in-source", "unknown-source"],
)
def test_quotes_are_checked_against_their_source(
    quote: dict[str, object], expected: str | None
) -> None:
    problems = _problems(claims=[{"id": "a", "text": "A", "quotes": [quote]}])
    if expected is None:
        assert problems == []
    else:
        assert len(problems) == 1 and expected in problems[0][2], problems


def test_problems_keep_their_order_and_locations() -> None:
    problems = _problems(
        claims=[{"id": "a", "text": "A", "topics": ["nope"]}, {"id": "a", "text": "again"}],
        relations=[_rel("r", "support", "a", "ghost")],
        stances=[{"id": "s", "actor": "nobody", "claim": "zz", "position": "endorses"}],
    )
    assert [(loc, entity) for loc, entity, _ in problems] == [
        (("claims", 1, "id"), "a"),
        (("claims", 0, "topics"), "a"),
        (("relations", 0, "to"), "r"),
        (("stances", 0, "actor"), "s"),
        (("stances", 0, "claim"), "s"),
    ]


def test_a_checked_map_is_not_walked_again_when_a_corpus_takes_it(
    mini: ArgumentMap, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = model.integrity_problems

    def counted(m: ArgumentMap) -> Iterator[model.Located]:
        calls.append(m.id)
        return real(m)

    monkeypatch.setattr(model, "integrity_problems", counted)
    Corpus(maps=(mini,))
    assert calls == []
    # A copy made without validation is a new map: it is checked like any other.
    Corpus(maps=(mini.model_copy(update={"title": "another"}),))
    assert calls == ["mini"]


def test_a_map_made_without_validation_is_still_checked_by_the_corpus() -> None:
    broken = ArgumentMap.model_construct(
        id="m",
        title="t",
        claims=(Claim(id="a", text="A"),),
        relations=(
            Relation.model_validate({"id": "r", "type": "support", "from": "a", "to": "ghost"}),
        ),
    )
    with pytest.raises(pydantic.ValidationError, match="unknown claim 'ghost'"):
        Corpus(maps=(broken,))


def test_every_kind_of_quote_problem_is_reported_in_one_run() -> None:
    # One quote of each kind: offsets that disagree with the text's length, only one offset,
    # words off their offsets, words not in the source, a source that is not defined.
    quotes = [
        {"source": "src", "text": "exact words", "start": 4, "end": 10},
        {"source": "src", "text": "exact words", "start": 4},
        {"source": "src", "text": "exact words", "start": 5, "end": 16},
        {"source": "src", "text": "missing words"},
        {"source": "nowhere", "text": "x"},
    ]
    problems = _problems(claims=[{"id": "a", "text": "A", "quotes": quotes}])
    assert [(loc, entity) for loc, entity, _ in problems] == [
        (("claims", 0, "quotes", 0), "a"),
        (("claims", 0, "quotes", 1), "a"),
        (("claims", 0, "quotes", 2), "a"),
        (("claims", 0, "quotes", 3), "a"),
        (("claims", 0, "quotes", 4, "source"), "a"),
    ]
    messages = [message for _, _, message in problems]
    assert "end - start is 6 but the quote has 11 characters; set end: 15" in messages[0]
    assert "give both 'start' and 'end', or neither; add end: 15" in messages[1]
    assert "the text is at offsets 4-15, not at 5; set start: 4, end: 15" in messages[2]
    assert "not anywhere in the source" in messages[3]
    assert "unknown source 'nowhere'" in messages[4]


def test_a_quote_with_bad_offsets_is_also_checked_against_its_source() -> None:
    quote = {"source": "nowhere", "text": "gone", "start": 1, "end": 2}
    messages = [m for _, _, m in _problems(claims=[{"id": "a", "text": "A", "quotes": [quote]}])]
    assert len(messages) == 2, messages
    assert "end - start is 1 but the quote has 4 characters" in messages[0]
    assert "unknown source 'nowhere'" in messages[1]


def test_a_map_file_reports_quote_field_errors_with_its_other_problems() -> None:
    # A quote that fails its field types (negative offset, empty text) must not hide the
    # problems only the whole map can show (unknown sources, words not in the source).
    text = """\
argmap: 1
id: m
title: t
sources:
  - {id: src, title: S, text: "the exact words here"}
claims:
  - id: a
    text: A
    quotes:
      - {source: src, text: "exact words", start: -1, end: 10}
      - {source: src, text: ""}
      - {source: src, text: "missing words"}
      - {source: nowhere, text: "x"}
  - {id: b, text: B, quotes: [{source: src, text: "words", start: 9, end: 14}]}
"""
    with pytest.raises(MapError) as caught:
        loads_map(text, path="m.yaml")
    found = [(p.line, p.entity, p.message) for p in caught.value.problems]
    assert [(line, entity) for line, entity, _ in found] == [
        (10, "claim 'a'"),
        (11, "claim 'a'"),
        (12, "claim 'a'"),
        (13, "claim 'a'"),
        (14, "claim 'b'"),
    ], found
    assert "offset -1 is negative" in found[0][2] and "'text' is empty" in found[1][2]
    assert "not anywhere in the source" in found[2][2]
    assert "unknown source 'nowhere'" in found[3][2]
    assert "the text is at offsets 10-15, not at 9" in found[4][2]


def test_a_quotes_value_that_is_no_list_does_not_hide_the_other_problems() -> None:
    text = """\
argmap: 1
id: m
title: t
claims:
  - {id: a, text: A, quotes: "the words"}
  - {id: b, text: B, quotes: [{source: nowhere, text: x}]}
relations:
  - {id: r, type: support, from: a, to: ghost}
"""
    with pytest.raises(MapError) as caught:
        loads_map(text, path="m.yaml")
    found = [(p.line, p.message) for p in caught.value.problems]
    # Field errors first, then the map's own problems in the model's order (quotes last).
    assert [line for line, _ in found] == [5, 8, 6], found
    assert "'quotes' must be a list" in found[0][1]
    assert "unknown claim 'ghost'" in found[1][1]
    assert "unknown source 'nowhere'" in found[2][1]


DIALOGUE = """argmap: 1
id: t
title: T
actors:
  - {id: ann, name: Ann, kind: person, identifier: "7"}
claims:
  - {id: c1, text: A, identifier: "29045", created: "2014-04-28 15:51:38"}
locutions:
  - {id: l1, text: "Ann : A", speaker: ann}
  - {id: l2, text: "Bob : no", speaker: bob}
illocutions:
  - {id: y1, force: Asserting, from: l1, to: c1}
  - {id: y2, force: Asserting, from: c1, to: zz}
transitions:
  - id: t1
    from: [l1]
    to: [l2, nope]
"""


def test_the_dialogue_layer_is_checked_with_the_line_and_the_fix() -> None:
    with pytest.raises(MapError) as error:
        loads_map(DIALOGUE, path="m.yaml")
    assert [str(p) for p in error.value.problems] == [
        "m.yaml:10: locution 'l2': 'speaker' names unknown actor 'bob'; define it or fix the id",
        "m.yaml:13: illocution 'y2': 'from' names 'c1' is a claim, not a locution or"
        " transition; define it or fix the id",
        "m.yaml:13: illocution 'y2': 'to' names unknown claim, argument, relation, locution or"
        " transition 'zz'; define it or fix the id",
        "m.yaml:17: transition 't1': 'to' names unknown locution 'nope'; define it or fix the id",
    ]


def test_a_valid_dialogue_keeps_source_ids_and_timestamps_as_written() -> None:
    fixed = DIALOGUE.replace("speaker: bob", "speaker: ann").replace("from: c1, to: zz", "from: t1")
    m = loads_map(fixed.replace(", nope]", "]"), path="m.yaml")
    assert (m.claims[0].identifier, m.claims[0].created) == ("29045", "2014-04-28 15:51:38")
    assert m.actors[0].identifier == "7"
    assert [(i.source, i.target) for i in m.illocutions] == [("l1", "c1"), ("t1", None)]
    assert (m.transitions[0].source, m.transitions[0].target) == (("l1",), ("l2",))
    # ids are unique across the map, dialogue included
    with pytest.raises(MapError, match="duplicate id 'c1'"):
        loads_map(fixed.replace("id: y1", "id: c1"), path="m.yaml")
