"""Hypothesis strategies that generate valid argument maps (valid by construction).

A map holds every kind of entity: schemes of its own (refining a built-in one or each
other), arguments with linked premises and a built-in or map scheme, and relations of every
type and kind: supports, rebuts of claims and of arguments, undermines of premises,
undercuts of arguments and of relations (undercuts too), contraries, contradictories and
rephrases, each with the actors (or the analyst) that advance it; and, with ``origins``,
what an import keeps of its source format (an id and a timestamp as written there) and a
dialogue (AIF+): locutions by actors, illocutions and transitions between them.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

from argmap import ArgumentMap
from argmap.model import ANALYST, BUILTIN_SCHEMES

slugs = st.from_regex(r"\A[a-z][a-z0-9-]{0,8}\Z")
# Any printable text, including markup and quotes: it must survive every round trip as data.
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"),
    min_size=1,
    max_size=40,
)
strengths = st.none() | st.floats(min_value=0, max_value=1, allow_nan=False)
optional_texts = st.none() | texts
builtin_schemes = st.sampled_from(sorted(BUILTIN_SCHEMES))
CLAIM_RELATIONS = ["support", "contrary", "contradictory", "rephrase"]


@st.composite
def argument_maps(draw: st.DrawFn, *, arguments: bool = True, origins: bool = True) -> ArgumentMap:
    """A valid map. ``arguments=False``: the maps of before issue 15 (no schemes, arguments,
    undermines, contraries, contradictories, rephrases or ``by``). ``origins=False``: no
    source-format ids, timestamps or dialogue (issue 16)."""
    origins = origins and arguments

    def origin(entity: dict[str, Any], created: bool = True) -> dict[str, Any]:
        """A source-format id and timestamp, sometimes (as an import keeps them)."""
        if origins and draw(st.booleans()):
            entity["identifier"] = draw(st.sampled_from(["29045", "n-7", "111803"]) | texts)
            if created:
                entity["created"] = draw(st.none() | st.just("2014-04-28 15:51:38") | texts)
        return entity

    # Unique ids from one drawn slug and a counter: cheap to generate and to shrink.
    prefix = draw(slugs)
    ids = (f"{prefix}-{n}" for n in itertools.count())
    source_text = draw(st.text(min_size=20, max_size=200)) + "END"
    source = {
        "id": next(ids),
        "title": draw(texts),
        "author": draw(optional_texts),
        "date": draw(st.none() | st.sampled_from(["2024", "2024-05", "2024-05-17"])),
        "url": draw(st.none() | st.just("https://example.org/a?b=1")),
        "text": source_text,
    }

    def quotes() -> list[dict[str, Any]]:
        result = []
        for _ in range(draw(st.integers(0, 2))):
            start = draw(st.integers(0, len(source_text) - 1))
            end = draw(st.integers(start + 1, len(source_text)))
            quote: dict[str, Any] = {"source": source["id"], "text": source_text[start:end]}
            if draw(st.booleans()) or source_text.find(quote["text"]) != start:
                quote |= {"start": start, "end": end}
            result.append(quote)
        return result

    topics = [{"id": next(ids), "label": draw(texts)} for _ in range(draw(st.integers(0, 3)))]
    if len(topics) > 1:
        topics[1]["broader"] = [topics[0]["id"]]
    topic_ids = [t["id"] for t in topics]
    kinds = ["company", "organization", "community", "government", "person", "country"]
    actors = [
        {
            "id": next(ids),
            "name": draw(texts),
            "kind": draw(st.sampled_from(kinds)),
            "description": draw(optional_texts),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    actors = [origin(a, created=False) for a in actors]
    if len(actors) > 1:
        actors[1]["member_of"] = [actors[0]["id"]]
    actor_ids = [a["id"] for a in actors]

    def by() -> list[str]:
        if not arguments:
            return []
        return draw(st.lists(st.sampled_from([*actor_ids, ANALYST]), max_size=3, unique=True))

    schemes: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 2)) if arguments else 0):
        earlier = [s["id"] for s in schemes]
        broader = st.none() | builtin_schemes
        schemes.append(
            {
                "id": next(ids),
                "label": draw(texts),
                "description": draw(optional_texts),
                "broader": draw(broader | st.sampled_from(earlier) if earlier else broader),
            }
        )
    scheme_names = st.none() | builtin_schemes
    if schemes:
        scheme_names |= st.sampled_from([s["id"] for s in schemes])
    issues = [
        {"id": next(ids), "text": draw(texts), "quotes": quotes()}
        for _ in range(draw(st.integers(0, 2)))
    ]
    claim_kinds = [None, "fact", "definition", "prediction", "value", "policy"]
    claims = [
        {
            "id": next(ids),
            "text": draw(texts),
            "kind": draw(st.sampled_from(claim_kinds)),
            "topics": draw(st.lists(st.sampled_from(topic_ids), max_size=2)) if topic_ids else [],
            "answers": [issues[0]["id"]] if issues and draw(st.booleans()) else [],
            "note": draw(optional_texts),
            "quotes": quotes(),
        }
        for _ in range(draw(st.integers(1, 6)))
    ]
    claims = [origin(c) for c in claims]
    claim_ids = [c["id"] for c in claims]
    inferences: list[dict[str, Any]] = []  # linked premises for a conclusion
    if arguments and len(claims) > 1:
        for _ in range(draw(st.integers(0, 3))):
            conclusion = draw(st.sampled_from(claim_ids))
            others = [c for c in claim_ids if c != conclusion]
            inferences.append(
                {
                    "id": next(ids),
                    "premises": draw(
                        st.lists(st.sampled_from(others), min_size=1, max_size=3, unique=True)
                    ),
                    "conclusion": conclusion,
                    "scheme": draw(scheme_names),
                    "warrant": draw(optional_texts),
                    "strength": draw(strengths),
                    "quotes": quotes(),
                    "by": by(),
                }
            )
    relations: list[dict[str, Any]] = []
    if len(claims) > 1:
        types = [*CLAIM_RELATIONS, "attack"] if arguments else ["support", "attack"]
        for _ in range(draw(st.integers(0, 6))):
            source_id, target_id = draw(
                st.lists(st.sampled_from(claim_ids), min_size=2, max_size=2, unique=True)
            )
            relation: dict[str, Any] = {
                "id": next(ids),
                "type": draw(st.sampled_from(types)),
                "from": source_id,
                "to": target_id,
                "strength": draw(strengths),
                "warrant": draw(optional_texts),
                "quotes": quotes(),
                "by": by(),
            }
            if relation["type"] == "attack":
                relation["kind"] = _attack(draw, relation, inferences, relations, arguments)
            relations.append(origin(relation))
    inferences = [origin(a) for a in inferences]
    stances = []
    if actors:
        for _ in range(draw(st.integers(0, 4))):
            stances.append(
                {
                    "id": next(ids),
                    "actor": draw(st.sampled_from([a["id"] for a in actors])),
                    "claim": draw(st.sampled_from(claim_ids)),
                    "position": draw(st.sampled_from(["endorses", "opposes", "concerned"])),
                    "strength": draw(strengths),
                    "quotes": quotes(),
                    "by": by(),
                }
            )
    dialogue = _dialogue(draw, ids, actor_ids, claim_ids, inferences, relations, origin)
    data = {
        **(dialogue if origins else {}),
        "id": next(ids),
        "title": draw(texts),
        "description": draw(optional_texts),
        "sources": [source],
        "topics": topics,
        "actors": actors,
        "schemes": schemes,
        "issues": issues,
        "claims": claims,
        "arguments": inferences,
        "relations": relations,
        "stances": stances,
    }
    return ArgumentMap.model_validate(data)


def _dialogue(
    draw: st.DrawFn,
    ids: Any,
    actor_ids: list[str],
    claim_ids: list[str],
    inferences: list[dict[str, Any]],
    relations: list[dict[str, Any]],
    origin: Any,
) -> dict[str, list[dict[str, Any]]]:
    """Locutions (by an actor, or by no one known), transitions between them, and
    illocutions from a locution or transition to what it gives force to."""
    speakers = st.none() | st.sampled_from(actor_ids) if actor_ids else st.none()
    locutions = [
        origin(
            {
                "id": next(ids),
                "text": draw(st.just("") | texts),
                "speaker": draw(speakers),
                "start": draw(optional_texts),
                "end": draw(optional_texts),
                "source": draw(optional_texts),
            }
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    locution_ids = [lo["id"] for lo in locutions]
    transitions = []
    for _ in range(draw(st.integers(0, 2)) if locutions else 0):
        ends = st.lists(st.sampled_from(locution_ids), max_size=2, unique=True)
        transitions.append(
            origin(
                {
                    "id": next(ids),
                    "from": draw(ends),
                    "to": draw(ends),
                    "scheme": draw(st.none() | st.just("Default Transition")),
                }
            )
        )
    anchors = [*locution_ids, *(t["id"] for t in transitions)]
    targets = [*claim_ids, *(a["id"] for a in inferences), *(r["id"] for r in relations)]
    targets += anchors
    illocutions = [
        origin(
            {
                "id": next(ids),
                "force": draw(st.sampled_from(["Asserting", "Arguing", "Disagreeing"]) | texts),
                "from": draw(st.none() | st.sampled_from(anchors)) if anchors else None,
                "to": draw(st.none() | st.sampled_from(targets)),
            }
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    return {"locutions": locutions, "illocutions": illocutions, "transitions": transitions}


def _attack(
    draw: st.DrawFn,
    attack: dict[str, Any],
    inferences: list[dict[str, Any]],
    relations: list[dict[str, Any]],
    arguments: bool,
) -> str:
    """The kind of a drawn attack, whose ``to`` it sets when the kind needs another target:
    a rebut of a claim or of an argument (an authored one, or a support), an undermine of a
    premise, or an undercut of an argument or of any relation drawn before."""
    supports = [r for r in relations if r["type"] == "support"]
    premised = {p for a in inferences for p in a["premises"]} | {r["from"] for r in supports}
    premises = sorted(premised - {attack["from"]})
    kinds = ["rebut"]
    if relations or inferences:
        kinds.append("undercut")
    if arguments and (inferences or supports):
        kinds.append("rebut-argument")
    if arguments and premises:
        kinds.append("undermine")
    kind = draw(st.sampled_from(kinds))
    if kind == "undercut":
        targets = [r["id"] for r in relations] + (
            [a["id"] for a in inferences] if arguments else []
        )
        attack["to"] = draw(st.sampled_from(targets))
    elif kind == "rebut-argument":
        attack["to"] = draw(st.sampled_from([a["id"] for a in (*inferences, *supports)]))
        return "rebut"
    elif kind == "undermine":
        attack["to"] = draw(st.sampled_from(premises))
    return kind
